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
/// - input gradient (8): dpz((c, m, l), (n, i, j)) += sum over d of K((c, m, l), d) delta(d, (n, i, j)),
///   scattered back onto the padded input: strides need no inserted zeros, the kernel no flip.
///
/// Every operand is addressed as `base[row_offset[i] + column_offset[j]]`, so one product routine
/// serves all three. Its blocking is fixed at compile time, its loop bounds are the compile-time
/// extents, and its inner 4 x 3-vector tile is written with `std::experimental::simd`, so it uses
/// whatever vector width the compiler targets (AVX2: 4 doubles; build with `-march=native`).
#ifndef CTNN_FAST_HPP
#define CTNN_FAST_HPP

#include <algorithm>
#include <cstddef>
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

// A matrix whose element (i, j) is base[rows[i] + cols[j]].
template <class T>
struct offset_matrix {
  T* base;
  const std::size_t* rows;
  const std::size_t* cols;
};

// Compile-time blocking: a 4 x (3 vectors) register tile (12 accumulators, 3 loads and 4
// broadcasts per step), panels of 256 along the sum so that a packed panel of A stays in L1 and
// one of B in L2.
template <class T>
struct blocking {
  using vec = stdx::native_simd<T>;
  static constexpr std::size_t V = vec::size();
  static constexpr std::size_t MR = 4;
  static constexpr std::size_t NR = 3 * V;
  static constexpr std::size_t KC = 256;
  static constexpr std::size_t MC = 64;
  static constexpr std::size_t NC = 40 * NR;
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
template <class T>
inline void tile_product(std::size_t kc, const T* a_panel, const T* b_panel, T* tile) {
  using B = blocking<T>;
  using vec = typename B::vec;
  vec acc[B::MR][3] = {};
  for (std::size_t p = 0; p < kc; ++p) {
    vec b[3];
    for (std::size_t v = 0; v < 3; ++v) b[v].copy_from(b_panel + p * B::NR + v * B::V, stdx::element_aligned);
    for (std::size_t r = 0; r < B::MR; ++r) {
      const vec a(a_panel[p * B::MR + r]);
      for (std::size_t v = 0; v < 3; ++v) acc[r][v] += a * b[v];
    }
  }
  for (std::size_t r = 0; r < B::MR; ++r)
    for (std::size_t v = 0; v < 3; ++v) acc[r][v].copy_to(tile + r * B::NR + v * B::V, stdx::element_aligned);
}

// C += A B for an M x K matrix A and a K x N matrix B, all three given by offsets.
template <class T, std::size_t M, std::size_t N, std::size_t K>
void product(offset_matrix<const T> a, offset_matrix<const T> b, offset_matrix<T> c) {
  using B = blocking<T>;
  auto& s = scratch<T>::get();
  s.packed_a.resize(B::MC * B::KC);
  s.packed_b.resize(B::KC * B::NC);
  alignas(64) T tile[B::MR * B::NR];
  for (std::size_t jc = 0; jc < N; jc += B::NC) {
    const std::size_t nc = std::min(B::NC, N - jc);
    for (std::size_t pc = 0; pc < K; pc += B::KC) {
      const std::size_t kc = std::min(B::KC, K - pc);
      // Pack B(pc.., jc..) into panels of NR columns, row by row; zeros past the edge.
      for (std::size_t jr = 0; jr < nc; jr += B::NR) {
        T* panel = s.packed_b.data() + jr * kc;
        const std::size_t width = std::min(B::NR, nc - jr);
        for (std::size_t p = 0; p < kc; ++p) {
          const T* row = b.base + b.rows[pc + p];
          const std::size_t* cols = b.cols + jc + jr;
          T* out = panel + p * B::NR;
          for (std::size_t j = 0; j < width; ++j) out[j] = row[cols[j]];
          for (std::size_t j = width; j < B::NR; ++j) out[j] = T{};
        }
      }
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
          for (std::size_t ir = 0; ir < mc; ir += B::MR) {
            const std::size_t height = std::min(B::MR, mc - ir);
            tile_product(kc, s.packed_a.data() + ir * kc, s.packed_b.data() + jr * kc, tile);
            for (std::size_t r = 0; r < height; ++r) {
              T* row = c.base + c.rows[ic + ir + r];
              const std::size_t* cols = c.cols + jc + jr;
              for (std::size_t j = 0; j < width; ++j) row[cols[j]] += tile[r * B::NR + j];
            }
          }
        }
      }
    }
  }
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
    for (std::size_t c = 0; c < C; ++c)
      for (std::size_t m = 0; m < K1; ++m)
        for (std::size_t l = 0; l < K2; ++l) all.push_back((c * Hp + m) * Wp + l);
    input_positions = all.size();
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t i = 0; i < H_out; ++i)
        for (std::size_t j = 0; j < W_out; ++j) all.push_back(n * C * Hp * Wp + i * S1 * Wp + j * S2);
    kernel_taps = all.size();
    for (std::size_t c = 0; c < C; ++c)
      for (std::size_t m = 0; m < K1; ++m)
        for (std::size_t l = 0; l < K2; ++l) all.push_back(c * D * K1 * K2 + m * K2 + l);
    kernel_channels = all.size();
    for (std::size_t d = 0; d < D; ++d) all.push_back(d * K1 * K2);
    output_positions = all.size();
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t i = 0; i < H_out; ++i)
        for (std::size_t j = 0; j < W_out; ++j) all.push_back(n * D * H_out * W_out + i * W_out + j);
    output_channels = all.size();
    for (std::size_t d = 0; d < D; ++d) all.push_back(d * H_out * W_out);
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
    const T* pz = detail::padded<T, N, C, H, W, P1, P2>(z, s.buffer);
    using offsets = detail::layer_offsets<N, C, D, Hp, Wp, K1, K2, Ho, Wo, S1, S2>;
    const offsets at(s.offsets);
    Tensor<T, N, D, Ho, Wo> out;  // (N, D, H', W'), starting from the bias
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t d = 0; d < D; ++d) std::fill_n(out.data() + (n * D + d) * Ho * Wo, Ho * Wo, b(d));
    // out(d, (n, i, j)) += K(d, (c, m, l)) pz((c, m, l), (n, i, j))
    detail::product<T, D, offsets::P, offsets::Q>({K.data(), at[at.kernel_channels], at[at.kernel_taps]},
                                      {pz, at[at.input_taps], at[at.input_positions]},
                                      {out.data(), at[at.output_channels], at[at.output_positions]});
    return out;
  }
}

