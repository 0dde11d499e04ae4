/// \file
/// \brief The convolution layer: `conv_forward` (eq. (4)) and `conv_backward` (eqs. (5), (6),
/// (8), (9)), the reference versions that the tutorials teach and every faster version is
/// tested against.
#ifndef CTNN_CONV_HPP
#define CTNN_CONV_HPP

#include <cstddef>
#include <type_traits>
#include <utility>

#include "ctnn/flip_hw.hpp"
#include "ctnn/insert_zeros.hpp"
#include "ctnn/ops/conv2d/rules.hpp"
#include "ctnn/pad.hpp"
#include "ctnn/rules.hpp"
#include "ctnn/shape.hpp"
#include "ctnn/swap_axes.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn {

/// \brief Multi-channel 2-D convolution (cross-correlation, as in the original and in every deep
/// learning library), eq. (4):
/// \f[ z'_{n,d,i,j} = \sum_{c} \sum_{m} \sum_{l} K_{c,d,m,l}\; pz_{n,c,\,i S_1 + m,\,j S_2 + l} + b_d \f]
/// where pz is z padded with P1 rows and P2 columns of zeros on each side.
///
/// Shapes: z (N, C, H, W), K (C, D, k1, k2) — input channels first, as the original —, b (D,)
/// -> (N, D, H', W') with \f$ H' = (H + 2P_1 - k_1)/S_1 + 1 \f$ and
/// \f$ W' = (W + 2P_2 - k_2)/S_2 + 1 \f$.
///
/// Checked at compile time: ranks, one element type, C of K equals C of z, D of b equals D of K,
/// S >= 1, the kernel fits (H + 2P >= k) and the stride divides H + 2P - k exactly.
/// \param z the input batch.
/// \param K the kernels.
/// \param b the biases, one per output channel.
/// \param geometry `ctnn::padding<P1, P2>` and `ctnn::strides<S1, S2>`, in either order, each
/// at most once: (0, 0) and (1, 1) when left out.
/// \snippet tests/runtime/conv_test.cpp forward_strided
template <class T, std::size_t... Zd, class U, std::size_t... Kd, class V, std::size_t... Bd,
          class... Geometry>
constexpr auto conv_forward(const Tensor<T, Zd...>& z, const Tensor<U, Kd...>& K,
                            const Tensor<V, Bd...>& b, Geometry... geometry) {
  using G = ctnn::geometry<Geometry...>;
  using rules =
      check::conv<Tensor<T, Zd...>, Tensor<U, Kd...>, Tensor<V, Bd...>, G::P1, G::P2, G::S1, G::S2>;
  ((void)geometry, ...);
  if constexpr (!check::forward_geometry<G>() || !rules::ok) {
    return z;  // the failed rule has spoken; compute nothing
  } else {
    constexpr std::size_t N = rules::N, C = rules::C, D = rules::D, K1 = rules::K1, K2 = rules::K2,
                          H_out = rules::H_out, W_out = rules::W_out;
    constexpr auto strides = ctnn::strides<G::S1, G::S2>;
    const auto pz = pad(z, ctnn::padding<G::P1, G::P2>);  // pz is (N, C, H + 2P1, W + 2P2)
    Tensor<T, N, D, H_out, W_out> out;                    // out is (N, D, H', W')
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t d = 0; d < D; ++d)
        for (std::size_t i = 0; i < H_out; ++i)
          for (std::size_t j = 0; j < W_out; ++j) {
            T sum{};  // eq. (4): one window, all input channels
            for (std::size_t c = 0; c < C; ++c)
              for (std::size_t m = 0; m < K1; ++m)
                for (std::size_t l = 0; l < K2; ++l)
                  sum += K(c, d, m, l) * pz(n, c, i * strides.rows + m, j * strides.cols + l);
            out(n, d, i, j) = sum + b(d);
          }
    return out;
  }
}

/// \brief The gradients `conv_backward` returns, each with exactly the type of what it
/// differentiates: `auto [dK, db, dz] = conv_backward(...)`.
/// \snippet tests/runtime/conv_test.cpp backward
/// \tparam Kernel the type of K (C, D, k1, k2).
/// \tparam Bias the type of b (D,).
/// \tparam Input the type of z (N, C, H, W).
template <class Kernel, class Bias, class Input>
struct conv_gradients {
  Kernel dK;  ///< eq. (5) divided by N: (C, D, k1, k2).
  Bias db;    ///< eq. (6) divided by N: (D,).
  Input dz;   ///< eqs. (8) and (9), not divided: (N, C, H, W).
};

