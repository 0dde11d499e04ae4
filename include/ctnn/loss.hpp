/// \file
/// \brief `mean_squared_loss`, with the original's convention.
#ifndef CTNN_LOSS_HPP
#define CTNN_LOSS_HPP

#include <cstddef>

#include "ctnn/rules.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn {

/// \brief What `mean_squared_loss` returns: `auto [loss, dy] = mean_squared_loss(y, t);`.
/// \snippet tests/runtime/loss_test.cpp loss
/// \tparam Y the tensor type of the prediction.
template <class Y>
struct loss_and_gradient {
  typename Y::value_type loss;  ///< the scalar loss
  Y dy;                         ///< its gradient with the original's scaling: y - t
};

/// \brief The original's mean squared loss: the sum over the last axis of the squared error,
/// averaged over all leading axes; its gradient is taken as y - t.
///
/// \f[ L = \frac{1}{R} \sum_{r} \sum_{w} (y_{r,w} - t_{r,w})^2, \qquad dy = y - t \f]
/// where r runs over the R = size / W rows (every leading index) and w over the last axis.
///
/// Note the convention, kept so that results match the original number for number: the exact
/// gradient of L is 2 (y - t) / R, and dy is that times R / 2. The training loop's learning rate
/// absorbs the factor.
///
/// Shapes: y_predict and y_true of one shape (checked at compile time) -> {scalar, same shape}.
/// \param y_predict the prediction.
/// \param y_true the target.
/// \snippet tests/runtime/loss_test.cpp loss
template <class T, std::size_t... Yd, class U, std::size_t... Td>
constexpr auto mean_squared_loss(const Tensor<T, Yd...>& y_predict,
                                 const Tensor<U, Td...>& y_true) {
  using Y = Tensor<T, Yd...>;
  loss_and_gradient<Y> result{T{}, y_predict};
  if constexpr (check::loss_operands<Y, Tensor<U, Td...>>()) {
    result.dy -= y_true;
    constexpr std::size_t row_length = Y::extents[Y::rank - 1];
    constexpr std::size_t rows = Y::size / row_length;
    T total{};
    for (std::size_t r = 0; r < rows; ++r) {
      T row_sum{};  // np.sum(..., axis=-1) for one row
      for (std::size_t w = 0; w < row_length; ++w) {
        const T e = result.dy.data()[r * row_length + w];
        row_sum += e * e;
      }
      total += row_sum;
    }
    result.loss = total / static_cast<T>(rows);  // np.mean over the leading axes
  }
  return result;
}

}  // namespace ctnn

#endif  // CTNN_LOSS_HPP
