/// \file
/// \brief Pooling: `max_pooling_forward` / `avg_pooling_forward` (eqs. (1), (2)) and their backward
/// passes (eqs. (5), (6), (9)), and global max and average pooling (eqs. (3), (4), (10), (12)), as
/// in the series' post on pooling backward. Each runs the reference kernels by default and the
/// fast ones as `f<ctnn::backend::fast>(...)`.
#ifndef CTNN_OPS_POOL2D_POOL2D_HPP
#define CTNN_OPS_POOL2D_POOL2D_HPP

#include <cstddef>
#include <type_traits>

#include "ctnn/backend.hpp"
#include "ctnn/ops/pool2d/fast.hpp"
#include "ctnn/ops/pool2d/reference.hpp"
#include "ctnn/ops/pool2d/rules.hpp"
#include "ctnn/rules.hpp"
#include "ctnn/shape.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn {

/// \brief The pooling window: k1 rows by k2 columns (the series' `pooling=(k1, k2)`).
template <std::size_t K1, std::size_t K2>
struct pooling_t {
  static constexpr std::size_t rows = K1;  ///< k1, the window's height.
  static constexpr std::size_t cols = K2;  ///< k2, the window's width.
};

/// \brief The tag value to pass for a pooling window: `ctnn::pooling<2, 2>`, always the first
/// tag after the tensors of a pooling call.
/// \snippet tests/static/pool2d_static.cpp tags
template <std::size_t K1, std::size_t K2>
inline constexpr pooling_t<K1, K2> pooling{};

namespace detail::pool2d {
template <class X>
inline constexpr bool is_window = false;
template <std::size_t A, std::size_t B>
inline constexpr bool is_window<pooling_t<A, B>> = true;
template <class X>
struct window_of {
  static constexpr std::size_t K1 = 1, K2 = 1;
};
template <std::size_t A, std::size_t B>
struct window_of<pooling_t<A, B>> {
  static constexpr std::size_t K1 = A, K2 = B;
};

// The tags of a pooling call: a window first, then what ctnn::geometry parses. The strides
// default to the window (the series' stride 2 with its 2 x 2 window, PyTorch's stride=None).
template <class... Tags>
struct arguments {
  static constexpr bool window_first = false;
  using G = ctnn::geometry<Tags...>;
  static constexpr std::size_t K1 = 1, K2 = 1;
};
template <class First, class... Rest>
struct arguments<First, Rest...> {
  static constexpr bool window_first = is_window<First>;
  // Without a window first, every tag counts, so that the message's numbers show what was passed.
  using G =
      std::conditional_t<window_first, ctnn::geometry<Rest...>, ctnn::geometry<First, Rest...>>;
  static constexpr std::size_t K1 = window_of<First>::K1, K2 = window_of<First>::K2;
};
template <class Z, class A>
struct layer {
  using G = typename A::G;
  using F = frame<A::K1, A::K2, G::P1, G::P2, G::strides == 0 ? A::K1 : G::S1,
                  G::strides == 0 ? A::K2 : G::S2>;
  using rules = check::pool2d<Z, F::K1, F::K2, F::P1, F::P2, F::S1, F::S2, G::floor>;
};

// The entry points' bodies, once their tags hold: the layer's rules, then the kernel.
template <bool Max, class Backend, class A, class T, std::size_t... Zd>
auto forward(const Tensor<T, Zd...>& z) {
  using L = layer<Tensor<T, Zd...>, A>;
  using rules = typename L::rules;
  if constexpr (!rules::ok) {
    return z;  // the failed rule has spoken: compute nothing
  } else {
    Tensor<T, rules::N, rules::C, rules::H_out, rules::W_out> out;
    if constexpr (Max)
      max_forward(Backend{}, z, out, typename L::F{});
    else
      avg_forward(Backend{}, z, out, typename L::F{});
    return out;
  }
}

template <bool Max, class Backend, class A, class T, std::size_t... Gd, class U, std::size_t... Zd>
auto backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Zd...>& z) {
  using L = layer<Tensor<U, Zd...>, A>;
  using rules = typename L::rules;
  using Output = Tensor<U, rules::N, rules::C, rules::H_out, rules::W_out>;
  if constexpr (!rules::ok || !check::pooling_gradient_shape<Tensor<T, Gd...>, Output>()) {
    return z;
  } else {
    Tensor<U, Zd...> dz;
    if constexpr (Max)
      max_backward(Backend{}, next_dz, z, dz, typename L::F{});
    else
      avg_backward(Backend{}, next_dz, z, dz, typename L::F{});
    return dz;
  }
}
}  // namespace detail::pool2d

