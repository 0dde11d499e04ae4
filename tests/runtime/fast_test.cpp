// ctnn::fast computes what the reference computes: forward and backward, float and double, over
// the gradient-check sweep (padding 0/1/2, strides 1/2/3, kernels 1..4, asymmetric everything).
// fast_direct_test.cpp covers the edges of each of its paths.
#define BOOST_TEST_MODULE fast
#include <boost/hana/for_each.hpp>
#include <boost/test/unit_test.hpp>
#include <ctnn/conv.hpp>
#include <ctnn/fast.hpp>
#include <ctnn/numpy_random.hpp>

#include <algorithm>

#include "ctnn_test.hpp"
#include "fast_compare.hpp"
#include "sweep.hpp"

namespace hana = boost::hana;

namespace {

template <class T>
double worst_over_sweep() {
  double worst = 0;
  hana::for_each(ctnn_test::sweep, [&](auto config) {
    worst = std::max(worst, ctnn_test::worst_difference<T, typename decltype(config)::type>());
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
    BOOST_TEST(
        ctnn_test::max_relative_error(
            ctnn::fast::conv_backward(big.g, big.K, big.z, ctnn::padding<1, 1>, ctnn::strides<1, 1>)
                .dz,
            ctnn::conv_backward(big.g, big.K, big.z, ctnn::strides<1, 1>, ctnn::padding<1, 1>).dz) <
        1e-12);
    BOOST_TEST(
        ctnn_test::max_relative_error(
            ctnn::fast::conv_backward(small.g, small.K, small.z, ctnn::padding<1, 0>,
                                      ctnn::strides<1, 2>)
                .dz,
            ctnn::conv_backward(small.g, small.K, small.z, ctnn::padding<1, 0>, ctnn::strides<1, 2>)
                .dz) < 1e-12);
  }
}
