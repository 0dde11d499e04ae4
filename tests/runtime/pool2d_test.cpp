// Max, average and global pooling, on both backends: the laws (gradient, adjoint), golden values
// from an independent numpy script, fast == reference, and every convention pinned.
#define BOOST_TEST_MODULE pool2d
#include <boost/hana/for_each.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>
#include <boost/test/unit_test.hpp>
#include <ctnn/math.hpp>
#include <ctnn/npy.hpp>
#include <ctnn/numpy_random.hpp>
#include <ctnn/ops/pool2d/pool2d.hpp>

#include "ctnn_test.hpp"
#include "laws.hpp"
#include "sweep.hpp"  // strides_tag

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>

namespace hana = boost::hana;
using ctnn::backend::fast;
using ctnn::backend::reference;

namespace {

// One pooling layer of the sweep: z (N, C, H, W), window (K1, K2), padding (P1, P2), strides
// (S1, S2), exact (ctnn::strides) or rounding down (ctnn::floor_strides).
template <std::size_t N_, std::size_t C_, std::size_t H_, std::size_t W_, std::size_t K1,
          std::size_t K2, std::size_t P1, std::size_t P2, std::size_t S1, std::size_t S2,
          bool Floor>
struct layer {
  static constexpr auto window = ctnn::pooling<K1, K2>;
  static constexpr auto padding = ctnn::padding<P1, P2>;
  static constexpr auto strides = ctnn_test::strides_tag<Floor, S1, S2>;
  static constexpr std::size_t H_out = (H_ + 2 * P1 - K1) / S1 + 1;  // floor: C++'s division
  static constexpr std::size_t W_out = (W_ + 2 * P2 - K2) / S2 + 1;
  using input = ctnn::Tensor<double, N_, C_, H_, W_>;
  template <class T>
  using input_of = ctnn::Tensor<T, N_, C_, H_, W_>;
  template <class T>
  using output_of = ctnn::Tensor<T, N_, C_, H_out, W_out>;
  using frame = ctnn::detail::pool2d::frame<K1, K2, P1, P2, S1, S2>;
};

// Exact and floor strides, overlapping (S < k), gapped (S > k), padded, asymmetric, 1 x 1 and
// whole-image windows.
//                                 N  C   H   W  k1 k2 P1 P2 S1 S2 floor
inline constexpr auto sweep = hana::tuple_t<
    layer<2, 3, 6, 6, 2, 2, 0, 0, 2, 2, false>, layer<1, 2, 5, 5, 3, 3, 0, 0, 1, 1, false>,
    layer<2, 2, 7, 7, 3, 3, 1, 1, 2, 2, false>, layer<1, 1, 10, 10, 2, 2, 1, 1, 2, 2, false>,
    layer<2, 2, 7, 6, 2, 2, 0, 0, 2, 2, true>, layer<1, 3, 8, 9, 3, 3, 1, 1, 2, 2, true>,
    layer<2, 1, 6, 7, 3, 2, 1, 1, 2, 3, true>, layer<1, 2, 4, 5, 1, 1, 0, 0, 1, 1, false>,
    layer<1, 1, 5, 5, 5, 5, 0, 0, 1, 1, false>, layer<1, 1, 7, 7, 2, 2, 0, 0, 3, 3, true>,
    layer<2, 2, 10, 8, 3, 4, 1, 2, 3, 2, false>, layer<1, 2, 12, 11, 2, 3, 1, 0, 1, 2, true>>;

// "(N, C, H, W)", for the test's messages.
template <class X>
std::string shape_of(const X&) {
  std::string s = "(";
  for (std::size_t axis = 0; axis < X::rank; ++axis)
    s += std::to_string(X::extents[axis]) + (axis + 1 < X::rank ? ", " : ")");
  return s;
}

// Distinct values far apart (0.01 steps, shuffled by numpy's generator), so that no central
// difference of step 1e-5 can change which input wins a window: max pooling is then linear.
template <class X>
X distinct(std::uint32_t seed) {
  ctnn::numpy::RandomState rng{seed};
  X x;
  for (std::size_t i = 0; i < X::size; ++i)
    x.data()[i] = static_cast<typename X::value_type>(static_cast<double>(i) * 0.01 - 1.0);
  for (std::size_t i = X::size; i-- > 1;) {  // Fisher-Yates
    const auto k = static_cast<std::size_t>(rng.random_sample() * static_cast<double>(i + 1));
    std::swap(x.data()[i], x.data()[std::min(k, i)]);
  }
  return x;
}

// Ties of +0 and -0 with NaNs of both signs among them (about one cell in five): the two backends
// must pick the same cell, whose bits the forward pass returns.
template <class X>
X special(std::uint32_t seed) {
  using T = typename X::value_type;
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const T values[10] = {T{0}, -T{0}, T{0}, -T{0}, T{0}, -T{0}, T{-1}, T{-2}, nan, -nan};
  ctnn::numpy::RandomState rng{seed};
  X x;
  for (auto& v : x) v = values[static_cast<std::size_t>(rng.random_sample() * 10)];
  return x;
}

// The same bits in every element (== would fail on NaN and pass -0 for +0).
template <class X>
bool same_bits(const X& a, const X& b) {
  return std::memcmp(a.data(), b.data(), sizeof(typename X::value_type) * X::size) == 0;
}

// Small integers: many ties in every window, where the two backends must still pick one winner.
template <class X>
X tied(std::uint32_t seed) {
  ctnn::numpy::RandomState rng{seed};
  X x;
  for (auto& v : x) v = static_cast<typename X::value_type>(std::floor(rng.random_sample() * 3));
  return x;
}

template <class Backend, bool Max, class L, class Z>
auto forward(const Z& z) {
  if constexpr (Max)
    return ctnn::max_pooling_forward<Backend>(z, L::window, L::strides, L::padding);
  else
    return ctnn::avg_pooling_forward<Backend>(z, L::window, L::padding, L::strides);
}

template <class Backend, bool Max, class L, class G, class Z>
auto backward(const G& g, const Z& z) {
  if constexpr (Max)
    return ctnn::max_pooling_backward<Backend>(g, z, L::window, L::strides, L::padding);
  else
    return ctnn::avg_pooling_backward<Backend>(g, z, L::window, L::padding, L::strides);
}

template <class Backend, bool Max>
double worst_gradient_error_over_sweep() {
  double worst = 0;
  hana::for_each(sweep, [&](auto config) {
    using L = typename decltype(config)::type;
    auto z = distinct<typename L::input>(3);
    const auto g = ctnn_test::laws::projection<typename L::template output_of<double>>(4);
    const auto dz = backward<Backend, Max, L>(g, z);
    const auto loss = [&] { return ctnn_test::laws::inner(forward<Backend, Max, L>(z), g); };
    // Linear in each element while no winner changes (steps of 1e-3 < half the 0.01 spacing):
    // no truncation error, only rounding, ~1e-16 |L| / h.
    const double error = ctnn_test::laws::worst_gradient_error(z, dz, loss, 1e-3);
    BOOST_TEST_CONTEXT("z " << shape_of(z) << ", window " << L::window.rows << "x"
                            << L::window.cols) {
      BOOST_TEST(error < 1e-9);
    }
    worst = std::max(worst, error);
  });
  return worst;
}

template <class Backend, bool Max>
double worst_adjoint_gap_over_sweep() {
  double worst = 0;
  hana::for_each(sweep, [&](auto config) {
    using L = typename decltype(config)::type;
    // Max pooling is linear once the winners are fixed: <max(z), g> = <z, dz(g)> for this z.
    const auto z = Max ? distinct<typename L::input>(5)
                       : ctnn::numpy::RandomState{5}
                             .randn<double, L::input::extents[0], L::input::extents[1],
                                    L::input::extents[2], L::input::extents[3]>();
    const auto g = ctnn_test::laws::projection<typename L::template output_of<double>>(6);
    const double gap = ctnn_test::laws::adjoint_gap(forward<Backend, Max, L>(z), g, z,
                                                    backward<Backend, Max, L>(g, z));
    BOOST_TEST(gap < 1e-12);  // sums of a few hundred products in another order
    worst = std::max(worst, gap);
  });
  return worst;
}

}  // namespace

