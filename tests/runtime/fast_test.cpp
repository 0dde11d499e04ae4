// ctnn::fast computes what the reference computes: forward and backward, float and double, over
// the gradient-check sweep (padding 0/1/2, strides 1/2/3, kernels 1..4, asymmetric everything).
#define BOOST_TEST_MODULE fast
#include <boost/hana/for_each.hpp>
#include <boost/test/unit_test.hpp>
#include <ctnn/conv.hpp>
#include <ctnn/fast.hpp>

#include <algorithm>
#include <type_traits>

#include "ctnn_test.hpp"
#include <ctnn/numpy_random.hpp>
#include "sweep.hpp"

namespace hana = boost::hana;

namespace {

// The worst relative difference between fast and reference over all outputs of one layer,
// relative to max(|reference|, 1).
template <class T, class L>
double worst_difference() {
  const typename L::template operands<T> ops(3);
  const auto& [z, K, b, g] = ops;
  const auto out = ctnn::fast::conv_forward(z, K, b, L::padding, L::strides);
  const auto want = ctnn::conv_forward(z, K, b, L::padding, L::strides);
  static_assert(std::is_same_v<decltype(out), decltype(want)>);
  const auto fast = ctnn::fast::conv_backward(g, K, z, L::padding, L::strides);
  const auto ref = ctnn::conv_backward(g, K, z, L::padding, L::strides);
  static_assert(std::is_same_v<decltype(fast), decltype(ref)>);
  return std::max({ctnn_test::max_relative_error(out, want), ctnn_test::max_relative_error(fast.dK, ref.dK),
                   ctnn_test::max_relative_error(fast.db, ref.db), ctnn_test::max_relative_error(fast.dz, ref.dz)});
}

template <class T>
double worst_over_sweep() {
  double worst = 0;
  hana::for_each(ctnn_test::sweep, [&](auto config) {
    worst = std::max(worst, worst_difference<T, typename decltype(config)::type>());
  });
  return worst;
}

}  // namespace

BOOST_AUTO_TEST_CASE(double_matches_the_reference) {
  const double worst = worst_over_sweep<double>();
  BOOST_TEST_MESSAGE("double: worst relative difference " << worst);
  BOOST_TEST(worst < 1e-12);
}

BOOST_AUTO_TEST_CASE(float_matches_the_reference) {
  // float rounding over sums of up to ~50 products: 1e-5 relative to max(|value|, 1).
  const double worst = worst_over_sweep<float>();
  BOOST_TEST_MESSAGE("float: worst relative difference " << worst);
  BOOST_TEST(worst < 1e-5);
}

BOOST_AUTO_TEST_CASE(layers_with_5_to_8_channels) {
  // ctnn::fast reads these layers directly, four channels at a time (the sweep has at most 4):
  // 6 and 8 output channels exercise the forward pass, 7 and 5 input channels the input gradient.
  //                                      N  C  D  H  W  k1 k2 P1 P2 S1 S2
  const double worst_double = std::max(worst_difference<double, ctnn_test::layer<2, 7, 6, 9, 8, 3, 2, 1, 0, 1, 1>>(),
                                       worst_difference<double, ctnn_test::layer<1, 5, 8, 6, 11, 2, 3, 0, 1, 2, 1>>());
  const double worst_float = worst_difference<float, ctnn_test::layer<3, 6, 5, 7, 7, 3, 3, 1, 1, 1, 1>>();
  BOOST_TEST(worst_double < 1e-12);
  BOOST_TEST(worst_float < 1e-5);
}

BOOST_AUTO_TEST_CASE(layers_whose_input_gradient_is_a_product) {
  // More than 8 input channels: dz is a product, in the form the cost formula picks; one layer
  // for each form, checked to be picked (the sweep's layers all take the direct path).
  using gather = ctnn_test::layer<2, 9, 9, 6, 5, 3, 3, 1, 1, 1, 1>;
  using scatter = ctnn_test::layer<8, 9, 1, 6, 6, 5, 5, 0, 0, 1, 1>;
  static_assert(ctnn::fast::detail::dz_by_gather<double>(2, 9, 9, 6, 5, 3, 3, 6, 5));
  static_assert(!ctnn::fast::detail::dz_by_gather<double>(8, 9, 1, 6, 6, 5, 5, 2, 2));
  const double worst = std::max(worst_difference<double, gather>(), worst_difference<double, scatter>());
  BOOST_TEST(worst < 1e-12);
}

BOOST_AUTO_TEST_CASE(the_original_layer) {
  //! [fast]
  ctnn::numpy::RandomState rng{0};
  const auto z = rng.randn<double, 3, 3, 28, 28>();  // (N, C, H, W)
  const auto K = rng.randn<double, 3, 4, 3, 3>();    // (C, D, k1, k2)
  const ctnn::Tensor<double, 4> b;
  const auto out = ctnn::fast::conv_forward(z, K, b);  // same call, same type as ctnn::conv_forward
  //! [fast]
  BOOST_TEST(ctnn_test::max_relative_error(out, ctnn::conv_forward(z, K, b)) < 1e-12);
}

BOOST_AUTO_TEST_CASE(repeated_calls_reuse_their_buffers_correctly) {
  // The working memory is kept between calls; a large layer then a small one must not see stale data.
  const ctnn_test::layer<2, 3, 4, 9, 9, 3, 3, 1, 1, 1, 1>::operands<double> big(1);
  const ctnn_test::layer<1, 1, 2, 4, 4, 2, 2, 1, 0, 1, 2>::operands<double> small(2);
  for (int round = 0; round < 2; ++round) {
    BOOST_TEST(ctnn_test::max_relative_error(
                   ctnn::fast::conv_backward(big.g, big.K, big.z, ctnn::padding<1, 1>).dz,
                   ctnn::conv_backward(big.g, big.K, big.z, ctnn::padding<1, 1>).dz) < 1e-12);
    BOOST_TEST(ctnn_test::max_relative_error(
                   ctnn::fast::conv_backward(small.g, small.K, small.z, ctnn::padding<1, 0>, ctnn::strides<1, 2>).dz,
                   ctnn::conv_backward(small.g, small.K, small.z, ctnn::padding<1, 0>, ctnn::strides<1, 2>).dz) < 1e-12);
  }
}
