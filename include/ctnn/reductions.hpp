/// \file
/// \brief Whole-tensor reductions: `min`, `max`, `mean`, `dot`, and numpy's `allclose`.
#ifndef CTNN_REDUCTIONS_HPP
#define CTNN_REDUCTIONS_HPP

#include <cstddef>

#include "ctnn/rules.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn {

/// \brief The smallest element, `np.min(t)`.
/// \param t any tensor.
template <class T, std::size_t... Dims>
constexpr T min(const Tensor<T, Dims...>& t) {
  T best = t.data()[0];
  for (T x : t) best = x < best ? x : best;
  return best;
}

/// \brief The largest element, `np.max(t)`.
/// \param t any tensor.
template <class T, std::size_t... Dims>
constexpr T max(const Tensor<T, Dims...>& t) {
  T best = t.data()[0];
  for (T x : t) best = x > best ? x : best;
  return best;
}

/// \brief The mean of all elements, `np.average(t)`.
/// \param t any tensor.
template <class T, std::size_t... Dims>
constexpr T mean(const Tensor<T, Dims...>& t) {
  T sum{};
  for (T x : t) sum += x;
  return sum / static_cast<T>(Tensor<T, Dims...>::size);
}

/// \brief The sum of the element-wise products, \f$ \langle a, b \rangle = \sum_i a_i b_i \f$
/// (tutorial 4's gradient check uses it as its loss);
/// one shape and one element type (checked at compile time). The adjoint identity of the
/// backward pass is stated with it: <conv(z, K), g> = <z, dz(g)>.
/// \param a, b tensors of one shape.
template <class T, std::size_t... A, class U, std::size_t... B>
constexpr T dot(const Tensor<T, A...>& a, const Tensor<U, B...>& b) {
  T sum{};
  if constexpr (check::same_tensor_type<Tensor<T, A...>, Tensor<U, B...>>())
    for (std::size_t i = 0; i < Tensor<T, A...>::size; ++i) sum += a.data()[i] * b.data()[i];
  return sum;
}

/// \brief numpy's `np.allclose(a, b)`: every \f$ |a_i - b_i| \le atol + rtol\,|b_i| \f$.
///
/// Not symmetric, exactly like numpy: b is the reference. One shape and one element type. The
/// training loop of tutorial 5 stops with it, and prints `min`, `max` and `mean`:
/// \snippet tutorials/05_train_to_ones.cpp train
/// \param a the values to test.
/// \param b the reference values.
/// \param rtol relative tolerance (numpy's default 1e-5).
/// \param atol absolute tolerance (numpy's default 1e-8).
template <class T, std::size_t... A, class U, std::size_t... B>
constexpr bool allclose(const Tensor<T, A...>& a, const Tensor<U, B...>& b, T rtol = T(1e-5),
                        T atol = T(1e-8)) {
  if constexpr (check::same_tensor_type<Tensor<T, A...>, Tensor<U, B...>>()) {
    for (std::size_t i = 0; i < Tensor<T, A...>::size; ++i) {
      const T diff =
          a.data()[i] > b.data()[i] ? a.data()[i] - b.data()[i] : b.data()[i] - a.data()[i];
      const T ref = b.data()[i] < 0 ? -b.data()[i] : b.data()[i];
      if (!(diff <= atol + rtol * ref)) return false;
    }
    return true;
  } else {
    return false;
  }
}

}  // namespace ctnn

#endif  // CTNN_REDUCTIONS_HPP
