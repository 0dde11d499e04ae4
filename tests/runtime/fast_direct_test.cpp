// ctnn::fast's direct paths and products, layer by layer: every edge of the direct tiles (the
// remainders of rows, channels and taps, channel blocks, row chunks) and every product form,
// each checked at compile time to take the path it is here for.
#define BOOST_TEST_MODULE fast_direct
#include <boost/test/unit_test.hpp>
#include <ctnn/fast.hpp>
#include <ctnn/numpy_random.hpp>
#include <ctnn/ops/fc/fc.hpp>

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <utility>

#include "fast_compare.hpp"
#include "sweep.hpp"

namespace {

// Layers that ctnn::fast computes with its direct paths: at most 64 channels, stride 1 along the
// rows, rows at least one vector long. The input gradient goes direct too when the cost formula
// picks the gather form and C <= 64 (which depends on the vector width, see the test below).
template <class T, std::size_t N, std::size_t C, std::size_t D, std::size_t H, std::size_t W,
          std::size_t K1, std::size_t K2, std::size_t P1, std::size_t P2, std::size_t S1>
using direct_layer = ctnn_test::layer<N, C, D, H, W, K1, K2, P1, P2, S1, 1>;

template <class T, std::size_t N, std::size_t C, std::size_t D, std::size_t H, std::size_t W,
          std::size_t K1, std::size_t K2, std::size_t P1, std::size_t P2, std::size_t S1>
double direct_difference() {
  using L = direct_layer<T, N, C, D, H, W, K1, K2, P1, P2, S1>;
  constexpr std::size_t image_bytes = C * (H + 2 * P1) * (W + 2 * P2) * sizeof(T);
  // row by row, or (use_flat_direct: where that costs less) each plane read as one row, the
  // same tiles on rows of another length; with a row stride of 2, row by row
  static_assert(ctnn::detail::conv2d::use_direct<T>(D, 1, L::W_out) ||
                    ctnn::detail::conv2d::use_flat_direct<T>(D, C * K1 * K2, S1, 1, L::H_out,
                                                             L::W_out, W + 2 * P2, image_bytes),
                "forward and kernel gradient: direct");
  return ctnn_test::worst_difference<T, L>();
}

// A layer whose forward pass and kernel gradient read each plane as one row (use_flat), and
// whose input gradient does too when `flat_dz`.
template <class T, std::size_t N, std::size_t C, std::size_t D, std::size_t H, std::size_t W,
          std::size_t K, std::size_t P, bool flat_dz>
double flat_difference() {
  namespace detail = ctnn::detail::conv2d;
  using L = direct_layer<T, N, C, D, H, W, K, K, P, P, 1>;
  static_assert(detail::use_flat_direct<T>(D, C * K * K, 1, 1, L::H_out, L::W_out, W + 2 * P,
                                           C * (H + 2 * P) * (W + 2 * P) * sizeof(T)));
  constexpr std::size_t Hq = H + 2 * P + K - 1, Wq = W + 2 * P + K - 1;  // the spread gradient
  static_assert(flat_dz == (detail::dz_by_gather<T>(N, C, D, H, W, K, K, L::H_out, L::W_out) &&
                            detail::use_flat_direct<T>(C, D * K * K, 1, 1, H, W, Wq,
                                                       D * Hq * Wq * sizeof(T))));
  return ctnn_test::worst_difference<T, L>();
}

template <class T, std::size_t N, std::size_t C, std::size_t D, std::size_t H, std::size_t W,
          std::size_t K1, std::size_t K2, std::size_t P1, std::size_t P2, std::size_t S1>
constexpr bool input_gradient_is_direct() {
  using L = direct_layer<T, N, C, D, H, W, K1, K2, P1, P2, S1>;
  return ctnn::detail::conv2d::dz_by_gather<T>(N, C, D, H, W, K1, K2, L::H_out, L::W_out) &&
         ctnn::detail::conv2d::use_direct<T>(C, 1, W);
}

// Whether the layer of 48 planes of 18 x (V + 2) below flattens in its kernel gradient alone.
template <class T>
constexpr bool kernel_gradient_alone() {
  namespace detail = ctnn::detail::conv2d;
  constexpr std::size_t V = ctnn::simd::blocking<T>::V, image_bytes = 48 * 20 * (V + 4) * sizeof(T);
  return !detail::use_flat_direct<T>(5, 48 * 9, 1, 1, 18, V + 2, V + 4, image_bytes) &&
         detail::use_flat<T>(5, 48 * 9, 1, 1, 18, V + 2, V + 4);
}

// Whether two threads give exactly one thread's out, db and dz on one layer, and dK within
// `dK_tolerance` (relative: there it is the sum of the two halves' sums).
template <class T, class L>
bool two_threads_give_one_threads_numbers(double dK_tolerance) {
  const typename L::template operands<T> o(5);
  const auto run = [&](std::size_t count) {
    const ctnn::fast::threads scope(count);
    return std::pair{ctnn::fast::conv_forward(o.z, o.K, o.b, L::padding, L::strides),
                     ctnn::fast::conv_backward(o.g, o.K, o.z, L::padding, L::strides)};
  };
  const auto [out1, g1] = run(1);
  const auto [out2, g2] = run(2);
  return out1 == out2 && g1.db == g2.db && g1.dz == g2.dz &&
         ctnn_test::max_relative_error(g2.dK, g1.dK) < dK_tolerance;
}

// The fully connected layer's fast kernels are the same matrix product (its tile rows MR: 4, or
// 8 with AVX-512): the worst difference from the reference over forward and the three
// gradients of a batch of N rows of I inputs to O outputs, relative to the largest value.
template <class T, std::size_t N, std::size_t I, std::size_t O>
double fc_difference() {
  ctnn::numpy::RandomState rng(7);
  const auto z = rng.randn<T, N, I>();
  const auto W = rng.randn<T, I, O>();
  const auto b = rng.randn<T, O>();
  const auto dy = rng.randn<T, N, O>();
  double worst = 0;
  const auto compare = [&](const auto& fast, const auto& reference) {
    double largest = 0, difference = 0;
    for (std::size_t i = 0; i < reference.size; ++i) {
      largest = std::max(largest, std::abs(double(reference.data()[i])));
      difference =
          std::max(difference, std::abs(double(fast.data()[i]) - double(reference.data()[i])));
    }
    worst = std::max(worst, difference / largest);
  };
  compare(ctnn::fc_forward<ctnn::backend::fast>(z, W, b), ctnn::fc_forward(z, W, b));
  const auto fast = ctnn::fc_backward<ctnn::backend::fast>(dy, W, z);
  const auto reference = ctnn::fc_backward(dy, W, z);
  compare(fast.dW, reference.dW);
  compare(fast.db, reference.db);
  compare(fast.dz, reference.dz);
  return worst;
}

}  // namespace

