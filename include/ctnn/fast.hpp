/// \file
/// \brief `ctnn::fast::conv_forward` and `ctnn::fast::conv_backward`: the same signatures and
/// results as the reference versions, computed as matrix products with packed panels, register
/// tiles and SIMD.
///
/// All three products of a convolution layer are one matrix product each, once the window of
/// eq. (4) is read as a matrix without being copied out ("implicit im2col"):
///
/// - forward (4): z'(d, (n, i, j)) = sum over (c, m, l) of K(d, (c, m, l)) pz((c, m, l), (n, i, j))
/// - kernel gradient (5): dK(d, (c, m, l)) = sum over (n, i, j) of delta(d, (n, i, j)) pz((n, i, j), (c, m, l))
/// - input gradient (8), (9): dz(c, (n, h, w)) = sum over (d, m, l) of rot180(K)(c, (d, m, l))
///   sd((d, m, l), (n, h + P1, w + P2)), where sd is the gradient with zeros inserted and k - 1
///   zeros around it, as in the reference; reading only z's positions removes the padding.
///
/// Every operand is addressed as `base[row_offset[i] + column_offset[j]]`, so one product routine
/// serves all three. Where the layer allows (stride 1 along the rows, up to 64 output channels),
/// the convolutions are computed directly instead, reading the rows in place: nothing is packed.
/// Blocking and tile shapes are fixed at compile time from the extents, and the tiles of 4 x 3
/// vectors use the widest vectors the compiler targets (4 doubles with AVX2: build with
/// `-march=native`).
#ifndef CTNN_FAST_HPP
#define CTNN_FAST_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

#include "ctnn/conv.hpp"
#include "ctnn/rules.hpp"
#include "ctnn/shape.hpp"
#include "ctnn/tensor.hpp"

