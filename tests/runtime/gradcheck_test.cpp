// conv_backward checked two ways over a sweep of layers generated at compile time:
//  - central differences of L = <conv_forward(z, K, b), g> for every element of K, b and z;
//  - the adjoint identity <conv(z, K), g> = <z, dz(g)> = N <K, dK(g)> (bias 0).
#define BOOST_TEST_MODULE gradcheck
#include <boost/hana/for_each.hpp>
#include <boost/test/unit_test.hpp>
#include <ctnn/conv.hpp>
#include <ctnn/numpy_random.hpp>
#include <ctnn/reductions.hpp>

#include "sweep.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace hana = boost::hana;

namespace {

using ctnn_test::sweep;

// |a - b| / max(|a|, |b|), and 0 when both are 0.
double relative_error(double a, double b) {
  const double scale = std::max(std::abs(a), std::abs(b));
  return scale == 0 ? 0 : std::abs(a - b) / scale;
}

// Central difference of the loss over every element of t, compared with `analytic`; the worst
// relative error. L is linear in any single element, so the difference quotient has no truncation
// error whatever the step: a step of 0.01 only shrinks the rounding error (~1e-16 |L| / h).
template <class Tensor, class Loss>
double worst_difference(Tensor& t, const Tensor& analytic, Loss loss) {
  constexpr double h = 1e-2;
  double worst = 0;
  for (std::size_t i = 0; i < t.size; ++i) {
    const double keep = t.data()[i];
    t.data()[i] = keep + h;
    const double up = loss();
    t.data()[i] = keep - h;
    const double down = loss();
    t.data()[i] = keep;
    worst = std::max(worst, relative_error((up - down) / (2 * h), analytic.data()[i]));
  }
  return worst;
}

}  // namespace

BOOST_AUTO_TEST_CASE(central_differences_agree_with_conv_backward) {
  double worst_overall = 0;
  hana::for_each(sweep, [&](auto config) {
    using L = typename decltype(config)::type;
    // A random upstream gradient g: L = <out, g>, so dL/dout = g.
    typename L::template operands<double> ops(11);
    auto& z = ops.z;
    auto& K = ops.K;
    auto& b = ops.b;
    const auto& g = ops.g;
    const auto loss = [&] {
      return ctnn::dot(ctnn::conv_forward(z, K, b, L::padding, L::strides), g);
    };

    auto [dK, db, dz] = ctnn::conv_backward(g, K, z, L::padding, L::strides);
    const double n = static_cast<double>(L::N);  // dK and db come divided by N
    const auto exact_dK = n * dK;
    const auto exact_db = n * db;
    const double worst =
        std::max({worst_difference(K, exact_dK, loss), worst_difference(b, exact_db, loss),
                  worst_difference(z, dz, loss)});
    BOOST_TEST_CONTEXT("layer with z (" << z.extents[0] << ", " << z.extents[1] << ", "
                                        << z.extents[2] << ", " << z.extents[3] << "), K ("
                                        << K.extents[0] << ", " << K.extents[1] << ", "
                                        << K.extents[2] << ", " << K.extents[3] << ")") {
      BOOST_TEST(worst < 1e-7);
    }
    worst_overall = std::max(worst_overall, worst);
  });
  BOOST_TEST_MESSAGE("worst relative error over the sweep: " << worst_overall);
}

BOOST_AUTO_TEST_CASE(adjoint_identity) {
  double worst_overall = 0;
  hana::for_each(sweep, [&](auto config) {
    using L = typename decltype(config)::type;
    const typename L::template operands<double> ops(5);
    const auto& [z, K, b, g] = ops;
    const std::remove_cvref_t<decltype(b)> zero_bias;
    const auto out = ctnn::conv_forward(z, K, zero_bias, L::padding, L::strides);
    const auto [dK, db, dz] = ctnn::conv_backward(g, K, z, L::padding, L::strides);
    const double forward = ctnn::dot(out, g);
    const double through_dz = ctnn::dot(z, dz);
    const double through_dK = static_cast<double>(L::N) * ctnn::dot(K, dK);
    // Sums of ~100 products in a different order: 1e-12 relative is rounding, not algebra.
    BOOST_TEST(through_dz == forward, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(through_dK == forward, boost::test_tools::tolerance(1e-12));
    worst_overall = std::max(
        {worst_overall, relative_error(through_dz, forward), relative_error(through_dK, forward)});
  });
  BOOST_TEST_MESSAGE("worst relative error of the adjoint identity: " << worst_overall);
}
