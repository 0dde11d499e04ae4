/// \file
/// \brief `cross_entropy_loss`: softmax (eq. (22)) and cross-entropy (eq. (23)) in one, whose
/// gradient is softmax minus the target (eq. (25)), as the series' losses.py.
///
/// One kernel for every backend: the time goes into `exp` and `log` of the C library, once per
/// logit, which a hand-written loop around them would not change (the same reason as the
/// activations'); N x classes is small next to the fc layer that produces the logits.
#ifndef CTNN_OPS_CROSS_ENTROPY_CROSS_ENTROPY_HPP
#define CTNN_OPS_CROSS_ENTROPY_CROSS_ENTROPY_HPP

#include <cmath>
#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "ctnn/backend.hpp"
#include "ctnn/loss.hpp"  // loss_and_gradient, non_finite_loss, CTNN_CHECK_FINITE
#include "ctnn/ops/cross_entropy/rules.hpp"
#include "ctnn/rules.hpp"
#include "ctnn/simd/sum.hpp"
#include "ctnn/tensor.hpp"

/// \brief Checks that every row of `cross_entropy_loss`'s y_true is a probability distribution
/// when 1 (the default unless `NDEBUG` is defined): it throws `ctnn::invalid_distribution`
/// otherwise.
#ifndef CTNN_CHECK_DISTRIBUTION
#ifdef NDEBUG
#define CTNN_CHECK_DISTRIBUTION 0
#else
#define CTNN_CHECK_DISTRIBUTION 1
#endif
#endif