/// \brief Faster versions of the reference operations, with the same signatures and results.
namespace ctnn::fast {

namespace detail {

// A matrix whose element (i, j) is base[rows[i] + cols[j]]. Every offset list here is strictly
// increasing, so a run of n offsets whose last minus first is n - 1 is a contiguous run: the
// packing and the write-back copy those with plain (vectorised) loops.
template <class T>
struct offset_matrix {
  T* base;
  const std::size_t* rows;
  const std::size_t* cols;
};

// The widest vectors the compiler targets, in bytes: what std::experimental::native_simd picks on
// x86 (its header alone took 1.4 s to compile in every file that included this one); 16 elsewhere.
inline constexpr std::size_t vector_bytes =
#if defined(__AVX512F__)
    64;
#elif defined(__AVX__)
    32;
#else
    16;
#endif

// Compile-time blocking: a 4 x (3 vectors) register tile (12 accumulators, 3 loads and 4
// broadcasts per step); the sum of length K cut into as few equal panels of at most 512 as
// possible (a packed 4 x 512 panel of A is 16 KiB of doubles: it stays in L1), and panels of B
// 24 tiles wide (layer ii's 288-long panels are 0.66 MiB of doubles: they stay in the 1 MiB L2;
// 40 tiles measured slower).
template <class T, std::size_t K = 512>
struct blocking {
  static constexpr std::size_t V = vector_bytes / sizeof(T);
  static constexpr std::size_t MR = 4;
  static constexpr std::size_t NR = 3 * V;
  static constexpr std::size_t KC = (K + (K + 511) / 512 - 1) / ((K + 511) / 512);
  static constexpr std::size_t MC = 64;
  static constexpr std::size_t NC = 24 * NR;
};

// Working memory, kept between calls: allocating it per call costs more than small layers do.
template <class T>
struct scratch {
  std::vector<T> packed_a, packed_b, buffer;
  std::vector<std::size_t> offsets;
  static scratch& get() {
    thread_local scratch s;
    return s;
  }
};

template <class Vec, class T>
[[gnu::always_inline]] inline Vec load(const T* p) {
  Vec v;
  std::memcpy(&v, p, sizeof(Vec));
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  // Keep it in a register: left alone, GCC folds a vector that several multiply-adds use into
  // each of them as a memory operand, which reloads it every time (see tile_product).
  asm("" : "+x"(v));
#endif
  return v;
}

// How many sets of running sums a tile of `sums` vectors keeps: a multiply-add takes about 4
// cycles and two start per cycle, so fewer than 8 running sums would wait on each other; small
// tiles alternate two sets.
constexpr std::size_t sets_of_sums(std::size_t sums) { return 2 * sums <= 12 ? 2 : 1; }

// tile (MR x NR) = sum over p < kc of a_panel(:, p) b_panel(p, :)
//
// Written with the compiler's vector types (GCC and clang extensions; the width is
// vector_bytes) so that the three loaded vectors of B can be pinned in
// registers: left alone, GCC folds them into the twelve multiply-adds as memory operands, which
// makes 16 loads per step instead of 7 and costs a third of the speed (measured).
//
// B's rows are either a packed panel (b_rows == nullptr: row p at b + p NR) or read in place
// (row p at b + b_rows[p]), for products whose every element of B is used once.
template <class T>
inline void tile_product(std::size_t kc, const T* a_panel, const T* b, const std::size_t* b_rows,
                         T* tile) {
  using B = blocking<T>;
  static_assert(B::MR == 4 && B::NR == 3 * B::V, "the tile below is written out as 4 x 3 vectors");
  using vec [[gnu::vector_size(sizeof(T) * B::V)]] = T;
  // Twelve named accumulators: an array of vectors would live in memory.
  vec c00{}, c01{}, c02{}, c10{}, c11{}, c12{}, c20{}, c21{}, c22{}, c30{}, c31{}, c32{};
  for (std::size_t p = 0; p < kc; ++p, a_panel += B::MR) {
    const T* b_panel = b_rows ? b + b_rows[p] : b + p * B::NR;
    const vec b0 = load<vec>(b_panel), b1 = load<vec>(b_panel + B::V),
              b2 = load<vec>(b_panel + 2 * B::V);
    const T a0 = a_panel[0], a1 = a_panel[1], a2 = a_panel[2], a3 = a_panel[3];
    c00 += a0 * b0, c01 += a0 * b1, c02 += a0 * b2;
    c10 += a1 * b0, c11 += a1 * b1, c12 += a1 * b2;
    c20 += a2 * b0, c21 += a2 * b1, c22 += a2 * b2;
    c30 += a3 * b0, c31 += a3 * b1, c32 += a3 * b2;
  }
  const vec rows[] = {c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32};
  std::memcpy(tile, rows, sizeof(rows));
}

// C += A B for an M x K matrix A and a K x N matrix B, all three given by offsets.
template <class T, std::size_t M, std::size_t N, std::size_t K>
void product(offset_matrix<const T> a, offset_matrix<const T> b, offset_matrix<T> c) {
  using B = blocking<T, K>;
  // With one panel of rows, every element of B is used once: packing it would only copy it, so
  // contiguous runs of B are read in place (small layers: the original experiment, LeNet).
  constexpr bool in_place = M <= B::MR;
  auto& s = scratch<T>::get();
  s.packed_a.resize(B::MC * B::KC);
  s.packed_b.resize(B::KC * (in_place ? B::NR : B::NC));
  alignas(64) T tile[B::MR * B::NR];
  const auto pack_b = [&](std::size_t pc, std::size_t kc, std::size_t j0, std::size_t width,
                          T* panel) {
    const std::size_t* cols = b.cols + j0;
    const bool contiguous = width == B::NR && cols[B::NR - 1] - cols[0] == B::NR - 1;
    for (std::size_t p = 0; p < kc; ++p) {
      const T* row = b.base + b.rows[pc + p];
      T* out = panel + p * B::NR;
      if (contiguous) {
        std::copy_n(row + cols[0], B::NR, out);
      } else {
        for (std::size_t j = 0; j < width; ++j) out[j] = row[cols[j]];
        for (std::size_t j = width; j < B::NR; ++j) out[j] = T{};
      }
    }
  };
  for (std::size_t jc = 0; jc < N; jc += B::NC) {
    const std::size_t nc = std::min(B::NC, N - jc);
    for (std::size_t pc = 0; pc < K; pc += B::KC) {
      const std::size_t kc = std::min(B::KC, K - pc);
      // Pack B(pc.., jc..) into panels of NR columns, row by row; zeros past the edge.
      if constexpr (!in_place)
        for (std::size_t jr = 0; jr < nc; jr += B::NR)
          pack_b(pc, kc, jc + jr, std::min(B::NR, nc - jr), s.packed_b.data() + jr * kc);
      for (std::size_t ic = 0; ic < M; ic += B::MC) {
        const std::size_t mc = std::min(B::MC, M - ic);
        // Pack A(ic.., pc..) into panels of MR rows, column by column; zeros past the edge.
        for (std::size_t ir = 0; ir < mc; ir += B::MR) {
          T* panel = s.packed_a.data() + ir * kc;
          const std::size_t height = std::min(B::MR, mc - ir);
          for (std::size_t r = 0; r < B::MR; ++r) {
            const T* row = r < height ? a.base + a.rows[ic + ir + r] : nullptr;
            for (std::size_t p = 0; p < kc; ++p)
              panel[p * B::MR + r] = row ? row[a.cols[pc + p]] : T{};
          }
        }
        for (std::size_t jr = 0; jr < nc; jr += B::NR) {
          const std::size_t width = std::min(B::NR, nc - jr);
          const std::size_t* cols = c.cols + jc + jr;
          const bool contiguous = width == B::NR && cols[B::NR - 1] - cols[0] == B::NR - 1;
          const T* b_panel = s.packed_b.data() + jr * kc;
          const std::size_t* b_rows = nullptr;
          if constexpr (in_place) {
            const std::size_t* b_cols = b.cols + jc + jr;
            if (width == B::NR && b_cols[B::NR - 1] - b_cols[0] == B::NR - 1) {
              b_panel = b.base + b_cols[0];
              b_rows = b.rows + pc;
            } else {
              b_panel = s.packed_b.data();
              pack_b(pc, kc, jc + jr, width, s.packed_b.data());
            }
          }
          for (std::size_t ir = 0; ir < mc; ir += B::MR) {
            const std::size_t height = std::min(B::MR, mc - ir);
            tile_product(kc, s.packed_a.data() + ir * kc, b_panel, b_rows, tile);
            for (std::size_t r = 0; r < height; ++r) {
              T* row = c.base + c.rows[ic + ir + r];
              if (contiguous) {
                T* out = row + cols[0];
                for (std::size_t j = 0; j < B::NR; ++j) out[j] += tile[r * B::NR + j];
              } else {
                for (std::size_t j = 0; j < width; ++j) row[cols[j]] += tile[r * B::NR + j];
              }
            }
          }
        }
      }
    }
  }
}

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
  constexpr std::size_t V = blocking<T>::V;
  const auto vector_start = [&](std::size_t j) { return std::min(j * V, width - V); };
  constexpr std::size_t Sets = sets_of_sums(Rows * JV);  // two sets: even and odd taps
  using vec [[gnu::vector_size(sizeof(T) * V)]] = T;
  vec acc[Sets][Rows][JV] = {};
  const auto add_tap = [&](std::size_t q, std::size_t set) {
    const T* x_at = in + tap[q];
    vec x[JV];
#pragma GCC unroll 8
    for (std::size_t j = 0; j < JV; ++j) x[j] = load<vec>(x_at + vector_start(j));
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
      if (accumulate) value[j] += load<vec>(o + vector_start(j));
    }
#pragma GCC unroll 8
    for (std::size_t j = 0; j < JV; ++j) std::memcpy(o + vector_start(j), &value[j], sizeof(vec));
  }
}

