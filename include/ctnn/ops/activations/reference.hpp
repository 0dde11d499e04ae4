/// \file
/// \brief The kernels of the activation functions (post 0_3): the equations as plain loops over
/// the elements, one set for every backend (see the note below).
///
/// Every kernel writes every element of the outputs its caller allocated, and takes the backend
/// tag only to be called as the other ops' kernels are: both backends run these loops, but for
/// relu, whose fast kernels are in fast.hpp. Measured on 401,408 floats (a (16, 32, 28, 28) batch; medians
/// of 31 runs; a plain copy takes 40 us):
///
///  - relu and its backward run at the speed of the copy (37 us) with g++ -O3 and clang -O2:
///    both compilers vectorise the loops as they are; g++ -O2 does not (fast.hpp has them in
///    explicit vectors).
///  - lrelu and prelu: clang -O2 vectorises them (53 us); g++ 12 keeps `z > 0 ? z : a z` a
///    branch (230 us) under its default -ftrapping-math, in every form tried (a select of the
///    slope, the product computed unconditionally); -fno-trapping-math vectorises them. A kernel
///    of explicit vector compares and blends would give g++ the clang figure.
///  - elu, selu, sigmoid, tanh spend their time in the C library's exp, expm1 and tanh
///    (0.9 to 1.7 ms): a faster kernel needs a vector exp of its own, checked against the C
///    library's, which ctnn does not have yet.
///
/// So one kernel for every backend is the honest answer today; a fast kernel is the place for
/// the last two items.
#ifndef CTNN_OPS_ACTIVATIONS_REFERENCE_HPP
#define CTNN_OPS_ACTIVATIONS_REFERENCE_HPP

#include <cmath>
#include <cstddef>

#include "ctnn/math.hpp"  // detail::maximum_of, numpy's maximum
#include "ctnn/tensor.hpp"