BOOST_AUTO_TEST_CASE(gradient_law) {
  const double worst = std::max({worst_gradient_error_over_sweep<reference, true>(),
                                 worst_gradient_error_over_sweep<fast, true>(),
                                 worst_gradient_error_over_sweep<reference, false>(),
                                 worst_gradient_error_over_sweep<fast, false>()});
  BOOST_TEST_MESSAGE("pooling: worst gradient-check error over the sweep: " << worst);
}

BOOST_AUTO_TEST_CASE(global_gradient_law) {
  ctnn::numpy::RandomState rng{8};
  auto z = distinct<ctnn::Tensor<double, 2, 3, 4, 5>>(7);
  const auto g = rng.randn<double, 2, 3>();
  double worst = 0;
  const auto check = [&](const auto& dz, auto loss) {
    const double error = ctnn_test::laws::worst_gradient_error(z, dz, loss, 1e-3);  // as above
    BOOST_TEST(error < 1e-9);
    worst = std::max(worst, error);
  };
  check(ctnn::global_max_pooling_backward(g, z),
        [&] { return ctnn_test::laws::inner(ctnn::global_max_pooling_forward(z), g); });
  check(ctnn::global_avg_pooling_backward<fast>(g, z),
        [&] { return ctnn_test::laws::inner(ctnn::global_avg_pooling_forward<fast>(z), g); });
  BOOST_TEST_MESSAGE("global pooling: worst gradient-check error: " << worst);
  // adjoint: both are linear (max for its fixed winners)
  BOOST_TEST(ctnn_test::laws::adjoint_gap(ctnn::global_max_pooling_forward(z), g, z,
                                          ctnn::global_max_pooling_backward(g, z)) < 1e-12);
  BOOST_TEST(ctnn_test::laws::adjoint_gap(ctnn::global_avg_pooling_forward(z), g, z,
                                          ctnn::global_avg_pooling_backward(g, z)) < 1e-12);
}

BOOST_AUTO_TEST_CASE(adjoint_law) {
  const double worst = std::max({worst_adjoint_gap_over_sweep<reference, true>(),
                                 worst_adjoint_gap_over_sweep<fast, true>(),
                                 worst_adjoint_gap_over_sweep<reference, false>(),
                                 worst_adjoint_gap_over_sweep<fast, false>()});
  BOOST_TEST_MESSAGE("pooling: worst adjoint gap over the sweep: " << worst);
}

