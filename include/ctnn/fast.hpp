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
/// serves all three. Layers with at most 8 output channels (forward, kernel gradient) or input
/// channels (input gradient) are computed directly instead, with input rows read in place, where
/// a product's tile would be mostly padding. Its blocking is fixed at compile time, its loop bounds are the compile-time
/// extents, and its inner 4 x 3-vector tile is written with `std::experimental::simd`, so it uses
/// whatever vector width the compiler targets (AVX2: 4 doubles; build with `-march=native`).
#ifndef CTNN_FAST_HPP
#define CTNN_FAST_HPP

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <experimental/simd>
#include <vector>

#include "ctnn/conv.hpp"
#include "ctnn/rules.hpp"
#include "ctnn/shape.hpp"
#include "ctnn/tensor.hpp"

/// \brief Faster versions of the reference operations, with the same signatures and results.
namespace ctnn::fast {

namespace detail {

namespace stdx = std::experimental;

// A matrix whose element (i, j) is base[rows[i] + cols[j]]. Every offset list here is strictly
// increasing, so a run of n offsets whose last minus first is n - 1 is a contiguous run: the
// packing and the write-back copy those with plain (vectorised) loops.
template <class T>
struct offset_matrix {
  T* base;
  const std::size_t* rows;
  const std::size_t* cols;
};

// Compile-time blocking: a 4 x (3 vectors) register tile (12 accumulators, 3 loads and 4
// broadcasts per step); the sum of length K cut into as few equal panels of at most 512 as
// possible (a packed 4 x 512 panel of A is 16 KiB of doubles: it stays in L1), and panels of B
// 24 tiles wide (layer ii's 288-long panels are 0.66 MiB of doubles: they stay in the 1 MiB L2;
// 40 tiles measured slower).
template <class T, std::size_t K = 512>
struct blocking {
  using vec = stdx::native_simd<T>;
  static constexpr std::size_t V = vec::size();
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

// tile (MR x NR) = sum over p < kc of a_panel(:, p) b_panel(p, :)
//
// Written with the compiler's vector types (GCC and clang extensions; the width is
// std::experimental::native_simd's) so that the three loaded vectors of B can be pinned in
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
    vec b0, b1, b2;
    std::memcpy(&b0, b_panel, sizeof(vec));
    std::memcpy(&b1, b_panel + B::V, sizeof(vec));
    std::memcpy(&b2, b_panel + 2 * B::V, sizeof(vec));
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    asm("" : "+x"(b0), "+x"(b1), "+x"(b2));  // keep B in registers (see above)
#endif
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
  const auto pack_b = [&](std::size_t pc, std::size_t kc, std::size_t j0, std::size_t width, T* panel) {
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
            for (std::size_t p = 0; p < kc; ++p) panel[p * B::MR + r] = row ? row[a.cols[pc + p]] : T{};
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

// A direct convolution for layers with few output channels and stride 1 along the rows:
//   out(n, d, i, j) += sum over (c, m, l) of w4[g][(c, m, l)][d - 4g] in(n, c, i S1 + m, j + l)
// With few output channels a product's tile would be mostly padding and its packing would copy
// every element for a single use. Here a 4 x (3 vectors) tile of outputs (4 channels of group g,
// 3V neighbouring columns) reads the input rows in place: 3 loads and 4 broadcasts per 12
// multiply-adds, as in the product's tile. `in` must have 3V readable elements of slack after its
// end (the last tile of a row reads past W' and discards those lanes); w4 holds 4 weights per tap
// and group of channels, zeros for the missing channels.
template <class T, std::size_t N, std::size_t Cin, std::size_t Dout, std::size_t Hin,
          std::size_t Win, std::size_t K1, std::size_t K2, std::size_t Hout, std::size_t Wout,
          std::size_t S1>
void direct(const T* in, const T* w4, T* out) {
  constexpr std::size_t V = blocking<T>::V, JB = 3 * V, Q = Cin * K1 * K2;
  using vec [[gnu::vector_size(sizeof(T) * V)]] = T;
  for (std::size_t g = 0; g * 4 < Dout; ++g)
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t i = 0; i < Hout; ++i)
        for (std::size_t j0 = 0; j0 < Wout; j0 += JB) {
          vec c00{}, c01{}, c02{}, c10{}, c11{}, c12{}, c20{}, c21{}, c22{}, c30{}, c31{}, c32{};
          const T* row0 = in + (n * Cin * Hin + i * S1) * Win + j0;
          const T* w = w4 + g * Q * 4;
          for (std::size_t c = 0; c < Cin; ++c)
            for (std::size_t m = 0; m < K1; ++m) {
              const T* r = row0 + (c * Hin + m) * Win;
              for (std::size_t l = 0; l < K2; ++l, w += 4) {
                vec x0, x1, x2;
                std::memcpy(&x0, r + l, sizeof(vec));
                std::memcpy(&x1, r + l + V, sizeof(vec));
                std::memcpy(&x2, r + l + 2 * V, sizeof(vec));
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
                asm("" : "+x"(x0), "+x"(x1), "+x"(x2));  // keep the row in registers
#endif
                c00 += w[0] * x0, c01 += w[0] * x1, c02 += w[0] * x2;
                c10 += w[1] * x0, c11 += w[1] * x1, c12 += w[1] * x2;
                c20 += w[2] * x0, c21 += w[2] * x1, c22 += w[2] * x2;
                c30 += w[3] * x0, c31 += w[3] * x1, c32 += w[3] * x2;
              }
            }
          const vec rows[] = {c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32};
          T tile[4 * JB];
          std::memcpy(tile, rows, sizeof(rows));
          const std::size_t width = std::min(JB, Wout - j0);
          for (std::size_t d = 4 * g; d < std::min(Dout, 4 * g + 4); ++d) {
            T* o = out + ((n * Dout + d) * Hout + i) * Wout + j0;
            for (std::size_t j = 0; j < width; ++j) o[j] += tile[(d - 4 * g) * JB + j];
          }
        }
}

// eq. (5) directly, for layers with few output channels and stride 1 along the rows:
//   dK(c, d, m, l) = sum over (n, i, j) of delta(n, d, i, j) pz(n, c, i S1 + m, j + l)
// As a product, the taps (c, m, l) of pz would be gathered for every position; here a tile of
// 3 channels d x 4 taps keeps twelve vector accumulators along j, reading delta's rows and pz's
// rows in place (7 loads per 12 multiply-adds), and sums the lanes at the end. `delta` is a copy
// with D rounded up to 3 channels and rows rounded up to whole vectors, zero-filled, so that the
// lanes past W' multiply zeros; `pz` needs one vector of readable slack after its end.
template <class T, std::size_t N, std::size_t C, std::size_t D, std::size_t Hp, std::size_t Wp,
          std::size_t K1, std::size_t K2, std::size_t Ho, std::size_t Wo, std::size_t S1>
void direct_kernel_gradient(const T* delta, const T* pz, T* dK) {
  constexpr std::size_t V = blocking<T>::V, Wr = (Wo + V - 1) / V * V, Dr = (D + 2) / 3 * 3;
  constexpr std::size_t KK = K1 * K2, Q = C * KK, Qr = (Q + 3) / 4 * 4;
  using vec [[gnu::vector_size(sizeof(T) * V)]] = T;
  std::size_t tap[Qr] = {};  // offset of tap (c, m, l) in one image of pz; extra taps read tap 0
  for (std::size_t q = 0; q < Q; ++q) tap[q] = ((q / KK) * Hp + q % KK / K2) * Wp + q % K2;
  for (std::size_t d0 = 0; d0 < Dr; d0 += 3)
    for (std::size_t q0 = 0; q0 < Qr; q0 += 4) {
      vec c00{}, c01{}, c02{}, c03{}, c10{}, c11{}, c12{}, c13{}, c20{}, c21{}, c22{}, c23{};
      for (std::size_t n = 0; n < N; ++n)
        for (std::size_t i = 0; i < Ho; ++i) {
          const T* drow = delta + ((n * Dr + d0) * Ho + i) * Wr;
          const T* prow = pz + n * C * Hp * Wp + i * S1 * Wp;
          for (std::size_t j = 0; j < Wr; j += V) {
            vec d0v, d1v, d2v, p0, p1, p2, p3;
            std::memcpy(&d0v, drow + j, sizeof(vec));
            std::memcpy(&d1v, drow + Ho * Wr + j, sizeof(vec));
            std::memcpy(&d2v, drow + 2 * Ho * Wr + j, sizeof(vec));
            std::memcpy(&p0, prow + tap[q0] + j, sizeof(vec));
            std::memcpy(&p1, prow + tap[q0 + 1] + j, sizeof(vec));
            std::memcpy(&p2, prow + tap[q0 + 2] + j, sizeof(vec));
            std::memcpy(&p3, prow + tap[q0 + 3] + j, sizeof(vec));
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
            asm("" : "+x"(d0v), "+x"(d1v), "+x"(d2v));  // loaded once, used four times each
#endif
            c00 += d0v * p0, c01 += d0v * p1, c02 += d0v * p2, c03 += d0v * p3;
            c10 += d1v * p0, c11 += d1v * p1, c12 += d1v * p2, c13 += d1v * p3;
            c20 += d2v * p0, c21 += d2v * p1, c22 += d2v * p2, c23 += d2v * p3;
          }
        }
      const vec sums[3][4] = {{c00, c01, c02, c03}, {c10, c11, c12, c13}, {c20, c21, c22, c23}};
      for (std::size_t a = 0; a < 3 && d0 + a < D; ++a)
        for (std::size_t b = 0; b < 4 && q0 + b < Q; ++b) {
          T sum{};
          for (std::size_t lane = 0; lane < V; ++lane) sum += sums[a][b][lane];
          const std::size_t q = q0 + b;
          dK[((q / KK) * D + d0 + a) * KK + q % KK] = sum;
        }
    }
}

// The weights of `direct`: w(c_in, d, m, l) for every tap, 4 channels per group, zero-padded.
template <class T, std::size_t Cin, std::size_t Dout, std::size_t KK, class Weight>
std::vector<T>& direct_weights(std::vector<T>& w4, Weight weight) {
  w4.assign((Dout + 3) / 4 * Cin * KK * 4, T{});
  for (std::size_t d = 0; d < Dout; ++d)
    for (std::size_t q = 0; q < Cin * KK; ++q) w4[((d / 4) * Cin * KK + q) * 4 + d % 4] = weight(q / KK, d, q % KK);
  return w4;
}

// The direct convolution pays off where the product's tile would be mostly padding (measured:
// up to 8 output channels; at 16 the product wins).
template <class T>
constexpr bool use_direct(std::size_t outputs, std::size_t S2) {
  return outputs <= 8 && S2 == 1;
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
// Slack: that many zeros after the end, for readers that run past the last row.
template <class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W, std::size_t P1,
          std::size_t P2, std::size_t Slack = 0>
const T* padded(const Tensor<T, N, C, H, W>& z, std::vector<T>& buffer) {
  if constexpr (P1 == 0 && P2 == 0 && Slack == 0) {
    return z.data();
  } else {
    constexpr std::size_t Hp = H + 2 * P1, Wp = W + 2 * P2;
    buffer.assign(N * C * Hp * Wp + Slack, T{});
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
      for (std::size_t c = 0; c < nc; ++c) out.push_back(base + a * step_a + b * step_b + c * step_c);
}

// Offsets of every index of one convolution layer, computed once per call.
template <std::size_t N, std::size_t C, std::size_t D, std::size_t Hp, std::size_t Wp,
          std::size_t K1, std::size_t K2, std::size_t H_out, std::size_t W_out, std::size_t S1,
          std::size_t S2>
struct layer_offsets {
  static constexpr std::size_t Q = C * K1 * K2;          // taps (c, m, l)
  static constexpr std::size_t P = N * H_out * W_out;    // positions (n, i, j)
  std::vector<std::size_t>& all;
  std::size_t input_taps, input_positions;    // into pz (N, C, Hp, Wp)
  std::size_t kernel_taps, kernel_channels;   // into K (C, D, k1, k2)
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

/// \brief `ctnn::conv_forward`, eq. (4), computed as one matrix product: same signature, same
/// compile-time rules, same result up to the order of the additions.
///
/// Shapes: z (N, C, H, W), K (C, D, k1, k2), b (D,) -> (N, D, H', W').
/// \param z the input batch.
/// \param K the kernels.
/// \param b the biases.
/// \param padding `ctnn::padding<P1, P2>`; (0, 0) when left out.
/// \param strides `ctnn::strides<S1, S2>`; (1, 1) when left out.
/// \snippet tests/runtime/fast_test.cpp fast
template <class T, std::size_t... Zd, class U, std::size_t... Kd, class V, std::size_t... Bd,
          std::size_t P1 = 0, std::size_t P2 = 0, std::size_t S1 = 1, std::size_t S2 = 1>
auto conv_forward(const Tensor<T, Zd...>& z, const Tensor<U, Kd...>& K, const Tensor<V, Bd...>& b,
                  padding_t<P1, P2> padding = {}, strides_t<S1, S2> strides = {}) {
  using rules = check::conv<Tensor<T, Zd...>, Tensor<U, Kd...>, Tensor<V, Bd...>, P1, P2, S1, S2>;
  (void)padding, (void)strides;
  if constexpr (!rules::ok) {
    return z;
  } else {
    constexpr std::size_t N = rules::N, C = rules::C, H = rules::H, W = rules::W, D = rules::D,
                          K1 = rules::K1, K2 = rules::K2, Ho = rules::H_out, Wo = rules::W_out;
    constexpr std::size_t Hp = H + 2 * P1, Wp = W + 2 * P2;
    auto& s = detail::scratch<T>::get();
    constexpr bool direct = detail::use_direct<T>(D, S2);
    constexpr std::size_t slack = direct ? 3 * detail::blocking<T>::V : 0;  // see detail::direct
    const T* pz = detail::padded<T, N, C, H, W, P1, P2, slack>(z, s.buffer);
    Tensor<T, N, D, Ho, Wo> out;  // (N, D, H', W'), starting from the bias
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t d = 0; d < D; ++d) std::fill_n(out.data() + (n * D + d) * Ho * Wo, Ho * Wo, b(d));
    if constexpr (direct) {
      const auto& w4 = detail::direct_weights<T, C, D, K1 * K2>(
          s.packed_a, [&](std::size_t c, std::size_t d, std::size_t ml) { return K.data()[(c * D + d) * K1 * K2 + ml]; });
      detail::direct<T, N, C, D, Hp, Wp, K1, K2, Ho, Wo, S1>(pz, w4.data(), out.data());
    } else {
      using offsets = detail::layer_offsets<N, C, D, Hp, Wp, K1, K2, Ho, Wo, S1, S2>;
      const offsets at(s.offsets);
      // out(d, (n, i, j)) += K(d, (c, m, l)) pz((c, m, l), (n, i, j))
      detail::product<T, D, offsets::P, offsets::Q>({K.data(), at[at.kernel_channels], at[at.kernel_taps]},
                                                    {pz, at[at.input_taps], at[at.input_positions]},
                                                    {out.data(), at[at.output_channels], at[at.output_positions]});
    }
    return out;
  }
}

/// \brief `ctnn::conv_backward`, eqs. (5), (6), (8), (9), computed as two matrix products: same
/// signature, same compile-time rules, same scaling (dK and db divided by N, dz not), same result
/// up to the order of the additions.
///
/// Shapes: next_dz (N, D, H', W'), K (C, D, k1, k2), z (N, C, H, W) -> {dK, db, dz}.
/// \snippet tutorials/07_making_it_fast.cpp fast
/// \param next_dz the gradient of the loss with respect to the forward output.
/// \param K the kernels of the forward pass.
/// \param z the input of the forward pass.
/// \param padding the forward pass's padding; (0, 0) when left out.
/// \param strides the forward pass's strides; (1, 1) when left out.
template <class T, std::size_t... Gd, class U, std::size_t... Kd, class V, std::size_t... Zd,
          std::size_t P1 = 0, std::size_t P2 = 0, std::size_t S1 = 1, std::size_t S2 = 1>
auto conv_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Kd...>& K, const Tensor<V, Zd...>& z,
                   padding_t<P1, P2> padding = {}, strides_t<S1, S2> strides = {}) {
  using Kernel = Tensor<U, Kd...>;
  using Input = Tensor<V, Zd...>;
  using Bias = Tensor<U, check::extent_or_1<1, Kernel>>;
  using rules = check::conv<Input, Kernel, Bias, P1, P2, S1, S2>;
  using Output = Tensor<U, rules::N, rules::D, rules::H_out, rules::W_out>;
  (void)padding, (void)strides;
  if constexpr (!rules::ok) {
    return conv_gradients<Kernel, Bias, Input>{};
  } else if constexpr (!check::gradient_shape<Tensor<T, Gd...>, Output>()) {
    return conv_gradients<Kernel, Bias, Input>{};
  } else {
    constexpr std::size_t N = rules::N, C = rules::C, H = rules::H, W = rules::W, D = rules::D,
                          K1 = rules::K1, K2 = rules::K2, Ho = rules::H_out, Wo = rules::W_out;
    constexpr std::size_t Hp = H + 2 * P1, Wp = W + 2 * P2;
    auto& s = detail::scratch<T>::get();
    constexpr bool direct_dK = detail::use_direct<T>(D, S2);
    constexpr std::size_t slack = direct_dK ? detail::blocking<T>::V : 0;  // see direct_kernel_gradient
    const T* pz = detail::padded<T, N, C, H, W, P1, P2, slack>(z, s.buffer);
    // The offset lists are built only by the branches that run a product (direct ones need none).
    using offsets = detail::layer_offsets<N, C, D, Hp, Wp, K1, K2, Ho, Wo, S1, S2>;
    conv_gradients<Kernel, Bias, Input> g;

    if constexpr (direct_dK) {
      constexpr std::size_t lanes = detail::blocking<T>::V, Wr = (Wo + lanes - 1) / lanes * lanes,
                            Dr = (D + 2) / 3 * 3;
      s.packed_b.assign(N * Dr * Ho * Wr, T{});  // delta, with rows and channels rounded up
      for (std::size_t n = 0; n < N; ++n)
        for (std::size_t d = 0; d < D; ++d)
          for (std::size_t i = 0; i < Ho; ++i)
            std::copy_n(next_dz.data() + ((n * D + d) * Ho + i) * Wo, Wo, s.packed_b.data() + ((n * Dr + d) * Ho + i) * Wr);
      detail::direct_kernel_gradient<T, N, C, D, Hp, Wp, K1, K2, Ho, Wo, S1>(s.packed_b.data(), pz, g.dK.data());
    } else {
      const offsets at(s.offsets);
      // eq. (5): dK(d, (c, m, l)) = delta(d, (n, i, j)) pz((n, i, j), (c, m, l))
      detail::product<T, D, offsets::Q, offsets::P>({next_dz.data(), at[at.output_channels], at[at.output_positions]},
                                                    {pz, at[at.input_positions], at[at.input_taps]},
                                                    {g.dK.data(), at[at.kernel_channels], at[at.kernel_taps]});
    }
    // eq. (6)
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t d = 0; d < D; ++d) {
        const T* row = next_dz.data() + (n * D + d) * Ho * Wo;
        T sum{};
        for (std::size_t p = 0; p < Ho * Wo; ++p) sum += row[p];
        g.db(d) += sum;
      }
    for (T& x : g.dK) x /= static_cast<T>(N);
    for (T& x : g.db) x /= static_cast<T>(N);

    if constexpr (detail::dz_by_gather<T>(N, C, D, H, W, K1, K2, Ho, Wo)) {
    // eqs. (8), (9) as the reference writes them: the gradient spread onto the stride-1 grid and
    // surrounded by k - 1 zeros (sd, (N, D, Hq, Wq)), correlated with the rotated kernels, read
    // only at the positions of z, so that the padding needs no removing:
    //   dz(c, (n, h, w)) = sum over (d, m, l) of rot180(K)(c, (d, m, l)) sd((d, m, l), (n, h + P1, w + P2))
    // A reduction over D k1 k2 terms, not D: the products stay long even when D is small.
    constexpr std::size_t Hq = Hp + K1 - 1, Wq = Wp + K2 - 1;
    constexpr std::size_t slack = 3 * detail::blocking<T>::V;  // for the direct tile
    s.buffer.assign(N * D * Hq * Wq + slack, T{});  // pz is no longer needed
    T* sd = s.buffer.data();
    for (std::size_t nd = 0; nd < N * D; ++nd)
      for (std::size_t i = 0; i < Ho; ++i)
        for (std::size_t j = 0; j < Wo; ++j)
          sd[(nd * Hq + K1 - 1 + i * S1) * Wq + K2 - 1 + j * S2] = next_dz.data()[(nd * Ho + i) * Wo + j];
    constexpr std::size_t DKK = D * K1 * K2, NHW = N * H * W;
    if constexpr (detail::use_direct<T>(C, 1)) {
      // input channel d, output channel c, tap (m, l): rot180(K)(c, d, m, l) = K(c, d, k1-1-m, k2-1-l)
      const auto& w4 = detail::direct_weights<T, D, C, K1 * K2>(
          s.packed_a, [&](std::size_t d, std::size_t c, std::size_t ml) {
            return K.data()[(c * D + d) * K1 * K2 + (K1 * K2 - 1 - ml)];
          });
      detail::direct<T, N, D, C, Hq, Wq, K1, K2, H, W, 1>(sd + P1 * Wq + P2, w4.data(), g.dz.data());
    } else {
      auto& o = s.offsets;
      o.clear();
      const std::size_t rot = o.size();  // (c, (d, m, l)) of rot180(K): K(c, d, k1-1-m, k2-1-l)
      for (std::size_t c = 0; c < C; ++c) o.push_back(c * D * K1 * K2);
      for (std::size_t d = 0; d < D; ++d)
        for (std::size_t m = 0; m < K1; ++m)
          for (std::size_t l = 0; l < K2; ++l) o.push_back(d * K1 * K2 + (K1 - 1 - m) * K2 + (K2 - 1 - l));
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
    detail::product<T, offsets::Q, offsets::P, D>({K.data(), at[at.kernel_taps], at[at.kernel_channels]},
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

}  // namespace ctnn::fast

#endif  // CTNN_FAST_HPP