// `direct` takes the input channels in blocks whose rows for one output row fill at most 16 KiB,
// as equal as can be: every group of output channels then reads them from L1 (layer ii: 10%).
template <class T, std::size_t Cin, std::size_t K1, std::size_t Win>
constexpr std::size_t channel_block() {
  constexpr std::size_t fits = std::max<std::size_t>(1, 16384 / (K1 * Win * sizeof(T)));
  constexpr std::size_t blocks = (Cin + fits - 1) / fits;
  return (Cin + blocks - 1) / blocks;
}

// A direct convolution, for stride 1 along the rows:
//   out(n, d, i, j) = bias(d) + sum over (c, m, l) of w(c, m, l, d) in(n, c, i S1 + m, j + l)
// Tiles of 4 channels x 3V neighbouring columns (3 loads and 4 broadcasts per 12 multiply-adds,
// as in the product's tile) read the input rows in place, where a product would pack them (and,
// with few channels, fill most of its tiles with padding). The last tile of a row and the last
// group of channels are as wide as what is left. Needs Wout >= V. `w` holds the weights of each
// group of 4 channels together, tap by tap (see direct_weights); `bias` may be null.
template <class T, std::size_t N, std::size_t Cin, std::size_t Dout, std::size_t Hin,
          std::size_t Win, std::size_t K1, std::size_t K2, std::size_t Hout, std::size_t Wout,
          std::size_t S1>
void direct(const T* in, const T* w, const T* bias, T* out) {
  // A row is cut into tiles of 3 vectors, then what is left; a tile of one vector runs at
  // two-thirds of the speed of wider ones (measured), so 3 + 1 vectors become 2 + 2.
  constexpr std::size_t V = blocking<T>::V, Full = 3 * V, vectors = (Wout + V - 1) / V;
  constexpr bool two_twos = vectors % 3 == 1 && vectors > 1;
  constexpr std::size_t full_tiles = two_twos ? (vectors - 4) / 3 : Wout / Full;
  constexpr std::size_t Rest = Wout - full_tiles * Full - (two_twos ? 2 * V : 0);
  static_assert(Wout >= V && (Rest == 0 || Rest >= V),
                "direct needs at least one vector of outputs per row");
  constexpr std::size_t block = channel_block<T, Cin, K1, Win>();
  constexpr std::size_t KK = K1 * K2, Q = Cin * KK;
  std::size_t tap[Q];  // offset of tap (c, m, l) from a window's first element
  for (std::size_t q = 0; q < Q; ++q) tap[q] = ((q / KK) * Hin + q % KK / K2) * Win + q % K2;
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t i = 0; i < Hout; ++i) {
      const T* row = in + (n * Cin * Hin + i * S1) * Win;
      for (std::size_t c0 = 0; c0 < Cin; c0 += block) {
        const std::size_t q0 = c0 * KK, taps = std::min(block, Cin - c0) * KK;
        const auto channels = [&](std::size_t d0, auto rows) {
          T* o = out + ((n * Dout + d0) * Hout + i) * Wout;
          const T* b = bias && c0 == 0 ? bias + d0 : nullptr;
          const T* wg = w + (d0 / 4 * Q + q0) * 4;
          const auto tile = [&](std::size_t j, auto width) {
            direct_tile<T, rows, (width + V - 1) / V>(row + j, width, tap + q0, taps, wg, b,
                                                      c0 != 0, o + j, Hout * Wout);
          };
          for (std::size_t j = 0; j < full_tiles * Full; j += Full)
            tile(j, std::integral_constant<std::size_t, Full>{});
          if constexpr (two_twos)
            tile(full_tiles * Full, std::integral_constant<std::size_t, 2 * V>{});
          if constexpr (Rest != 0) tile(Wout - Rest, std::integral_constant<std::size_t, Rest>{});
        };
        for (std::size_t d0 = 0; d0 + 4 <= Dout; d0 += 4)
          channels(d0, std::integral_constant<std::size_t, 4>{});
        if constexpr (Dout % 4 != 0)
          channels(Dout / 4 * 4, std::integral_constant<std::size_t, Dout % 4>{});
      }
    }
}

