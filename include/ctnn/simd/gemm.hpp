/// \file
/// \brief The register-tiled matrix product C += A B of the fast kernels, with every operand addressed
/// through offset lists, so that one routine serves a convolution's three products and the fully
/// connected layer's.
#ifndef CTNN_SIMD_GEMM_HPP
#define CTNN_SIMD_GEMM_HPP

#include <algorithm>
#include <cstddef>
#include <vector>

#include "ctnn/simd/vector.hpp"

namespace ctnn::simd {

// A matrix whose element (i, j) is base[rows[i] + cols[j]]. Every offset list here is strictly
// increasing, so a run of n offsets whose last minus first is n - 1 is a contiguous run: the
// packing and the write-back copy those with plain (vectorised) loops.
template <class T>
struct offset_matrix {
  T* base;
  const std::size_t* rows;
  const std::size_t* cols;
};

// Compile-time blocking: an MR x (3 vectors) register tile, MR = 4 with 16 vector registers (12
// accumulators, 3 loads and 4 broadcasts per step), 8 with AVX-512's 32 (24 accumulators, 3 loads
// and 8 broadcasts per 24 multiply-adds); the sum of length K cut into as few equal panels of at
// most 512 as possible (a packed 4 x 512 panel of A is 16 KiB of doubles: it stays in L1; the
// 8-row panels of AVX-512 are 32 KiB, as large as some L1 caches, and measured faster still), and
// panels of B 24 tiles wide (layer ii's 288-long panels are 0.66 MiB of doubles: they stay in
// the 1 MiB L2; 40 tiles measured slower).
template <class T, std::size_t K = 512>
struct blocking {
  static constexpr std::size_t V = vector_bytes / sizeof(T);
  static constexpr std::size_t MR = vector_registers >= 32 ? 8 : 4;
  static constexpr std::size_t NR = 3 * V;
  static constexpr std::size_t KC = (K + (K + 511) / 512 - 1) / ((K + 511) / 512);
  static constexpr std::size_t MC = 64;
  static constexpr std::size_t NC = 24 * NR;
};

// Working memory, kept between calls: allocating it per call costs more than small layers do.
template <class T>
struct scratch {
  std::vector<T> packed_a, packed_b, buffer, flat;
  std::vector<std::size_t> offsets;
  static scratch& get() {
    thread_local scratch s;
    return s;
  }
};

// tile (MR x NR) = sum over p < kc of a_panel(:, p) b_panel(p, :)
//
// Written with the compiler's vector types (GCC and clang extensions; the width is
// vector_bytes) so that the three loaded vectors of B can be pinned in registers: left alone,
// GCC folds them into the multiply-adds as memory operands, which made the 4-row tile's 7 loads
// per step 16 and cost a third of its speed (measured). The accumulators are an array indexed only in
// loops GCC unrolls completely, so that it keeps them in registers.
//
// B's rows are either a packed panel (b_rows == nullptr: row p at b + p NR) or read in place
// (row p at b + b_rows[p]), for products whose every element of B is used once.
template <class T>
inline void tile_product(std::size_t kc, const T* a_panel, const T* b, const std::size_t* b_rows,
                         T* tile) {
  using B = blocking<T>;
  static_assert(B::NR == 3 * B::V, "the tile below is written out as MR x 3 vectors");
  using vec [[gnu::vector_size(sizeof(T) * B::V)]] = T;
  vec c[B::MR][3] = {};
  for (std::size_t p = 0; p < kc; ++p, a_panel += B::MR) {
    const T* b_panel = b_rows ? b + b_rows[p] : b + p * B::NR;
    const vec b0 = load<vec>(b_panel), b1 = load<vec>(b_panel + B::V),
              b2 = load<vec>(b_panel + 2 * B::V);
#pragma GCC unroll 8
    for (std::size_t r = 0; r < B::MR; ++r) {
      const T a = a_panel[r];
      c[r][0] += a * b0, c[r][1] += a * b1, c[r][2] += a * b2;
    }
  }
  std::memcpy(tile, c, sizeof(c));
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
    // The panel's columns as runs of consecutive offsets (a convolution's positions are runs
    // along a row): each run is copied with one copy_n, not gathered value by value (a 128-channel
    // layer's forward pass: a sixth of its time).
    std::size_t run_start[B::NR + 1], runs = 0;
    for (std::size_t j = 0; j < width; ++j)
      if (j == 0 || cols[j] != cols[j - 1] + 1) run_start[runs++] = j;
    run_start[runs] = width;
    const bool by_runs = 8 * runs <= width;  // short runs (strides > 1): value by value
    for (std::size_t p = 0; p < kc; ++p) {
      const T* row = b.base + b.rows[pc + p];
      T* out = panel + p * B::NR;
      if (by_runs) {
        for (std::size_t r = 0; r < runs; ++r)
          std::copy_n(row + cols[run_start[r]], run_start[r + 1] - run_start[r],
                      out + run_start[r]);
      } else {
        for (std::size_t j = 0; j < width; ++j) out[j] = row[cols[j]];
      }
      std::fill(out + width, out + B::NR, T{});
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

}  // namespace ctnn::simd

#endif  // CTNN_SIMD_GEMM_HPP