// Kernels write every element of the outputs they are given: NaN pre-fills must all go.
BOOST_AUTO_TEST_CASE(kernels_write_every_element) {
  hana::for_each(sweep, [&](auto config) {
    using L = typename decltype(config)::type;
    const auto z = distinct<typename L::input>(9);
    const auto g = ctnn_test::laws::projection<typename L::template output_of<double>>(10);
    hana::for_each(hana::make_tuple(reference{}, fast{}), [&](auto backend) {
      namespace k = ctnn::detail::pool2d;
      auto out = ctnn_test::laws::nan_filled<typename L::template output_of<double>>();
      auto dz = ctnn_test::laws::nan_filled<typename L::input>();
      k::max_forward(backend, z, out, typename L::frame{});
      k::max_backward(backend, g, z, dz, typename L::frame{});
      BOOST_TEST((ctnn_test::laws::all_finite(out) && ctnn_test::laws::all_finite(dz)));
      out = ctnn_test::laws::nan_filled<typename L::template output_of<double>>();
      dz = ctnn_test::laws::nan_filled<typename L::input>();
      k::avg_forward(backend, z, out, typename L::frame{});
      k::avg_backward(backend, g, z, dz, typename L::frame{});
      BOOST_TEST((ctnn_test::laws::all_finite(out) && ctnn_test::laws::all_finite(dz)));
    });
  });
  ctnn::Tensor<double, 2, 3, 4, 5> z = distinct<ctnn::Tensor<double, 2, 3, 4, 5>>(11);
  auto out = ctnn_test::laws::nan_filled<ctnn::Tensor<double, 2, 3>>();
  auto dz = ctnn_test::laws::nan_filled<ctnn::Tensor<double, 2, 3, 4, 5>>();
  ctnn::detail::pool2d::global_max_forward(reference{}, z, out);
  ctnn::detail::pool2d::global_max_backward(reference{}, out, z, dz);
  BOOST_TEST((ctnn_test::laws::all_finite(out) && ctnn_test::laws::all_finite(dz)));
  out = ctnn_test::laws::nan_filled<ctnn::Tensor<double, 2, 3>>();
  dz = ctnn_test::laws::nan_filled<ctnn::Tensor<double, 2, 3, 4, 5>>();
  ctnn::detail::pool2d::global_avg_forward(reference{}, z, out);
  ctnn::detail::pool2d::global_avg_backward(reference{}, out, z, dz);
  BOOST_TEST((ctnn_test::laws::all_finite(out) && ctnn_test::laws::all_finite(dz)));
}

// backend::fast == backend::reference: max pooling bit for bit (both pick the same cell of each
// window, the first maximum or first NaN in row-major order, by another path: columns first,
// then rows; they only compare and route), average pooling to rounding (its sums run column first: at most k1 k2 additions in
// another order, so 1e-5 relative in float and 1e-13 in double, values of order 1).
template <class T>
void fast_matches_reference(double avg_tolerance) {
  hana::for_each(sweep, [&](auto config) {
    using L = typename decltype(config)::type;
    for (int inputs = 0; inputs < 2; ++inputs) {
      const auto z =
          inputs == 0
              ? ctnn::numpy::RandomState{12}
                    .randn<T, L::input::extents[0], L::input::extents[1], L::input::extents[2],
                           L::input::extents[3]>()
              : tied<typename L::template input_of<T>>(13);  // ties
      const auto g =
          ctnn::numpy::RandomState{14}
              .randn<T, L::input::extents[0], L::input::extents[1], L::H_out, L::W_out>();
      BOOST_TEST_CONTEXT("z " << shape_of(z) << (inputs ? " with ties" : "")) {
        BOOST_TEST((forward<fast, true, L>(z) == forward<reference, true, L>(z)));
        BOOST_TEST((backward<fast, true, L>(g, z) == backward<reference, true, L>(g, z)));
        BOOST_TEST(ctnn_test::max_relative_error(forward<fast, false, L>(z),
                                                 forward<reference, false, L>(z)) < avg_tolerance);
        BOOST_TEST(ctnn_test::max_relative_error(backward<fast, false, L>(g, z),
                                                 backward<reference, false, L>(g, z)) <
                   avg_tolerance);
      }
    }
  });
}

// Max pooling on signed zeros and NaNs: fast and reference give the same bits and routes.
template <class T>
void fast_matches_reference_on_nan_and_zeros() {
  hana::for_each(sweep, [&](auto config) {
    using L = typename decltype(config)::type;
    const auto z = special<typename L::template input_of<T>>(26);
    const auto g = ctnn::numpy::RandomState{27}
                       .randn<T, L::input::extents[0], L::input::extents[1], L::H_out, L::W_out>();
    BOOST_TEST_CONTEXT("z " << shape_of(z) << " with NaNs and signed zeros") {
      BOOST_TEST(same_bits(forward<fast, true, L>(z), forward<reference, true, L>(z)));
      BOOST_TEST(same_bits(backward<fast, true, L>(g, z), backward<reference, true, L>(g, z)));
    }
  });
}

BOOST_AUTO_TEST_CASE(fast_matches_reference_on_nan_and_zeros_double) {
  fast_matches_reference_on_nan_and_zeros<double>();
}
BOOST_AUTO_TEST_CASE(fast_matches_reference_on_nan_and_zeros_float) {
  fast_matches_reference_on_nan_and_zeros<float>();
}

BOOST_AUTO_TEST_CASE(fast_matches_reference_double) { fast_matches_reference<double>(1e-13); }
BOOST_AUTO_TEST_CASE(fast_matches_reference_float) { fast_matches_reference<float>(1e-5); }