// One tile of `direct_kernel_gradient` over `rows` rows of one image: Rows channels d x Taps
// taps q, each a vector of partial sums along j, kept in `partial` between calls (channel r's
// vectors `partial_step` after channel r - 1's). `delta` is at the tile's first channel and row, `pz` at the row its first output row
// reads, `tap` at the offsets of its taps; rows of Wo values, delta's channels `channel_step`
// apart, pz's rows read `pz_step` apart. (Wo is a template parameter: with the row's length
// known, the tile ran 13% faster on the original experiment.)
template <class T, std::size_t Rows, std::size_t Taps, std::size_t Wo>
[[gnu::noinline]] void kernel_gradient_tile(const T* delta, const T* pz, const std::size_t* tap,
                                            std::size_t rows, std::size_t channel_step,
                                            std::size_t pz_step, T* partial,
                                            std::size_t partial_step) {
  constexpr std::size_t V = blocking<T>::V;
  using vec [[gnu::vector_size(sizeof(T) * V)]] = T;
  using bits = std::conditional_t<sizeof(T) == 8, std::uint64_t, std::uint32_t>;
  using mask_vec [[gnu::vector_size(sizeof(T) * V)]] = bits;
  // The last vector of a row starts at Wo - V; the lanes that the vector before it already
  // counted are masked out of delta.
  mask_vec tail_mask;
  for (std::size_t lane = 0; lane < V; ++lane)
    tail_mask[lane] = lane + Wo % V >= V ? ~bits{} : bits{};
  constexpr std::size_t Sets = sets_of_sums(Rows * Taps);  // two sets: even and odd vectors
  constexpr std::size_t Whole = Wo / V;
  vec acc[Sets][Rows][Taps] = {};
#pragma GCC unroll 8
  for (std::size_t r = 0; r < Rows; ++r)
#pragma GCC unroll 8
    for (std::size_t q = 0; q < Taps; ++q)
      acc[0][r][q] = load<vec>(partial + r * partial_step + q * V);
  std::size_t offset[Taps];
#pragma GCC unroll 8
  for (std::size_t q = 0; q < Taps; ++q) offset[q] = tap[q];
  for (std::size_t i = 0; i < rows; ++i) {
    const T* drow = delta + i * Wo;
    const T* prow = pz + i * pz_step;
    const auto step = [&](std::size_t j, std::size_t set, bool tail) {
      vec d[Rows];
#pragma GCC unroll 8
      for (std::size_t r = 0; r < Rows; ++r) {
        d[r] = load<vec>(drow + r * channel_step + j);
        if (tail) d[r] = reinterpret_cast<vec>(reinterpret_cast<mask_vec>(d[r]) & tail_mask);
      }
#pragma GCC unroll 8
      for (std::size_t q = 0; q < Taps; ++q) {
        const vec p = load<vec>(prow + offset[q] + j);
#pragma GCC unroll 8
        for (std::size_t r = 0; r < Rows; ++r) acc[set][r][q] += d[r] * p;
      }
    };
#pragma GCC unroll 1
    for (std::size_t k = 0; k + Sets <= Whole; k += Sets)
#pragma GCC unroll 2
      for (std::size_t set = 0; set < Sets; ++set) step((k + set) * V, set, false);
    if (Whole % Sets != 0) step((Whole - 1) * V, 0, false);
    if (Wo % V != 0) step(Wo - V, Sets - 1, true);
  }
#pragma GCC unroll 8
  for (std::size_t r = 0; r < Rows; ++r)
#pragma GCC unroll 8
    for (std::size_t q = 0; q < Taps; ++q) {
      vec all = acc[0][r][q];
      if constexpr (Sets == 2) all += acc[1][r][q];
      std::memcpy(partial + r * partial_step + q * V, &all, sizeof(vec));
    }
}

// The rows of an image that `direct_kernel_gradient` takes at a time: about 256 KiB of delta and
// pz, which every tile then reads in turn from L2.
template <class T, std::size_t C, std::size_t D, std::size_t Wp, std::size_t Ho, std::size_t Wo,
          std::size_t S1>
constexpr std::size_t kernel_gradient_chunk() {
  constexpr std::size_t row_bytes = (C * S1 * Wp + D * Wo) * sizeof(T);  // read per output row
  return std::clamp<std::size_t>(262144 / row_bytes, 1, Ho);
}

// eq. (5) directly, for stride 1 along the rows:
//   dK(c, d, m, l) = sum over (n, i, j) of delta(n, d, i, j) pz(n, c, i S1 + m, j + l)
// As a product, the taps (c, m, l) of pz would be gathered for every position; here tiles of
// 3 channels d x 4 taps keep twelve vectors of partial sums along j, reading delta's rows and
// pz's rows in place (7 loads per 12 multiply-adds), and sum the lanes at the end. The last
// groups of channels and of taps are as wide as what is left. The rows of an image are taken in chunks
// (kernel_gradient_chunk); the tiles' partial sums wait in `partial` between chunks (layer i
// backward f64: 5.2 -> 4.0 ms against the product). Needs Wo >= V.
template <class T, std::size_t N, std::size_t C, std::size_t D, std::size_t Hp, std::size_t Wp,
          std::size_t K1, std::size_t K2, std::size_t Ho, std::size_t Wo, std::size_t S1>