// V doubles or floats to a vector: 2 and 4 with SSE2, 4 and 8 with AVX2, 8 and 16 with AVX-512.
// The layers below are written in terms of V, so that every width meets the same edges.
constexpr std::size_t Vd = ctnn::simd::blocking<double>::V;
constexpr std::size_t Vf = ctnn::simd::blocking<float>::V;

// simd::cut: as few pieces of at most `widest` as can be, as equal as can be, larger first.
constexpr bool same(ctnn::simd::pieces p, std::size_t count, std::size_t smaller,
                    std::size_t larger) {
  return p.count == count && p.smaller == smaller && p.larger == larger;
}
static_assert(same(ctnn::simd::cut(4, 3), 2, 2, 0) && same(ctnn::simd::cut(4, 4), 1, 4, 0) &&
              same(ctnn::simd::cut(7, 4), 2, 3, 1) && same(ctnn::simd::cut(7, 3), 3, 2, 1) &&
              same(ctnn::simd::cut(1, 3), 1, 1, 0) && same(ctnn::simd::cut(9, 4), 3, 3, 0));

BOOST_AUTO_TEST_CASE(every_edge_of_the_direct_tiles) {
  // The direct tiles are 4 channels x up to direct_tile_vectors vectors (forward, input
  // gradient: 3, or 4 with AVX-512's 32 registers) and up to kernel_gradient_channels channels
  // (3 or 4) x 4 taps (kernel gradient). Rows and channels are cut evenly (simd::cut: 4 vectors
  // are 2 + 2 with 16 registers, one tile with 32); what is left at the edges is a narrower tile,
  // and a row's last vector is moved back to end the row, overlapping the one before. These
  // layers leave every remainder at both register counts: output rows of V, V + 3, 3V + 1,
  // 3V + 3, 3V + 5, V + 4, 26 (the original), 5V - 1 (3 + 2 vectors), 7V (4 + 3 or 3 + 2 + 2) and
  // 8V + 1 (3 + 3 + 3); D % 4 and D % 3 of 0, 1, 2 and 3, D cut into 2 + 2, 4, 3 + 2, 4 + 3,
  // 3 + 2 + 2, 4 + 4, 3 + 3 + 2 and 3 + 3 + 3 channels; C k1 k2 % 4 of 0, 1, 2 and 3. Where it
  // costs less, a layer of stride 1 reads each plane as one row (use_flat: some of these
  // layers at some widths, the same tiles on longer rows); the layers of row stride 2 (V + 3,
  // 3V + 5, 5V - 1, 7V, 8V + 1) are read row by row at every width.
  const double worst_double = std::max(
      {direct_difference<double, 2, 3, 5, 6, Vd, 3, 3, 1, 1, 1>(),          //  V        1 2 3
       direct_difference<double, 1, 2, 7, 6, Vd + 3, 2, 3, 0, 1, 2>(),      //  V + 3    3 1 0
       direct_difference<double, 2, 4, 6, 4, 3 * Vd + 1, 3, 1, 1, 0, 1>(),  //  3V + 1   2 0 0
       direct_difference<double, 1, 5, 8, 3, 26, 1, 1, 0, 0, 1>(),          //  26       0 2 1
       direct_difference<double, 3, 3, 4, 28, 28, 3, 3, 0, 0, 1>(),         //  26       0 1 3
       direct_difference<double, 1, 2, 9, 3, 5 * Vd - 1, 3, 3, 1, 1, 2>(),  //  5V - 1   1 0 2
       direct_difference<double, 1, 3, 7, 3, 7 * Vd, 3, 3, 1, 1, 2>()});    //  7V       3 1 3
  const double worst_float = std::max(
      {direct_difference<float, 2, 3, 5, 6, Vf, 3, 3, 1, 1, 1>(),            //  V        1 2 3
       direct_difference<float, 1, 2, 3, 5, 3 * Vf + 3, 2, 3, 0, 1, 1>(),    //  3V + 3   3 0 0
       direct_difference<float, 1, 4, 6, 5, 3 * Vf + 6, 3, 2, 1, 0, 2>(),    //  3V + 5   2 0 0
       direct_difference<float, 1, 2, 2, 3, Vf + 4, 1, 3, 0, 1, 1>(),        //  V + 4    2 2 2
       direct_difference<float, 2, 4, 6, 4, 3 * Vf + 1, 3, 1, 1, 0, 1>(),    //  3V + 1   2 0 0
       direct_difference<float, 1, 2, 8, 3, 8 * Vf + 1, 3, 3, 1, 1, 2>()});  //  8V + 1   0 2 2
  // More input channels than one block of direct's (its rows for one output row fill 16 KiB):
  // the later blocks add to what the first wrote, through a last vector that overlaps.
  static_assert(ctnn::detail::conv2d::channel_block<double, 24, 3, 65>() < 24 &&
                ctnn::detail::conv2d::channel_block<float, 24, 3, 65>() < 24);
  const double blocks_double = direct_difference<double, 1, 24, 5, 4, 63, 3, 3, 1, 1, 1>();
  const double blocks_float = direct_difference<float, 1, 24, 5, 4, 63, 3, 3, 1, 1, 1>();
  // Images taller than one chunk of the kernel gradient's (its rows read about 256 KiB): partial
  // sums carried from chunk to chunk, and from image to image.
  namespace detail = ctnn::detail::conv2d;
  static_assert(detail::kernel_gradient_chunk<double, 16, 5, 66, 40, 64, 1>() < 40 &&
                detail::kernel_gradient_chunk<float, 32, 2, 66, 40, 64, 1>() < 40);
  const double chunks_double = direct_difference<double, 2, 16, 5, 40, 64, 3, 3, 1, 1, 1>();
  const double chunks_float = direct_difference<float, 1, 32, 2, 40, 64, 3, 3, 1, 1, 1>();
  // Whatever the vector width, two layers of each type compute the input gradient directly too.
  static_assert(input_gradient_is_direct<double, 2, 3, 5, 6, Vd, 3, 3, 1, 1, 1>() &&
                input_gradient_is_direct<double, 2, 4, 6, 4, 3 * Vd + 1, 3, 1, 1, 0, 1>());
  static_assert(input_gradient_is_direct<float, 2, 3, 5, 6, Vf, 3, 3, 1, 1, 1>() &&
                input_gradient_is_direct<float, 1, 2, 2, 3, Vf + 4, 1, 3, 0, 1, 1>());
  BOOST_TEST_MESSAGE("direct paths: worst relative difference " << worst_double << " (double), "
                                                                << worst_float << " (float)");
  BOOST_TEST(worst_double < 1e-12);
  BOOST_TEST(worst_float < 1e-5);
  BOOST_TEST(blocks_double < 1e-12);
  BOOST_TEST(blocks_float < 1e-4);  // float rounding over sums of 216 products
  BOOST_TEST(chunks_double < 1e-12);
  // In float, the reference's sums of 2560 products are themselves 5e-5 away from double's.
  BOOST_TEST(chunks_float < 1e-3);
}

