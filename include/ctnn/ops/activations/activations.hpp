/// \file
/// \brief The activation functions of post 0_3, forward and backward: `relu`, `lrelu`, `prelu`,
/// `elu`, `selu`, `sigmoid` and `tanh`, each `<name>_forward(z, ...)` and
/// `<name>_backward(next_dz, z, ...)`, on tensors of any rank (they act element by element).
///
/// As every op, each takes its backend as its first, defaulted template argument
/// (`ctnn::relu_forward<ctnn::backend::fast>(z)`); both backends run the same kernels here but
/// for relu, whose fast kernels give the same bits in SIMD vectors (see
/// ops/activations/reference.hpp and fast.hpp). The element type is float or double; next_dz has z's shape
/// and element type; a scalar alpha may not narrow into the element type (write `0.2f` for a
/// float tensor); prelu's alpha is a Tensor (C,) or (1,). All checked at compile time.
#ifndef CTNN_OPS_ACTIVATIONS_ACTIVATIONS_HPP
#define CTNN_OPS_ACTIVATIONS_ACTIVATIONS_HPP

#include <cstddef>
#include <utility>

#include "ctnn/backend.hpp"
#include "ctnn/ops/activations/fast.hpp"
#include "ctnn/ops/activations/reference.hpp"
#include "ctnn/ops/activations/rules.hpp"
#include "ctnn/rules.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn {

/// \brief SELU's \f$ \lambda \f$ of eq. (10): 1.0507009873554804934193349852946, the value
/// PyTorch uses (Klambauer et al. 2017; the series rounds it to 1.0507).
template <class T>
inline constexpr T selu_lambda = static_cast<T>(1.0507009873554804934193349852946L);

/// \brief SELU's \f$ \alpha \f$ of eq. (10): 1.6732632423543772848170429916717, the value
/// PyTorch uses (Klambauer et al. 2017; the series rounds it to 1.673).
template <class T>
inline constexpr T selu_alpha = static_cast<T>(1.6732632423543772848170429916717L);

namespace detail::activations {

// The rules every activation checks first, one at a time, so that one mistake gives one error.
template <class Backend, class T>
constexpr bool operand_ok() {
  if constexpr (!check::known_backend<Backend>())
    return false;
  else
    return check::activation_element<T>();
}

template <class Backend, class NextDz, class Z>
constexpr bool backward_ok() {
  if constexpr (!operand_ok<Backend, typename Z::value_type>())
    return false;
  else
    return check::activation_gradient<NextDz, Z>();
}

}  // namespace detail::activations

/// \brief ReLU, eq. (1): \f$ \mathrm{ReLU}(z) = \max(0, z) \f$, element by element.
///
/// As the series' `np.maximum(0, z)`: a NaN stays NaN.
/// \tparam Backend `ctnn::backend::reference` (the default) or `ctnn::backend::fast`.
/// \param z a float or double tensor of any shape.
/// \return a tensor of z's type.
template <class Backend = backend::reference, class T, std::size_t... Dims>
auto relu_forward(const Tensor<T, Dims...>& z) {
  if constexpr (!detail::activations::operand_ok<Backend, T>()) {
    return z;  // the failed rule has spoken: compute nothing
  } else {
    Tensor<T, Dims...> out;
    detail::activations::relu_forward(Backend{}, z, out);
    return out;
  }
}

/// \brief Backward pass of `relu_forward`, eq. (2):
/// \f$ \delta^l = \delta^{l+1} \f$ where \f$ z > 0 \f$, 0 where \f$ z \le 0 \f$.
///
/// relu'(0) is 0, as the series' `np.greater(z, 0)` (PyTorch also gives 0 there).
/// \param next_dz \f$ \delta^{l+1} \f$, the gradient of the loss with respect to the output; z's
/// shape and element type.
/// \param z the input of the forward pass.
/// \return \f$ \delta^l \f$, a tensor of z's type.
template <class Backend = backend::reference, class T, std::size_t... Gd, class U,
          std::size_t... Dims>
auto relu_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Dims...>& z) {
  if constexpr (!detail::activations::backward_ok<Backend, Tensor<T, Gd...>,
                                                  Tensor<U, Dims...>>()) {
    return z;
  } else {
    Tensor<U, Dims...> dz;
    detail::activations::relu_backward(Backend{}, next_dz, z, dz);
    return dz;
  }
}

