/// \file
/// \brief `mean_squared_loss`, with the original's convention.
#ifndef CTNN_LOSS_HPP
#define CTNN_LOSS_HPP

#include <cstddef>
#include <stdexcept>
#include <type_traits>

#include "ctnn/backend.hpp"
#include "ctnn/rules.hpp"
#include "ctnn/simd/sum.hpp"
#include "ctnn/tensor.hpp"

/// \brief Checks that `mean_squared_loss` is finite when 1 (the default unless `NDEBUG` is
/// defined): it throws `ctnn::non_finite_loss` otherwise.
#ifndef CTNN_CHECK_FINITE
#ifdef NDEBUG
#define CTNN_CHECK_FINITE 0
#else
#define CTNN_CHECK_FINITE 1
#endif
#endif

namespace ctnn {

/// \brief Thrown by `mean_squared_loss` and `cross_entropy_loss` when the loss is nan or
/// infinite and
/// `CTNN_CHECK_FINITE` is 1: training has diverged, most often because the learning rate is too
/// large for the image size (see the conventions page's rule of thumb).
struct non_finite_loss : std::domain_error {
  using std::domain_error::domain_error;
};

/// \brief What a loss returns: `auto [loss, dy] = mean_squared_loss(y, t);` (and
/// `cross_entropy_loss`).
/// \snippet tests/runtime/loss_test.cpp loss
/// \tparam Y the tensor type of the prediction.
template <class Y>
struct loss_and_gradient {
  typename Y::value_type loss;  ///< the scalar loss
  /// its gradient with the series' scaling: y - t for mean_squared_loss, softmax(y) - t for
  /// cross_entropy_loss
  Y dy;
};

/// \brief The original's mean squared loss: the sum over the last axis of the squared error,
/// averaged over all leading axes; its gradient is taken as y - t.
///
/// \f[ L = \frac{1}{R} \sum_{r} \sum_{w} (y_{r,w} - t_{r,w})^2, \qquad dy = y - t \f]
/// where r runs over the R = size / W rows (every leading index) and w over the last axis.
///
/// The sums are added in numpy's order (eight running sums per row of 8 or more values, as
/// numpy's pairwise summation does, in blocks of 8192 as numpy's buffer), so the loss rounds as the
/// original's does.
///
/// Note the convention, kept so that results match the original number for number: the exact
/// gradient of L is 2 (y - t) / R, and dy is that times R / 2. The training loop's learning rate
/// absorbs the factor.
///
/// A loss that is nan or infinite throws `ctnn::non_finite_loss` when `CTNN_CHECK_FINITE` is 1
/// (the default unless `NDEBUG` is defined): a diverging training loop stops at the step where it
/// diverged, with a message, instead of printing nan.
///
/// Shapes: y_predict and y_true of one shape (checked at compile time) -> {scalar, same shape}.
/// \tparam Backend `ctnn::backend::reference` (the default) or `ctnn::backend::fast`, as for every
/// op; both run the same sums, which must round as numpy's.
/// \param y_predict the prediction.
/// \param y_true the target.
/// \snippet tests/runtime/loss_test.cpp loss
template <class Backend = backend::reference, class T, std::size_t... Yd, class U,
          std::size_t... Td>
constexpr auto mean_squared_loss(const Tensor<T, Yd...>& y_predict, const Tensor<U, Td...>& y_true);

/// \brief `mean_squared_loss` writing its gradient into a tensor the caller owns: dy = y_predict -
/// y_true, the loss returned. The same numbers as the form that returns both, without allocating
/// a new dy: for a training loop that reuses one dy from step to step (the original experiment's
/// step in bench/conv_bench, where a new dy cost about a tenth of the step).
///
/// Shapes: y_predict, y_true and dy of one shape, dy of y_predict's type (checked at compile
/// time) -> scalar.
/// \tparam Backend `ctnn::backend::reference` (the default) or `ctnn::backend::fast`.
/// \param y_predict the prediction.
/// \param y_true the target.
/// \param dy receives the gradient, y_predict - y_true.
/// \snippet tests/runtime/loss_test.cpp loss_into
template <class Backend = backend::reference, class T, std::size_t... Yd, class U,
          std::size_t... Td, class G, std::size_t... Gd>
constexpr T mean_squared_loss(const Tensor<T, Yd...>& y_predict, const Tensor<U, Td...>& y_true,
                              Tensor<G, Gd...>& dy) {
  using Y = Tensor<T, Yd...>;
  if constexpr (!check::known_backend<Backend>() || !check::loss_operands<Y, Tensor<U, Td...>>() ||
                !check::loss_gradient<Y, Tensor<G, Gd...>>()) {
    return T{};
  } else {
    for (std::size_t i = 0; i < Y::size; ++i) dy.data()[i] = y_predict.data()[i] - y_true.data()[i];
    constexpr std::size_t row_length = Y::extents[Y::rank - 1];
    constexpr std::size_t rows = Y::size / row_length;
    const T* e = dy.data();
    // np.sum(np.square(e), axis=-1) for row r, then np.mean over the rows, in numpy's order
    const auto square = [&](std::size_t i) { return e[i] * e[i]; };
    const auto row_sum = [&](std::size_t r) {
      return simd::numpy_sum<T>(r * row_length, row_length, square);
    };
    const T loss = simd::numpy_sum<T>(0, rows, row_sum) / static_cast<T>(rows);
    if constexpr (CTNN_CHECK_FINITE && std::is_floating_point_v<T>)
      if (!(loss - loss == T{0}))  // false for nan and for +-inf: inf - inf is nan
        throw non_finite_loss(
            "ctnn: mean_squared_loss is not finite: training diverged (a learning rate too "
            "large for this image size? see the conventions page)");
    return loss;
  }
}

template <class Backend, class T, std::size_t... Yd, class U, std::size_t... Td>
constexpr auto mean_squared_loss(const Tensor<T, Yd...>& y_predict,
                                 const Tensor<U, Td...>& y_true) {
  using Y = Tensor<T, Yd...>;
  loss_and_gradient<Y> result{};
  if constexpr (check::known_backend<Backend>() && check::loss_operands<Y, Tensor<U, Td...>>())
    result.loss = mean_squared_loss<Backend>(y_predict, y_true, result.dy);
  return result;
}

}  // namespace ctnn

#endif  // CTNN_LOSS_HPP
