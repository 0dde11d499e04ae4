// Two convolution layers and a ReLU, chained by hand: the docs page "Two layers and an activation"
// (docs/two_layers.md) shows these snippets. What the page claims is asserted here: the shapes
// of every step, that the chain's gradients are the exact gradients of the loss up to the
// conventions' one factor (by central differences), and that a few steps of descent lower it.
#define BOOST_TEST_MODULE two_layers
#include <boost/test/unit_test.hpp>
#include <ctnn/conv.hpp>
#include <ctnn/init.hpp>
#include <ctnn/loss.hpp>
#include <ctnn/math.hpp>
#include <ctnn/numpy_random.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <type_traits>

using ctnn::Tensor;

namespace {

//! [geometry]
// Each layer's geometry in one place: its forward and backward calls both take it.
constexpr auto pad1 = ctnn::padding<1, 1>;  // layer 1: 3x3, padding 1, stride 1: 12x12 -> 12x12
constexpr auto step1 = ctnn::strides<1, 1>;
constexpr auto pad2 =
    ctnn::padding<1, 1>;  // layer 2: 4x4, padding 1, stride 2: (12 + 2 - 4)/2 + 1 = 6
constexpr auto step2 = ctnn::strides<2, 2>;
//! [geometry]

//! [relu_backward]
// ReLU's backward: the gradient passes where the input was positive, and is 0 elsewhere.
// One type for all three tensors, so that the loop cannot run past any of them.
template <class T>
T relu_backward(const T& next_dz, const T& z) {
  T dz = next_dz;
  std::transform(next_dz.begin(), next_dz.end(), z.begin(), dz.begin(),
                 [](auto d, auto x) { return x > 0 ? d : decltype(d){0}; });
  return dz;
}
//! [relu_backward]

struct network {
  Tensor<double, 3, 4, 3, 3> K1;
  Tensor<double, 4> b1;
  Tensor<double, 4, 2, 4, 4> K2;
  Tensor<double, 2> b2;
};

double loss_of(const network& p, const Tensor<double, 2, 3, 12, 12>& x,
               const Tensor<double, 2, 2, 6, 6>& target) {
  const auto a1 = ctnn::maximum(ctnn::conv_forward(x, p.K1, p.b1, pad1, step1), 0);
  return ctnn::mean_squared_loss(ctnn::conv_forward(a1, p.K2, p.b2, pad2, step2), target).loss;
}

}  // namespace

BOOST_AUTO_TEST_CASE(two_layers_and_a_relu) {
  ctnn::numpy::RandomState rng{0};
  const auto x = rng.randn<double, 2, 3, 12, 12>();  // (N, C, H, W)
  network p{
      ctnn::he_normal<double, 3, 4, 3, 3>(rng), {}, ctnn::he_normal<double, 4, 2, 4, 4>(rng), {}};
  const auto target = Tensor<double, 2, 2, 6, 6>::full(1.0);

  //! [step]
  // forward: conv, ReLU, conv
  const auto z1 = ctnn::conv_forward(x, p.K1, p.b1, pad1, step1);  // (2, 4, 12, 12)
  const auto a1 = ctnn::maximum(z1, 0);                            // ReLU: np.maximum(z1, 0)
  const auto y = ctnn::conv_forward(a1, p.K2, p.b2, pad2, step2);  // (2, 2, 6, 6)
  auto [loss, dy] = ctnn::mean_squared_loss(y, target);
  // backward: the same layers in reverse, each with its own geometry
  const auto g2 = ctnn::conv_backward(dy, p.K2, a1, pad2, step2);  // dK2, db2, and dz = d a1
  const auto dz1 = relu_backward(g2.dz, z1);                       // through the ReLU
  const auto g1 = ctnn::conv_backward(dz1, p.K1, x, pad1, step1);  // dK1, db1 (dz: unused)
  //! [step]
  static_assert(std::is_same_v<decltype(z1), const Tensor<double, 2, 4, 12, 12>>);
  static_assert(std::is_same_v<decltype(y), const Tensor<double, 2, 2, 6, 6>>);
  BOOST_TEST(loss == loss_of(p, x, target));

  // The exact gradient of the loss is 2 N / R times the dK the chain returns, for every layer,
  // with R = N D H' = 2 * 2 * 6 = 24 leading rows of y: dy is (R / 2) dL/dy (the loss's
  // convention), dK comes divided by N, and dz, passed down, is not scaled. Central
  // differences, step 1e-6, agree to 1e-5 relative on every entry of both kernels (they are
  // good to about 1e-6 here; a wrong factor or a wrong geometry is off by far more).
  constexpr double N = 2, R = 2 * 2 * 6, h = 1e-6;
  double worst = 0;
  const auto check = [&](auto& K, const auto& dK) {
    for (std::size_t i = 0; i < K.size; ++i) {
      const double saved = K.data()[i];
      K.data()[i] = saved + h;
      const double up = loss_of(p, x, target);
      K.data()[i] = saved - h;
      const double down = loss_of(p, x, target);
      K.data()[i] = saved;
      const double numeric = (up - down) / (2 * h), exact = 2 * N / R * dK.data()[i];
      worst = std::max(worst, std::abs(numeric - exact) / std::max(std::abs(exact), 1e-3));
    }
  };
  check(p.K2, g2.dK);
  check(p.K1, g1.dK);
  BOOST_TEST_MESSAGE("worst relative difference " << worst);
  BOOST_TEST(worst < 1e-5);

  //! [descend]
  constexpr double learning_rate = 0.01;
  double first = 0, last = 0;
  for (int i = 0; i < 20; ++i) {
    const auto h1 = ctnn::conv_forward(x, p.K1, p.b1, pad1, step1);
    const auto r1 = ctnn::maximum(h1, 0);
    auto [l, d] = ctnn::mean_squared_loss(ctnn::conv_forward(r1, p.K2, p.b2, pad2, step2), target);
    const auto back2 = ctnn::conv_backward(d, p.K2, r1, pad2, step2);
    const auto back1 = ctnn::conv_backward(relu_backward(back2.dz, h1), p.K1, x, pad1, step1);
    p.K2 -= learning_rate * back2.dK, p.b2 -= learning_rate * back2.db;
    p.K1 -= learning_rate * back1.dK, p.b1 -= learning_rate * back1.db;
    (i == 0 ? first : last) = l;
  }
  //! [descend]
  BOOST_TEST_MESSAGE("loss " << first << " -> " << last);
  BOOST_TEST(std::abs(first - 11.64) < 0.01);  // the page says "about 11.6"
  BOOST_TEST(last < 0.5 * first);
}
