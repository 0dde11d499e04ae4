// conv_backward checked two ways over a sweep of layers generated at compile time:
//  - central differences of L = <conv_forward(z, K, b), g> for every element of K, b and z;
//  - the adjoint identity <conv(z, K), g> = <z, dz(g)> = N <K, dK(g)> (bias 0).
#define BOOST_TEST_MODULE gradcheck
#include <boost/hana/for_each.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>
#include <boost/test/unit_test.hpp>
#include <ctnn/conv.hpp>
#include <ctnn/numpy_random.hpp>
#include <ctnn/reductions.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace hana = boost::hana;

namespace {

template <std::size_t N_, std::size_t C_, std::size_t D_, std::size_t H_, std::size_t W_,
          std::size_t K1, std::size_t K2, std::size_t P1, std::size_t P2, std::size_t S1,
          std::size_t S2>
struct layer {
  using z_type = ctnn::Tensor<double, N_, C_, H_, W_>;
  using K_type = ctnn::Tensor<double, C_, D_, K1, K2>;
  using b_type = ctnn::Tensor<double, D_>;
  static constexpr auto padding = ctnn::padding<P1, P2>;
  static constexpr auto strides = ctnn::strides<S1, S2>;
  static constexpr std::size_t N = N_;
};

// padding 0/1/2, strides 1/2/3, kernels 1/2/3/4, everything asymmetric somewhere.
//                              N  C  D   H  W  k1 k2 P1 P2 S1 S2
constexpr auto sweep = hana::tuple_t<layer<1, 1, 1, 5, 5, 3, 3, 0, 0, 1, 1>,
                                     layer<2, 3, 2, 5, 5, 3, 3, 0, 0, 2, 2>,
                                     layer<2, 2, 3, 6, 7, 3, 2, 1, 0, 1, 1>,
                                     layer<1, 2, 2, 7, 7, 3, 3, 1, 1, 2, 2>,
                                     layer<2, 1, 2, 8, 6, 3, 2, 2, 0, 3, 2>,
                                     layer<1, 3, 1, 5, 4, 1, 1, 0, 0, 2, 3>,
                                     layer<2, 2, 2, 4, 4, 4, 4, 0, 0, 1, 1>,
                                     layer<1, 2, 3, 3, 4, 4, 2, 1, 2, 1, 3>,
                                     layer<3, 1, 1, 6, 6, 2, 2, 2, 2, 2, 2>,
                                     layer<1, 4, 2, 9, 7, 3, 3, 0, 1, 3, 2>,
                                     layer<2, 3, 4, 5, 6, 2, 4, 2, 1, 1, 2>,
                                     layer<1, 1, 2, 1, 1, 3, 3, 1, 1, 1, 1>,
                                     layer<2, 2, 1, 10, 8, 4, 3, 1, 2, 2, 3>>;

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
    ctnn::numpy::RandomState rng{11};
    auto z = rng.randn<double, L::z_type::extents[0], L::z_type::extents[1],
                       L::z_type::extents[2], L::z_type::extents[3]>();
    auto K = rng.randn<double, L::K_type::extents[0], L::K_type::extents[1],
                       L::K_type::extents[2], L::K_type::extents[3]>();
    auto b = rng.randn<double, L::b_type::extents[0]>();
    using out_type = decltype(ctnn::conv_forward(z, K, b, L::padding, L::strides));
    out_type g;  // a random upstream gradient: L = <out, g>, so dL/dout = g
    for (double& x : g) x = rng.standard_normal();
    const auto loss = [&] { return ctnn::dot(ctnn::conv_forward(z, K, b, L::padding, L::strides), g); };

    auto [dK, db, dz] = ctnn::conv_backward(g, K, z, L::padding, L::strides);
    const double n = static_cast<double>(L::N);  // dK and db come divided by N
    const auto exact_dK = n * dK;
    const auto exact_db = n * db;
    const double worst = std::max({worst_difference(K, exact_dK, loss),
                                   worst_difference(b, exact_db, loss),
                                   worst_difference(z, dz, loss)});
    BOOST_TEST_CONTEXT("layer with z (" << z.extents[0] << ", " << z.extents[1] << ", " << z.extents[2] << ", " << z.extents[3] << "), K (" << K.extents[0] << ", " << K.extents[1] << ", " << K.extents[2] << ", " << K.extents[3] << ")") {
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
    ctnn::numpy::RandomState rng{5};
    auto z = rng.randn<double, L::z_type::extents[0], L::z_type::extents[1],
                       L::z_type::extents[2], L::z_type::extents[3]>();
    auto K = rng.randn<double, L::K_type::extents[0], L::K_type::extents[1],
                       L::K_type::extents[2], L::K_type::extents[3]>();
    const typename L::b_type zero_bias;
    const auto out = ctnn::conv_forward(z, K, zero_bias, L::padding, L::strides);
    std::remove_const_t<decltype(out)> g;
    for (double& x : g) x = rng.standard_normal();
    const auto [dK, db, dz] = ctnn::conv_backward(g, K, z, L::padding, L::strides);
    const double forward = ctnn::dot(out, g);
    const double through_dz = ctnn::dot(z, dz);
    const double through_dK = static_cast<double>(L::N) * ctnn::dot(K, dK);
    // Sums of ~100 products in a different order: 1e-12 relative is rounding, not algebra.
    BOOST_TEST(through_dz == forward, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(through_dK == forward, boost::test_tools::tolerance(1e-12));
    worst_overall = std::max({worst_overall, relative_error(through_dz, forward),
                              relative_error(through_dK, forward)});
  });
  BOOST_TEST_MESSAGE("worst relative error of the adjoint identity: " << worst_overall);
}