void direct_kernel_gradient(const T* delta, const T* pz, T* dK, std::vector<T>& partial) {
  constexpr std::size_t V = blocking<T>::V, KK = K1 * K2, Q = C * KK, Taps = 4;
  static_assert(Wo >= V, "direct_kernel_gradient needs at least one vector per row");
  constexpr std::size_t chunk = kernel_gradient_chunk<T, C, D, Wp, Ho, Wo, S1>();
  std::size_t tap[Q];  // offset of tap (c, m, l) in one image of pz
  for (std::size_t q = 0; q < Q; ++q) tap[q] = ((q / KK) * Hp + q % KK / K2) * Wp + q % K2;
  partial.assign(D * Q * V, T{});  // a vector of partial sums for each (d, q)
  // Groups of 3 channels, what is left in the last; a one-channel tile runs at two-thirds of
  // the speed of the others (1 + 4 loads per 4 multiply-adds), so 3 + 1 channels become 2 + 2.
  constexpr bool two_twos = D % 3 == 1 && D > 1;
  constexpr std::size_t threes = two_twos ? D / 3 - 1 : D / 3;
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t i0 = 0; i0 < Ho; i0 += chunk) {
      const std::size_t rows = std::min(chunk, Ho - i0);
      const auto channels = [&](std::size_t d0, auto r) {
        const T* d_at = delta + ((n * D + d0) * Ho + i0) * Wo;
        const T* p_at = pz + (n * C * Hp + i0 * S1) * Wp;
        T* sums = partial.data() + d0 * Q * V;
        for (std::size_t q0 = 0; q0 + Taps <= Q; q0 += Taps)
          kernel_gradient_tile<T, r, Taps, Wo>(d_at, p_at, tap + q0, rows, Ho * Wo, S1 * Wp,
                                               sums + q0 * V, Q * V);
        constexpr std::size_t q0 = Q / Taps * Taps;
        if constexpr (Q % Taps != 0)
          kernel_gradient_tile<T, r, Q % Taps, Wo>(d_at, p_at, tap + q0, rows, Ho * Wo, S1 * Wp,
                                                   sums + q0 * V, Q * V);
      };
      for (std::size_t g = 0; g < threes; ++g)
        channels(3 * g, std::integral_constant<std::size_t, 3>{});
      if constexpr (two_twos) {
        channels(3 * threes, std::integral_constant<std::size_t, 2>{});
        channels(3 * threes + 2, std::integral_constant<std::size_t, 2>{});
      } else if constexpr (D % 3 != 0) {
        channels(3 * threes, std::integral_constant<std::size_t, D % 3>{});
      }
    }
  for (std::size_t d = 0; d < D; ++d)
    for (std::size_t q = 0; q < Q; ++q) {
      const T* v = partial.data() + (d * Q + q) * V;
      T sum{};
      for (std::size_t lane = 0; lane < V; ++lane) sum += v[lane];
      dK[((q / KK) * D + d) * KK + q % KK] = sum;
    }
}

