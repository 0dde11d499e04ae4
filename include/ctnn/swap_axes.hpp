/// \file
/// \brief `swap_axes<A, B>`: exchange two axes, `np.swapaxes(t, A, B)`.
#ifndef CTNN_SWAP_AXES_HPP
#define CTNN_SWAP_AXES_HPP

#include <array>
#include <cstddef>
#include <utility>

#include "ctnn/rules.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn {

namespace detail {
template <std::size_t A, std::size_t B, class T, std::size_t... Dims, std::size_t... I>
auto swapped_tensor(std::index_sequence<I...>) {
  constexpr std::array<std::size_t, sizeof...(Dims)> e{Dims...};
  return Tensor<T, (I == A ? e[B] : I == B ? e[A] : e[I])...>{};
}
}  // namespace detail

/// \brief A copy of `t` with axes A and B exchanged, `np.swapaxes(t, A, B)`.
///
/// The backward pass uses it twice: z (N, C, H, W) becomes (C, N, H, W) so that eq. (5) is a
/// convolution over the batch, and the kernel (C, D, k1, k2) becomes (D, C, k1, k2) so that
/// eq. (8) maps D channels back to C.
///
/// Shapes: `swap_axes<0, 1>` on (N, C, H, W) -> (C, N, H, W).
/// \tparam A, B the axes to exchange (each less than the rank).
/// \param t any tensor.
/// \snippet tests/runtime/helpers_test.cpp swap_axes
template <std::size_t A, std::size_t B, class T, std::size_t... Dims>
constexpr auto swap_axes(const Tensor<T, Dims...>& t) {
  using X = Tensor<T, Dims...>;
  if constexpr (!check::swap_axes<A, B, X::rank>()) {
    return t;
  } else {
    using Y =
        decltype(detail::swapped_tensor<A, B, T, Dims...>(std::make_index_sequence<X::rank>{}));
    Y out;
    // Walk t in row-major order; the same multi-index with A and B exchanged is the target.
    std::array<std::size_t, X::rank> index{};
    for (std::size_t flat = 0; flat < X::size; ++flat) {
      std::size_t at = 0;
      for (std::size_t axis = 0; axis < X::rank; ++axis) {
        const std::size_t from = axis == A ? B : axis == B ? A : axis;
        at += index[from] * Y::memory_strides[axis];
      }
      out.data()[at] = t.data()[flat];
      for (std::size_t axis = X::rank; axis-- > 0;) {  // next multi-index, last axis fastest
        if (++index[axis] < X::extents[axis]) break;
        index[axis] = 0;
      }
    }
    return out;
  }
}

}  // namespace ctnn

#endif  // CTNN_SWAP_AXES_HPP