BOOST_AUTO_TEST_CASE(fast_global_matches_reference) {
  const auto z = tied<ctnn::Tensor<float, 3, 4, 5, 6>>(15);
  const auto g = ctnn::numpy::RandomState{16}.randn<float, 3, 4>();
  BOOST_TEST((ctnn::global_max_pooling_forward<fast>(z) == ctnn::global_max_pooling_forward(z)));
  BOOST_TEST(
      (ctnn::global_max_pooling_backward<fast>(g, z) == ctnn::global_max_pooling_backward(g, z)));
  BOOST_TEST((ctnn::global_avg_pooling_forward<fast>(z) == ctnn::global_avg_pooling_forward(z)));
  BOOST_TEST(
      (ctnn::global_avg_pooling_backward<fast>(g, z) == ctnn::global_avg_pooling_backward(g, z)));
}

// Golden values from tests/data/make_pool2d_golden.py (numpy, loops of its own: -inf padding for
// max, zero padding counted for avg). Both backends, to 1e-12 relative (sums of at most 9 terms).
template <class Backend>
void golden_case(const std::string& name, const auto& all, auto layer_type) {
  using L = typename decltype(layer_type)::type;
  constexpr std::size_t N = L::input::extents[0], C = L::input::extents[1],
                        H = L::input::extents[2], W = L::input::extents[3];
  const auto z = ctnn_test::fixture_tensor<double, N, C, H, W>(all, name + ".z");
  const auto g = ctnn_test::fixture_tensor<double, N, C, L::H_out, L::W_out>(all, name + ".g");
  BOOST_TEST_CONTEXT(name) {
    const auto max_out =
        ctnn_test::fixture_tensor<double, N, C, L::H_out, L::W_out>(all, name + ".max_out");
    const auto avg_out =
        ctnn_test::fixture_tensor<double, N, C, L::H_out, L::W_out>(all, name + ".avg_out");
    const auto max_dz = ctnn_test::fixture_tensor<double, N, C, H, W>(all, name + ".max_dz");
    const auto avg_dz = ctnn_test::fixture_tensor<double, N, C, H, W>(all, name + ".avg_dz");
    BOOST_TEST(ctnn_test::max_relative_error(forward<Backend, true, L>(z), max_out) < 1e-12);
    BOOST_TEST(ctnn_test::max_relative_error(forward<Backend, false, L>(z), avg_out) < 1e-12);
    BOOST_TEST(ctnn_test::max_relative_error(backward<Backend, true, L>(g, z), max_dz) < 1e-12);
    BOOST_TEST(ctnn_test::max_relative_error(backward<Backend, false, L>(g, z), avg_dz) < 1e-12);
  }
}

BOOST_AUTO_TEST_CASE(golden_values) {
  const auto all = ctnn_test::read_fixtures(CTNN_TEST_DATA_DIR "/golden_pool2d.txt");
  const auto cases = hana::make_tuple(
      std::pair{"lenet", hana::type_c<layer<2, 3, 6, 6, 2, 2, 0, 0, 2, 2, false>>},
      std::pair{"overlap", hana::type_c<layer<1, 2, 5, 5, 3, 3, 0, 0, 1, 1, false>>},
      std::pair{"padded", hana::type_c<layer<2, 2, 7, 7, 3, 3, 1, 1, 2, 2, false>>},
      std::pair{"negative_padded", hana::type_c<layer<1, 2, 4, 4, 2, 2, 1, 1, 2, 2, false>>},
      std::pair{"floor", hana::type_c<layer<1, 3, 8, 9, 3, 3, 1, 1, 2, 2, true>>},
      std::pair{"asymmetric", hana::type_c<layer<2, 1, 6, 7, 3, 2, 1, 1, 2, 3, true>>},
      std::pair{"ties", hana::type_c<layer<1, 2, 6, 6, 3, 3, 1, 1, 1, 1, false>>});
  hana::for_each(cases, [&](const auto& c) {
    golden_case<reference>(c.first, all, c.second);
    golden_case<fast>(c.first, all, c.second);
  });
  const auto z = ctnn_test::fixture_tensor<double, 2, 3, 4, 5>(all, "global.z");
  const auto g = ctnn_test::fixture_tensor<double, 2, 3>(all, "global.g");
  const auto check = [&](const auto& got, const char* name) {
    using X = std::remove_cvref_t<decltype(got)>;
    const auto want = [&] {
      if constexpr (X::rank == 2)
        return ctnn_test::fixture_tensor<double, 2, 3>(all, name);
      else
        return ctnn_test::fixture_tensor<double, 2, 3, 4, 5>(all, name);
    }();
    BOOST_TEST_CONTEXT(name) { BOOST_TEST(ctnn_test::max_relative_error(got, want) < 1e-12); }
  };
  check(ctnn::global_max_pooling_forward(z), "global.max_out");
  check(ctnn::global_avg_pooling_forward(z), "global.avg_out");
  check(ctnn::global_max_pooling_backward(g, z), "global.max_dz");
  check(ctnn::global_avg_pooling_backward(g, z), "global.avg_dz");
}