/// \brief `ctnn::conv_backward`, eqs. (5), (6), (8), (9), computed as two matrix products: same
/// signature, same compile-time rules, same scaling (dK and db divided by N, dz not), same result
/// up to the order of the additions.
///
/// Shapes: next_dz (N, D, H', W'), K (C, D, k1, k2), z (N, C, H, W) -> {dK, db, dz}.
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
    const T* pz = detail::padded<T, N, C, H, W, P1, P2>(z, s.buffer);
    using offsets = detail::layer_offsets<N, C, D, Hp, Wp, K1, K2, Ho, Wo, S1, S2>;
    const offsets at(s.offsets);
    conv_gradients<Kernel, Bias, Input> g;

    // eq. (5): dK(d, (c, m, l)) = delta(d, (n, i, j)) pz((n, i, j), (c, m, l))
    detail::product<T, D, offsets::Q, offsets::P>({next_dz.data(), at[at.output_channels], at[at.output_positions]},
                                      {pz, at[at.input_positions], at[at.input_taps]},
                                      {g.dK.data(), at[at.kernel_channels], at[at.kernel_taps]});
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

    // eqs. (8), (9): dpz((c, m, l), (n, i, j)) += K((c, m, l), d) delta(d, (n, i, j)), scattered
    // onto the padded input, whose border is then dropped.
    T* dpz = g.dz.data();
    if constexpr (P1 != 0 || P2 != 0) {
      s.buffer.assign(N * C * Hp * Wp, T{});  // pz is no longer needed
      dpz = s.buffer.data();
    }
    detail::product<T, offsets::Q, offsets::P, D>({K.data(), at[at.kernel_taps], at[at.kernel_channels]},
                                      {next_dz.data(), at[at.output_channels], at[at.output_positions]},
                                      {dpz, at[at.input_taps], at[at.input_positions]});
    if constexpr (P1 != 0 || P2 != 0)
      for (std::size_t nc = 0; nc < N * C; ++nc)
        for (std::size_t h = 0; h < H; ++h)
          std::copy_n(dpz + (nc * Hp + h + P1) * Wp + P2, W, g.dz.data() + (nc * H + h) * W);
    return g;
  }
}

}  // namespace ctnn::fast

#endif  // CTNN_FAST_HPP