BOOST_AUTO_TEST_CASE(short_rows_read_as_flattened_planes) {
  // Rows shorter than a vector (V - 1, and 1), whose planes are read as one row each, at every
  // vector width: the columns between rows computed and dropped (forward, dz), delta given zeros
  // there (kernel gradient). Arguments: N, C, D, H, W, k, P, whether dz is flattened too.
  const double worst_double = std::max({flat_difference<double, 2, 4, 16, 5, Vd - 1, 3, 1, true>(),
                                        flat_difference<double, 3, 2, 5, 8, 3, 3, 0, false>()});
  const double worst_float = std::max({flat_difference<float, 2, 4, 16, 5, Vf - 1, 3, 1, true>(),
                                       flat_difference<float, 3, 2, 5, 8, 3, 3, 0, false>()});
  // LeNet's conv2 (rows of 10): flattened in float with AVX2 and AVX-512 (with vectors of 16 it
  // took the products before).
  static_assert(Vf < 8 || ctnn::detail::conv2d::use_flat_direct<float>(16, 150, 1, 1, 10, 10, 14,
                                                                       6 * 14 * 14 * 4));
  const double lenet2 =
      ctnn_test::worst_difference<float, direct_layer<float, 4, 6, 16, 14, 14, 5, 5, 0, 0, 1>>();
  // Rows of V + 2 whose planes would be flattened, but 48 of them do not fit in L1: the forward
  // pass and dz read rows, the kernel gradient flattens all the same (with vectors of 8 floats
  // and of 8 doubles; SSE2's, and AVX2's 4 doubles, read everything by rows).
  // The original experiment (27 taps per output, rows of 26) reads rows at every width: the lanes
  // a flattened plane saves do not pay for its copies (tutorial 7's item 9).
  static_assert(
      !ctnn::detail::conv2d::use_flat<double>(4, 27, 1, 1, 26, 26, 28) &&
      !ctnn::detail::conv2d::use_flat_direct<double>(3, 36, 1, 1, 28, 28, 30, 4 * 30 * 30 * 8));
  static_assert(Vf < 8 || kernel_gradient_alone<float>());
  static_assert(Vd < 8 || kernel_gradient_alone<double>());
  const double big_planes = std::max(
      ctnn_test::worst_difference<double,
                                  direct_layer<double, 2, 48, 5, 18, Vd + 2, 3, 3, 1, 1, 1>>(),
      ctnn_test::worst_difference<float,
                                  direct_layer<float, 2, 48, 5, 18, Vf + 2, 3, 3, 1, 1, 1>>());
  BOOST_TEST(worst_double < 1e-12);
  BOOST_TEST(worst_float < 1e-5);
  BOOST_TEST(lenet2 < 1e-4);      // float rounding over sums of 150 products, flattened or not
  BOOST_TEST(big_planes < 1e-4);  // float rounding over sums of 432 products
}

