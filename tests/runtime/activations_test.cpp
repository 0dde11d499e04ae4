// The activation functions of post 0_3, on both backends: the gradient law for every one of them
// over several shapes and both float and double, the adjoint law where they are linear for a
// fixed pattern of signs, golden values from tests/data/make_activations_golden.py, and each
// convention ctnn keeps from the series or changes (docs/conventions.md).
#define BOOST_TEST_MODULE activations
#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>
#include <ctnn/format.hpp>
#include <ctnn/npy.hpp>
#include <ctnn/ops/activations/activations.hpp>

#include "ctnn_test.hpp"
#include "laws.hpp"

#include <algorithm>
#include <cfenv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <type_traits>

namespace laws = ctnn_test::laws;
using ctnn::Tensor;

namespace {

using backends = boost::mpl::list<ctnn::backend::reference, ctnn::backend::fast>;

// Each activation as the laws see it: forward(z) and backward(g, z) on backend B. The slopes
// are passed in the element type (a double 0.25 would not compile for float: the narrowing rule).
struct relu {
  static constexpr bool kinked = true;
  template <class B, class Z>
  static auto forward(const Z& z) {
    return ctnn::relu_forward<B>(z);
  }
  template <class B, class G, class Z>
  static auto backward(const G& g, const Z& z) {
    return ctnn::relu_backward<B>(g, z);
  }
};
struct lrelu {
  static constexpr bool kinked = true;
  template <class B, class Z>
  static auto forward(const Z& z) {
    return ctnn::lrelu_forward<B>(z, static_cast<typename Z::value_type>(0.25));
  }
  template <class B, class G, class Z>
  static auto backward(const G& g, const Z& z) {
    return ctnn::lrelu_backward<B>(g, z, static_cast<typename Z::value_type>(0.25));
  }
};
// prelu with alpha (C,) holding 0.1, 0.35, -0.2, 0.1, 0.35, ... (C = 1 below rank 2)
template <class Z>
auto prelu_alpha() {
  Tensor<typename Z::value_type, ctnn::check::channels_of<Z>> alpha;
  for (std::size_t c = 0; c < alpha.size; ++c) {
    constexpr double slopes[] = {0.1, 0.35, -0.2};
    alpha.data()[c] = static_cast<typename Z::value_type>(slopes[c % 3]);
  }
  return alpha;
}
struct prelu {
  static constexpr bool kinked = true;
  template <class B, class Z>
  static auto forward(const Z& z) {
    return ctnn::prelu_forward<B>(z, prelu_alpha<Z>());
  }
  template <class B, class G, class Z>
  static auto backward(const G& g, const Z& z) {
    return ctnn::prelu_backward<B>(g, z, prelu_alpha<Z>()).dz;
  }
};
struct elu {
  static constexpr bool kinked = true;  // its slope jumps from alpha to 1 at 0
  template <class B, class Z>
  static auto forward(const Z& z) {
    return ctnn::elu_forward<B>(z, static_cast<typename Z::value_type>(0.7));
  }
  template <class B, class G, class Z>
  static auto backward(const G& g, const Z& z) {
    return ctnn::elu_backward<B>(g, z, static_cast<typename Z::value_type>(0.7));
  }
};
struct selu {
  static constexpr bool kinked = true;
  template <class B, class Z>
  static auto forward(const Z& z) {
    return ctnn::selu_forward<B>(z);
  }
  template <class B, class G, class Z>
  static auto backward(const G& g, const Z& z) {
    return ctnn::selu_backward<B>(g, z);
  }
};
struct sigmoid {
  static constexpr bool kinked = false;
  template <class B, class Z>
  static auto forward(const Z& z) {
    return ctnn::sigmoid_forward<B>(z);
  }
  template <class B, class G, class Z>
  static auto backward(const G& g, const Z& z) {
    return ctnn::sigmoid_backward<B>(g, z);
  }
};
struct tanh_op {
  static constexpr bool kinked = false;
  template <class B, class Z>
  static auto forward(const Z& z) {
    return ctnn::tanh_forward<B>(z);
  }
  template <class B, class G, class Z>
  static auto backward(const G& g, const Z& z) {
    return ctnn::tanh_backward<B>(g, z);
  }
};

// randn * 2, moved at least 0.1 away from 0 where the op has a kink (the central differences
// step by at most 0.01, so they never straddle it).
template <class Z>
Z inputs(std::uint32_t seed, bool kinked) {
  using T = typename Z::value_type;
  const T margin = static_cast<T>(0.1);
  Z z = laws::projection<Z>(seed);
  for (auto& x : z) {
    x *= 2;
    if (kinked && std::abs(x) < margin) x += x < 0 ? -margin : margin;
  }
  return z;
}

// The worst gradient-law error of Op on a tensor of type Z: laws::worst_gradient_error, central
// differences of L = <forward(z), g> against backward(g, z). h = 1e-5 in double; 1e-2 in float,
// where the rounding of one float output (6e-8 relative) over 2h then stays near 1e-5, with
// errors absolute below 1e-2 (6e-8 over 2h = 0.02 is 3e-6 in absolute). The law divides by the
// steps float really took (keep + h rounds), not by 2h.
template <class B, class Op, class Z>
double gradient_error(std::uint32_t seed) {
  using T = typename Z::value_type;
  Z z = inputs<Z>(seed, Op::kinked);
  const Z g = laws::projection<Z>(seed + 100);
  const Z dz = Op::template backward<B>(g, z);
  const auto loss = [&] { return laws::inner(Op::template forward<B>(z), g); };
  if constexpr (std::is_same_v<T, float>)
    return laws::worst_gradient_error(z, dz, loss, 1e-2, 1e-2);
  else
    return laws::worst_gradient_error(z, dz, loss, 1e-5);
}

template <class B, class T, class... Ops>
void check_gradients(double tolerance) {
  std::uint32_t seed = 1;
  const auto one = [&](auto op, auto shape_tag, const char* name) {
    using Op = decltype(op);
    using Z = typename decltype(shape_tag)::type;
    const double worst = gradient_error<B, Op, Z>(seed++);
    BOOST_TEST_CONTEXT(name << " on " << fmt::format("{}", Z::shape)) {
      BOOST_TEST(worst < tolerance);
    }
    BOOST_TEST_MESSAGE(name << (std::is_same_v<T, float> ? " float" : " double") << " on "
                            << fmt::format("{}", Z::shape) << ": worst relative error " << worst);
  };
  const auto all_shapes = [&](auto op, const char* name) {
    one(op, std::type_identity<Tensor<T, 2, 3, 4, 4>>{}, name);
    one(op, std::type_identity<Tensor<T, 5, 7>>{}, name);
    one(op, std::type_identity<Tensor<T, 6>>{}, name);
  };
  all_shapes(relu{}, "relu");
  all_shapes(lrelu{}, "lrelu");
  all_shapes(prelu{}, "prelu");
  all_shapes(elu{}, "elu");
  all_shapes(selu{}, "selu");
  all_shapes(sigmoid{}, "sigmoid");
  all_shapes(tanh_op{}, "tanh");
}

const auto golden = ctnn_test::read_fixtures(CTNN_TEST_DATA_DIR "/golden_activations.txt");

template <class T>
Tensor<T, 2, 3, 5> fix(const std::string& name) {
  return ctnn_test::fixture_tensor<T, 2, 3, 5>(golden, name);
}

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(gradient_law_double, B, backends) {
  check_gradients<B, double>(1e-6);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(gradient_law_float, B, backends) { check_gradients<B, float>(1e-3); }

// prelu's dalpha: N * dalpha is the gradient of <prelu(z, alpha), g> with respect to alpha,
// per channel and shared.
BOOST_AUTO_TEST_CASE_TEMPLATE(prelu_dalpha_gradient_law, B, backends) {
  using Z = Tensor<double, 3, 4, 2, 5>;
  const Z z = inputs<Z>(7, true);
  const Z g = laws::projection<Z>(8);
  auto per_channel = Tensor<double, 4>{0.1, 0.3, -0.2, 0.05};
  auto shared = Tensor<double, 1>{0.2};
  const auto [dz_c, dalpha_c] = ctnn::prelu_backward<B>(g, z, per_channel);
  const auto [dz_s, dalpha_s] = ctnn::prelu_backward<B>(g, z, shared);
  const double N = 3;
  BOOST_TEST(laws::worst_gradient_error(per_channel, N * dalpha_c, [&] {
               return laws::inner(ctnn::prelu_forward<B>(z, per_channel), g);
             }) < 1e-8);
  BOOST_TEST(laws::worst_gradient_error(shared, N * dalpha_s, [&] {
               return laws::inner(ctnn::prelu_forward<B>(z, shared), g);
             }) < 1e-8);
}

// relu, lrelu and prelu are linear in z for a fixed pattern of signs: f(z) = D z with D diagonal,
// and backward(g, z) = D g, so <f(z), g> = <z, backward(g, z)>.
BOOST_AUTO_TEST_CASE_TEMPLATE(adjoint_law_for_a_fixed_sign_pattern, B, backends) {
  using Z = Tensor<double, 4, 3, 5, 5>;
  const Z z = inputs<Z>(21, true);
  const Z g = laws::projection<Z>(22);
  BOOST_TEST(laws::adjoint_gap(ctnn::relu_forward<B>(z), g, z, ctnn::relu_backward<B>(g, z)) <
             1e-13);
  BOOST_TEST(laws::adjoint_gap(ctnn::lrelu_forward<B>(z), g, z, ctnn::lrelu_backward<B>(g, z)) <
             1e-13);
  BOOST_TEST(laws::adjoint_gap(ctnn::lrelu_forward<B>(z, 3.5), g, z,
                               ctnn::lrelu_backward<B>(g, z, 3.5)) < 1e-13);
  const Tensor<double, 3> alpha{0.1, -0.4, 2.0};
  BOOST_TEST(laws::adjoint_gap(ctnn::prelu_forward<B>(z, alpha), g, z,
                               ctnn::prelu_backward<B>(g, z, alpha).dz) < 1e-13);
}

// Golden values from numpy (independent code). Double: the same formulas, so only the last bit
// of exp, expm1 and tanh may differ (glibc's against numpy's), and prelu's sums run in another
// order: 1e-13 relative (absolute below 1e-3). Float against the double values: 1e-6.
template <class B, class T>
void check_golden(double tolerance) {
  const auto z = fix<T>("z");
  const auto g = fix<T>("g");
  const auto check = [&](const auto& got, const std::string& name) {
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST(ctnn_test::max_relative_error(got, fix<T>(name), 1e-3) < tolerance);
    }
  };
  check(ctnn::relu_forward<B>(z), "relu.forward");
  check(ctnn::relu_backward<B>(g, z), "relu.backward");
  check(ctnn::lrelu_forward<B>(z), "lrelu.forward");  // alpha 0.1 by default
  check(ctnn::lrelu_backward<B>(g, z), "lrelu.backward");
  check(ctnn::lrelu_forward<B>(z, T(0.25)), "lrelu_0.25.forward");
  check(ctnn::lrelu_backward<B>(g, z, T(0.25)), "lrelu_0.25.backward");
  check(ctnn::elu_forward<B>(z), "elu.forward");
  check(ctnn::elu_backward<B>(g, z), "elu.backward");
  check(ctnn::elu_forward<B>(z, 1), "elu_1.forward");  // an int scalar: no narrowing
  check(ctnn::elu_backward<B>(g, z, 1), "elu_1.backward");
  check(ctnn::selu_forward<B>(z), "selu.forward");
  check(ctnn::selu_backward<B>(g, z), "selu.backward");
  check(ctnn::sigmoid_forward<B>(z), "sigmoid.forward");
  check(ctnn::sigmoid_backward<B>(g, z), "sigmoid.backward");
  check(ctnn::tanh_forward<B>(z), "tanh.forward");
  check(ctnn::tanh_backward<B>(g, z), "tanh.backward");

  const auto alpha = ctnn_test::fixture_tensor<T, 3>(golden, "prelu.alpha");
  check(ctnn::prelu_forward<B>(z, alpha), "prelu.forward");
  const auto [dz, dalpha] = ctnn::prelu_backward<B>(g, z, alpha);
  check(dz, "prelu.backward");
  BOOST_TEST(ctnn_test::max_relative_error(dalpha,
                                           ctnn_test::fixture_tensor<T, 3>(golden, "prelu.dalpha"),
                                           1e-3) < tolerance);
  const auto shared = ctnn_test::fixture_tensor<T, 1>(golden, "prelu_shared.alpha");
  check(ctnn::prelu_forward<B>(z, shared), "prelu_shared.forward");
  const auto [dz_s, dalpha_s] = ctnn::prelu_backward<B>(g, z, shared);
  check(dz_s, "prelu_shared.backward");
  BOOST_TEST(ctnn_test::max_relative_error(
                 dalpha_s, ctnn_test::fixture_tensor<T, 1>(golden, "prelu_shared.dalpha"), 1e-3) <
             tolerance);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(golden_values_double, B, backends) { check_golden<B, double>(1e-13); }

BOOST_AUTO_TEST_CASE_TEMPLATE(golden_values_float, B, backends) { check_golden<B, float>(1e-6); }

// The kernels write every element of outputs the caller allocated: pre-filled with NaN, nothing
// NaN is left (z is finite and away from the overflow of exp).
BOOST_AUTO_TEST_CASE_TEMPLATE(kernels_write_every_element, B, backends) {
  using Z = Tensor<double, 2, 3, 4, 5>;
  namespace k = ctnn::detail::activations;
  const Z z = inputs<Z>(31, false);
  const Z g = laws::projection<Z>(32);
  const Tensor<double, 3> alpha{0.1, 0.2, 0.3};
  const auto fresh = [] { return laws::nan_filled<Z>(); };
  Z out = fresh();
  k::relu_forward(B{}, z, out);
  BOOST_TEST(laws::all_finite(out));
  out = fresh();
  k::relu_backward(B{}, g, z, out);
  BOOST_TEST(laws::all_finite(out));
  out = fresh();
  k::lrelu_forward(B{}, z, 0.1, out);
  BOOST_TEST(laws::all_finite(out));
  out = fresh();
  k::lrelu_backward(B{}, g, z, 0.1, out);
  BOOST_TEST(laws::all_finite(out));
  out = fresh();
  k::prelu_forward(B{}, z, alpha, out);
  BOOST_TEST(laws::all_finite(out));
  out = fresh();
  auto dalpha = laws::nan_filled<Tensor<double, 3>>();
  k::prelu_backward(B{}, g, z, alpha, 2, out, dalpha);
  BOOST_TEST(laws::all_finite(out));
  BOOST_TEST(laws::all_finite(dalpha));
  out = fresh();
  k::elu_forward(B{}, z, 0.1, out);
  BOOST_TEST(laws::all_finite(out));
  out = fresh();
  k::elu_backward(B{}, g, z, 0.1, out);
  BOOST_TEST(laws::all_finite(out));
  out = fresh();
  k::selu_forward(B{}, z, 1.0, 1.5, out);
  BOOST_TEST(laws::all_finite(out));
  out = fresh();
  k::selu_backward(B{}, g, z, 1.0, 1.5, out);
  BOOST_TEST(laws::all_finite(out));
  out = fresh();
  k::sigmoid_forward(B{}, z, out);
  BOOST_TEST(laws::all_finite(out));
  out = fresh();
  k::sigmoid_backward(B{}, g, z, out);
  BOOST_TEST(laws::all_finite(out));
  out = fresh();
  k::tanh_forward(B{}, z, out);
  BOOST_TEST(laws::all_finite(out));
  out = fresh();
  k::tanh_backward(B{}, g, z, out);
  BOOST_TEST(laws::all_finite(out));
}

// Both backends give the same bits, for every activation, prelu's dz and dalpha included (per
// channel and shared), default and explicit slopes, float and double, and inputs at the edges
// (+-0, +-1000, -1e-9). Today the fast backend runs the reference kernels (reference.hpp), so
// this pins a promise: a fast kernel that rounds differently (a vector exp, a prelu sum in
// another order) fails here, and must then be compared with a stated tolerance instead.
template <class A, class B>
bool same_bits(const A& a, const B& b) {
  static_assert(std::is_same_v<A, B>);
  return std::memcmp(a.data(), b.data(), sizeof(typename A::value_type) * A::size) == 0;
}

template <class T>
void check_fast_equals_reference() {
  using F = ctnn::backend::fast;
  using Z = Tensor<T, 3, 4, 6, 6>;
  Z z = inputs<Z>(41, false);
  z(0, 0, 0, 0) = T(0);
  z(0, 0, 0, 1) = -T(0);
  z(0, 0, 0, 2) = T(-1000);
  z(0, 0, 0, 3) = T(1000);
  z(0, 0, 0, 4) = T(-1e-9);
  const Z g = laws::projection<Z>(42);
  const Tensor<T, 4> alpha{T(0.1), T(0.2), T(-0.3), T(0.4)};
  const Tensor<T, 1> shared{T(0.25)};
  const T slope = T(0.3);
  BOOST_TEST(same_bits(ctnn::relu_forward<F>(z), ctnn::relu_forward(z)));
  BOOST_TEST(same_bits(ctnn::relu_backward<F>(g, z), ctnn::relu_backward(g, z)));
  BOOST_TEST(same_bits(ctnn::lrelu_forward<F>(z), ctnn::lrelu_forward(z)));
  BOOST_TEST(same_bits(ctnn::lrelu_backward<F>(g, z), ctnn::lrelu_backward(g, z)));
  BOOST_TEST(same_bits(ctnn::lrelu_forward<F>(z, slope), ctnn::lrelu_forward(z, slope)));
  BOOST_TEST(same_bits(ctnn::lrelu_backward<F>(g, z, slope), ctnn::lrelu_backward(g, z, slope)));
  BOOST_TEST(same_bits(ctnn::prelu_forward<F>(z, alpha), ctnn::prelu_forward(z, alpha)));
  BOOST_TEST(same_bits(ctnn::prelu_forward<F>(z, shared), ctnn::prelu_forward(z, shared)));
  const auto pf = ctnn::prelu_backward<F>(g, z, alpha);
  const auto pr = ctnn::prelu_backward(g, z, alpha);
  BOOST_TEST(same_bits(pf.dz, pr.dz));
  BOOST_TEST(same_bits(pf.dalpha, pr.dalpha));
  const auto sf = ctnn::prelu_backward<F>(g, z, shared);
  const auto sr = ctnn::prelu_backward(g, z, shared);
  BOOST_TEST(same_bits(sf.dz, sr.dz));
  BOOST_TEST(same_bits(sf.dalpha, sr.dalpha));
  BOOST_TEST(same_bits(ctnn::elu_forward<F>(z), ctnn::elu_forward(z)));
  BOOST_TEST(same_bits(ctnn::elu_backward<F>(g, z), ctnn::elu_backward(g, z)));
  BOOST_TEST(same_bits(ctnn::elu_forward<F>(z, slope), ctnn::elu_forward(z, slope)));
  BOOST_TEST(same_bits(ctnn::elu_backward<F>(g, z, slope), ctnn::elu_backward(g, z, slope)));
  BOOST_TEST(same_bits(ctnn::selu_forward<F>(z), ctnn::selu_forward(z)));
  BOOST_TEST(same_bits(ctnn::selu_backward<F>(g, z), ctnn::selu_backward(g, z)));
  BOOST_TEST(same_bits(ctnn::sigmoid_forward<F>(z), ctnn::sigmoid_forward(z)));
  BOOST_TEST(same_bits(ctnn::sigmoid_backward<F>(g, z), ctnn::sigmoid_backward(g, z)));
  BOOST_TEST(same_bits(ctnn::tanh_forward<F>(z), ctnn::tanh_forward(z)));
  BOOST_TEST(same_bits(ctnn::tanh_backward<F>(g, z), ctnn::tanh_backward(g, z)));
}

BOOST_AUTO_TEST_CASE(fast_equals_reference) {
  check_fast_equals_reference<float>();
  check_fast_equals_reference<double>();
}

// ---- conventions (docs/conventions.md), each pinned ----

// The series' tanh_backward writes next_dz(1 - tanh^2) and raises TypeError; ctnn computes
// next_dz * (1 - tanh^2 z). Checked at three points against 1 - t t (rounding only: 1e-14).
BOOST_AUTO_TEST_CASE_TEMPLATE(tanh_backward_is_the_product_the_series_meant, B, backends) {
  const Tensor<double, 3> z{-1.5, 0.0, 0.75};
  const Tensor<double, 3> g{2.0, -3.0, 0.5};
  const auto dz = ctnn::tanh_backward<B>(g, z);
  for (std::size_t i = 0; i < 3; ++i) {
    const double t = std::tanh(z(i));
    BOOST_TEST(dz(i) == g(i) * (1 - t * t), boost::test_tools::tolerance(1e-14));
  }
  BOOST_TEST(dz(1) == -3.0);  // tanh'(0) = 1 exactly
}

// prelu's alpha is (C,) for z (N, C, ...), and its dalpha is the series' element-wise eq. (7)
// summed over the batch and the positions of each channel, divided by N.
BOOST_AUTO_TEST_CASE_TEMPLATE(prelu_dalpha_is_reduced_to_alpha_and_divided_by_N, B, backends) {
  // N = 2, C = 2, two positions: channel 0 holds z = (-1, 2 | -3, 4), channel 1 (5, -6 | -7, 0)
  const Tensor<double, 2, 2, 2> z{-1, 2, 5, -6, -3, 4, -7, 0};
  const Tensor<double, 2, 2, 2> g{1, 1, 1, 2, 3, 1, 1, 4};
  const Tensor<double, 2> alpha{0.5, 0.25};
  const auto [dz, dalpha] = ctnn::prelu_backward<B>(g, z, alpha);
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(dalpha)>, Tensor<double, 2>>);
  // channel 0: z g where z <= 0: (-1)(1) + (-3)(3) = -10, / N = -5
  // channel 1: (-6)(2) + (-7)(1) + (0)(4) = -19, / N = -9.5 (z = 0 counts: np.greater)
  BOOST_TEST(dalpha(0) == -5.0);
  BOOST_TEST(dalpha(1) == -9.5);
  BOOST_TEST((dz == Tensor<double, 2, 2, 2>{0.5, 1, 1, 0.5, 1.5, 1, 0.25, 1}));
  // one shared slope: every channel's terms in one sum, -29 / 2
  const auto shared = ctnn::prelu_backward<B>(g, z, Tensor<double, 1>{0.5});
  BOOST_TEST(shared.dalpha(0) == -14.5);
  // rank 1: no channel axis, alpha (1,), axis 0 is the batch
  const auto flat = ctnn::prelu_backward<B>(
      Tensor<double, 4>{1, 1, 2, 2}, Tensor<double, 4>{-1, 3, -2, 0}, Tensor<double, 1>{0.1});
  BOOST_TEST(flat.dalpha(0) == (-1.0 - 4.0 + 0.0) / 4);
}

// relu'(0) is 0 (np.greater): z = 0 takes the z <= 0 branch in every activation of the post, so
// lrelu'(0) = alpha and elu'(0) = alpha e^0 = alpha.
BOOST_AUTO_TEST_CASE_TEMPLATE(the_slope_at_zero_is_the_left_one, B, backends) {
  const Tensor<double, 2> z{0.0, -0.0};
  const Tensor<double, 2> g{1.0, 1.0};
  BOOST_TEST((ctnn::relu_backward<B>(g, z) == Tensor<double, 2>{0.0, 0.0}));
  BOOST_TEST((ctnn::lrelu_backward<B>(g, z) == Tensor<double, 2>{0.1, 0.1}));
  BOOST_TEST((ctnn::elu_backward<B>(g, z, 0.5) == Tensor<double, 2>{0.5, 0.5}));
  BOOST_TEST(ctnn::selu_backward<B>(g, z)(0) ==
             ctnn::selu_lambda<double> * ctnn::selu_alpha<double>);
  BOOST_TEST(
      (ctnn::prelu_backward<B>(g, z, Tensor<double, 1>{0.3}).dz == Tensor<double, 2>{0.3, 0.3}));
}

// SELU's constants are PyTorch's, to the last bit of double and of float.
BOOST_AUTO_TEST_CASE(selu_constants_are_pytorchs) {
  BOOST_TEST(ctnn::selu_lambda<double> == 1.0507009873554804934193349852946);
  BOOST_TEST(ctnn::selu_alpha<double> == 1.6732632423543772848170429916717);
  BOOST_TEST(ctnn::selu_lambda<float> == 1.0507009873554804934193349852946f);
  BOOST_TEST(ctnn::selu_alpha<float> == 1.6732632423543772848170429916717f);
  // selu(1) = lambda, selu(-1000) = -lambda alpha (the limit below)
  const auto s = ctnn::selu_forward(Tensor<double, 2>{1.0, -1000.0});
  BOOST_TEST(s(0) == ctnn::selu_lambda<double>);
  BOOST_TEST(s(1) == -(ctnn::selu_lambda<double> * ctnn::selu_alpha<double>));
}

// sigmoid never takes exp of a large positive number: exact 0 and 1 at -1000 and 1000, in float
// and double, no overflow raised on the way, and a backward pass of exactly 0 there.
template <class T>
void check_sigmoid_limits() {
  const Tensor<T, 4> z{T(-1000), T(1000), T(-100), T(100)};
  const Tensor<T, 4> g{T(1), T(1), T(1), T(1)};
  std::feclearexcept(FE_ALL_EXCEPT);
  const auto s = ctnn::sigmoid_forward(z);
  const auto ds = ctnn::sigmoid_backward(g, z);
  BOOST_TEST(!std::fetestexcept(FE_OVERFLOW));
  BOOST_TEST(s(0) == T(0));
  BOOST_TEST(s(1) == T(1));
  BOOST_TEST(ds(0) == T(0));
  BOOST_TEST(ds(1) == T(0));
  BOOST_TEST(laws::all_finite(s));
  BOOST_TEST(laws::all_finite(ds));
}

BOOST_AUTO_TEST_CASE(sigmoid_does_not_overflow) {
  check_sigmoid_limits<double>();
  check_sigmoid_limits<float>();
  // eq. (13) from e^{-|z|}: at z = 40 the slope is e^-40 / (1 + e^-40)^2 = 4.248354255291589e-18,
  // where sigma (1 - sigma) gives 0 (sigma(40) rounds to 1 in double).
  const auto ds = ctnn::sigmoid_backward(Tensor<double, 2>{1.0, 1.0}, Tensor<double, 2>{40, -40});
  BOOST_TEST(ds(0) == 4.248354255291589e-18, boost::test_tools::tolerance(1e-14));
  BOOST_TEST(ds(1) == ds(0));  // the slope is even
}

// ELU for large negative z: -alpha exactly, a backward pass of 0, nothing infinite or NaN.
BOOST_AUTO_TEST_CASE(elu_for_large_negative_z) {
  std::feclearexcept(FE_ALL_EXCEPT);
  const Tensor<double, 3> z{-1000.0, -50.0, 700.0};
  const auto e = ctnn::elu_forward(z, 0.5);
  const auto de = ctnn::elu_backward(Tensor<double, 3>{1, 1, 1}, z, 0.5);
  BOOST_TEST(!std::fetestexcept(FE_OVERFLOW));
  BOOST_TEST(e(0) == -0.5);
  BOOST_TEST(e(1) == -0.5);  // e^-50 - 1 rounds to -1
  BOOST_TEST(e(2) == 700.0);
  BOOST_TEST((de == Tensor<double, 3>{0.0, 0.5 * std::exp(-50.0), 1.0}));
  const auto f = ctnn::elu_forward(Tensor<float, 1>{-1000.0f});
  BOOST_TEST(f(0) == -0.1f);
}

// relu is np.maximum(0, z), as the series: a NaN stays NaN (a comparison would turn it into 0).
BOOST_AUTO_TEST_CASE(relu_keeps_nan) {
  const auto r =
      ctnn::relu_forward(Tensor<double, 2>{std::numeric_limits<double>::quiet_NaN(), -1});
  BOOST_TEST(std::isnan(r(0)));
  BOOST_TEST(r(1) == 0.0);
}

// The inputs and ctnn's outputs, for tests/tools/series_activations.py (test series.activations),
// which runs the series' own functions on them.
BOOST_AUTO_TEST_CASE(writes_for_the_series) {
  const std::filesystem::path dir = CTNN_TEST_OUTPUT_DIR;
  std::filesystem::create_directories(dir);
  using Z = Tensor<double, 2, 3, 4, 4>;
  Z z = inputs<Z>(51, false);
  for (auto& x : z) x *= 2;
  z(0, 0, 0, 0) = 0.0;  // the kink
  z(0, 0, 0, 1) = -1000.0;
  z(0, 0, 0, 2) = 1000.0;
  z(0, 0, 0, 3) = 40.0;   // sigma(40) rounds to 1 in double
  z(1, 2, 3, 3) = -1e-9;  // e^z - 1 against expm1
  const Z g = laws::projection<Z>(52);
  const Tensor<double, 3> alpha{0.1, 0.25, -0.05};
  const auto save = [&](const std::string& name, const auto& t) {
    ctnn::io::save_npy((dir / (name + ".npy")).string(), t);
  };
  save("z", z);
  save("g", g);
  save("alpha", alpha);
  save("relu_forward", ctnn::relu_forward(z));
  save("relu_backward", ctnn::relu_backward(g, z));
  save("lrelu_forward", ctnn::lrelu_forward(z));
  save("lrelu_backward", ctnn::lrelu_backward(g, z));
  save("prelu_forward", ctnn::prelu_forward(z, alpha));
  const auto [dz, dalpha] = ctnn::prelu_backward(g, z, alpha);
  save("prelu_backward_dz", dz);
  save("prelu_backward_dalpha", dalpha);
  save("elu_forward", ctnn::elu_forward(z));
  save("elu_backward", ctnn::elu_backward(g, z));
  save("selu_forward", ctnn::selu_forward(z));
  save("selu_backward", ctnn::selu_backward(g, z));
  save("sigmoid_forward", ctnn::sigmoid_forward(z));
  save("sigmoid_backward", ctnn::sigmoid_backward(g, z));
  save("tanh_forward", ctnn::tanh_forward(z));
  save("tanh_backward", ctnn::tanh_backward(g, z));
  BOOST_TEST(std::filesystem::exists(dir / "tanh_backward.npy"));
}

// relu's fast kernels (SIMD vectors, then the elements left over one at a time) give the
// reference's bits: -0 stays -0, NaNs of either sign stay themselves, infinities, on a size
// that leaves a tail after the vectors, in float and double; every element of the outputs
// (pre-filled with NaN) written.
template <class T>
void check_relu_fast_bits() {
  using Z = Tensor<T, 3, 37>;
  namespace k = ctnn::detail::activations;
  const T nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
  const T values[9] = {
      T{0}, -T{0}, T{1.5}, T{-2}, nan, -nan, inf, -inf, std::numeric_limits<T>::denorm_min()};
  Z z, g;
  for (std::size_t i = 0; i < Z::size; ++i) {
    z.data()[i] = values[(i * 7) % 9];
    g.data()[i] = values[(i * 5 + 2) % 9];
  }
  Z fast_out = laws::nan_filled<Z>(), want = laws::nan_filled<Z>();
  k::relu_forward(ctnn::backend::fast{}, z, fast_out);
  k::relu_forward(ctnn::backend::reference{}, z, want);
  BOOST_TEST(same_bits(fast_out, want));
  fast_out = laws::nan_filled<Z>();
  want = laws::nan_filled<Z>();
  k::relu_backward(ctnn::backend::fast{}, g, z, fast_out);
  k::relu_backward(ctnn::backend::reference{}, g, z, want);
  BOOST_TEST(same_bits(fast_out, want));
}

BOOST_AUTO_TEST_CASE(relu_fast_kernels_give_the_references_bits) {
  check_relu_fast_bits<float>();
  check_relu_fast_bits<double>();
}
