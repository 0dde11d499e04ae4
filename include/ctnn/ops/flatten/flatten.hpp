/// \file
/// \brief `flatten_forward` and `flatten_backward`: a batch (N, ...) as the rows (N, C*H*W) a
/// fully connected layer reads, and its gradient back in the batch's shape (the series' layers.py,
/// used between the last pooling layer and the first fc layer of its CNN).
///
/// One kernel for every backend: flattening a row-major tensor moves no element (row n of the
/// result is image n's values in their memory order), so both directions are a copy.
#ifndef CTNN_OPS_FLATTEN_FLATTEN_HPP
#define CTNN_OPS_FLATTEN_FLATTEN_HPP

#include <algorithm>
#include <cstddef>

#include "ctnn/backend.hpp"
#include "ctnn/rules.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn {

namespace rule {

/// \brief flatten keeps a batch axis and flattens the rest: the tensor has rank >= 2, (N, ...).
template <std::size_t Rank>
inline constexpr bool flatten_batch_and_features = Rank >= 2;

}  // namespace rule

namespace check {

/// \brief The number of features per sample: the product of the extents after the first.
template <class Z>
inline constexpr std::size_t features_of = Z::rank >= 1 ? Z::size / Z::extents[0] : 1;

/// \brief flatten's z is (N, ...), rank >= 2.
template <std::size_t Rank>
constexpr bool flatten_rank() {
  static_assert(rule::flatten_batch_and_features<Rank>,
                "ctnn: flatten needs a batch (N, ...) of rank 2 or more: it keeps axis 0 (N) and "
                "flattens the others into one");
  return rule::flatten_batch_and_features<Rank>;
}

/// \brief `flatten_backward(next_dz, z)`: next_dz is (N, C*H*W) of z (N, C, H, W), z's element
/// type. The note names next_dz's type first, then the expected one.
template <class NextDz, class Expected>
constexpr bool flatten_gradient_shape() {
  static_assert(rule::same_shape<NextDz, Expected>,
                "ctnn: flatten_backward's next_dz must have the shape (N, C*H*W) of "
                "flatten_forward(z) (the note shows next_dz's type, then that shape)");
  static_assert(rule::same_element_type<typename NextDz::value_type, typename Expected::value_type>,
                "ctnn: flatten_backward's next_dz must have the element type of z");
  return rule::same_shape<NextDz, Expected> &&
         rule::same_element_type<typename NextDz::value_type, typename Expected::value_type>;
}

}  // namespace check

namespace detail::flatten {

// A copy in memory order, for every backend (see the file's comment).
template <class Backend, class A, class B>
constexpr void copy(Backend, const A& from, B& to) {
  static_assert(A::size == B::size);
  std::copy_n(from.data(), A::size, to.data());
}

}  // namespace detail::flatten

/// \brief Flattens every sample of a batch into one row, as `np.reshape(z, (N, -1))`:
/// \f[ \mathrm{out}_{n,\,(c H + h) W + w} = z_{n,c,h,w} \f]
/// (any rank >= 2: (N, d1, d2, ...) -> (N, d1 d2 ...), in row-major order).
///
/// Checked at compile time: z has rank 2 or more.
/// \tparam Backend `backend::reference` (the default) or `backend::fast`: the same copy.
/// \param z the batch (N, ...).
/// \snippet tests/runtime/flatten_test.cpp flatten
template <class Backend = backend::reference, class T, std::size_t... Zd>
constexpr auto flatten_forward(const Tensor<T, Zd...>& z) {
  using Z = Tensor<T, Zd...>;
  if constexpr (!check::known_backend<Backend>() || !check::flatten_rank<Z::rank>()) {
    return z;  // the failed rule has spoken; compute nothing
  } else {
    Tensor<T, Z::extents[0], check::features_of<Z>> out;  // (N, C*H*W)
    detail::flatten::copy(Backend{}, z, out);
    return out;
  }
}

/// \brief The gradient of `flatten_forward`: next_dz (N, C*H*W) put back into z's shape, as
/// `np.reshape(next_dz, z.shape)`. Flattening only renames the elements, so each one's gradient
/// is next_dz's element of the same place.
///
/// Checked at compile time: z has rank 2 or more, next_dz is (N, C*H*W) of z's element type.
/// \tparam Backend `backend::reference` (the default) or `backend::fast`: the same copy.
/// \param next_dz the gradient of the loss with respect to flatten_forward's output.
/// \param z the input of flatten_forward (only its type is used).
/// \snippet tests/runtime/flatten_test.cpp flatten
template <class Backend = backend::reference, class T, std::size_t... Gd, class V,
          std::size_t... Zd>
constexpr auto flatten_backward(const Tensor<T, Gd...>& next_dz, const Tensor<V, Zd...>& z) {
  using Z = Tensor<V, Zd...>;
  (void)z;
  if constexpr (!check::known_backend<Backend>() || !check::flatten_rank<Z::rank>()) {
    return Z{};
  } else if constexpr (!check::flatten_gradient_shape<
                           Tensor<T, Gd...>, Tensor<V, Z::extents[0], check::features_of<Z>>>()) {
    return Z{};
  } else {
    Z dz;
    detail::flatten::copy(Backend{}, next_dz, dz);
    return dz;
  }
}

}  // namespace ctnn

#endif  // CTNN_OPS_FLATTEN_FLATTEN_HPP