// The sum of Count values from p, in four vectors of partial sums: a single running sum would
// wait for each addition to finish before the next (eq. (6) on the original experiment: 9 us).
template <class T, std::size_t Count>
T sum(const T* p) {
  constexpr std::size_t V = blocking<T>::V, Blocks = Count / (4 * V);
  using vec [[gnu::vector_size(sizeof(T) * V)]] = T;
  vec acc[4] = {};
  for (std::size_t block = 0; block < Blocks; ++block)
#pragma GCC unroll 4
    for (std::size_t k = 0; k < 4; ++k) acc[k] += load<vec>(p + (4 * block + k) * V);
  const vec all = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  T total{};
  for (std::size_t lane = 0; lane < V; ++lane) total += all[lane];
  for (std::size_t i = Blocks * 4 * V; i < Count; ++i) total += p[i];
  return total;
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

// The direct paths beat the products up to 64 output channels, the most measured (layers i and
// ii, LeNet's, the original; the kernel gradient above 8 channels only since it reads its
// operands in chunks that stay in L2). They need stride 1 along the rows and rows at least one
// vector long.
template <class T>
constexpr bool use_direct(std::size_t outputs, std::size_t S2, std::size_t row_length) {
  return outputs <= 64 && S2 == 1 && row_length >= blocking<T>::V;
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
  using B = blocking<T>;
  const auto tiles = [](std::size_t rows, std::size_t cols) {
    return ((rows + B::MR - 1) / B::MR) * ((cols + B::NR - 1) / B::NR);
  };
  const std::size_t gather = tiles(C, N * H * W) * (D * K1 * K2 + 8);
  const std::size_t scatter = tiles(C * K1 * K2, N * Ho * Wo) * (D + 8);
  return gather < scatter;
}

// A padded copy of z (or z itself when there is no padding).
template <class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W, std::size_t P1,
          std::size_t P2>
const T* padded(const Tensor<T, N, C, H, W>& z, std::vector<T>& buffer) {
  if constexpr (P1 == 0 && P2 == 0) {
    return z.data();
  } else {
    constexpr std::size_t Hp = H + 2 * P1, Wp = W + 2 * P2;
    buffer.assign(N * C * Hp * Wp, T{});
    for (std::size_t nc = 0; nc < N * C; ++nc)
      for (std::size_t h = 0; h < H; ++h)
        std::copy_n(z.data() + (nc * H + h) * W, W, buffer.data() + (nc * Hp + h + P1) * Wp + P2);
    return buffer.data();
  }
}

// Appends base + a*step_a + b*step_b + c*step_c for a < na, b < nb, c < nc, in that order:
// every offset list of a layer is such a grid (taps (c, m, l), positions (n, i, j)).
inline void append_grid(std::vector<std::size_t>& out, std::size_t base, std::size_t na,
                        std::size_t step_a, std::size_t nb, std::size_t step_b, std::size_t nc,
                        std::size_t step_c) {
  for (std::size_t a = 0; a < na; ++a)
    for (std::size_t b = 0; b < nb; ++b)
      for (std::size_t c = 0; c < nc; ++c)
        out.push_back(base + a * step_a + b * step_b + c * step_c);
}

// Offsets of every index of one convolution layer, computed once per call.
template <std::size_t N, std::size_t C, std::size_t D, std::size_t Hp, std::size_t Wp,
          std::size_t K1, std::size_t K2, std::size_t H_out, std::size_t W_out, std::size_t S1,
          std::size_t S2>
struct layer_offsets {
  static constexpr std::size_t Q = C * K1 * K2;        // taps (c, m, l)
  static constexpr std::size_t P = N * H_out * W_out;  // positions (n, i, j)
  std::vector<std::size_t>& all;
  std::size_t input_taps, input_positions;        // into pz (N, C, Hp, Wp)
  std::size_t kernel_taps, kernel_channels;       // into K (C, D, k1, k2)
  std::size_t output_positions, output_channels;  // into z' or delta (N, D, H', W')

  explicit layer_offsets(std::vector<std::size_t>& storage) : all(storage) {
    all.clear();
    all.reserve(3 * Q + 2 * P + 2 * D);
    input_taps = all.size();
    append_grid(all, 0, C, Hp * Wp, K1, Wp, K2, 1);
    input_positions = all.size();
    append_grid(all, 0, N, C * Hp * Wp, H_out, S1 * Wp, W_out, S2);
    kernel_taps = all.size();
    append_grid(all, 0, C, D * K1 * K2, K1, K2, K2, 1);
    kernel_channels = all.size();
    append_grid(all, 0, D, K1 * K2, 1, 0, 1, 0);
    output_positions = all.size();
    append_grid(all, 0, N, D * H_out * W_out, H_out, W_out, W_out, 1);
    output_channels = all.size();
    append_grid(all, 0, D, H_out * W_out, 1, 0, 1, 0);
  }
  const std::size_t* operator[](std::size_t start) const { return all.data() + start; }
};

}  // namespace detail

