/// \file
/// \brief The fully connected layer of post 0_1: `fc_forward` (\f$ z^{l+1} = z^l W^l + b^l \f$)
/// and `fc_backward` (eqs. (8), (9), (15)), on the reference or the fast backend.
#ifndef CTNN_OPS_FC_FC_HPP
#define CTNN_OPS_FC_FC_HPP

#include <cstddef>

#include "ctnn/backend.hpp"
#include "ctnn/ops/fc/fast.hpp"
#include "ctnn/ops/fc/reference.hpp"
#include "ctnn/ops/fc/rules.hpp"
#include "ctnn/rules.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn {

/// \brief The fully connected layer, forward: every sample (a row of z) times the weights, plus
/// the bias (post 0_1, convention c):
/// \f[ z^{l+1}_{n,o} = \sum_{i} z^l_{n,i}\, W^l_{i,o} + b^l_o \qquad (z^{l+1} = z^l W^l + b^l) \f]
///
/// Shapes: z (N, I), W (I, O) — inputs first, as the series' `np.dot(z, W)`; PyTorch's Linear
/// keeps (O, I) —, b (O,) -> (N, O).
///
/// Checked at compile time: z and W rank 2, b rank 1, one floating-point element type (dW / N
/// of integers would truncate), W's I equal to z's, b's length equal to W's O, and a W that
/// looks transposed (PyTorch's (O, I)) named as such.
/// \tparam Backend `backend::reference` (the default) or `backend::fast`: the same result up to
/// the order of the additions.
/// \param z the input batch, one sample per row.
/// \param W the weights.
/// \param b the biases, one per output.
/// \snippet tests/runtime/fc_test.cpp forward
template <class Backend = backend::reference, class T, std::size_t... Zd, class U,
          std::size_t... Wd, class V, std::size_t... Bd>
constexpr auto fc_forward(const Tensor<T, Zd...>& z, const Tensor<U, Wd...>& W,
                          const Tensor<V, Bd...>& b) {
  using Z = Tensor<T, Zd...>;
  using Wt = Tensor<U, Wd...>;
  if constexpr (!check::known_backend<Backend>() ||
                !check::fc_operands<Z, Wt, Tensor<V, Bd...>>()) {
    return z;  // the failed rule has spoken; compute nothing
  } else {
    Tensor<T, Z::extents[0], Wt::extents[1]> out;  // (N, O)
    detail::fc::forward(Backend{}, z, W, b, out);  // writes every element of out
    return out;
  }
}

/// \brief The gradients `fc_backward` returns, each with exactly the type of what it
/// differentiates: `auto [dW, db, dz] = fc_backward(next_dz, W, z)`.
/// \tparam Weight the type of W (I, O).
/// \tparam Bias the type of b (O,).
/// \tparam Input the type of z (N, I).
template <class Weight, class Bias, class Input>
struct fc_gradients {
  Weight dW;  ///< eq. (8) divided by N: \f$ (z^l)^T \delta^{l+1} / N \f$, (I, O).
  Bias db;    ///< eq. (9) divided by N: the sum of \f$ \delta^{l+1} \f$ over the batch / N, (O,).
  Input dz;   ///< eq. (15), not divided: \f$ \delta^{l+1} (W^l)^T \f$, (N, I).
};

/// \brief The fully connected layer, backward (post 0_1): with \f$ \delta \f$ = next_dz,
/// \f[ \text{(8)}\quad \frac{\partial L}{\partial W_{i,o}} = \sum_n z_{n,i}\, \delta_{n,o}
///     \qquad \text{(9)}\quad \frac{\partial L}{\partial b_o} = \sum_n \delta_{n,o}
///     \qquad \text{(15)}\quad \frac{\partial L}{\partial z_{n,i}} = \sum_o \delta_{n,o}\, W_{i,o} \f]
///
/// Scaling kept from the series: dW and db are divided by the batch size N, dz is not (as
/// conv_backward). With `cross_entropy_loss`'s dy = p - t per sample, dW and db are then exactly
/// the gradients of the loss averaged over the batch (`fc_test` proves it by central
/// differences).
///
/// Shapes: next_dz (N, O), W (I, O), z (N, I) -> {dW (I, O), db (O,), dz (N, I)}.
///
/// Checked at compile time: the rules of fc_forward for z and W, next_dz (N, O) of their element
/// type, and forward's argument order `(z, W, dy)` refused.
/// \tparam Backend `backend::reference` (the default) or `backend::fast`.
/// \param next_dz the gradient of the loss with respect to fc_forward's output.
/// \param W the weights used in the forward pass.
/// \param z the input of the forward pass.
/// \snippet tests/runtime/fc_test.cpp backward
template <class Backend = backend::reference, class T, std::size_t... Gd, class U,
          std::size_t... Wd, class V, std::size_t... Zd>
constexpr auto fc_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Wd...>& W,
                           const Tensor<V, Zd...>& z) {
  using Wt = Tensor<U, Wd...>;
  using Z = Tensor<V, Zd...>;
  using Bias = Tensor<U, check::extent_or_1<1, Wt>>;
  using result = fc_gradients<Wt, Bias, Z>;
  if constexpr (!check::known_backend<Backend>() ||
                !check::fc_backward_operands<Tensor<T, Gd...>, Wt, Z>()) {
    return result{};  // the failed rule has spoken; compute nothing
  } else {
    result g;
    detail::fc::backward(Backend{}, next_dz, W, z, g.dW, g.db, g.dz);  // writes every element
    return g;
  }
}

}  // namespace ctnn

#endif  // CTNN_OPS_FC_FC_HPP