namespace ctnn {

/// \brief Thrown by `cross_entropy_loss` when `CTNN_CHECK_DISTRIBUTION` is 1 and a row of y_true
/// is not a probability distribution (an entry below 0, or a sum further than 1e-6 from 1): the
/// gradient p - t of eq. (25) holds only for such rows (its derivation uses
/// \f$ \sum_i y^*_i = 1 \f$); for others the gradient is \f$ p \sum_i t_i - t \f$. The message
/// names the row.
struct invalid_distribution : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

namespace detail::cross_entropy {

// Throws invalid_distribution naming the first row of t that has a negative (or NaN) entry or
// whose sum is further than 1e-6 from 1. Summed in double, so that a float row of many small
// probabilities is not refused for its own rounding.
template <class T, std::size_t N, std::size_t K>
void check_rows(const Tensor<T, N, K>& t) {
  const auto fail = [](std::size_t n, const std::string& what) {
    std::ostringstream message;
    message.precision(10);
    message << "ctnn: cross_entropy_loss: row " << n
            << " of y_true is not a probability distribution (" << what
            << "): eq. (25), dy = softmax(y) - t, needs rows of entries >= 0 summing to 1";
    throw invalid_distribution(message.str());
  };
  for (std::size_t n = 0; n < N; ++n) {
    double sum = 0;
    for (std::size_t k = 0; k < K; ++k) {
      const T v = t.data()[n * K + k];
      if (!(v >= T{0})) {  // also NaN
        std::ostringstream entry;
        entry.precision(10);
        entry << "entry " << k << " is " << static_cast<double>(v);
        fail(n, entry.str());
      }
      sum += static_cast<double>(v);
    }
    if (!(std::abs(sum - 1.0) <= 1e-6)) {
      std::ostringstream total;
      total.precision(10);
      total << "it sums to " << sum << ", not 1 within 1e-6";
      fail(n, total.str());
    }
  }
}

// Row by row, with m the row's maximum and s = sum_k exp(y_k - m) (so s >= 1: no overflow, and
// log s is finite):
//   eq. (22)  p_k = exp(y_k - m) / s                    (as the series: the maximum subtracted)
//   eq. (25)  dy_k = p_k - t_k
//   eq. (23)  -sum_k t_k log p_k = sum_k t_k (log s - (y_k - m))   (log-sum-exp: never log 0)
// and the loss is the mean of the rows'. Sums run in numpy's order (simd::numpy_sum), as the
// series' np.sum and np.mean. Writes every element of dy.
template <class Backend, class T, std::size_t N, std::size_t K>
T loss(Backend, const Tensor<T, N, K>& y, const Tensor<T, N, K>& t, Tensor<T, N, K>& dy) {
  const T* yp = y.data();
  const T* tp = t.data();
  T* d = dy.data();
  std::vector<T> rows(N);
  for (std::size_t n = 0; n < N; ++n) {
    const T* yr = yp + n * K;
    const T* tr = tp + n * K;
    T* dr = d + n * K;
    T m = yr[0];
    for (std::size_t k = 1; k < K; ++k) m = yr[k] > m ? yr[k] : m;
    for (std::size_t k = 0; k < K; ++k) dr[k] = std::exp(yr[k] - m);
    const T s = simd::numpy_sum<T>(0, K, [&](std::size_t k) { return dr[k]; });
    const T log_s = std::log(s);
    rows[n] =
        simd::numpy_sum<T>(0, K, [&](std::size_t k) { return tr[k] * (log_s - (yr[k] - m)); });
    for (std::size_t k = 0; k < K; ++k) dr[k] = dr[k] / s - tr[k];
  }
  return simd::numpy_sum<T>(0, N, [&](std::size_t n) { return rows[n]; }) / static_cast<T>(N);
}

}  // namespace detail::cross_entropy

/// \brief Softmax cross-entropy of post 0_1, with the series' conventions: for each sample (a
/// row) y of logits and t of target probabilities,
/// \f[ \text{(22)}\quad a_k = \frac{e^{y_k}}{\sum_j e^{y_j}} \qquad
///     \text{(23)}\quad L = -\sum_k t_k \log a_k \qquad
///     \text{(25)}\quad \frac{\partial L}{\partial y} = a - t \f]
/// `loss` is the mean of L over the N rows; `dy` is a - t for each row, NOT divided by N: the 1/N
/// of the mean comes from fc_backward, which divides dW and db by N (so dy is N times the
/// gradient of the mean loss, and fc_backward(dy, W, z) gives exactly the mean's gradients for
/// W and b; `cross_entropy_test` and `fc_test` prove both by central differences).
///
/// Computed without overflow and without log 0: the row's maximum is subtracted before exp (as
/// the series does), and L through log-sum-exp, \f$ L = \sum_k t_k (\log s - (y_k - m)) \f$ with
/// m the maximum and \f$ s = \sum_j e^{y_j - m} \f$. Logits of +-1000 give a finite loss and
/// an exact dy, where the series' `-t * np.log(a)` gives nan (0 times log 0).
///
/// Checked at compile time: y_predict (N, classes) rank 2, y_true of its shape and element type,
/// floating point. At run time, when `CTNN_CHECK_DISTRIBUTION` is 1 (the default unless `NDEBUG`
/// is defined): every row of y_true is a probability distribution, or `ctnn::invalid_distribution`
/// names the row; when `CTNN_CHECK_FINITE` is 1: the loss is finite, or `ctnn::non_finite_loss`.
/// \tparam Backend `backend::reference` (the default) or `backend::fast`: one kernel for both.
/// \param y_predict the logits (N, classes), before softmax.
/// \param y_true the targets (N, classes): one-hot rows, or probabilities.
/// \snippet tests/runtime/cross_entropy_test.cpp loss
template <class Backend = backend::reference, class T, std::size_t... Yd, class U,
          std::size_t... Td>
auto cross_entropy_loss(const Tensor<T, Yd...>& y_predict, const Tensor<U, Td...>& y_true) {
  using Y = Tensor<T, Yd...>;
  loss_and_gradient<Y> result{T{}, y_predict};
  if constexpr (check::known_backend<Backend>() &&
                check::cross_entropy_operands<Y, Tensor<U, Td...>>()) {
    if constexpr (CTNN_CHECK_DISTRIBUTION) detail::cross_entropy::check_rows(y_true);
    result.loss = detail::cross_entropy::loss(Backend{}, y_predict, y_true, result.dy);
    if constexpr (CTNN_CHECK_FINITE)
      if (!(result.loss - result.loss == T{0}))  // false for nan and for +-inf: inf - inf is nan
        throw non_finite_loss(
            "ctnn: cross_entropy_loss is not finite: a logit in y_predict is nan or infinite "
            "(training diverged?)");
  }
  return result;
}

}  // namespace ctnn

#endif  // CTNN_OPS_CROSS_ENTROPY_CROSS_ENTROPY_HPP
