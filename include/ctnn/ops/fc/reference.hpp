/// \file
/// \brief The fully connected layer's reference kernels (post 0_1): the forward product
/// \f$ z W + b \f$ and eqs. (8), (9), (15) as plain loops, the oracle of the fast kernels.
#ifndef CTNN_OPS_FC_REFERENCE_HPP
#define CTNN_OPS_FC_REFERENCE_HPP

#include <cstddef>

#include "ctnn/backend.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn::detail::fc {

// out = z W + b: out(n, o) = sum_i z(n, i) W(i, o) + b(o). The sum over i runs in the outer
// loop so that the inner loop walks a row of W and a row of out (contiguous); each out(n, o)
// still adds its terms in the order i = 0, 1, ..., then adds b(o), as np.dot(z, W) + b does.
template <class T, std::size_t N, std::size_t I, std::size_t O>
constexpr void forward(backend::reference, const Tensor<T, N, I>& z, const Tensor<T, I, O>& W,
                       const Tensor<T, O>& b, Tensor<T, N, O>& out) {
  const T* zp = z.data();
  const T* wp = W.data();
  T* op = out.data();
  for (std::size_t n = 0; n < N; ++n) {
    T* row = op + n * O;
    for (std::size_t o = 0; o < O; ++o) row[o] = T{};
    for (std::size_t i = 0; i < I; ++i) {
      const T zi = zp[n * I + i];
      const T* wrow = wp + i * O;
      for (std::size_t o = 0; o < O; ++o) row[o] += zi * wrow[o];
    }
    for (std::size_t o = 0; o < O; ++o) row[o] += b.data()[o];
  }
}

// eq. (8) dW = z^T delta, eq. (9) db = the sum of delta over the batch, both divided by N as the
// series does (the mean over the batch); eq. (15) dz = delta W^T, not divided.
template <class T, std::size_t N, std::size_t I, std::size_t O>
constexpr void backward(backend::reference, const Tensor<T, N, O>& next_dz,
                        const Tensor<T, I, O>& W, const Tensor<T, N, I>& z, Tensor<T, I, O>& dW,
                        Tensor<T, O>& db, Tensor<T, N, I>& dz) {
  const T* g = next_dz.data();
  const T* wp = W.data();
  const T* zp = z.data();
  // eq. (8): dW(i, o) = sum_n z(n, i) delta(n, o), the batch in the outer loop (rows contiguous)
  for (std::size_t k = 0; k < I * O; ++k) dW.data()[k] = T{};
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t i = 0; i < I; ++i) {
      const T zi = zp[n * I + i];
      T* row = dW.data() + i * O;
      for (std::size_t o = 0; o < O; ++o) row[o] += zi * g[n * O + o];
    }
  // eq. (9): db(o) = sum_n delta(n, o)
  for (std::size_t o = 0; o < O; ++o) db.data()[o] = T{};
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t o = 0; o < O; ++o) db.data()[o] += g[n * O + o];
  for (std::size_t k = 0; k < I * O; ++k) dW.data()[k] /= static_cast<T>(N);
  for (std::size_t o = 0; o < O; ++o) db.data()[o] /= static_cast<T>(N);
  // eq. (15): dz(n, i) = sum_o delta(n, o) W(i, o), a row of delta against a row of W
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t i = 0; i < I; ++i) {
      T sum{};
      for (std::size_t o = 0; o < O; ++o) sum += g[n * O + o] * wp[i * O + o];
      dz.data()[n * I + i] = sum;
    }
}

}  // namespace ctnn::detail::fc

#endif  // CTNN_OPS_FC_REFERENCE_HPP