// Convention: the padding never wins a max window (PyTorch's -inf), where the series pads with 0.
// On an all-negative input every output is an input value, not 0, and every gradient reaches z.
BOOST_AUTO_TEST_CASE(convention_padding_never_wins) {
  ctnn::Tensor<double, 1, 1, 4, 4> z;
  for (std::size_t i = 0; i < z.size; ++i) z.data()[i] = -1.0 - static_cast<double>(i);
  const auto g = ctnn::Tensor<double, 1, 1, 3, 3>::full(1.0);
  hana::for_each(hana::make_tuple(reference{}, fast{}), [&](auto backend) {
    using B = decltype(backend);
    const auto out = ctnn::max_pooling_forward<B>(z, ctnn::pooling<2, 2>, ctnn::padding<1, 1>,
                                                  ctnn::strides<2, 2>);
    // The corner window (-1, -1)..(0, 0) holds padding and z(0, 0) = -1 only: -1, not 0.
    BOOST_TEST(out(0, 0, 0, 0) == -1.0);
    BOOST_TEST(out(0, 0, 2, 2) == -16.0);  // the opposite corner: z(3, 3)
    BOOST_TEST(*std::max_element(out.begin(), out.end()) < 0.0);
    const auto dz = ctnn::max_pooling_backward<B>(g, z, ctnn::pooling<2, 2>, ctnn::strides<2, 2>,
                                                  ctnn::padding<1, 1>);
    BOOST_TEST(ctnn::sum(dz) == 9.0);  // all nine gradients reach z (the series loses 8)
  });
}

// Convention: among equal maxima the first in row-major window order wins (np.argmax).
BOOST_AUTO_TEST_CASE(convention_ties_go_to_the_first_maximum) {
  // In the window [[0, 5], [5, 0]] the 5 at (0, 1) comes first in row-major order; a column-first
  // scan would pick (1, 0).
  const ctnn::Tensor<double, 1, 1, 2, 2> z{0, 5, 5, 0};
  const ctnn::Tensor<double, 1, 1, 1, 1> g{1};
  hana::for_each(hana::make_tuple(reference{}, fast{}), [&](auto backend) {
    using B = decltype(backend);
    const auto dz = ctnn::max_pooling_backward<B>(g, z, ctnn::pooling<2, 2>, ctnn::strides<2, 2>,
                                                  ctnn::padding<0, 0>);
    BOOST_TEST((dz == ctnn::Tensor<double, 1, 1, 2, 2>{0, 1, 0, 0}));
    // A constant input: every window's gradient goes to its top-left cell.
    const auto flat = ctnn::Tensor<double, 1, 1, 4, 4>::full(3.0);
    const auto g4 = ctnn::Tensor<double, 1, 1, 2, 2>{1, 2, 3, 4};
    const auto d = ctnn::max_pooling_backward<B>(g4, flat, ctnn::pooling<2, 2>, ctnn::strides<2, 2>,
                                                 ctnn::padding<0, 0>);
    BOOST_TEST(
        (d == ctnn::Tensor<double, 1, 1, 4, 4>{1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0}));
    const auto gd = ctnn::global_max_pooling_backward<B>(ctnn::Tensor<double, 1, 1>{7}, flat);
    BOOST_TEST(gd(0, 0, 0, 0) == 7.0);
    BOOST_TEST(ctnn::sum(gd) == 7.0);
  });
}

// Convention: NaN propagates through max pooling (np.max, PyTorch): the first NaN in row-major
// window order wins its window, wherever it is, and receives the gradient.
BOOST_AUTO_TEST_CASE(convention_nan_propagates) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // [[1, NaN], [1, 5]]: the NaN is neither first in the window nor at the top of the first column
  const ctnn::Tensor<double, 1, 1, 2, 2> z{1, nan, 1, 5};
  const ctnn::Tensor<double, 1, 1, 1, 1> g{1};
  // In [[1, 2, 3], [4, 5, NaN], [NaN, 7, 8]] the NaN at (1, 2) comes first in row-major order,
  // the one at (2, 0) in column-major order.
  const ctnn::Tensor<double, 1, 1, 3, 3> z3{1, 2, 3, 4, 5, nan, nan, 7, 8};
  // global: NaNs at (0, 3) and (1, 0) of a 2 x 4 channel, numbers before, between and after
  const ctnn::Tensor<double, 1, 2, 2, 4> zg{1, 2, 3, nan, nan, 9, 9, 9, 1, 2, 3, 4, 5, 6, 7, 8};
  hana::for_each(hana::make_tuple(reference{}, fast{}), [&](auto backend) {
    using B = decltype(backend);
    BOOST_TEST(std::isnan(ctnn::max_pooling_forward<B>(z, ctnn::pooling<2, 2>)(0, 0, 0, 0)));
    const auto dz = ctnn::max_pooling_backward<B>(g, z, ctnn::pooling<2, 2>, ctnn::strides<2, 2>,
                                                  ctnn::padding<0, 0>);
    BOOST_TEST((dz == ctnn::Tensor<double, 1, 1, 2, 2>{0, 1, 0, 0}));
    BOOST_TEST(std::isnan(ctnn::max_pooling_forward<B>(z3, ctnn::pooling<3, 3>)(0, 0, 0, 0)));
    const auto d3 = ctnn::max_pooling_backward<B>(g, z3, ctnn::pooling<3, 3>, ctnn::strides<3, 3>,
                                                  ctnn::padding<0, 0>);
    BOOST_TEST((d3 == ctnn::Tensor<double, 1, 1, 3, 3>{0, 0, 0, 0, 0, 1, 0, 0, 0}));
    const auto out = ctnn::global_max_pooling_forward<B>(zg);
    BOOST_TEST(std::isnan(out(0, 0)));
    BOOST_TEST(out(0, 1) == 8.0);
    const auto dg = ctnn::global_max_pooling_backward<B>(ctnn::Tensor<double, 1, 2>{1, 2}, zg);
    BOOST_TEST((dg == ctnn::Tensor<double, 1, 2, 2, 4>{0, 0, 0, 1, 0, 0, 0, 0,  //
                                                       0, 0, 0, 0, 0, 0, 0, 2}));
  });
}