/// \brief Leaky ReLU, eq. (3): \f$ z \f$ where \f$ z > 0 \f$, \f$ \alpha z \f$ where
/// \f$ z \le 0 \f$.
/// \param z a float or double tensor of any shape.
/// \param alpha the slope for \f$ z \le 0 \f$, a run-time number; 0.1 (in z's element type) when
/// left out, as the series. It may not narrow into the element type
/// (ctnn::rule::scalar_without_narrowing): `0.2` suits a double tensor, `0.2f` a float one.
/// \return a tensor of z's type.
template <class Backend = backend::reference, class T, std::size_t... Dims, class S = T>
auto lrelu_forward(const Tensor<T, Dims...>& z, S alpha = static_cast<S>(0.1)) {
  if constexpr (!detail::activations::operand_ok<Backend, T>()) {
    return z;
  } else if constexpr (!check::scalar<S, T>()) {
    return z;
  } else {
    Tensor<T, Dims...> out;
    detail::activations::lrelu_forward(Backend{}, z, static_cast<T>(alpha), out);
    return out;
  }
}

/// \brief Backward pass of `lrelu_forward`, eq. (4): \f$ \delta^{l+1} \f$ where \f$ z > 0 \f$,
/// \f$ \alpha \delta^{l+1} \f$ where \f$ z \le 0 \f$ (so the slope at 0 is alpha).
/// \param next_dz the gradient with respect to the output; z's shape and element type.
/// \param z the input of the forward pass.
/// \param alpha the forward pass's slope (0.1 when left out); may not narrow.
/// \return a tensor of z's type.
template <class Backend = backend::reference, class T, std::size_t... Gd, class U,
          std::size_t... Dims, class S = U>
auto lrelu_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Dims...>& z,
                    S alpha = static_cast<S>(0.1)) {
  if constexpr (!detail::activations::backward_ok<Backend, Tensor<T, Gd...>,
                                                  Tensor<U, Dims...>>()) {
    return z;
  } else if constexpr (!check::scalar<S, U>()) {
    return z;
  } else {
    Tensor<U, Dims...> dz;
    detail::activations::lrelu_backward(Backend{}, next_dz, z, static_cast<U>(alpha), dz);
    return dz;
  }
}

/// \brief Parametric ReLU, eq. (5): \f$ z \f$ where \f$ z > 0 \f$, \f$ \alpha_c z \f$ where
/// \f$ z \le 0 \f$, with one learnable slope per channel.
///
/// alpha is a Tensor (C,) for z (N, C, ...), as PyTorch's `PReLU(num_parameters=C)`, or (1,)
/// shared by every channel, as `PReLU()`; a z of rank 0 or 1 has no channel axis and takes
/// (1,) (ctnn::rule::alpha_per_channel). The series writes alpha with z's own shape, batch
/// included: a parameter that would be tied to one batch size and learnt per sample, which its
/// code never uses.
/// \param z a float or double tensor (N, C, ...).
/// \param alpha the slopes, (C,) or (1,), of z's element type.
/// \return a tensor of z's type.
template <class Backend = backend::reference, class T, std::size_t... Dims, class U,
          std::size_t... Ad>
auto prelu_forward(const Tensor<T, Dims...>& z, const Tensor<U, Ad...>& alpha) {
  using Z = Tensor<T, Dims...>;
  if constexpr (!detail::activations::operand_ok<Backend, T>()) {
    return z;
  } else if constexpr (!check::prelu_alpha<check::channels_of<Z>, T, U, Ad...>()) {
    return z;
  } else {
    Z out;
    detail::activations::prelu_forward(Backend{}, z, alpha, out);
    return out;
  }
}

/// \brief The gradients `prelu_backward` returns, each with the type of what it differentiates:
/// `auto [dz, dalpha] = prelu_backward(next_dz, z, alpha)`.
/// \tparam Input the type of z.
/// \tparam Alpha the type of alpha, (C,) or (1,).
template <class Input, class Alpha>
struct prelu_gradients {
  Input dz;      ///< eq. (6): z's type.
  Alpha dalpha;  ///< eq. (7) summed over the elements sharing each slope, divided by N.
};

/// \brief Backward pass of `prelu_forward`: eqs. (6) and (7).
///
/// \f[ \text{(6)}\quad \delta^l = \delta^{l+1} \text{ where } z > 0,\quad
///     \alpha_c\, \delta^{l+1} \text{ where } z \le 0 \f]
/// \f[ \text{(7)}\quad \frac{\partial L}{\partial \alpha_c} = \frac{1}{N}
///     \sum_{n} \sum_{\text{elements of channel } c} [z \le 0]\; z\, \delta^{l+1} \f]
///
/// The series returns eq. (7) element by element, z's shape, which cannot update a (C,) slope;
/// ctnn sums it over every element that shares a slope (the batch, the positions, and the
/// channels too when alpha is (1,)) and divides by the batch size N (axis 0 of z; 1 for a rank-0
/// z), as conv_backward divides dK and db: the mean over the batch, so that with a loss whose dy
/// is per sample it is the gradient of the mean loss, as for every other parameter.
/// \param next_dz the gradient with respect to the output; z's shape and element type.
/// \param z the input of the forward pass.
/// \param alpha the forward pass's slopes.
/// \return `{dz, dalpha}`: dz of z's type, dalpha of alpha's (the series returns them in the
/// other order).
template <class Backend = backend::reference, class T, std::size_t... Gd, class U,
          std::size_t... Dims, class V, std::size_t... Ad>
