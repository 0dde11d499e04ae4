// The laws every differentiable op obeys, as reusable checks that each op's test calls (as Hana's
// test/_include/laws and dlib's gradient check). An op's test supplies the op; the law says what
// must hold and returns the worst error, so that the test states its own tolerance.
//
//  - gradient: a backward pass agrees with central differences of L = <forward(x), g>, g a random
//    projection of the output (every output element then matters, with its own weight). The
//    backward pass writes into buffers pre-filled with NaN: an element it forgot shows as NaN, and
//    NaN fails every comparison.
//  - adjoint: for an op linear in x (conv and fc without bias, pooling, flatten, relu on a fixed
//    pattern of signs), <forward(x), g> = <x, backward(g)>.
#ifndef CTNN_TEST_LAWS_HPP
#define CTNN_TEST_LAWS_HPP

#include <ctnn/numpy_random.hpp>
#include <ctnn/tensor.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace ctnn_test::laws {

// |a - b| / max(|a|, |b|, floor): relative where the values are large, absolute below `floor`;
// NaN anywhere gives infinity, so that a forgotten element cannot pass.
inline double relative_error(double a, double b, double floor = 1e-3) {
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<double>::infinity();
  const double scale = std::max({std::abs(a), std::abs(b), floor});
  return std::abs(a - b) / scale;
}

// A tensor whose every element is NaN: what a backward pass writes into in these checks.
template <class Tensor>
Tensor nan_filled() {
  Tensor t;
  for (auto& x : t) x = std::numeric_limits<typename Tensor::value_type>::quiet_NaN();
  return t;
}

// A random projection of an op's output, from numpy's generator.
template <class Tensor>
Tensor projection(std::uint32_t seed) {
  ctnn::numpy::RandomState rng{seed};
  Tensor g;
  for (auto& x : g) x = static_cast<typename Tensor::value_type>(rng.standard_normal());
  return g;
}

// <a, b> in double, whatever the element type.
template <class A, class B>
double inner(const A& a, const B& b) {
  double sum = 0;
  for (std::size_t i = 0; i < A::size; ++i)
    sum += static_cast<double>(a.data()[i]) * static_cast<double>(b.data()[i]);
  return sum;
}

// The gradient law for one input x: `loss()` evaluates L = <forward(..., x, ...), g> with x as it
// is now; `analytic` is what the backward pass wrote for dL/dx. Every element of x is moved by
// +-h in turn; the worst relative_error between (L(x + h) - L(x - h)) / 2h and analytic. Central
// differences err by O(h^2) f''' plus rounding O(eps |L| / h): h = 1e-5 in double keeps both near
// 1e-10 for the smooth ops; keep inputs at least h away from kinks (relu at 0, ties in a max).
template <class X, class Loss>
double worst_gradient_error(X& x, const X& analytic, Loss loss, double h = 1e-5,
                            double floor = 1e-3) {
  using V = typename X::value_type;
  double worst = 0;
  for (std::size_t i = 0; i < X::size; ++i) {
    const V keep = x.data()[i];
    // The steps the element type can take: in float, keep +- h rounds.
    const V up_value = static_cast<V>(static_cast<double>(keep) + h);
    const V down_value = static_cast<V>(static_cast<double>(keep) - h);
    x.data()[i] = up_value;
    const double up = loss();
    x.data()[i] = down_value;
    const double down = loss();
    x.data()[i] = keep;
    const double step = static_cast<double>(up_value) - static_cast<double>(down_value);
    worst = std::max(
        worst, relative_error((up - down) / step, static_cast<double>(analytic.data()[i]), floor));
  }
  return worst;
}

// The adjoint law: the relative gap between <forward(x), g> and <x, backward(g)>.
template <class Out, class G, class X, class Dx>
double adjoint_gap(const Out& forward_x, const G& g, const X& x, const Dx& backward_g) {
  return relative_error(inner(forward_x, g), inner(x, backward_g), 1e-12);
}

// No NaN is left from the pre-fill (and nothing overflowed).
template <class Tensor>
bool all_finite(const Tensor& t) {
  return std::all_of(t.begin(), t.end(), [](auto x) { return std::isfinite(x); });
}

}  // namespace ctnn_test::laws

#endif  // CTNN_TEST_LAWS_HPP