namespace detail {

// conv_forward once its geometry tags are known to be right.
template <std::size_t P1, std::size_t P2, std::size_t S1, std::size_t S2, class T,
          std::size_t... Zd, class U, std::size_t... Kd, class V, std::size_t... Bd>
auto forward_checked(const Tensor<T, Zd...>& z, const Tensor<U, Kd...>& K,
                     const Tensor<V, Bd...>& b) {
  using rules = check::conv<Tensor<T, Zd...>, Tensor<U, Kd...>, Tensor<V, Bd...>, P1, P2, S1, S2>;
  if constexpr (!rules::ok) {
    return z;
  } else {
    constexpr std::size_t N = rules::N, C = rules::C, H = rules::H, W = rules::W, D = rules::D,
                          K1 = rules::K1, K2 = rules::K2, Ho = rules::H_out, Wo = rules::W_out;
    constexpr std::size_t Hp = H + 2 * P1, Wp = W + 2 * P2;
    auto& s = detail::scratch<T>::get();
    constexpr std::size_t KK = K1 * K2;
    const T* pz = detail::padded<T, N, C, H, W, P1, P2>(z, s.buffer);
    Tensor<T, N, D, Ho, Wo> out;  // (N, D, H', W')
    if constexpr (detail::use_direct<T>(D, S2, Wo)) {
      const auto& w = detail::direct_weights<T, C * KK, D>(
          s.packed_a,
          [&](std::size_t q, std::size_t d) { return K.data()[((q / KK) * D + d) * KK + q % KK]; });
      detail::direct<T, N, C, D, Hp, Wp, K1, K2, Ho, Wo, S1>(pz, w.data(), b.data(), out.data());
    } else {
      for (std::size_t n = 0; n < N; ++n)  // the product adds to the bias
        for (std::size_t d = 0; d < D; ++d)
          std::fill_n(out.data() + (n * D + d) * Ho * Wo, Ho * Wo, b(d));
      using offsets = detail::layer_offsets<N, C, D, Hp, Wp, K1, K2, Ho, Wo, S1, S2>;
      const offsets at(s.offsets);
      // out(d, (n, i, j)) += K(d, (c, m, l)) pz((c, m, l), (n, i, j))
      detail::product<T, D, offsets::P, offsets::Q>(
          {K.data(), at[at.kernel_channels], at[at.kernel_taps]},
          {pz, at[at.input_taps], at[at.input_positions]},
          {out.data(), at[at.output_channels], at[at.output_positions]});
    }
    return out;
  }
}

// conv_backward once its geometry tags and argument order are known to be right.
template <std::size_t P1, std::size_t P2, std::size_t S1, std::size_t S2, class T,
          std::size_t... Gd, class U, std::size_t... Kd, class V, std::size_t... Zd>
auto backward_checked(const Tensor<T, Gd...>& next_dz, const Tensor<U, Kd...>& K,
                      const Tensor<V, Zd...>& z) {
  using Kernel = Tensor<U, Kd...>;
  using Input = Tensor<V, Zd...>;
  using Bias = Tensor<U, check::extent_or_1<1, Kernel>>;
  using rules = check::conv<Input, Kernel, Bias, P1, P2, S1, S2>;
  using Output = Tensor<U, rules::N, rules::D, rules::H_out, rules::W_out>;
  if constexpr (!rules::ok) {
    return conv_gradients<Kernel, Bias, Input>{};
  } else if constexpr (!check::gradient_shape<Tensor<T, Gd...>, Output>()) {
    return conv_gradients<Kernel, Bias, Input>{};
  } else {
    constexpr std::size_t N = rules::N, C = rules::C, H = rules::H, W = rules::W, D = rules::D,
                          K1 = rules::K1, K2 = rules::K2, Ho = rules::H_out, Wo = rules::W_out;
    constexpr std::size_t Hp = H + 2 * P1, Wp = W + 2 * P2;
    auto& s = detail::scratch<T>::get();
    const T* pz = detail::padded<T, N, C, H, W, P1, P2>(z, s.buffer);
    // The offset lists are built only by the branches that run a product (direct ones need none).
    using offsets = detail::layer_offsets<N, C, D, Hp, Wp, K1, K2, Ho, Wo, S1, S2>;
    conv_gradients<Kernel, Bias, Input> g;

    if constexpr (detail::use_direct<T>(D, S2, Wo)) {
      detail::direct_kernel_gradient<T, N, C, D, Hp, Wp, K1, K2, Ho, Wo, S1>(
          next_dz.data(), pz, g.dK.data(), s.packed_b);
    } else {
      const offsets at(s.offsets);
      // eq. (5): dK(d, (c, m, l)) = delta(d, (n, i, j)) pz((n, i, j), (c, m, l))
      detail::product<T, D, offsets::Q, offsets::P>(
          {next_dz.data(), at[at.output_channels], at[at.output_positions]},
          {pz, at[at.input_positions], at[at.input_taps]},
          {g.dK.data(), at[at.kernel_channels], at[at.kernel_taps]});
    }
    // eq. (6)
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t d = 0; d < D; ++d)
        g.db(d) += detail::sum<T, Ho * Wo>(next_dz.data() + (n * D + d) * Ho * Wo);
    for (T& x : g.dK) x /= static_cast<T>(N);
    for (T& x : g.db) x /= static_cast<T>(N);

    if constexpr (detail::dz_by_gather<T>(N, C, D, H, W, K1, K2, Ho, Wo)) {
      // eqs. (8), (9) as the reference writes them: the gradient spread onto the stride-1 grid and
      // surrounded by k - 1 zeros (sd, (N, D, Hq, Wq)), correlated with the rotated kernels, read
      // only at the positions of z, so that the padding needs no removing:
      //   dz(c, (n, h, w)) = sum over (d, m, l) of rot180(K)(c, (d, m, l)) sd((d, m, l), (n, h + P1, w + P2))
      // A reduction over D k1 k2 terms, not D: the products stay long even when D is small.
      constexpr std::size_t Hq = Hp + K1 - 1, Wq = Wp + K2 - 1;
      s.buffer.assign(N * D * Hq * Wq, T{});  // pz is no longer needed
      T* sd = s.buffer.data();
      for (std::size_t nd = 0; nd < N * D; ++nd)
        for (std::size_t i = 0; i < Ho; ++i)
          for (std::size_t j = 0; j < Wo; ++j)
            sd[(nd * Hq + K1 - 1 + i * S1) * Wq + K2 - 1 + j * S2] =
                next_dz.data()[(nd * Ho + i) * Wo + j];
      constexpr std::size_t DKK = D * K1 * K2, NHW = N * H * W;
      if constexpr (detail::use_direct<T>(C, 1, W)) {
        // input channel d, output channel c, tap (m, l): rot180(K)(c, d, m, l) = K(c, d, k1-1-m, k2-1-l)
        constexpr std::size_t KK = K1 * K2;
        const auto& w =
            detail::direct_weights<T, DKK, C>(s.packed_a, [&](std::size_t q, std::size_t c) {
              return K.data()[(c * D + q / KK) * KK + (KK - 1 - q % KK)];
            });
        detail::direct<T, N, D, C, Hq, Wq, K1, K2, H, W, 1>(sd + P1 * Wq + P2, w.data(), nullptr,
                                                            g.dz.data());
      } else {
        auto& o = s.offsets;
        o.clear();
        const std::size_t rot = o.size();  // (c, (d, m, l)) of rot180(K): K(c, d, k1-1-m, k2-1-l)
        for (std::size_t c = 0; c < C; ++c) o.push_back(c * D * K1 * K2);
        for (std::size_t d = 0; d < D; ++d)
          for (std::size_t m = 0; m < K1; ++m)
            for (std::size_t l = 0; l < K2; ++l)
              o.push_back(d * K1 * K2 + (K1 - 1 - m) * K2 + (K2 - 1 - l));
        const std::size_t spread = o.size();  // ((d, m, l), (n, h, w)) of sd
        detail::append_grid(o, 0, D, Hq * Wq, K1, Wq, K2, 1);
        detail::append_grid(o, P1 * Wq + P2, N, D * Hq * Wq, H, Wq, W, 1);
        const std::size_t input = o.size();  // (c, (n, h, w)) of dz
        detail::append_grid(o, 0, C, H * W, 1, 0, 1, 0);
        detail::append_grid(o, 0, N, C * H * W, H, W, W, 1);
        detail::product<T, C, NHW, DKK>({K.data(), o.data() + rot, o.data() + rot + C},
                                        {sd, o.data() + spread, o.data() + spread + DKK},
                                        {g.dz.data(), o.data() + input, o.data() + input + C});
      }
    } else {
      // eqs. (8), (9) as one product scattered onto the padded input:
      //   dpz((c, m, l), (n, i, j)) += sum over d of K((c, m, l), d) delta(d, (n, i, j))
      // then the padding is dropped. No inserted zeros and no flipped kernel, but a reduction over
      // only D terms: chosen when D k1 k2 x (input positions) would be the larger amount of work.
      T* dpz = g.dz.data();
      if constexpr (P1 != 0 || P2 != 0) {
        s.buffer.assign(N * C * Hp * Wp, T{});  // pz is no longer needed
        dpz = s.buffer.data();
      }
      const offsets at(s.offsets);
      detail::product<T, offsets::Q, offsets::P, D>(
          {K.data(), at[at.kernel_taps], at[at.kernel_channels]},
          {next_dz.data(), at[at.output_channels], at[at.output_positions]},
          {dpz, at[at.input_taps], at[at.input_positions]});
      if constexpr (P1 != 0 || P2 != 0)
        for (std::size_t nc = 0; nc < N * C; ++nc)
          for (std::size_t h = 0; h < H; ++h)
            std::copy_n(dpz + (nc * Hp + h + P1) * Wp + P2, W, g.dz.data() + (nc * H + h) * W);
    }
    return g;
  }
}

}  // namespace detail

