// conv_backward checked by the laws of tests/support/laws.hpp over a sweep of layers generated at
// compile time, on both backends:
//  - gradient: central differences of L = <conv_forward(z, K, b), g> for every element of K, b
//    and z, the backward kernels writing into buffers pre-filled with NaN;
//  - adjoint: <conv(z, K), g> = <z, dz(g)> = N <K, dK(g)> (bias 0).
#define BOOST_TEST_MODULE gradcheck
#include <boost/hana/for_each.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>
#include <boost/test/unit_test.hpp>
#include <ctnn/conv.hpp>

#include "laws.hpp"
#include "sweep.hpp"

#include <algorithm>
#include <cstddef>
#include <type_traits>

namespace hana = boost::hana;
namespace laws = ctnn_test::laws;

namespace {

using ctnn_test::sweep;
constexpr auto backends = hana::tuple_t<ctnn::backend::reference, ctnn::backend::fast>;

// The geometry a sweep layer passes, as the kernels take it.
template <class L>
using geometry_of = ctnn::geometry<std::remove_cvref_t<decltype(L::padding)>,
                                   std::remove_cvref_t<decltype(L::strides)>>;

}  // namespace

BOOST_AUTO_TEST_CASE(central_differences_agree_with_conv_backward) {
  double worst_overall = 0;
  hana::for_each(backends, [&](auto backend) {
    using Backend = typename decltype(backend)::type;
    hana::for_each(sweep, [&](auto config) {
      using L = typename decltype(config)::type;
      typename L::template operands<double> ops(11);
      auto& z = ops.z;  // not a structured binding: clang 14 cannot capture one in a lambda
      auto& K = ops.K;
      auto& b = ops.b;
      const auto& g = ops.g;
      const auto loss = [&] {
        return laws::inner(ctnn::conv_forward<Backend>(z, K, b, L::padding, L::strides), g);
      };
      using Z = std::remove_cvref_t<decltype(z)>;
      using Kernel = std::remove_cvref_t<decltype(K)>;
      using Bias = std::remove_cvref_t<decltype(b)>;
      ctnn::conv_gradients<Kernel, Bias, Z> grad{laws::nan_filled<Kernel>(),
                                                 laws::nan_filled<Bias>(), laws::nan_filled<Z>()};
      ctnn::detail::conv2d::backward<geometry_of<L>>(Backend{}, g, K, z, grad);
      const double n = static_cast<double>(L::N);  // dK and db come divided by N
      const auto exact_dK = n * grad.dK;
      const auto exact_db = n * grad.db;
      // L is linear in any single element: the difference quotient has no truncation error
      // whatever the step, and a step of 0.01 keeps the rounding error near 1e-16 |L| / h.
      constexpr double h = 1e-2;
      const double worst = std::max({laws::worst_gradient_error(K, exact_dK, loss, h),
                                     laws::worst_gradient_error(b, exact_db, loss, h),
                                     laws::worst_gradient_error(z, grad.dz, loss, h)});
      BOOST_TEST_CONTEXT("layer with z (" << z.extents[0] << ", " << z.extents[1] << ", "
                                          << z.extents[2] << ", " << z.extents[3] << "), K ("
                                          << K.extents[0] << ", " << K.extents[1] << ", "
                                          << K.extents[2] << ", " << K.extents[3] << ")") {
        BOOST_TEST(worst < 1e-7);
      }
      worst_overall = std::max(worst_overall, worst);
    });
  });
  BOOST_TEST_MESSAGE("worst relative error over the sweep: " << worst_overall);
}

BOOST_AUTO_TEST_CASE(adjoint_identity) {
  double worst_overall = 0;
  hana::for_each(backends, [&](auto backend) {
    using Backend = typename decltype(backend)::type;
    hana::for_each(sweep, [&](auto config) {
      using L = typename decltype(config)::type;
      const typename L::template operands<double> ops(5);
      const auto& [z, K, b, g] = ops;
      const std::remove_cvref_t<decltype(b)> zero_bias;
      const auto out = ctnn::conv_forward<Backend>(z, K, zero_bias, L::padding, L::strides);
      const auto [dK, db, dz] = ctnn::conv_backward<Backend>(g, K, z, L::padding, L::strides);
      // Sums of ~100 products in a different order: 1e-12 relative is rounding, not algebra.
      const double through_dz = laws::adjoint_gap(out, g, z, dz);
      const double through_dK = laws::adjoint_gap(out, g, K, static_cast<double>(L::N) * dK);
      BOOST_TEST(through_dz < 1e-12);
      BOOST_TEST(through_dK < 1e-12);
      worst_overall = std::max({worst_overall, through_dz, through_dK});
    });
  });
  BOOST_TEST_MESSAGE("worst relative error of the adjoint identity: " << worst_overall);
}
