/// \file
/// \brief The convolution's reference kernels: eq. (4) as loops, and the backward pass computed
/// the way the original does it (insert zeros, pad by k - 1, convolve with the flipped,
/// channel-swapped kernel, remove the padding). What the tutorials teach, and the oracle of every
/// test.
#ifndef CTNN_OPS_CONV2D_REFERENCE_HPP
#define CTNN_OPS_CONV2D_REFERENCE_HPP

#include <cstddef>

#include "ctnn/backend.hpp"
#include "ctnn/flip_hw.hpp"
#include "ctnn/insert_zeros.hpp"
#include "ctnn/ops/conv2d/input_gradient.hpp"
#include "ctnn/pad.hpp"
#include "ctnn/shape.hpp"
#include "ctnn/swap_axes.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn::detail::conv2d {

// eq. (4) for the geometry G (a ctnn::geometry<Tags...>): z (N, C, H, W), K (C, D, k1, k2),
// b (D,) -> out (N, D, H', W'), every element written.
template <class G, class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W,
          std::size_t D, std::size_t K1, std::size_t K2, std::size_t Ho, std::size_t Wo>
constexpr void forward(backend::reference, const Tensor<T, N, C, H, W>& z,
                       const Tensor<T, C, D, K1, K2>& K, const Tensor<T, D>& b,
                       Tensor<T, N, D, Ho, Wo>& out) {
  constexpr auto strides = ctnn::strides<G::S1, G::S2>;
  const auto pz = pad(z, ctnn::padding<G::P1, G::P2>);  // pz is (N, C, H + 2P1, W + 2P2)
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t d = 0; d < D; ++d)
      for (std::size_t i = 0; i < Ho; ++i)
        for (std::size_t j = 0; j < Wo; ++j) {
          T sum{};  // eq. (4): one window, all input channels
          for (std::size_t c = 0; c < C; ++c)
            for (std::size_t m = 0; m < K1; ++m)
              for (std::size_t l = 0; l < K2; ++l)
                sum += K(c, d, m, l) * pz(n, c, i * strides.rows + m, j * strides.cols + l);
          out(n, d, i, j) = sum + b(d);
        }
}

// The convolutions inside the backward pass: stride 1, no padding, no bias.
template <class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W, std::size_t D,
          std::size_t K1, std::size_t K2>
constexpr auto correlate(const Tensor<T, N, C, H, W>& x, const Tensor<T, C, D, K1, K2>& k) {
  Tensor<T, N, D, H - K1 + 1, W - K2 + 1> out;
  forward<geometry<>>(backend::reference{}, x, k, Tensor<T, D>{}, out);
  return out;
}

// The first Hr rows and Wr columns of t (N, C, H, W): with floor strides, the part of the padded
// input that the windows read. t itself when that is all of it.
template <std::size_t Hr, std::size_t Wr, class T, std::size_t N, std::size_t C, std::size_t H,
          std::size_t W>
constexpr auto read_part(const Tensor<T, N, C, H, W>& t) {
  if constexpr (Hr == H && Wr == W) {
    return t;
  } else {
    Tensor<T, N, C, Hr, Wr> part;
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t c = 0; c < C; ++c)
        for (std::size_t h = 0; h < Hr; ++h)
          for (std::size_t w = 0; w < Wr; ++w) part(n, c, h, w) = t(n, c, h, w);
    return part;
  }
}

// t (N, C, Hr, Wr) extended with zero rows and columns to (N, C, H, W): what no window read has a
// zero gradient. t itself when nothing is missing.
template <std::size_t H, std::size_t W, class T, std::size_t N, std::size_t C, std::size_t Hr,
          std::size_t Wr>
constexpr auto zero_extended(const Tensor<T, N, C, Hr, Wr>& t) {
  if constexpr (Hr == H && Wr == W) {
    return t;
  } else {
    Tensor<T, N, C, H, W> all;  // zeros
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t c = 0; c < C; ++c)
        for (std::size_t h = 0; h < Hr; ++h)
          for (std::size_t w = 0; w < Wr; ++w) all(n, c, h, w) = t(n, c, h, w);
    return all;
  }
}

// eqs. (5), (6), (8), (9) for the geometry G: next_dz (N, D, H', W'), K (C, D, k1, k2),
// z (N, C, H, W) -> g.dK, g.db divided by N, g.dz not; every element written. Without a member
// dz (a network's first layer: nothing needs the gradient of its input) eqs. (8), (9) are skipped.
template <class G, class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W,
          std::size_t D, std::size_t K1, std::size_t K2, std::size_t Ho, std::size_t Wo,
          class Gradients>
constexpr void backward(backend::reference, const Tensor<T, N, D, Ho, Wo>& next_dz,
                        const Tensor<T, C, D, K1, K2>& K, const Tensor<T, N, C, H, W>& z,
                        Gradients& g) {
  constexpr auto padding = ctnn::padding<G::P1, G::P2>;
  constexpr auto strides = ctnn::strides<G::S1, G::S2>;
  // The rows and columns of the padded input that the windows read: all of them, unless floor
  // strides leave the last ones out.
  constexpr std::size_t Hr = (Ho - 1) * G::S1 + K1, Wr = (Wo - 1) * G::S2 + K2;

  // The stride-1 picture: (N, D, (H'-1) S1 + 1, (W'-1) S2 + 1)
  const auto spread = insert_zeros(next_dz, strides);

  // eq. (5): correlate the padded input with the spread gradient, summing over the batch.
  // swap_axes makes the batch the "channel" axis that a convolution sums over.
  const auto pz_cn = swap_axes<0, 1>(read_part<Hr, Wr>(pad(z, padding)));  // (C, N, Hr, Wr)
  g.dK = correlate(pz_cn, spread);                                         // (C, D, k1, k2)

  // eq. (6): sum over batch, rows and columns.
  for (std::size_t d = 0; d < D; ++d) {
    T sum{};
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t i = 0; i < Ho; ++i)
        for (std::size_t j = 0; j < Wo; ++j) sum += next_dz(n, d, i, j);
    g.db(d) = sum;
  }

  if constexpr (has_input_gradient<Gradients>) {
    // eq. (8): full correlation of the spread gradient with the rotated kernel, D -> C channels.
    const auto K_dc = swap_axes<0, 1>(flip_hw(K));                     // (D, C, k1, k2)
    const auto p_spread = pad(spread, ctnn::padding<K1 - 1, K2 - 1>);  // k - 1 zeros around
    const auto dpz = correlate(p_spread, K_dc);                        // (N, C, Hr, Wr)

    // eq. (9): the padded border was not part of z.
    g.dz = remove_padding(zero_extended<H + 2 * G::P1, W + 2 * G::P2>(dpz), padding);
  }

  // The original returns dK / N and db / N (the mean over the batch) and dz as it is.
  for (T& x : g.dK) x /= static_cast<T>(N);
  for (T& x : g.db) x /= static_cast<T>(N);
}

}  // namespace ctnn::detail::conv2d

#endif  // CTNN_OPS_CONV2D_REFERENCE_HPP