// Convention: among +0 and -0 the first in row-major order wins, the same bits on both backends.
BOOST_AUTO_TEST_CASE(convention_signed_zeros_first_in_row_major_order) {
  // [[-1, +0], [-0, -1]] gives +0 and [[-1, -0], [+0, -1]] gives -0; column-first would swap them.
  const ctnn::Tensor<double, 1, 2, 2, 2> z{-1, 0.0, -0.0, -1, -1, -0.0, 0.0, -1};
  const ctnn::Tensor<double, 1, 2, 1, 1> g{1, 2};
  hana::for_each(hana::make_tuple(reference{}, fast{}), [&](auto backend) {
    using B = decltype(backend);
    const auto out = ctnn::max_pooling_forward<B>(z, ctnn::pooling<2, 2>);
    BOOST_TEST(out(0, 0, 0, 0) == 0.0);
    BOOST_TEST(!std::signbit(out(0, 0, 0, 0)));
    BOOST_TEST(std::signbit(out(0, 1, 0, 0)));
    const auto dz = ctnn::max_pooling_backward<B>(g, z, ctnn::pooling<2, 2>, ctnn::strides<2, 2>,
                                                  ctnn::padding<0, 0>);
    BOOST_TEST((dz == ctnn::Tensor<double, 1, 2, 2, 2>{0, 1, 0, 0, 0, 2, 0, 0}));
    const auto global = ctnn::global_max_pooling_forward<B>(z);
    BOOST_TEST(!std::signbit(global(0, 0)));
    BOOST_TEST(std::signbit(global(0, 1)));
  });
  BOOST_TEST(same_bits(ctnn::max_pooling_forward<fast>(z, ctnn::pooling<2, 2>),
                       ctnn::max_pooling_forward<reference>(z, ctnn::pooling<2, 2>)));
}