/// \brief Max pooling, eq. (1): the largest value of each window,
/// \f[ z'_{n,c,i,j} = \max_{\substack{iS_1 \le m < iS_1 + k_1 \\ jS_2 \le l < jS_2 + k_2}}
///     pz_{n,c,m,l} \f]
/// where pz is z with P1 rows and P2 columns of padding on each side. The padding never wins
/// (it holds \f$ -\infty \f$, as PyTorch's; the series pads with 0, which is wrong for negative
/// inputs).
///
/// Shapes: z (N, C, H, W) -> (N, C, H', W'), \f$ H' = \lfloor (H + 2P_1 - k_1)/S_1 \rfloor + 1 \f$.
/// The element type is kept (the series returns float32 whatever it is given).
///
/// Checked at compile time: rank 4, a floating-point element type, the tags, k >= 1, S >= 1, the
/// window fits (H + 2P >= k), 2P <= k, and with `ctnn::strides` that S divides H + 2P - k.
/// \tparam Backend `ctnn::backend::reference` (default) or `ctnn::backend::fast`.
/// \param z the input batch.
/// \param tags `ctnn::pooling<k1, k2>` first, then `ctnn::strides<S1, S2>` (or
/// `ctnn::floor_strides<S1, S2>`) and `ctnn::padding<P1, P2>` in either order, each at most once:
/// the strides default to the window, the padding to (0, 0).
/// \snippet tutorials/09_pooling.cpp forward
template <class Backend = backend::reference, class T, std::size_t... Zd, class... Tags>
auto max_pooling_forward(const Tensor<T, Zd...>& z, Tags... tags) {
  using A = detail::pool2d::arguments<Tags...>;
  ((void)tags, ...);
  if constexpr (!check::known_backend<Backend>() ||
                !check::pooling_tags<A::window_first, typename A::G>())
    return z;
  else
    return detail::pool2d::forward<true, Backend, A>(z);
}

/// \brief Backward pass of `max_pooling_forward`, eqs. (5), (6): each window's gradient goes to
/// the input that won it, the first maximum in row-major window order when several tie
/// (np.argmax's rule); where windows overlap (S < k) an input collects the gradients of every
/// window it won.
///
/// Shapes: next_dz (N, C, H', W'), z (N, C, H, W) -> dz (N, C, H, W).
/// \param next_dz the gradient of the loss with respect to the forward output.
/// \param z the input of the forward pass.
/// \param tags the forward pass's `ctnn::pooling<k1, k2>` first, then its strides and padding,
/// both of them, in either order: no defaults, so that a backward call cannot assume another
/// geometry than its forward pass had.
template <class Backend = backend::reference, class T, std::size_t... Gd, class U,
          std::size_t... Zd, class... Tags>
auto max_pooling_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Zd...>& z,
                          Tags... tags) {
  using A = detail::pool2d::arguments<Tags...>;
  ((void)tags, ...);
  if constexpr (!check::known_backend<Backend>() ||
                !check::pooling_backward_tags<A::window_first, typename A::G>())
    return z;
  else
    return detail::pool2d::backward<true, Backend, A>(next_dz, z);
}

/// \brief Average pooling, eq. (2): the mean of each window, padding included,
/// \f[ z'_{n,c,i,j} = \frac{1}{k_1 k_2} \sum_{m = iS_1}^{iS_1 + k_1 - 1}
///     \sum_{l = jS_2}^{jS_2 + k_2 - 1} pz_{n,c,m,l} \f]
/// The padding holds zeros and counts in \f$ k_1 k_2 \f$, as the series and PyTorch's default
/// (count_include_pad=True).
///
/// Shapes, rules and tags: as `max_pooling_forward`.
/// \param z the input batch.
/// \param tags `ctnn::pooling<k1, k2>` first, then strides and padding (see max_pooling_forward).
template <class Backend = backend::reference, class T, std::size_t... Zd, class... Tags>
auto avg_pooling_forward(const Tensor<T, Zd...>& z, Tags... tags) {
  using A = detail::pool2d::arguments<Tags...>;
  ((void)tags, ...);
  if constexpr (!check::known_backend<Backend>() ||
                !check::pooling_tags<A::window_first, typename A::G>())
    return z;
  else
    return detail::pool2d::forward<false, Backend, A>(z);
}

/// \brief Backward pass of `avg_pooling_forward`, eq. (9): every input of a window receives
/// \f$ 1/(k_1 k_2) \f$ of its gradient, summed over the windows that read it (eq. (8) gives
/// their range); the padding's share is dropped.
///
/// Shapes: next_dz (N, C, H', W'), z (N, C, H, W) -> dz (N, C, H, W).
/// \param next_dz the gradient of the loss with respect to the forward output.
/// \param z the input of the forward pass (only its shape is used).
/// \param tags the forward pass's window, strides and padding, all three (see
/// max_pooling_backward).
template <class Backend = backend::reference, class T, std::size_t... Gd, class U,
          std::size_t... Zd, class... Tags>