auto prelu_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Dims...>& z,
                    const Tensor<V, Ad...>& alpha) {
  using Z = Tensor<U, Dims...>;
  using Alpha = Tensor<V, Ad...>;
  if constexpr (!detail::activations::backward_ok<Backend, Tensor<T, Gd...>, Z>()) {
    return prelu_gradients<Z, Alpha>{};
  } else if constexpr (!check::prelu_alpha<check::channels_of<Z>, U, V, Ad...>()) {
    return prelu_gradients<Z, Alpha>{};
  } else {
    Z dz;
    Alpha dalpha;
    detail::activations::prelu_backward(Backend{}, next_dz, z, alpha, check::batch_of<Z>, dz,
                                        dalpha);
    return prelu_gradients<Z, Alpha>{std::move(dz), std::move(dalpha)};
  }
}

/// \brief ELU, eq. (8): \f$ z \f$ where \f$ z > 0 \f$, \f$ \alpha (e^z - 1) \f$ where
/// \f$ z \le 0 \f$.
///
/// \f$ e^z - 1 \f$ is computed as `std::expm1(z)`: accurate near 0, and exactly
/// \f$ -\alpha \f$ for large negative z (no overflow, no NaN).
/// \param z a float or double tensor of any shape.
/// \param alpha the scale of the negative part; 0.1 (in z's element type) when left out, as the
/// series; may not narrow into the element type.
/// \return a tensor of z's type.
template <class Backend = backend::reference, class T, std::size_t... Dims, class S = T>
auto elu_forward(const Tensor<T, Dims...>& z, S alpha = static_cast<S>(0.1)) {
  if constexpr (!detail::activations::operand_ok<Backend, T>()) {
    return z;
  } else if constexpr (!check::scalar<S, T>()) {
    return z;
  } else {
    Tensor<T, Dims...> out;
    detail::activations::elu_forward(Backend{}, z, static_cast<T>(alpha), out);
    return out;
  }
}

/// \brief Backward pass of `elu_forward`, eq. (9): \f$ \delta^{l+1} \f$ where \f$ z > 0 \f$,
/// \f$ \alpha\, \delta^{l+1} e^{z} \f$ where \f$ z \le 0 \f$.
/// \param next_dz the gradient with respect to the output; z's shape and element type.
/// \param z the input of the forward pass.
/// \param alpha the forward pass's alpha (0.1 when left out); may not narrow.
/// \return a tensor of z's type.
template <class Backend = backend::reference, class T, std::size_t... Gd, class U,
          std::size_t... Dims, class S = U>
auto elu_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Dims...>& z,
                  S alpha = static_cast<S>(0.1)) {
  if constexpr (!detail::activations::backward_ok<Backend, Tensor<T, Gd...>,
                                                  Tensor<U, Dims...>>()) {
    return z;
  } else if constexpr (!check::scalar<S, U>()) {
    return z;
  } else {
    Tensor<U, Dims...> dz;
    detail::activations::elu_backward(Backend{}, next_dz, z, static_cast<U>(alpha), dz);
    return dz;
  }
}

/// \brief SELU, eq. (10): \f$ \lambda z \f$ where \f$ z > 0 \f$, \f$ \lambda \alpha (e^z - 1)
/// \f$ where \f$ z \le 0 \f$, with \f$ \lambda \f$ = ctnn::selu_lambda and \f$ \alpha \f$ =
/// ctnn::selu_alpha (PyTorch's constants).
/// \param z a float or double tensor of any shape.
/// \return a tensor of z's type.
template <class Backend = backend::reference, class T, std::size_t... Dims>
auto selu_forward(const Tensor<T, Dims...>& z) {
  if constexpr (!detail::activations::operand_ok<Backend, T>()) {
    return z;
  } else {
    Tensor<T, Dims...> out;
    detail::activations::selu_forward(Backend{}, z, selu_lambda<T>, selu_alpha<T>, out);
    return out;
  }
}