/// \brief `ctnn::conv_forward`, eq. (4), computed directly in register tiles (stride 1 along the
/// rows, up to 64 output channels) or as one matrix product: same signature, same compile-time
/// rules, same result up to the order of the additions.
///
/// Shapes: z (N, C, H, W), K (C, D, k1, k2), b (D,) -> (N, D, H', W').
/// \param z the input batch.
/// \param K the kernels.
/// \param b the biases.
/// \param geometry `ctnn::padding<P1, P2>` and `ctnn::strides<S1, S2>`, in either order, each
/// at most once: (0, 0) and (1, 1) when left out.
/// \snippet tests/runtime/fast_test.cpp fast
template <class T, std::size_t... Zd, class U, std::size_t... Kd, class V, std::size_t... Bd,
          class... Geometry>
auto conv_forward(const Tensor<T, Zd...>& z, const Tensor<U, Kd...>& K, const Tensor<V, Bd...>& b,
                  Geometry... geometry) {
  using G = ctnn::geometry<Geometry...>;
  ((void)geometry, ...);
  if constexpr (!check::forward_geometry<G>()) {
    return z;
  } else {
    return detail::forward_checked<G::P1, G::P2, G::S1, G::S2>(z, K, b);
  }
}

/// \brief `ctnn::conv_backward`, eqs. (5), (6), (8), (9), with the kernel and input gradients
/// computed directly in register tiles where the layer allows (as conv_forward) or as matrix
/// products: same signature, same compile-time rules, same scaling (dK and db divided by N, dz
/// not), same result up to the order of the additions.
///
/// Shapes: next_dz (N, D, H', W'), K (C, D, k1, k2), z (N, C, H, W) -> {dK, db, dz}.
/// \snippet tutorials/07_making_it_fast.cpp fast
/// \param next_dz the gradient of the loss with respect to the forward output.
/// \param K the kernels of the forward pass.
/// \param z the input of the forward pass.
/// \param geometry the forward pass's `ctnn::padding<P1, P2>` and `ctnn::strides<S1, S2>`,
/// both of them, in either order (no defaults, as `ctnn::conv_backward`).
template <class T, std::size_t... Gd, class U, std::size_t... Kd, class V, std::size_t... Zd,
          class... Geometry>
auto conv_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Kd...>& K,
                   const Tensor<V, Zd...>& z, Geometry... geometry) {
  using G = ctnn::geometry<Geometry...>;
  using Kernel = Tensor<U, Kd...>;
  using Input = Tensor<V, Zd...>;
  ((void)geometry, ...);
  if constexpr (!check::backward_geometry<G>() ||
                !check::backward_order<Tensor<T, Gd...>, Kernel, Input>()) {
    return conv_gradients<Kernel, Tensor<U, check::extent_or_1<1, Kernel>>, Input>{};
  } else {
    return detail::backward_checked<G::P1, G::P2, G::S1, G::S2>(next_dz, K, z);
  }
}

}  // namespace ctnn::fast

#endif  // CTNN_FAST_HPP