auto avg_pooling_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Zd...>& z,
                          Tags... tags) {
  using A = detail::pool2d::arguments<Tags...>;
  ((void)tags, ...);
  if constexpr (!check::known_backend<Backend>() ||
                !check::pooling_backward_tags<A::window_first, typename A::G>())
    return z;
  else
    return detail::pool2d::backward<false, Backend, A>(next_dz, z);
}

namespace detail::pool2d {
template <bool Max, class Backend, class T, std::size_t... Zd>
auto global_forward(const Tensor<T, Zd...>& z) {
  using Z = Tensor<T, Zd...>;
  if constexpr (!check::known_backend<Backend>() || !check::global_pooling_operand<Z>()) {
    return Tensor<T, check::extent_or_1<0, Z>, check::extent_or_1<1, Z>>{};
  } else {
    Tensor<T, Z::extents[0], Z::extents[1]> out;
    if constexpr (Max)
      global_max_forward(Backend{}, z, out);
    else
      global_avg_forward(Backend{}, z, out);
    return out;
  }
}

template <bool Max, class Backend, class T, std::size_t... Gd, class U, std::size_t... Zd>
auto global_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Zd...>& z) {
  using Z = Tensor<U, Zd...>;
  if constexpr (!check::known_backend<Backend>() || !check::global_pooling_operand<Z>()) {
    return z;
  } else if constexpr (!check::global_pooling_gradient_shape<
                           Tensor<T, Gd...>, Tensor<U, Z::extents[0], Z::extents[1]>>()) {
    return z;
  } else {
    Z dz;
    if constexpr (Max)
      global_max_backward(Backend{}, next_dz, z, dz);
    else
      global_avg_backward(Backend{}, next_dz, z, dz);
    return dz;
  }
}
}  // namespace detail::pool2d

/// \brief Global max pooling, eq. (3): the largest value of each channel,
/// \f$ z'_{n,c} = \max_{m,l} z_{n,c,m,l} \f$.
///
/// Shapes: z (N, C, H, W) -> (N, C). Checked: rank 4, a floating-point element type.
/// \tparam Backend either backend: both run the same kernel (a channel is one contiguous run).
/// \param z the input batch.
template <class Backend = backend::reference, class T, std::size_t... Zd>
auto global_max_pooling_forward(const Tensor<T, Zd...>& z) {
  return detail::pool2d::global_forward<true, Backend>(z);
}

/// \brief Backward pass of `global_max_pooling_forward`, eq. (10): each channel's gradient goes to
/// its first maximum in row-major order (np.argmax), every other input gets 0.
///
/// Shapes: next_dz (N, C), z (N, C, H, W) -> dz (N, C, H, W).
/// \param next_dz the gradient of the loss with respect to the forward output.
/// \param z the input of the forward pass.
template <class Backend = backend::reference, class T, std::size_t... Gd, class U,
          std::size_t... Zd>
auto global_max_pooling_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Zd...>& z) {
  return detail::pool2d::global_backward<true, Backend>(next_dz, z);
}

/// \brief Global average pooling, eq. (4): the mean of each channel,
/// \f$ z'_{n,c} = \frac{1}{HW} \sum_{m,l} z_{n,c,m,l} \f$.
///
/// Shapes: z (N, C, H, W) -> (N, C). Checked: rank 4, a floating-point element type.
/// \param z the input batch.
template <class Backend = backend::reference, class T, std::size_t... Zd>
auto global_avg_pooling_forward(const Tensor<T, Zd...>& z) {
  return detail::pool2d::global_forward<false, Backend>(z);
}

/// \brief Backward pass of `global_avg_pooling_forward`, eq. (12): every input of a channel
/// receives \f$ 1/(HW) \f$ of its gradient (H, W of the input: the post's \f$ H^l \f$ is a slip).
///
/// Shapes: next_dz (N, C), z (N, C, H, W) -> dz (N, C, H, W).
/// \param next_dz the gradient of the loss with respect to the forward output.
/// \param z the input of the forward pass (only its shape is used).
template <class Backend = backend::reference, class T, std::size_t... Gd, class U,
          std::size_t... Zd>
auto global_avg_pooling_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Zd...>& z) {
  return detail::pool2d::global_backward<false, Backend>(next_dz, z);
}

}  // namespace ctnn

#endif  // CTNN_OPS_POOL2D_POOL2D_HPP
