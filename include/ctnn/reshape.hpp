/// \file
/// \brief `reshape<Dims...>`: the same elements under other extents, `np.reshape(t, Dims)`.
#ifndef CTNN_RESHAPE_HPP
#define CTNN_RESHAPE_HPP

#include <cstddef>

#include "ctnn/rules.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn {

namespace rule {

/// \brief A reshape keeps the number of elements: Size == NewSize.
template <std::size_t Size, std::size_t NewSize>
inline constexpr bool same_size = Size == NewSize;

}  // namespace rule

namespace check {

/// \brief `reshape<Dims...>(t)`: the new extents hold as many elements as t.
template <std::size_t Size, std::size_t NewSize>
constexpr bool reshape() {
  static_assert(rule::same_size<Size, NewSize>,
                "ctnn: reshape<Dims...> needs as many elements as the tensor has: the product of "
                "the new extents must equal its size (same_size<size, new size>)");
  return rule::same_size<Size, NewSize>;
}

}  // namespace check

/// \brief A copy of t with the extents `Dims...`, `np.reshape(t, Dims)`: the elements in the same
/// row-major order.
///
/// A copy, not a view: changing the result leaves t as it was (numpy's reshape returns a view
/// when it can). The product of the new extents must equal t's size (checked at compile time:
/// reshaping 24 elements into (5, 5) does not compile); there is no -1 extent to infer, since
/// every extent is written in the type anyway.
///
/// Shapes: `reshape<4, 6>` on (2, 3, 4) -> (4, 6); `reshape<N, C * H * W>` flattens a batch for a
/// fully connected layer.
/// \snippet tests/runtime/reshape_test.cpp reshape
/// \tparam Dims the new extents.
/// \param t any tensor.
template <std::size_t... Dims, class T, std::size_t... Old>
constexpr Tensor<T, Dims...> reshape(const Tensor<T, Old...>& t) {
  Tensor<T, Dims...> out;
  if constexpr (check::reshape<Tensor<T, Old...>::size, Tensor<T, Dims...>::size>())
    for (std::size_t i = 0; i < out.size; ++i) out.data()[i] = t.data()[i];
  return out;
}

}  // namespace ctnn

#endif  // CTNN_RESHAPE_HPP
