/// \file
/// \brief Sums of runs of values: in numpy's pairwise order (the loss and ctnn::sum round as numpy
/// does), and in several vectors of partial sums (the fast kernels).
#ifndef CTNN_SIMD_SUM_HPP
#define CTNN_SIMD_SUM_HPP

#include <cstddef>

#include "ctnn/simd/vector.hpp"

namespace ctnn::simd {

// The sum of term(first), ..., term(first + n - 1) in numpy's order for a contiguous run (its
// pairwise_sum): one running sum below 8 terms, eight interleaved running sums up to 128, and
// above that the sums of two halves (the first a multiple of 8 long). The loss so rounds as
// numpy's does, and eight independent running sums finish several times sooner than one.
template <class T, class Term>
constexpr T pairwise_sum(std::size_t first, std::size_t n, const Term& term) {
  if (n < 8) {
    T sum{};
    for (std::size_t i = 0; i < n; ++i) sum += term(first + i);
    return sum;
  }
  if (n <= 128) {
    T r[8];
    for (std::size_t j = 0; j < 8; ++j) r[j] = term(first + j);
    std::size_t i = 8;
    for (; i < n - n % 8; i += 8)
      for (std::size_t j = 0; j < 8; ++j) r[j] += term(first + i + j);
    T sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) sum += term(first + i);
    return sum;
  }
  std::size_t half = n / 2;
  half -= half % 8;
  return pairwise_sum<T>(first, half, term) + pairwise_sum<T>(first + half, n - half, term);
}

// The sum of a contiguous run as numpy adds it: from 0, one block of its buffer (8192 values) at
// a time, each block in pairwise order. Runs of up to 8192 are one pairwise_sum.
template <class T, class Term>
constexpr T numpy_sum(std::size_t first, std::size_t n, const Term& term) {
  constexpr std::size_t buffer = 8192;
  T total{};
  for (std::size_t start = 0; start < n; start += buffer)
    total += pairwise_sum<T>(first + start, n - start < buffer ? n - start : buffer, term);
  return total;
}

// The sum of Count values from p, in four vectors of partial sums: a single running sum would
// wait for each addition to finish before the next (eq. (6) on the original experiment: 9 us).
template <class T, std::size_t Count>
T sum(const T* p) {
  constexpr std::size_t V = vector_bytes / sizeof(T), Blocks = Count / (4 * V);
  using vec [[gnu::vector_size(sizeof(T) * V)]] = T;
  vec acc[4] = {};
  for (std::size_t block = 0; block < Blocks; ++block)
#pragma GCC unroll 4
    for (std::size_t k = 0; k < 4; ++k) acc[k] += load<vec>(p + (4 * block + k) * V);
  const vec all = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  T total{};
  for (std::size_t lane = 0; lane < V; ++lane) total += all[lane];
  for (std::size_t i = Blocks * 4 * V; i < Count; ++i) total += p[i];
  return total;
}

}  // namespace ctnn::simd

#endif  // CTNN_SIMD_SUM_HPP
