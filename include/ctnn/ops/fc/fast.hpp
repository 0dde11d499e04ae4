/// \file
/// \brief The fully connected layer's fast kernels: the forward product and the three gradients
/// as calls of the shared register-tiled product `simd::product`, the transposes read in place
/// through offset lists (nothing is copied out).
///
/// The same results as the reference kernels up to the order of the additions (the product cuts
/// sums longer than 512 into panels): fc_test measures at most 1e-13 relative in double and
/// 3e-5 in float (batches up to 70, up to 784 inputs) and allows 1e-12 and 1e-4.
/// Speed, forward and backward together, medians, g++ 12 -O2 (SSE2): on LeNet's layers (a batch
/// of 64; 400 -> 120, 120 -> 84, 84 -> 10) 1.8-3.3 times the reference's speed in float and
/// 1.2-1.9 in double, least on the smallest layer; with -march=native (AVX-512) 2-10 times.
#ifndef CTNN_OPS_FC_FAST_HPP
#define CTNN_OPS_FC_FAST_HPP

#include <algorithm>
#include <cstddef>
#include <vector>

#include "ctnn/backend.hpp"
#include "ctnn/simd/gemm.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn::detail::fc {

// The offset lists of one layer: 0, 1, ..., L - 1 (L = max(N, I, O)) and the row starts of z,
// W and delta: multiples of I, O and O. Every list is strictly increasing, as simd::product needs.
template <std::size_t N, std::size_t I, std::size_t O>
struct fc_offsets {
  static constexpr std::size_t L = std::max({N, I, O});
  const std::size_t* iota;     // L values: a contiguous run of columns (or rows of a transpose)
  const std::size_t* z_rows;   // n I, n < N
  const std::size_t* w_rows;   // i O, i < I
  const std::size_t* dz_rows;  // n O, n < N (rows of delta and of out)
  explicit fc_offsets(std::vector<std::size_t>& all) {
    all.clear();
    all.reserve(L + 2 * N + I);
    for (std::size_t k = 0; k < L; ++k) all.push_back(k);
    for (std::size_t n = 0; n < N; ++n) all.push_back(n * I);
    for (std::size_t i = 0; i < I; ++i) all.push_back(i * O);
    for (std::size_t n = 0; n < N; ++n) all.push_back(n * O);
    iota = all.data();
    z_rows = iota + L;
    w_rows = z_rows + N;
    dz_rows = w_rows + I;
  }
};

// out = b broadcast over the rows, then out += z W: one product (N x I) (I x O).
template <class T, std::size_t N, std::size_t I, std::size_t O>
void forward(backend::fast, const Tensor<T, N, I>& z, const Tensor<T, I, O>& W,
             const Tensor<T, O>& b, Tensor<T, N, O>& out) {
  for (std::size_t n = 0; n < N; ++n) std::copy_n(b.data(), O, out.data() + n * O);
  auto& s = simd::scratch<T>::get();
  const fc_offsets<N, I, O> at(s.offsets);
  simd::product<T, N, O, I>({z.data(), at.z_rows, at.iota}, {W.data(), at.w_rows, at.iota},
                            {out.data(), at.dz_rows, at.iota});
}

// eq. (8): dW (I x O) = z^T (I x N) delta (N x O): z^T(i, n) is z[n I + i], rows i, columns n I.
// eq. (9): db (1 x O) = ones (1 x N) delta (N x O): the column sums as a product too.
// eq. (15): dz (N x I) = delta (N x O) W^T (O x I): W^T(o, i) is W[i O + o], rows o, columns i O.
// dW and db are divided by N afterwards, as the reference (and the series) do.
template <class T, std::size_t N, std::size_t I, std::size_t O>
void backward(backend::fast, const Tensor<T, N, O>& next_dz, const Tensor<T, I, O>& W,
              const Tensor<T, N, I>& z, Tensor<T, I, O>& dW, Tensor<T, O>& db,
              Tensor<T, N, I>& dz) {
  auto& s = simd::scratch<T>::get();
  const fc_offsets<N, I, O> at(s.offsets);
  std::fill_n(dW.data(), I * O, T{});  // the product adds to what is there
  std::fill_n(db.data(), O, T{});
  std::fill_n(dz.data(), N * I, T{});
  simd::product<T, I, O, N>({z.data(), at.iota, at.z_rows}, {next_dz.data(), at.dz_rows, at.iota},
                            {dW.data(), at.w_rows, at.iota});
  s.buffer.assign(N, T{1});
  simd::product<T, 1, O, N>({s.buffer.data(), at.iota, at.iota},
                            {next_dz.data(), at.dz_rows, at.iota}, {db.data(), at.iota, at.iota});
  simd::product<T, N, I, O>({next_dz.data(), at.dz_rows, at.iota}, {W.data(), at.iota, at.w_rows},
                            {dz.data(), at.z_rows, at.iota});
  for (T& x : dW) x /= static_cast<T>(N);
  for (T& x : db) x /= static_cast<T>(N);
}

}  // namespace ctnn::detail::fc

#endif  // CTNN_OPS_FC_FAST_HPP
