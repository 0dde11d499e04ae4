/// \file
/// \brief The direct convolution of the fast kernels: eq. (4) in register tiles, reading the rows of
/// the padded input in place (stride 1 along the rows).
#ifndef CTNN_OPS_CONV2D_FAST_DIRECT_HPP
#define CTNN_OPS_CONV2D_FAST_DIRECT_HPP

#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <vector>

#include "ctnn/simd/gemm.hpp"
#include "ctnn/simd/vector.hpp"

namespace ctnn::detail::conv2d {

// The tiles below are loops over a few accumulators, with compile-time trip counts, that GCC
// unrolls before it places arrays in registers: an array indexed by a loop variable would live
// in memory. Their loops over taps are kept rolled ("unroll 1"): unrolled, the many live vectors
// make GCC spill accumulators to the stack (measured).

// The direct paths read a row of `width` values as ceil(width / V) vectors; the last one is moved
// back to end at `width`. When V does not divide `width` it overlaps the one before: outputs are
// computed twice, identically, and nothing is read or written past the row.
// One tile of `direct`: Rows output channels x `width` neighbouring columns of one output row,
// read and written as JV = ceil(width / V) vectors, the last one moved back to end the row,
//   out(r, j) (+)= init(r) + sum over `taps` taps q of w(q, r) in(tap(q) + j)
// with `in` at the tile's first input column, `w` at the tile's weights (4 to a tap), `init` the
// bias or null; with `accumulate` the sums are added to what `out` holds. Only the tile's shape
// is a template parameter: one instance serves every layer.
template <class T, std::size_t Rows, std::size_t JV>
[[gnu::noinline]] void direct_tile(const T* in, std::size_t width, const std::size_t* tap,
                                   std::size_t taps, const T* w, const T* init, bool accumulate,
                                   T* out, std::size_t channel_step) {
  constexpr std::size_t V = simd::blocking<T>::V;
  const auto vector_start = [&](std::size_t j) { return std::min(j * V, width - V); };
  constexpr std::size_t Sets = simd::sets_of_sums(Rows * JV);  // two sets: even and odd taps
  using vec [[gnu::vector_size(sizeof(T) * V)]] = T;
  vec acc[Sets][Rows][JV] = {};
  const auto add_tap = [&](std::size_t q, std::size_t set) {
    const T* x_at = in + tap[q];
    vec x[JV];
#pragma GCC unroll 8
    for (std::size_t j = 0; j < JV; ++j) x[j] = simd::load<vec>(x_at + vector_start(j));
#pragma GCC unroll 8
    for (std::size_t r = 0; r < Rows; ++r) {
      const T weight = w[q * 4 + r];
#pragma GCC unroll 8
      for (std::size_t j = 0; j < JV; ++j) acc[set][r][j] += weight * x[j];
    }
  };
#pragma GCC unroll 1
  for (std::size_t q = 0; q + Sets <= taps; q += Sets)
#pragma GCC unroll 2
    for (std::size_t set = 0; set < Sets; ++set) add_tap(q + set, set);
  if (taps % Sets != 0) add_tap(taps - 1, 0);
#pragma GCC unroll 8
  for (std::size_t r = 0; r < Rows; ++r) {
    T* o = out + r * channel_step;
    vec value[JV];
    // every value is read before any is written: the last vector may overlap the one before
#pragma GCC unroll 8
    for (std::size_t j = 0; j < JV; ++j) {
      value[j] = (init ? init[r] : T{}) + acc[0][r][j];
      if constexpr (Sets == 2) value[j] += acc[1][r][j];
      if (accumulate) value[j] += simd::load<vec>(o + vector_start(j));
    }
#pragma GCC unroll 8
    for (std::size_t j = 0; j < JV; ++j) std::memcpy(o + vector_start(j), &value[j], sizeof(vec));
  }
}

// `direct` takes the input channels in blocks whose rows for one output row fill at most 16 KiB,
// as equal as can be: every group of output channels then reads them from L1 (layer ii: 10%).
// A flattened plane (use_flat_direct) is one output row reading whole input planes: by choice
// only where an image's planes fit in L1; where rows are shorter than a vector, whatever their
// size (the blocks, sized for rows, then read from L2).
template <class T, std::size_t Cin, std::size_t K1, std::size_t Win>
constexpr std::size_t channel_block() {
  constexpr std::size_t fits = std::max<std::size_t>(1, 16384 / (K1 * Win * sizeof(T)));
  constexpr std::size_t blocks = (Cin + fits - 1) / fits;
  return (Cin + blocks - 1) / blocks;
}

// The widest tile of `direct`, in vectors along a row: 4 channels x 3 vectors fill 16 registers
// with the 3 inputs and a weight; AVX-512's 32 hold 4 x 4 (21 registers, 4 + 4 loads per 16
// multiply-adds instead of 3 + 4 per 12; layer i f64 forward: see docs/benchmarks.md).
constexpr std::size_t direct_tile_vectors = simd::vector_registers >= 32 ? 4 : 3;

// A direct convolution, for stride 1 along the rows:
//   out(n, d, i, j) = bias(d) + sum over (c, m, l) of w(c, m, l, d) in(n, c, i S1 + m, j + l)
// Tiles of 4 channels x up to direct_tile_vectors vectors of neighbouring columns read the input
// rows in place, where a product would pack them (and, with few channels, fill most of its tiles
// with padding). A row's vectors are cut as evenly as can be (simd::cut), the last tile ending
// the row; the last group of channels is as wide as what is left. Needs Wout >= V. `w` holds the
// weights of each group of 4 channels together, tap by tap (see direct_weights); `bias` may be
// null.
template <class T, std::size_t N, std::size_t Cin, std::size_t Dout, std::size_t Hin,
          std::size_t Win, std::size_t K1, std::size_t K2, std::size_t Hout, std::size_t Wout,
          std::size_t S1>
void direct(const T* in, const T* w, const T* bias, T* out) {
  constexpr std::size_t V = simd::blocking<T>::V;
  static_assert(Wout >= V, "direct needs at least one vector of outputs per row");
  constexpr simd::pieces row = simd::cut((Wout + V - 1) / V, direct_tile_vectors);
  constexpr std::size_t Larger = (row.smaller + 1) * V, Smaller = row.smaller * V;
  constexpr std::size_t last = row.larger * Larger + (row.count - row.larger - 1) * Smaller;
  // the last tile, `smaller` vectors wide, ends the row: at least one vector of it is its own
  static_assert(Wout - last >= V && Wout - last <= Smaller);
  constexpr std::size_t block = channel_block<T, Cin, K1, Win>();
  constexpr std::size_t KK = K1 * K2, Q = Cin * KK;
  std::size_t tap[Q];  // offset of tap (c, m, l) from a window's first element
  for (std::size_t q = 0; q < Q; ++q) tap[q] = ((q / KK) * Hin + q % KK / K2) * Win + q % K2;
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t i = 0; i < Hout; ++i) {
      const T* in_row = in + (n * Cin * Hin + i * S1) * Win;
      for (std::size_t c0 = 0; c0 < Cin; c0 += block) {
        const std::size_t q0 = c0 * KK, taps = std::min(block, Cin - c0) * KK;
        const auto channels = [&](std::size_t d0, auto rows) {
          T* o = out + ((n * Dout + d0) * Hout + i) * Wout;
          const T* b = bias && c0 == 0 ? bias + d0 : nullptr;
          const T* wg = w + (d0 / 4 * Q + q0) * 4;
          const auto tile = [&](std::size_t j, std::size_t width, auto vectors) {
            direct_tile<T, rows, vectors>(in_row + j, width, tap + q0, taps, wg, b, c0 != 0, o + j,
                                          Hout * Wout);
          };
          using larger = std::integral_constant<std::size_t, row.smaller + 1>;
          using smaller = std::integral_constant<std::size_t, row.smaller>;
          if constexpr (row.larger > 0)  // else the wider tile would be compiled for nothing
            for (std::size_t t = 0; t < row.larger; ++t) tile(t * Larger, Larger, larger{});
          for (std::size_t j = row.larger * Larger; j < last; j += Smaller)
            tile(j, Smaller, smaller{});
          // the last tile ends the row; its own last vector may overlap its vector before
          tile(last, Wout - last, smaller{});
        };
        for (std::size_t d0 = 0; d0 + 4 <= Dout; d0 += 4)
          channels(d0, std::integral_constant<std::size_t, 4>{});
        if constexpr (Dout % 4 != 0)
          channels(Dout / 4 * 4, std::integral_constant<std::size_t, Dout % 4>{});
      }
    }
}

