/// \file
/// \brief Element-wise functions and sums, as numpy's: `abs`, `exp`, `log`, `sqrt`, `maximum`,
/// `minimum`, `sum` and `sum<Axis>`.
///
/// Each element-wise function returns a new tensor of the argument's type (pass a temporary, as
/// in `exp(a - b)`, and its buffer is reused). Nothing broadcasts and nothing converts: `maximum`
/// of two tensors needs one shape and one element type, and a scalar may not narrow into the
/// element type (ctnn::rule::scalar_without_narrowing, the rule of `2 * t`).
#ifndef CTNN_MATH_HPP
#define CTNN_MATH_HPP

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <utility>

#include "ctnn/rules.hpp"
#include "ctnn/simd/sum.hpp"  // simd::numpy_sum, numpy's order of additions
#include "ctnn/tensor.hpp"

namespace ctnn {

namespace rule {

/// \brief The element type is a floating-point type (float, double or long double).
template <class T>
inline constexpr bool floating_element = std::is_floating_point_v<T>;

/// \brief An axis number names an axis that exists: Axis < Rank.
template <std::size_t Axis, std::size_t Rank>
inline constexpr bool axis_exists = Axis < Rank;

}  // namespace rule

namespace check {

/// \brief `exp`, `log` and `sqrt` compute in floating point.
template <class T>
constexpr bool exp_log_sqrt() {
  static_assert(rule::floating_element<T>,
                "ctnn: exp, log and sqrt need a floating-point element type (float or double)");
  return rule::floating_element<T>;
}

/// \brief `sum<Axis>(t)` names an axis of t.
template <std::size_t Axis, std::size_t Rank>
constexpr bool sum_axis() {
  static_assert(rule::axis_exists<Axis, Rank>,
                "ctnn: sum<Axis> needs Axis < rank (axes are numbered from 0)");
  return rule::axis_exists<Axis, Rank>;
}

}  // namespace check

namespace detail {

// a + b in T. Integers wrap around as numpy's fixed-width integers do, computed in the unsigned
// type because a signed overflow is undefined behaviour in C++; numpy adds booleans with 'or'.
template <class T>
constexpr T add_wrapping(T a, T b) {
  if constexpr (std::is_same_v<T, bool>) {
    return a || b;
  } else if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
  } else {
    return a + b;
  }
}

// The sum of term(first), ..., term(first + n - 1) as numpy adds a contiguous run: numpy_sum's
// blocks for floating point; integers wrap around, and their sum does not depend on the order.
template <class T, class Term>
constexpr T numpy_run_sum(std::size_t first, std::size_t n, const Term& term) {
  if constexpr (std::is_floating_point_v<T>) {
    return simd::numpy_sum<T>(first, n, term);
  } else {
    T total{};
    for (std::size_t i = 0; i < n; ++i) total = add_wrapping(total, term(first + i));
    return total;
  }
}

// Tensor<T, Dims...> without axis Axis; I runs over the rank - 1 axes that remain.
template <std::size_t Axis, class T, std::size_t... Dims, std::size_t... I>
auto without_axis(std::index_sequence<I...>) {
  constexpr std::array<std::size_t, sizeof...(Dims)> e{Dims...};
  return Tensor<T, e[I < Axis ? I : I + 1]...>{};
}

// |x| as numpy's: |-0.0| is +0.0 and the absolute value of a NaN is a NaN without its sign; the
// most negative integer stays itself (it wraps around, where -x would be undefined in C++).
template <class T>
constexpr T abs_value(T x) {
  if constexpr (std::is_floating_point_v<T>) {
    if (x != x) return std::numeric_limits<T>::quiet_NaN();
    return x < T{0} ? -x : x == T{0} ? T{0} : x;
  } else if constexpr (std::is_signed_v<T>) {
    using U = std::make_unsigned_t<T>;
    return x < T{0} ? static_cast<T>(U{0} - static_cast<U>(x)) : x;
  } else {
    return x;
  }
}

// numpy's maximum and minimum of two values: a NaN on either side is the result, and on a tie
// the second value is (so np.maximum(-0.0, 0.0) is 0.0 and np.maximum(0.0, -0.0) is -0.0).
template <class T>
constexpr bool is_nan(T x) {
  if constexpr (std::is_floating_point_v<T>) {
    return x != x;
  } else {
    return false;
  }
}
template <class T>
constexpr T maximum_of(T a, T b) {
  return a > b || is_nan(a) ? a : b;
}
template <class T>
constexpr T minimum_of(T a, T b) {
  return a < b || is_nan(a) ? a : b;
}

}  // namespace detail