BOOST_AUTO_TEST_CASE(fully_connected_products) {
  // A batch no taller than a tile (B read in place), LeNet's first dense layer, and extents that
  // leave a remainder against every tile (rows of 4 and 8, columns of 3V, panels of 512).
  const double worst_double =
      std::max({fc_difference<double, 3, 7, 5>(), fc_difference<double, 64, 400, 120>(),
                fc_difference<double, 13, 600, 37>()});
  const double worst_float =
      std::max({fc_difference<float, 3, 7, 5>(), fc_difference<float, 64, 400, 120>(),
                fc_difference<float, 13, 600, 37>()});
  BOOST_TEST(worst_double < 1e-12);
  BOOST_TEST(worst_float < 1e-5);
}

BOOST_AUTO_TEST_CASE(two_threads_give_the_results_of_one) {
  // The batch split in two halves (1 + 2 images of 3, 2 + 2 of 4), direct and flattened paths,
  // forward, dK summed from the two halves, dz; a batch of one (not split).
  BOOST_TEST(ctnn::fast::threads::count() == 1u);
  double worst_double = 0, worst_float = 0, one_image = 0;
  {
    //! [threads]
    const ctnn::fast::threads two(2);  // this scope's fast convolutions: two threads
    //! [threads]
    BOOST_TEST(ctnn::fast::threads::count() == 2u);
    worst_double = std::max({direct_difference<double, 3, 3, 5, 6, 3 * Vd + 1, 3, 3, 1, 1, 1>(),
                             direct_difference<double, 4, 2, 7, 3, 7 * Vd, 3, 3, 1, 1, 2>(),
                             flat_difference<double, 3, 4, 16, 5, Vd - 1, 3, 1, true>()});
    worst_float = std::max({direct_difference<float, 3, 3, 5, 6, 3 * Vf + 1, 3, 3, 1, 1, 1>(),
                            flat_difference<float, 4, 4, 16, 5, Vf - 1, 3, 1, true>()});
    one_image = direct_difference<double, 1, 3, 5, 6, Vd, 3, 3, 1, 1, 1>();
    // and the very numbers of one thread, but for the last bits of dK
    BOOST_TEST((two_threads_give_one_threads_numbers<
                double, direct_layer<double, 3, 3, 5, 6, 3 * Vd + 1, 3, 3, 1, 1, 1>>(1e-12)));
    BOOST_TEST((two_threads_give_one_threads_numbers<
                float, direct_layer<float, 4, 4, 16, 5, Vf - 1, 3, 3, 1, 1, 1>>(1e-5)));
    {
      const ctnn::fast::threads one(1);  // scopes nest: the innermost decides
      BOOST_TEST(ctnn::fast::threads::count() == 1u);
    }
    BOOST_TEST(ctnn::fast::threads::count() == 2u);
  }
  BOOST_TEST(ctnn::fast::threads::count() == 1u);
  BOOST_CHECK_THROW(ctnn::fast::threads(3), std::invalid_argument);
  BOOST_CHECK_THROW(ctnn::fast::threads(0), std::invalid_argument);
  BOOST_TEST(worst_double < 1e-12);
  BOOST_TEST(worst_float < 1e-5);
  BOOST_TEST(one_image < 1e-12);
}

