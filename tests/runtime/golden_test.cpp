// ctnn against an independent numpy implementation (tests/data/numpy_conv.py, written with a
// sliding-window einsum and a tap-by-tap scatter for dz: no zero insertion, no flipped kernel).
#define BOOST_TEST_MODULE golden
#include <boost/hana/for_each.hpp>
#include <boost/hana/pair.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>
#include <boost/test/unit_test.hpp>
#include <ctnn/conv.hpp>

#include <algorithm>
#include <string>

#include "ctnn_test.hpp"

namespace hana = boost::hana;

namespace {

template <std::size_t N, std::size_t C, std::size_t D, std::size_t H, std::size_t W, std::size_t K1,
          std::size_t K2, std::size_t P1, std::size_t P2, std::size_t S1, std::size_t S2>
struct layer {
  static auto check(const std::string& name) {
    const auto data = ctnn_test::read_fixtures(CTNN_TEST_DATA_DIR "/golden_conv.txt");
    using ctnn_test::fixture_tensor;
    const auto z = fixture_tensor<double, N, C, H, W>(data, name + ".z");
    const auto K = fixture_tensor<double, C, D, K1, K2>(data, name + ".K");
    const auto b = fixture_tensor<double, D>(data, name + ".b");
    const auto out = ctnn::conv_forward(z, K, b, ctnn::padding<P1, P2>, ctnn::strides<S1, S2>);
    using out_type = std::remove_const_t<decltype(out)>;
    const auto dy = fixture_tensor<double, out_type::extents[0], out_type::extents[1],
                                   out_type::extents[2], out_type::extents[3]>(data, name + ".dy");
    const auto [dK, db, dz] =
        ctnn::conv_backward(dy, K, z, ctnn::padding<P1, P2>, ctnn::strides<S1, S2>);
    const auto want_out =
        fixture_tensor<double, out_type::extents[0], out_type::extents[1], out_type::extents[2],
                       out_type::extents[3]>(data, name + ".out");
    // Relative to max(|numpy value|, 1): values near zero are compared absolutely.
    return std::max(
        {ctnn_test::max_relative_error(out, want_out),
         ctnn_test::max_relative_error(dK,
                                       fixture_tensor<double, C, D, K1, K2>(data, name + ".dK")),
         ctnn_test::max_relative_error(db, fixture_tensor<double, D>(data, name + ".db")),
         ctnn_test::max_relative_error(dz,
                                       fixture_tensor<double, N, C, H, W>(data, name + ".dz"))});
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(matches_numpy) {
  // The layers of tests/data/make_golden.py, in its order.
  const auto layers = hana::make_tuple(
      hana::make_pair(hana::type_c<layer<1, 1, 1, 5, 5, 3, 3, 0, 0, 2, 2>>, "strided"),
      hana::make_pair(hana::type_c<layer<2, 3, 2, 5, 6, 3, 2, 1, 0, 2, 1>>, "asymmetric"),
      hana::make_pair(hana::type_c<layer<2, 2, 3, 7, 4, 2, 3, 2, 1, 3, 1>>, "padded_strided"),
      hana::make_pair(hana::type_c<layer<3, 4, 2, 6, 6, 1, 1, 0, 0, 1, 1>>, "pointwise"));
  double worst_overall = 0;
  hana::for_each(layers, [&](auto entry) {
    using L = typename decltype(+hana::first(entry))::type;
    const std::string name = hana::second(entry);
    const double worst = L::check(name);
    BOOST_TEST_CONTEXT("layer " << name) { BOOST_TEST(worst < 1e-12); }
    worst_overall = std::max(worst_overall, worst);
  });
  BOOST_TEST_MESSAGE("worst relative difference from numpy: " << worst_overall);
}