/// \brief The absolute value of every element, `np.abs(t)`.
///
/// As numpy's: \f$ |{-0.0}| = +0.0 \f$, and the most negative integer of a signed type stays
/// itself (`np.abs(np.int8(-128))` is -128). Unsigned elements are returned unchanged.
/// \param t any tensor; a temporary's buffer is reused.
/// \return a tensor of t's type.
template <class T, std::size_t... Dims>
constexpr Tensor<T, Dims...> abs(Tensor<T, Dims...> t) {
  for (T& x : t) x = detail::abs_value(x);
  return t;
}

/// \brief \f$ e^x \f$ of every element, `np.exp(t)`; float or double only
/// (ctnn::rule::floating_element).
///
/// Overflow gives `inf` (`exp(710.0)`) as numpy's does, without numpy's warning. The values are
/// the C library's `std::exp`: numpy computes some types with its own vector code on some CPUs,
/// which can differ in the last bit.
/// \param t a tensor of float or double; a temporary's buffer is reused.
/// \return a tensor of t's type.
template <class T, std::size_t... Dims>
Tensor<T, Dims...> exp(Tensor<T, Dims...> t) {
  if constexpr (check::exp_log_sqrt<T>())
    for (T& x : t) x = std::exp(x);
  return t;
}

/// \brief The natural logarithm of every element, `np.log(t)`; float or double only
/// (ctnn::rule::floating_element).
///
/// As numpy's: \f$ \log 0 = -\infty \f$ and the logarithm of a negative number is NaN (numpy
/// also warns; ctnn does not). The values are the C library's `std::log`.
/// \param t a tensor of float or double; a temporary's buffer is reused.
/// \return a tensor of t's type.
template <class T, std::size_t... Dims>
Tensor<T, Dims...> log(Tensor<T, Dims...> t) {
  if constexpr (check::exp_log_sqrt<T>())
    for (T& x : t) x = std::log(x);
  return t;
}

/// \brief The square root of every element, `np.sqrt(t)`; float or double only
/// (ctnn::rule::floating_element).
///
/// The square root of a negative number is NaN, as numpy's (numpy also warns). IEEE 754 rounds
/// square roots correctly, so these are numpy's values exactly.
/// \param t a tensor of float or double; a temporary's buffer is reused.
/// \return a tensor of t's type.
template <class T, std::size_t... Dims>
Tensor<T, Dims...> sqrt(Tensor<T, Dims...> t) {
  if constexpr (check::exp_log_sqrt<T>())
    for (T& x : t) x = std::sqrt(x);
  return t;
}

/// \brief The larger of each element and the scalar s, `np.maximum(t, s)`: with s = 0, the ReLU.
///
/// s may not narrow into the element type (ctnn::rule::scalar_without_narrowing, the rule of
/// `2 * t`): `0` suits a double, float or int tensor, `0.0` a double one, `0.0f` a float one;
/// `maximum(int_tensor, 0.5)` and `maximum(float_tensor, 0.1)` do not compile, nor does an `int`
/// for a `std::int8_t` tensor (write `std::int8_t{0}`). As numpy's, a NaN element stays NaN.
/// \snippet tests/runtime/math_test.cpp relu
/// \param t any tensor; a temporary's buffer is reused.
/// \param s the scalar.
/// \return a tensor of t's type.
template <class T, std::size_t... Dims, class S>
requires std::is_arithmetic_v<S>
constexpr Tensor<T, Dims...> maximum(Tensor<T, Dims...> t, S s) {
  if constexpr (check::scalar<S, T>()) {
    const T bound = static_cast<T>(s);
    for (T& x : t) x = detail::maximum_of(x, bound);
  }
  return t;
}

/// \brief The smaller of each element and the scalar s, `np.minimum(t, s)`.
///
/// s may not narrow into the element type (ctnn::rule::scalar_without_narrowing), as for
/// `maximum`. As numpy's, a NaN element stays NaN.
/// \param t any tensor; a temporary's buffer is reused.
/// \param s the scalar.
/// \return a tensor of t's type.
template <class T, std::size_t... Dims, class S>
requires std::is_arithmetic_v<S>
constexpr Tensor<T, Dims...> minimum(Tensor<T, Dims...> t, S s) {
  if constexpr (check::scalar<S, T>()) {
    const T bound = static_cast<T>(s);
    for (T& x : t) x = detail::minimum_of(x, bound);
  }
  return t;
}

