/// \file
/// \brief The first axis as a batch of items: `slice` reads item n (`batch[n]`), `assign_slice`
/// writes it (`batch[n] = item`), `stack` builds a batch (`np.stack`).
///
/// Every one of them copies: ctnn has no views, so a slice is a tensor of its own and changing it
/// leaves the batch as it was. Item numbers known at compile time are checked at compile time
/// (`slice<n>`); run-time ones, as when a data set of run-time length is cut into batches of a
/// fixed size, are checked at run time, always (also with `NDEBUG`), and throw
/// `std::out_of_range` naming the index and the extent.
/// \snippet tests/runtime/batch_test.cpp batches
#ifndef CTNN_BATCH_HPP
#define CTNN_BATCH_HPP

#include <cstddef>
#include <type_traits>

#include "ctnn/rules.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn {

namespace rule {

/// \brief An item number names an item: I < N, the extent of the first axis.
template <std::size_t I, std::size_t N>
inline constexpr bool index_in_range = I < N;

/// \brief Tensors stacked together are all of one type: one shape and one element type.
template <class First, class... More>
inline constexpr bool one_tensor_type = (std::is_same_v<First, More> && ...);

}  // namespace rule

namespace check {

/// \brief `slice<I>(batch)` names an item of batch: I < N.
template <std::size_t I, std::size_t N>
constexpr bool slice() {
  static_assert(rule::index_in_range<I, N>,
                "ctnn: slice<n> needs n < N, the extent of the first axis (items are numbered "
                "from 0)");
  return rule::index_in_range<I, N>;
}

/// \brief `stack(a, b, ...)`: every tensor has a's shape and element type.
template <class First, class... More>
constexpr bool stack() {
  static_assert(rule::one_tensor_type<First, More...>,
                "ctnn: stack needs tensors of one shape and one element type (ctnn never "
                "broadcasts or converts)");
  return rule::one_tensor_type<First, More...>;
}

/// \brief `assign_slice(batch, n, item)`: item is shaped like one item of the batch, and of its
/// element type.
/// \tparam Item the type of one item of the batch, `Tensor<T, Dims...>` of `Tensor<T, N, Dims...>`.
/// \tparam Given the type of the item passed.
template <class Item, class Given>
constexpr bool batch_item() {
  static_assert(rule::same_shape<Item, Given>,
                "ctnn: assign_slice needs an item shaped like one item of the batch: the batch's "
                "extents without the first");
  static_assert(rule::same_element_type<typename Item::value_type, typename Given::value_type>,
                "ctnn: assign_slice needs an item of the batch's element type (ctnn never "
                "converts)");
  return rule::same_shape<Item, Given> &&
         rule::same_element_type<typename Item::value_type, typename Given::value_type>;
}

}  // namespace check

/// \brief A copy of item I of batch, `batch[I]`: (N, C, H, W) -> (C, H, W).
///
/// I must be less than N (checked at compile time). On a rank-1 tensor the item is a rank-0
/// tensor, `Tensor<T>`.
/// \tparam I the item, from 0.
/// \param batch any tensor of rank at least 1; its first axis numbers the items.
template <std::size_t I, class T, std::size_t N, std::size_t... Item>
constexpr Tensor<T, Item...> slice(const Tensor<T, N, Item...>& batch) {
  Tensor<T, Item...> item;
  if constexpr (check::slice<I, N>())
    for (std::size_t i = 0; i < item.size; ++i) item.data()[i] = batch.data()[I * item.size + i];
  return item;
}

/// \brief A copy of item n of batch, `batch[n]`, with n known at run time: (N, C, H, W) ->
/// (C, H, W).
/// \param batch any tensor of rank at least 1; its first axis numbers the items.
/// \param n the item, from 0.
/// \throws std::out_of_range when n >= N, naming n and N:
/// "ctnn: index 5 on axis 0 is out of range [0, 4)". Checked always, also with `NDEBUG`.
template <class T, std::size_t N, std::size_t... Item>
constexpr Tensor<T, Item...> slice(const Tensor<T, N, Item...>& batch, std::size_t n) {
  if (n >= N) detail::index_out_of_range(0, n, N);
  Tensor<T, Item...> item;
  for (std::size_t i = 0; i < item.size; ++i) item.data()[i] = batch.data()[n * item.size + i];
  return item;
}

/// \brief Writes item into place n of batch, `batch[n] = item`, with n known at run time.
///
/// item must have the batch's extents without the first, and its element type (checked at
/// compile time). With `slice` and a loop, this cuts a data set whose length is known only at
/// run time into batches of a size fixed at compile time:
/// \snippet tests/runtime/batch_test.cpp batches
/// \param batch the tensor to write into; its first axis numbers the items.
/// \param n the place, from 0.
/// \param item the item to copy there.
/// \throws std::out_of_range when n >= N, naming n and N, before anything is written. Checked
/// always, also with `NDEBUG`.
template <class T, std::size_t N, std::size_t... Item, class U, std::size_t... Given>
constexpr void assign_slice(Tensor<T, N, Item...>& batch, std::size_t n,
                            const Tensor<U, Given...>& item) {
  using X = Tensor<T, Item...>;
  if constexpr (check::batch_item<X, Tensor<U, Given...>>()) {
    if (n >= N) detail::index_out_of_range(0, n, N);
    for (std::size_t i = 0; i < X::size; ++i) batch.data()[n * X::size + i] = item.data()[i];
  }
}

/// \brief The tensors stacked along a new first axis, `np.stack([first, more...])`: k tensors of
/// shape (C, H, W) make one of shape (k, C, H, W).
///
/// Every tensor must have first's shape and element type (checked at compile time). The result
/// is a copy.
/// \snippet tests/runtime/batch_test.cpp stack
/// \param first the item that becomes item 0.
/// \param more the items that follow, in order.
template <class T, std::size_t... Dims, class... More>
constexpr Tensor<T, 1 + sizeof...(More), Dims...> stack(const Tensor<T, Dims...>& first,
                                                        const More&... more) {
  Tensor<T, 1 + sizeof...(More), Dims...> batch;
  if constexpr (check::stack<Tensor<T, Dims...>, More...>()) {
    constexpr std::size_t item_size = Tensor<T, Dims...>::size;
    T* out = batch.data();
    const auto append = [&out](const Tensor<T, Dims...>& item) {
      for (std::size_t i = 0; i < item_size; ++i) *out++ = item.data()[i];
    };
    append(first);
    (append(more), ...);
  }
  return batch;
}

}  // namespace ctnn

#endif  // CTNN_BATCH_HPP