BOOST_AUTO_TEST_CASE(layers_computed_as_products) {
  // The products: forward and kernel gradient above 64 output channels, the input gradient in the
  // form the cost formula picks, gathering above 64 input channels (below, the gather form goes
  // direct) or scattering. One layer for each, checked at compile time to take that path.
  namespace detail = ctnn::detail::conv2d;
  using forward_and_kernel_gradient = ctnn_test::layer<2, 3, 65, 4, 5, 3, 3, 1, 1, 1, 1>;
  static_assert(!detail::use_direct<double>(65, 1, 5));
  using gather = ctnn_test::layer<1, 65, 2, 5, 5, 3, 3, 1, 1, 1, 1>;
  static_assert(detail::dz_by_gather<double>(1, 65, 2, 5, 5, 3, 3, 5, 5) &&
                !detail::use_direct<double>(65, 1, 5));
  using scatter = ctnn_test::layer<8, 9, 1, 6, 6, 5, 5, 0, 0, 1, 1>;
  static_assert(!detail::dz_by_gather<double>(8, 9, 1, 6, 6, 5, 5, 2, 2));
  const double worst = std::max({ctnn_test::worst_difference<double, forward_and_kernel_gradient>(),
                                 ctnn_test::worst_difference<double, gather>(),
                                 ctnn_test::worst_difference<double, scatter>()});
  BOOST_TEST(worst < 1e-12);
}