// Convention: average pooling divides by k1 k2, the padding included (count_include_pad).
BOOST_AUTO_TEST_CASE(convention_average_counts_the_padding) {
  const auto ones = ctnn::Tensor<double, 1, 1, 3, 3>::full(1.0);
  hana::for_each(hana::make_tuple(reference{}, fast{}), [&](auto backend) {
    using B = decltype(backend);
    const auto out = ctnn::avg_pooling_forward<B>(ones, ctnn::pooling<3, 3>, ctnn::padding<1, 1>,
                                                  ctnn::strides<1, 1>);
    // corner: 4 of 9 cells are input, edge: 6 of 9, centre: 9 of 9
    BOOST_TEST(out(0, 0, 0, 0) == 4.0 / 9.0, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(out(0, 0, 0, 1) == 6.0 / 9.0, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(out(0, 0, 1, 1) == 1.0, boost::test_tools::tolerance(1e-15));
  });
}

// Convention: the element type is kept (the series' loops return float32 whatever they get).
static_assert(
    std::is_same_v<decltype(ctnn::max_pooling_forward(
                       std::declval<ctnn::Tensor<double, 1, 1, 4, 4>>(), ctnn::pooling<2, 2>)),
                   ctnn::Tensor<double, 1, 1, 2, 2>>);
static_assert(
    std::is_same_v<decltype(ctnn::avg_pooling_forward<fast>(
                       std::declval<ctnn::Tensor<float, 1, 1, 4, 4>>(), ctnn::pooling<2, 2>)),
                   ctnn::Tensor<float, 1, 1, 2, 2>>);
static_assert(std::is_same_v<decltype(ctnn::global_avg_pooling_forward(
                                 std::declval<ctnn::Tensor<double, 2, 3, 4, 4>>())),
                             ctnn::Tensor<double, 2, 3>>);

// Overlapping windows (S < k) add their gradients up, in both passes.
BOOST_AUTO_TEST_CASE(convention_overlapping_windows_accumulate) {
  // 3 x 3 input whose centre is the largest: with a 2 x 2 window and stride 1 it wins all four.
  const ctnn::Tensor<double, 1, 1, 3, 3> z{1, 2, 3, 4, 9, 5, 6, 7, 8};
  const ctnn::Tensor<double, 1, 1, 2, 2> g{1, 10, 100, 1000};
  hana::for_each(hana::make_tuple(reference{}, fast{}), [&](auto backend) {
    using B = decltype(backend);
    const auto dz = ctnn::max_pooling_backward<B>(g, z, ctnn::pooling<2, 2>, ctnn::strides<1, 1>,
                                                  ctnn::padding<0, 0>);
    BOOST_TEST((dz == ctnn::Tensor<double, 1, 1, 3, 3>{0, 0, 0, 0, 1111, 0, 0, 0, 0}));
    const auto da = ctnn::avg_pooling_backward<B>(g, z, ctnn::pooling<2, 2>, ctnn::strides<1, 1>,
                                                  ctnn::padding<0, 0>);
    // the centre is in all four windows, a corner in one, an edge in two: shares of 1/4
    const ctnn::Tensor<double, 1, 1, 3, 3> want{0.25,  2.75, 2.5, 25.25, 277.75,
                                                252.5, 25,   275, 250};
    BOOST_TEST(ctnn_test::max_relative_error(da, want) < 1e-15);
  });
}

// floor_strides: output floor((H + 2P - k)/S) + 1, and what no window reads gets zero gradient.
BOOST_AUTO_TEST_CASE(floor_strides_leave_rows_unread) {
  const auto z = distinct<ctnn::Tensor<double, 1, 1, 5, 5>>(17);
  const auto g = ctnn::Tensor<double, 1, 1, 2, 2>::full(1.0);
  hana::for_each(hana::make_tuple(reference{}, fast{}), [&](auto backend) {
    using B = decltype(backend);
    const auto out =
        ctnn::max_pooling_forward<B>(z, ctnn::pooling<2, 2>, ctnn::floor_strides<2, 2>);
    static_assert(
        std::is_same_v<std::remove_cvref_t<decltype(out)>, ctnn::Tensor<double, 1, 1, 2, 2>>);
    const auto dm = ctnn::max_pooling_backward<B>(g, z, ctnn::pooling<2, 2>,
                                                  ctnn::floor_strides<2, 2>, ctnn::padding<0, 0>);
    const auto da = ctnn::avg_pooling_backward<B>(g, z, ctnn::pooling<2, 2>,
                                                  ctnn::floor_strides<2, 2>, ctnn::padding<0, 0>);
    for (std::size_t k = 0; k < 5; ++k) {
      BOOST_TEST(dm(0, 0, 4, k) == 0.0);  // row 4 and column 4 are never read
      BOOST_TEST(dm(0, 0, k, 4) == 0.0);
      BOOST_TEST(da(0, 0, 4, k) == 0.0);
      BOOST_TEST(da(0, 0, k, 4) == 0.0);
    }
    BOOST_TEST(ctnn::sum(dm) == 4.0);
    BOOST_TEST(ctnn::sum(da) == 4.0, boost::test_tools::tolerance(1e-15));
  });
}

// The strides default to the window in a forward call (the series' 2 x 2 / stride 2).
BOOST_AUTO_TEST_CASE(strides_default_to_the_window) {
  const auto z = ctnn::numpy::RandomState{18}.randn<double, 2, 3, 6, 9>();
  BOOST_TEST((
      ctnn::max_pooling_forward(z, ctnn::pooling<2, 3>) ==
      ctnn::max_pooling_forward(z, ctnn::pooling<2, 3>, ctnn::strides<2, 3>, ctnn::padding<0, 0>)));
  BOOST_TEST((ctnn::avg_pooling_forward<fast>(z, ctnn::pooling<3, 3>, ctnn::padding<0, 0>) ==
              ctnn::avg_pooling_forward<fast>(z, ctnn::pooling<3, 3>, ctnn::strides<3, 3>)));
}

// The inputs and outputs for tests/tools/series_pool2d.py, which runs the series' own functions
// on them. cases.txt lists each case: name k1 k2 s1 s2 p1 p2.
BOOST_AUTO_TEST_CASE(write_for_the_series) {
  const std::filesystem::path dir = CTNN_TEST_OUTPUT_DIR;
  std::filesystem::create_directories(dir);
  std::ofstream cases(dir / "cases.txt");
  const auto write = [&](const std::string& name, auto layer_type, const auto& z) {
    using L = typename decltype(layer_type)::type;
    const auto g =
        ctnn::numpy::RandomState{19}
            .randn<double, L::input::extents[0], L::input::extents[1], L::H_out, L::W_out>();
    const auto path = [&](const char* what) {
      return (dir / (name + "_" + what + ".npy")).string();
    };
    ctnn::io::save_npy(path("z"), z);
    ctnn::io::save_npy(path("g"), g);
    ctnn::io::save_npy(path("max_out"), forward<reference, true, L>(z));
    ctnn::io::save_npy(path("avg_out"), forward<reference, false, L>(z));
    ctnn::io::save_npy(path("max_dz"), backward<reference, true, L>(g, z));
    ctnn::io::save_npy(path("avg_dz"), backward<reference, false, L>(g, z));
    cases << name << ' ' << L::window.rows << ' ' << L::window.cols << ' ' << L::strides.rows << ' '
          << L::strides.cols << ' ' << L::padding.rows << ' ' << L::padding.cols << '\n';
  };
  using lenet = layer<2, 3, 8, 8, 2, 2, 0, 0, 2, 2, false>;
  using padded = layer<2, 2, 7, 7, 3, 3, 1, 1, 2, 2, false>;
  using floor = layer<1, 2, 7, 6, 2, 2, 0, 0, 2, 2, true>;
  using overlap = layer<1, 2, 5, 5, 3, 3, 0, 0, 1, 1, false>;
  write("lenet", hana::type_c<lenet>, ctnn::numpy::RandomState{20}.randn<double, 2, 3, 8, 8>());
  auto positive = ctnn::numpy::RandomState{21}.randn<double, 2, 2, 7, 7>();
  for (auto& x : positive) x = std::abs(x) + 0.5;  // the series' zero padding cannot win here
  write("padded_positive", hana::type_c<padded>, positive);
  write("padded_negative", hana::type_c<padded>, -positive);  // here it does
  write("floor", hana::type_c<floor>, ctnn::numpy::RandomState{22}.randn<double, 1, 2, 7, 6>());
  write("ties", hana::type_c<overlap>, tied<ctnn::Tensor<double, 1, 2, 5, 5>>(23));
  const auto z = ctnn::numpy::RandomState{24}.randn<double, 2, 3, 4, 5>();
  const auto g = ctnn::numpy::RandomState{25}.randn<double, 2, 3>();
  ctnn::io::save_npy((dir / "global_z.npy").string(), z);
  ctnn::io::save_npy((dir / "global_g.npy").string(), g);
  ctnn::io::save_npy((dir / "global_max_out.npy").string(), ctnn::global_max_pooling_forward(z));
  ctnn::io::save_npy((dir / "global_avg_out.npy").string(), ctnn::global_avg_pooling_forward(z));
  ctnn::io::save_npy((dir / "global_max_dz.npy").string(), ctnn::global_max_pooling_backward(g, z));
  ctnn::io::save_npy((dir / "global_avg_dz.npy").string(), ctnn::global_avg_pooling_backward(g, z));
  BOOST_TEST(cases.good());
}

// The docs' reading of eq. (8): input row m is read by the outputs i with
// ceil((m - k + 1)/S) <= i <= floor(m/S) (and 0 <= i < H'); the post's floor for the lower bound
// would also count i = 0 for m = 3, k = 3, S = 2, whose window covers rows 0..2 only.
BOOST_AUTO_TEST_CASE(eq8_lower_bound_rounds_up) {
  constexpr std::size_t H = 7, k = 3, S = 2, Ho = (H - k) / S + 1;  // 3 outputs per axis
  const auto z = ctnn::Tensor<double, 1, 1, H, 1>{};
  for (std::size_t i = 0; i < Ho; ++i) {
    ctnn::Tensor<double, 1, 1, Ho, 1> g;
    g(0, 0, i, 0) = 1.0;  // output i alone
    const auto dz = ctnn::avg_pooling_backward(g, z, ctnn::pooling<k, 1>, ctnn::strides<S, 1>,
                                               ctnn::padding<0, 0>);
    for (std::size_t m = 0; m < H; ++m) {
      const auto lo = static_cast<long>(m) - static_cast<long>(k) + 1;
      const long ceil_lo = lo <= 0 ? 0 : (lo + static_cast<long>(S) - 1) / static_cast<long>(S);
      const bool reads = static_cast<long>(i) >= ceil_lo && i <= m / S;
      BOOST_TEST((dz(0, 0, m, 0) != 0.0) == reads, "output " << i << ", row " << m);
    }
  }
  // the floor bound: floor((3 - 3 + 1)/2) = 0, yet output 0 does not read row 3
  const ctnn::Tensor<double, 1, 1, Ho, 1> first{1, 0, 0};
  const auto dz = ctnn::avg_pooling_backward(first, z, ctnn::pooling<k, 1>, ctnn::strides<S, 1>,
                                             ctnn::padding<0, 0>);
  BOOST_TEST(dz(0, 0, 3, 0) == 0.0);
}

// max_forward_winners and max_backward_winners (the pair nn::max_pool2d runs on the fast backend:
// the backward routes to the winners the forward kept) == the reference, bit for bit: on random
// values, on ties, and on signed zeros with NaNs, over the sweep (padding, overlapping and gapped
// windows, floor strides), every output pre-filled with NaN (and the winners with a cell no
// channel has) so that an element the kernels forgot shows. And == the fast max_backward, which
// searches again (nn::max_pool2d's path when z is not the forward's): the same winners.
template <class T>
void winners_match_reference() {
  namespace k = ctnn::detail::pool2d;
  hana::for_each(sweep, [&](auto config) {
    using L = typename decltype(config)::type;
    using Z = typename L::template input_of<T>;
    using Out = typename L::template output_of<T>;
    constexpr std::size_t N = Z::extents[0], C = Z::extents[1];
    const auto g = ctnn::numpy::RandomState{15}.randn<T, N, C, L::H_out, L::W_out>();
    const Z inputs[] = {ctnn::numpy::RandomState{16}.randn<T, N, C, Z::extents[2], Z::extents[3]>(),
                        tied<Z>(17), special<Z>(18)};
    for (const Z& z : inputs) {
      auto out = ctnn_test::laws::nan_filled<Out>();
      ctnn::Tensor<std::uint32_t, N, C, L::H_out, L::W_out> winners;
      for (auto& w : winners) w = 0xffffffffu;
      auto dz = ctnn_test::laws::nan_filled<Z>(), searched = ctnn_test::laws::nan_filled<Z>();
      k::max_forward_winners(fast{}, z, out, winners, typename L::frame{});
      k::max_backward_winners(fast{}, g, winners, dz, typename L::frame{});
      k::max_backward(fast{}, g, z, searched, typename L::frame{});
      Out want_out;
      Z want_dz;
      k::max_forward(reference{}, z, want_out, typename L::frame{});
      k::max_backward(reference{}, g, z, want_dz, typename L::frame{});
      BOOST_TEST_CONTEXT("z " << shape_of(z)) {
        BOOST_TEST(same_bits(out, want_out));
        BOOST_TEST(same_bits(dz, want_dz));
        BOOST_TEST(same_bits(searched, dz));
        BOOST_TEST(std::none_of(winners.begin(), winners.end(), [](std::uint32_t w) {
          return w >= Z::extents[2] * Z::extents[3];
        }));
      }
    }
  });
}

BOOST_AUTO_TEST_CASE(winners_match_reference_double) { winners_match_reference<double>(); }
BOOST_AUTO_TEST_CASE(winners_match_reference_float) { winners_match_reference<float>(); }