namespace ctnn::detail::activations {

// out[i] = f(z[i]) for every element.
template <class T, std::size_t... Dims, class F>
void map(const Tensor<T, Dims...>& z, Tensor<T, Dims...>& out, F f) {
  const T* x = z.data();
  T* y = out.data();
  for (std::size_t i = 0; i < Tensor<T, Dims...>::size; ++i) y[i] = f(x[i]);
}

// dz[i] = f(next_dz[i], z[i]) for every element.
template <class T, std::size_t... Dims, class F>
void map2(const Tensor<T, Dims...>& next_dz, const Tensor<T, Dims...>& z, Tensor<T, Dims...>& dz,
          F f) {
  const T* g = next_dz.data();
  const T* x = z.data();
  T* y = dz.data();
  for (std::size_t i = 0; i < Tensor<T, Dims...>::size; ++i) y[i] = f(g[i], x[i]);
}

// The logistic function without overflow: exp is only ever taken of -|x| (eq. (12) as it is for
// x >= 0, multiplied by e^x above and below for x < 0), so that sigmoid(-1000) is 0 and
// sigmoid(1000) is 1 exactly, where 1 / (1 + exp(1000)) would pass through infinity.
template <class T>
T sigmoid_of(T x) {
  if (x >= T{0}) return T{1} / (T{1} + std::exp(-x));
  const T e = std::exp(x);  // also a NaN's way through: NaN in, NaN out
  return e / (T{1} + e);
}

// sigmoid'(x) = e / (1 + e)^2 with e = exp(-|x|): eq. (13)'s middle line, which is even in x.
// Unlike s (1 - s), it keeps its relative accuracy where s rounds to 1 (x = 40 gives 4.25e-18,
// not 0), and it never overflows.
template <class T>
T sigmoid_slope(T x) {
  const T e = std::exp(-std::abs(x));
  const T one_plus_e = T{1} + e;
  return e / (one_plus_e * one_plus_e);
}

// eq. (1): numpy's np.maximum(0, z), so that a NaN stays NaN (a comparison would make it 0).
template <class Backend, class T, std::size_t... Dims>
void relu_forward(Backend, const Tensor<T, Dims...>& z, Tensor<T, Dims...>& out) {
  map(z, out, [](T x) { return detail::maximum_of(T{0}, x); });
}

// eq. (2): next_dz where z > 0, else 0 (relu'(0) = 0, as the series' np.greater).
template <class Backend, class T, std::size_t... Dims>
void relu_backward(Backend, const Tensor<T, Dims...>& next_dz, const Tensor<T, Dims...>& z,
                   Tensor<T, Dims...>& dz) {
  map2(next_dz, z, dz, [](T g, T x) { return x > T{0} ? g : T{0}; });
}

// eq. (3)
template <class Backend, class T, std::size_t... Dims>
void lrelu_forward(Backend, const Tensor<T, Dims...>& z, T alpha, Tensor<T, Dims...>& out) {
  map(z, out, [alpha](T x) { return x > T{0} ? x : alpha * x; });
}

// eq. (4)
template <class Backend, class T, std::size_t... Dims>
void lrelu_backward(Backend, const Tensor<T, Dims...>& next_dz, const Tensor<T, Dims...>& z,
                    T alpha, Tensor<T, Dims...>& dz) {
  map2(next_dz, z, dz, [alpha](T g, T x) { return x > T{0} ? g : alpha * g; });
}

// How prelu walks z (N, C, ...): `inner` elements in a row share one channel (the extents after
// axis 1 multiplied); the rows cycle through the C channels, sample after sample.
template <class Z>
constexpr std::size_t channel_run() {
  if constexpr (Z::rank >= 2)
    return Z::memory_strides[1];
  else
    return Z::size;  // no channel axis: one run, one alpha
}

// eq. (5), alpha (C,) or (1,): the channel of each run picks its slope.
template <class Backend, class T, std::size_t... Dims, std::size_t A>
void prelu_forward(Backend, const Tensor<T, Dims...>& z, const Tensor<T, A>& alpha,
                   Tensor<T, Dims...>& out) {
  using Z = Tensor<T, Dims...>;
  constexpr std::size_t inner = channel_run<Z>(), runs = Z::size / inner;
  const T* x = z.data();
  T* y = out.data();
  for (std::size_t r = 0; r < runs; ++r) {
    const T a = alpha.data()[A == 1 ? 0 : r % A];
    for (std::size_t i = r * inner; i < (r + 1) * inner; ++i) y[i] = x[i] > T{0} ? x[i] : a * x[i];
  }
}

// eq. (6) for dz, and eq. (7) summed over every element that shares a slope, divided by the
// batch size N (the mean over the batch, as conv's dK and db).
template <class Backend, class T, std::size_t... Dims, std::size_t A>
void prelu_backward(Backend, const Tensor<T, Dims...>& next_dz, const Tensor<T, Dims...>& z,
                    const Tensor<T, A>& alpha, std::size_t batch, Tensor<T, Dims...>& dz,
                    Tensor<T, A>& dalpha) {
  using Z = Tensor<T, Dims...>;
  constexpr std::size_t inner = channel_run<Z>(), runs = Z::size / inner;
  const T* g = next_dz.data();
  const T* x = z.data();
  T* y = dz.data();
  for (T& d : dalpha) d = T{0};
  for (std::size_t r = 0; r < runs; ++r) {
    const std::size_t c = A == 1 ? 0 : r % A;
    const T a = alpha.data()[c];
    T run_sum{0};
    for (std::size_t i = r * inner; i < (r + 1) * inner; ++i) {
      y[i] = x[i] > T{0} ? g[i] : a * g[i];
      run_sum += x[i] > T{0} ? T{0} : x[i] * g[i];
    }
    dalpha.data()[c] += run_sum;
  }
  for (T& d : dalpha) d /= static_cast<T>(batch);
}

// eq. (8), with expm1: alpha (e^x - 1) keeps its relative accuracy near 0, and is -alpha
// exactly for large negative x.
template <class Backend, class T, std::size_t... Dims>
void elu_forward(Backend, const Tensor<T, Dims...>& z, T alpha, Tensor<T, Dims...>& out) {
  map(z, out, [alpha](T x) { return x > T{0} ? x : alpha * std::expm1(x); });
}

// eq. (9)
template <class Backend, class T, std::size_t... Dims>
void elu_backward(Backend, const Tensor<T, Dims...>& next_dz, const Tensor<T, Dims...>& z, T alpha,
                  Tensor<T, Dims...>& dz) {
  map2(next_dz, z, dz, [alpha](T g, T x) { return x > T{0} ? g : alpha * g * std::exp(x); });
}

// eq. (10): lambda times ELU with alpha = selu_alpha.
template <class Backend, class T, std::size_t... Dims>
void selu_forward(Backend, const Tensor<T, Dims...>& z, T lambda, T alpha,
                  Tensor<T, Dims...>& out) {
  map(z, out, [=](T x) { return lambda * (x > T{0} ? x : alpha * std::expm1(x)); });
}

// eq. (11)
template <class Backend, class T, std::size_t... Dims>
void selu_backward(Backend, const Tensor<T, Dims...>& next_dz, const Tensor<T, Dims...>& z,
                   T lambda, T alpha, Tensor<T, Dims...>& dz) {
  map2(next_dz, z, dz, [=](T g, T x) { return lambda * (x > T{0} ? g : alpha * g * std::exp(x)); });
}

// eq. (12)
template <class Backend, class T, std::size_t... Dims>
void sigmoid_forward(Backend, const Tensor<T, Dims...>& z, Tensor<T, Dims...>& out) {
  map(z, out, [](T x) { return sigmoid_of(x); });
}

// eq. (13)
template <class Backend, class T, std::size_t... Dims>
void sigmoid_backward(Backend, const Tensor<T, Dims...>& next_dz, const Tensor<T, Dims...>& z,
                      Tensor<T, Dims...>& dz) {
  map2(next_dz, z, dz, [](T g, T x) { return g * sigmoid_slope(x); });
}

template <class Backend, class T, std::size_t... Dims>
void tanh_forward(Backend, const Tensor<T, Dims...>& z, Tensor<T, Dims...>& out) {
  map(z, out, [](T x) { return std::tanh(x); });
}

// tanh' = 1 - tanh^2 z, the series' formula with the product it lacks, computed as
// sech^2 z = 4 e / (1 + e)^2 with e = exp(-2|z|): the same number without the cancellation of
// 1 - t t where t is near 1 (in float, 1 - t t loses 4 digits at |z| = 5), and no overflow.
template <class T>
T tanh_slope(T x) {
  const T e = std::exp(T{-2} * std::abs(x));
  const T one_plus_e = T{1} + e;
  return T{4} * e / (one_plus_e * one_plus_e);
}

template <class Backend, class T, std::size_t... Dims>
void tanh_backward(Backend, const Tensor<T, Dims...>& next_dz, const Tensor<T, Dims...>& z,
                   Tensor<T, Dims...>& dz) {
  map2(next_dz, z, dz, [](T g, T x) { return g * tanh_slope(x); });
}

}  // namespace ctnn::detail::activations

#endif  // CTNN_OPS_ACTIVATIONS_REFERENCE_HPP
