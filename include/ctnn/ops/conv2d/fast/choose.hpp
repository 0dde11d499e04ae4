/// \file
/// \brief Which fast path a convolution layer takes, decided at compile time from its extents: every
/// measured threshold in one place (docs/benchmarks.md has the measurements).
#ifndef CTNN_OPS_CONV2D_FAST_CHOOSE_HPP
#define CTNN_OPS_CONV2D_FAST_CHOOSE_HPP

#include <cstddef>

#include "ctnn/simd/gemm.hpp"

namespace ctnn::detail::conv2d {

// The direct paths beat the products up to 64 output channels, the most measured (layers i and
// ii, LeNet's, the original; the kernel gradient above 8 channels only since it reads its
// operands in chunks that stay in L2). They need stride 1 along the rows and rows at least one
// vector long.
template <class T>
constexpr bool use_direct(std::size_t outputs, std::size_t S2, std::size_t row_length) {
  return outputs <= 64 && S2 == 1 && row_length >= simd::blocking<T>::V;
}

// Rows too short for the vectors, read as one long row per plane ("flattened"): with stride 1
// both ways and no gap between rows, output (i, j) reads the input at i Win + j plus its tap's
// offset, so a plane of outputs is one row of (Hout - 1) Win + Wout values at pitch Win, whose
// Win - Wout values between rows are computed and dropped. Flattened, a plane takes fewer
// vectors when its rows waste lanes (a row of Wout values takes ceil(Wout / V) vectors), but each
// of its vectors is also copied (out of the flattened plane, or delta into one): about as much
// time as flattened_copy multiply-adds of a tile. So a plane is flattened where rows are shorter
// than a vector (LeNet's conv2 in f32 with AVX-512: otherwise the products, 2.5x slower), or
// where its vectors, each costing `taps` multiply-adds (the reduction length: C k1 k2 forward)
// plus the copy, cost less than the rows': LeNet's conv2 in f64 (150 taps) and layer ii's kernel
// gradient in f32 with AVX-512 (576 taps: 5% faster), not the original experiment (27 taps: 26
// of 28 lanes flattened instead of 26 of 32 by rows, yet its step ran 5% faster row by row).
inline constexpr std::size_t flattened_copy = 8;
template <class T>
constexpr bool use_flat(std::size_t outputs, std::size_t taps, std::size_t S1, std::size_t S2,
                        std::size_t Hout, std::size_t Wout, std::size_t Win) {
  constexpr std::size_t V = simd::blocking<T>::V;
  const std::size_t flat = (Hout - 1) * Win + Wout;
  if (outputs > 64 || S1 != 1 || S2 != 1 || flat < V) return false;
  if (Wout < V) return true;  // row by row needs a vector per row
  const std::size_t by_rows = Hout * ((Wout + V - 1) / V) * taps;
  const std::size_t by_plane = (flat + V - 1) / V * (taps + flattened_copy);
  return by_plane < by_rows;
}

// use_flat for `direct` (the forward pass, dz), whose tiles then read an image's whole input
// planes (`image_bytes`) where rows would read a few rows of each: by choice only where they fit
// in L1, 32 KiB (layer ii in f32 with AVX-512, 64 planes of 13 KiB: forward 5% faster by rows,
// dz as fast).
template <class T>
constexpr bool use_flat_direct(std::size_t outputs, std::size_t taps, std::size_t S1,
                               std::size_t S2, std::size_t Hout, std::size_t Wout, std::size_t Win,
                               std::size_t image_bytes) {
  return use_flat<T>(outputs, taps, S1, S2, Hout, Wout, Win) &&
         (Wout < simd::blocking<T>::V || image_bytes <= 32768);
}

// Which of the two products computes dz with less work, at compile time. A tile of the product
// costs its reduction length plus about 8 steps of writing back; the gather form reduces over
// D k1 k2 for every input position (C rows), the scatter form over D for every tap and output
// position (C k1 k2 rows). Measured: the scatter form wins on LeNet's layers and the original
// experiment (few channels, no padding), the gather form on padded layers with many channels.
template <class T>
constexpr bool dz_by_gather(std::size_t N, std::size_t C, std::size_t D, std::size_t H,
                            std::size_t W, std::size_t K1, std::size_t K2, std::size_t Ho,
                            std::size_t Wo) {
  // Tiles of 4 rows, as measured (with C <= 64 the gather form goes direct, in tiles of 4
  // channels, where its rows are a vector long or its planes are flattened; counting AVX-512's
  // 8-row product tiles made the original experiment scatter: 16 -> 50 us)
  constexpr std::size_t MR = 4, NR = simd::blocking<T>::NR;
  const auto tiles = [](std::size_t rows, std::size_t cols) {
    return ((rows + MR - 1) / MR) * ((cols + NR - 1) / NR);
  };
  const std::size_t gather = tiles(C, N * H * W) * (D * K1 * K2 + 8);
  const std::size_t scatter = tiles(C * K1 * K2, N * Ho * Wo) * (D + 8);
  return gather < scatter;
}

}  // namespace ctnn::detail::conv2d

#endif  // CTNN_OPS_CONV2D_FAST_CHOOSE_HPP