/// \brief Backward pass of `selu_forward`, eq. (11): \f$ \lambda \delta^{l+1} \f$ where
/// \f$ z > 0 \f$, \f$ \lambda \alpha\, \delta^{l+1} e^{z} \f$ where \f$ z \le 0 \f$.
/// \param next_dz the gradient with respect to the output; z's shape and element type.
/// \param z the input of the forward pass.
/// \return a tensor of z's type.
template <class Backend = backend::reference, class T, std::size_t... Gd, class U,
          std::size_t... Dims>
auto selu_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Dims...>& z) {
  if constexpr (!detail::activations::backward_ok<Backend, Tensor<T, Gd...>,
                                                  Tensor<U, Dims...>>()) {
    return z;
  } else {
    Tensor<U, Dims...> dz;
    detail::activations::selu_backward(Backend{}, next_dz, z, selu_lambda<U>, selu_alpha<U>, dz);
    return dz;
  }
}

/// \brief The logistic sigmoid, eq. (12): \f$ \sigma(z) = 1 / (1 + e^{-z}) \f$.
///
/// Computed without overflow: for z < 0 as \f$ e^{z} / (1 + e^{z}) \f$, so that exp only ever
/// sees \f$ -|z| \f$; sigmoid(-1000) is 0 and sigmoid(1000) is 1 exactly, with no infinity on the
/// way.
/// \param z a float or double tensor of any shape.
/// \return a tensor of z's type.
template <class Backend = backend::reference, class T, std::size_t... Dims>
auto sigmoid_forward(const Tensor<T, Dims...>& z) {
  if constexpr (!detail::activations::operand_ok<Backend, T>()) {
    return z;
  } else {
    Tensor<T, Dims...> out;
    detail::activations::sigmoid_forward(Backend{}, z, out);
    return out;
  }
}

/// \brief Backward pass of `sigmoid_forward`, eq. (13):
/// \f$ \delta^l = \delta^{l+1} \sigma(z) (1 - \sigma(z)) \f$.
///
/// Computed as eq. (13)'s middle line with \f$ e = e^{-|z|} \f$ (the slope is even in z):
/// \f$ \delta^{l+1} e / (1 + e)^2 \f$, which never overflows and stays accurate where
/// \f$ \sigma(z) \f$ rounds to 1 (at z = 40 it gives \f$ 4.25 \cdot 10^{-18} \f$ where
/// \f$ \sigma (1 - \sigma) \f$ gives 0).
/// \param next_dz the gradient with respect to the output; z's shape and element type.
/// \param z the input of the forward pass.
/// \return a tensor of z's type.
template <class Backend = backend::reference, class T, std::size_t... Gd, class U,
          std::size_t... Dims>
auto sigmoid_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Dims...>& z) {
  if constexpr (!detail::activations::backward_ok<Backend, Tensor<T, Gd...>,
                                                  Tensor<U, Dims...>>()) {
    return z;
  } else {
    Tensor<U, Dims...> dz;
    detail::activations::sigmoid_backward(Backend{}, next_dz, z, dz);
    return dz;
  }
}

/// \brief The hyperbolic tangent, \f$ \tanh z \f$, element by element (`std::tanh`).
/// \param z a float or double tensor of any shape.
/// \return a tensor of z's type.
template <class Backend = backend::reference, class T, std::size_t... Dims>
auto tanh_forward(const Tensor<T, Dims...>& z) {
  if constexpr (!detail::activations::operand_ok<Backend, T>()) {
    return z;
  } else {
    Tensor<T, Dims...> out;
    detail::activations::tanh_forward(Backend{}, z, out);
    return out;
  }
}

/// \brief Backward pass of `tanh_forward`: \f$ \delta^l = \delta^{l+1} (1 - \tanh^2 z) \f$.
///
/// The series' `tanh_backward` writes `next_dz(1 - ...)` without the `*`, which calls the array
/// and raises a TypeError; ctnn computes the product it means. The slope is computed as
/// \f$ 1 - \tanh^2 z = 4e / (1 + e)^2 \f$ with \f$ e = e^{-2|z|} \f$, the same number without
/// the cancellation of \f$ 1 - t^2 \f$ where \f$ t \approx 1 \f$.
/// \param next_dz the gradient with respect to the output; z's shape and element type.
/// \param z the input of the forward pass.
/// \return a tensor of z's type.
template <class Backend = backend::reference, class T, std::size_t... Gd, class U,
          std::size_t... Dims>
auto tanh_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Dims...>& z) {
  if constexpr (!detail::activations::backward_ok<Backend, Tensor<T, Gd...>,
                                                  Tensor<U, Dims...>>()) {
    return z;
  } else {
    Tensor<U, Dims...> dz;
    detail::activations::tanh_backward(Backend{}, next_dz, z, dz);
    return dz;
  }
}

}  // namespace ctnn

#endif  // CTNN_OPS_ACTIVATIONS_ACTIVATIONS_HPP