// The planes `direct` computed flattened (see use_flat), `Planes` rows of (Hout - 1) Pitch +
// Wout values at pitch Pitch, copied to planes of Hout x Wout: the columns past Wout dropped.
template <std::size_t Planes, std::size_t Hout, std::size_t Wout, std::size_t Pitch, class T>
void unflatten(const T* flat, T* out) {
  constexpr std::size_t length = (Hout - 1) * Pitch + Wout;
  for (std::size_t plane = 0; plane < Planes; ++plane)
    for (std::size_t i = 0; i < Hout; ++i)
      simd::copy<Wout>(flat + plane * length + i * Pitch, out + (plane * Hout + i) * Wout);
}

// The other way, for the kernel gradient's delta: `Planes` planes of Hout x Wout values into rows
// of (Hout - 1) Pitch + Wout values at pitch Pitch, zeros in the Pitch - Wout columns between
// rows (which then add nothing to the sums).
template <std::size_t Planes, std::size_t Hout, std::size_t Wout, std::size_t Pitch, class T>
void flatten(const T* planes, T* flat) {
  constexpr std::size_t length = (Hout - 1) * Pitch + Wout;
  for (std::size_t plane = 0; plane < Planes; ++plane)
    for (std::size_t i = 0; i < Hout; ++i) {
      T* row = flat + plane * length + i * Pitch;
      simd::copy<Wout>(planes + (plane * Hout + i) * Wout, row);
      if (i + 1 < Hout)
#pragma GCC unroll 8
        for (std::size_t j = Wout; j < Pitch; ++j) row[j] = T{};
    }
}

// The weights of `direct`: for each group of 4 output channels, tap by tap, the 4 channels'
// weights (zeros past the last channel), w[((d / 4) Q + q) 4 + d % 4] = weight(q, d).
template <class T, std::size_t Q, std::size_t Dout, class Weight>
std::vector<T>& direct_weights(std::vector<T>& w, Weight weight) {
  w.assign((Dout + 3) / 4 * Q * 4, T{});
  for (std::size_t d = 0; d < Dout; ++d)
    for (std::size_t q = 0; q < Q; ++q) w[((d / 4) * Q + q) * 4 + d % 4] = weight(q, d);
  return w;
}

}  // namespace ctnn::detail::conv2d

#endif  // CTNN_OPS_CONV2D_FAST_DIRECT_HPP