/// \brief The larger of a and b, element by element, `np.maximum(a, b)`.
///
/// One shape and one element type (checked at compile time; nothing broadcasts). Where either
/// element is NaN the result is NaN, as numpy's.
/// \param a, b tensors of one shape and one element type; a temporary a's buffer is reused.
/// \return a tensor of a's type.
template <class T, std::size_t... A, class U, std::size_t... B>
constexpr Tensor<T, A...> maximum(Tensor<T, A...> a, const Tensor<U, B...>& b) {
  if constexpr (check::same_tensor_type<Tensor<T, A...>, Tensor<U, B...>>())
    for (std::size_t i = 0; i < a.size; ++i)
      a.data()[i] = detail::maximum_of(a.data()[i], b.data()[i]);
  return a;
}

/// \brief The smaller of a and b, element by element, `np.minimum(a, b)`.
///
/// One shape and one element type (checked at compile time; nothing broadcasts). Where either
/// element is NaN the result is NaN, as numpy's.
/// \param a, b tensors of one shape and one element type; a temporary a's buffer is reused.
/// \return a tensor of a's type.
template <class T, std::size_t... A, class U, std::size_t... B>
constexpr Tensor<T, A...> minimum(Tensor<T, A...> a, const Tensor<U, B...>& b) {
  if constexpr (check::same_tensor_type<Tensor<T, A...>, Tensor<U, B...>>())
    for (std::size_t i = 0; i < a.size; ++i)
      a.data()[i] = detail::minimum_of(a.data()[i], b.data()[i]);
  return a;
}

/// \brief The sum of all elements, `np.sum(t)`, in t's element type.
///
/// Added in numpy's order, so that the result rounds as numpy's does: numpy reads the
/// contiguous elements 8192 at a time (its buffer) and adds each block pairwise (eight running
/// sums below 128 values, halves above). This is more accurate than one running sum: in float,
/// \f$ 2^{24} \f$ followed by fifteen ones sums to \f$ 2^{24} + 14 \f$ here and in numpy, where a
/// running sum loses every one. Integers wrap around, as numpy's fixed-width integers do (numpy
/// itself would sum an int32 tensor in int64; this is `np.sum(t, dtype=t.dtype)`).
/// \param t any tensor.
/// \return a value of t's element type.
template <class T, std::size_t... Dims>
constexpr T sum(const Tensor<T, Dims...>& t) {
  const T* x = t.data();
  return detail::numpy_run_sum<T>(0, t.size, [x](std::size_t i) { return x[i]; });
}

/// \brief The sums along axis Axis, `np.sum(t, axis=Axis)`: t's shape without that axis.
///
/// Shapes: `sum<1>` on (N, C, H, W) -> (N, H, W). Axis must be less than the rank (checked at
/// compile time). On a rank-1 tensor `sum<0>` returns a rank-0 tensor, `Tensor<T>`, read with
/// `()`, as numpy returns a 0-d value; `sum(t)` returns the plain number.
///
/// Added in numpy's order: when the summed elements are contiguous (the last axis, or an axis
/// followed only by extents of 1) pairwise, as `sum(t)`; otherwise one running sum per result,
/// from the first index of the axis to the last.
/// \snippet tests/runtime/math_test.cpp sum_axis
/// \tparam Axis the axis to sum over, from 0.
/// \param t any tensor of rank at least 1.
template <std::size_t Axis, class T, std::size_t... Dims>
constexpr auto sum(const Tensor<T, Dims...>& t) {
  using X = Tensor<T, Dims...>;
  if constexpr (!check::sum_axis<Axis, X::rank>()) {
    return t;
  } else {
    using Y =
        decltype(detail::without_axis<Axis, T, Dims...>(std::make_index_sequence<X::rank - 1>{}));
    constexpr std::size_t n = X::extents[Axis];
    constexpr std::size_t inner = X::memory_strides[Axis];  // the extents after Axis, multiplied
    constexpr std::size_t outer = X::size / (n * inner);
    Y out;
    const T* x = t.data();
    for (std::size_t o = 0; o < outer; ++o) {
      if constexpr (inner == 1) {
        out.data()[o] = detail::numpy_run_sum<T>(o * n, n, [x](std::size_t i) { return x[i]; });
      } else {
        T* row = out.data() + o * inner;
        for (std::size_t k = 0; k < n; ++k)
          for (std::size_t i = 0; i < inner; ++i)
            row[i] = detail::add_wrapping(row[i], x[(o * n + k) * inner + i]);
      }
    }
    return out;
  }
}

}  // namespace ctnn

#endif  // CTNN_MATH_HPP
