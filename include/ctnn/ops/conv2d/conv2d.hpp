/// \file
/// \brief The convolution layer's entry points: `conv_forward` (eq. (4)) and `conv_backward`
/// (eqs. (5), (6), (8), (9)). Each checks its rules once, then runs the reference kernels
/// (ops/conv2d/reference.hpp, the default) or the fast ones (ops/conv2d/fast.hpp).
#ifndef CTNN_OPS_CONV2D_CONV2D_HPP
#define CTNN_OPS_CONV2D_CONV2D_HPP

#include <cstddef>

// The rules first: a diagnostic's "In file included from" chain is then one line per header.
#include "ctnn/ops/conv2d/rules.hpp"
#include "ctnn/rules.hpp"

#include "ctnn/backend.hpp"
#include "ctnn/ops/conv2d/fast.hpp"
#include "ctnn/ops/conv2d/reference.hpp"
#include "ctnn/shape.hpp"
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
/// S >= 1, the kernel fits (H + 2P >= k) and the stride divides H + 2P - k exactly (with
/// `ctnn::floor_strides`, H' is rounded down instead and the last rows or columns may go unread).
/// \tparam Backend `ctnn::backend::reference` (the default: the loops below) or
/// `ctnn::backend::fast` (register tiles; `ctnn::fast::conv_forward` is that call).
/// \param z the input batch.
/// \param K the kernels.
/// \param b the biases, one per output channel.
/// \param geometry `ctnn::padding<P1, P2>` and `ctnn::strides<S1, S2>` (or
/// `ctnn::floor_strides<S1, S2>`), in either order, each at most once: (0, 0) and (1, 1) when
/// left out.
/// \snippet tests/runtime/conv_test.cpp forward_strided
template <class Backend = backend::reference, class T, std::size_t... Zd, class U,
          std::size_t... Kd, class V, std::size_t... Bd, class... Geometry>
constexpr auto conv_forward(const Tensor<T, Zd...>& z, const Tensor<U, Kd...>& K,
                            const Tensor<V, Bd...>& b, Geometry... geometry) {
  using G = ctnn::geometry<Geometry...>;
  ((void)geometry, ...);
  if constexpr (!check::known_backend<Backend>() || !check::forward_geometry<G>()) {
    return z;  // the failed rule has spoken; compute nothing
  } else {
    using rules = check::conv<Tensor<T, Zd...>, Tensor<U, Kd...>, Tensor<V, Bd...>, G::P1, G::P2,
                              G::S1, G::S2, !G::floor>;
    if constexpr (!rules::ok) {
      return z;
    } else {
      Tensor<T, rules::N, rules::D, rules::H_out, rules::W_out> out;  // (N, D, H', W')
      detail::conv2d::forward<G>(Backend{}, z, K, b, out);
      return out;
    }
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
/// With `ctnn::floor_strides`, the rows and columns that no window read get a zero gradient.
/// \tparam Backend `ctnn::backend::reference` (the default) or `ctnn::backend::fast`.
/// \param next_dz the gradient of the loss with respect to the output of `conv_forward`.
/// \param K the kernels used in the forward pass.
/// \param z the input of the forward pass.
/// \param geometry the forward pass's `ctnn::padding<P1, P2>` and `ctnn::strides<S1, S2>`, both
/// of them (in either order), even when they are (0, 0) and (1, 1): there are no defaults, so
/// that a forgotten padding cannot give the gradients of another layer.
/// \snippet tests/runtime/conv_test.cpp backward
template <class Backend = backend::reference, class T, std::size_t... Gd, class U,
          std::size_t... Kd, class V, std::size_t... Zd, class... Geometry>
constexpr auto conv_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Kd...>& K,
                             const Tensor<V, Zd...>& z, Geometry... geometry) {
  using G = ctnn::geometry<Geometry...>;
  using Kernel = Tensor<U, Kd...>;
  using Input = Tensor<V, Zd...>;
  using Bias = Tensor<U, check::extent_or_1<1, Kernel>>;
  using Gradients = conv_gradients<Kernel, Bias, Input>;
  ((void)geometry, ...);
  if constexpr (!check::known_backend<Backend>() || !check::backward_geometry<G>() ||
                !check::backward_order<Tensor<T, Gd...>, Kernel, Input>()) {
    return Gradients{};
  } else {
    using rules = check::conv<Input, Kernel, Bias, G::P1, G::P2, G::S1, G::S2, !G::floor>;
    using Output = Tensor<U, rules::N, rules::D, rules::H_out, rules::W_out>;
    if constexpr (!rules::ok) {
      return Gradients{};
    } else if constexpr (!check::gradient_shape<Tensor<T, Gd...>, Output>()) {
      return Gradients{};
    } else {
      Gradients g;
      detail::conv2d::backward<G>(Backend{}, next_dz, K, z, g);
      return g;
    }
  }
}

}  // namespace ctnn

#endif  // CTNN_OPS_CONV2D_CONV2D_HPP