namespace detail {
// conv_backward once its geometry and argument order are known to be right.
template <std::size_t P1, std::size_t P2, std::size_t S1, std::size_t S2, class T,
          std::size_t... Gd, class U, std::size_t... Kd, class V, std::size_t... Zd>
constexpr auto conv_backward_checked(const Tensor<T, Gd...>& next_dz, const Tensor<U, Kd...>& K,
                                     const Tensor<V, Zd...>& z) {
  using Kernel = Tensor<U, Kd...>;
  using Input = Tensor<V, Zd...>;
  using Bias = Tensor<U, check::extent_or_1<1, Kernel>>;
  using rules = check::conv<Input, Kernel, Bias, P1, P2, S1, S2>;
  using Output = Tensor<U, rules::N, rules::D, rules::H_out, rules::W_out>;
  constexpr auto padding = ctnn::padding<P1, P2>;
  constexpr auto strides = ctnn::strides<S1, S2>;
  if constexpr (!rules::ok) {
    return conv_gradients<Kernel, Bias, Input>{};
  } else if constexpr (!check::gradient_shape<Tensor<T, Gd...>, Output>()) {
    return conv_gradients<Kernel, Bias, Input>{};
  } else {
    constexpr std::size_t C = rules::C, D = rules::D, K1 = rules::K1, K2 = rules::K2;

    // The stride-1 picture: (N, D, (H'-1) S1 + 1, (W'-1) S2 + 1)
    const auto spread = insert_zeros(next_dz, strides);

    // eq. (5): correlate the padded input with the spread gradient, summing over the batch.
    // swap_axes makes the batch the "channel" axis that a convolution sums over.
    const auto pz_cn = swap_axes<0, 1>(pad(z, padding));      // (C, N, H + 2P1, W + 2P2)
    Kernel dK = conv_forward(pz_cn, spread, Tensor<T, D>{});  // (C, D, k1, k2)

    // eq. (6): sum over batch, rows and columns.
    Bias db;  // (D,)
    for (std::size_t n = 0; n < rules::N; ++n)
      for (std::size_t d = 0; d < D; ++d)
        for (std::size_t i = 0; i < rules::H_out; ++i)
          for (std::size_t j = 0; j < rules::W_out; ++j) db(d) += next_dz(n, d, i, j);

    // eq. (8): full correlation of the spread gradient with the rotated kernel, D -> C channels.
    const auto K_dc = swap_axes<0, 1>(flip_hw(K));                     // (D, C, k1, k2)
    const auto p_spread = pad(spread, ctnn::padding<K1 - 1, K2 - 1>);  // k - 1 zeros around
    const auto dpz = conv_forward(p_spread, K_dc, Tensor<T, C>{});     // (N, C, H + 2P1, W + 2P2)

    // eq. (9): the padded border was not part of z.
    Input dz = remove_padding(dpz, padding);  // (N, C, H, W)

    // The original returns dK / N and db / N (the mean over the batch) and dz as it is.
    for (T& x : dK) x /= static_cast<T>(rules::N);
    for (T& x : db) x /= static_cast<T>(rules::N);
    return conv_gradients<Kernel, Bias, Input>{std::move(dK), std::move(db), std::move(dz)};
  }
}
}  // namespace detail

/// \brief Backward pass of `conv_forward`, computed the way the original does it: insert zeros,
/// pad by k - 1, convolve with the flipped, channel-swapped kernel, remove the padding.
///
/// With \f$ \delta \f$ = next_dz, \f$ \delta^0 \f$ = insert_zeros(\f$ \delta \f$, strides) and pz the
/// padded input:
/// \f[ \text{(5)}\quad \frac{\partial L}{\partial K_{c,d,m,l}} = \sum_n \sum_i \sum_j
///     \delta^0_{n,d,i,j}\; pz_{n,c,i+m,j+l} \f]
/// \f[ \text{(6)}\quad \frac{\partial L}{\partial b_d} = \sum_n \sum_i \sum_j \delta_{n,d,i,j} \f]
/// \f[ \text{(8)}\quad \frac{\partial L}{\partial pz_{n,c,i,j}} = \sum_d \sum_m \sum_l
///     \mathrm{rot180}(K)_{c,d,m,l}\; p\delta^0_{n,d,i+m,j+l} \f]
/// where \f$ p\delta^0 \f$ is \f$ \delta^0 \f$ with k - 1 zeros around it, and (9): dz is that
/// gradient with the padding removed.
///
/// Scaling kept from the original: dK and db are divided by the batch size N, dz is not.
///
/// One correction: the original computes (5) from the unpadded z, which gives a
/// (C, D, k1 - 2P1, k2 - 2P2) array as soon as the padding is not zero; ctnn uses the padded input,
/// as eq. (5) is written.
///
/// Shapes: next_dz (N, D, H', W'), K (C, D, k1, k2), z (N, C, H, W) -> {dK (C, D, k1, k2),
/// db (D,), dz (N, C, H, W)}.
/// \param next_dz the gradient of the loss with respect to the output of `conv_forward`.
/// \param K the kernels used in the forward pass.
/// \param z the input of the forward pass.
/// \param geometry the forward pass's `ctnn::padding<P1, P2>` and `ctnn::strides<S1, S2>`, both
/// of them (in either order), even when they are (0, 0) and (1, 1): there are no defaults, so
/// that a forgotten padding cannot give the gradients of another layer.
/// \snippet tests/runtime/conv_test.cpp backward
template <class T, std::size_t... Gd, class U, std::size_t... Kd, class V, std::size_t... Zd,
          class... Geometry>
constexpr auto conv_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Kd...>& K,
                             const Tensor<V, Zd...>& z, Geometry... geometry) {
  using G = ctnn::geometry<Geometry...>;
  using Kernel = Tensor<U, Kd...>;
  using Input = Tensor<V, Zd...>;
  using Bias = Tensor<U, check::extent_or_1<1, Kernel>>;
  ((void)geometry, ...);
  if constexpr (!check::backward_geometry<G>() ||
                !check::backward_order<Tensor<T, Gd...>, Kernel, Input>()) {
    return conv_gradients<Kernel, Bias, Input>{};
  } else {
    return detail::conv_backward_checked<G::P1, G::P2, G::S1, G::S2>(next_dz, K, z);
  }
}

}  // namespace ctnn

#endif  // CTNN_CONV_HPP
