/// \file
/// \brief Sums of a run of values in several vectors of partial sums.
#ifndef CTNN_SIMD_SUM_HPP
#define CTNN_SIMD_SUM_HPP

#include <cstddef>

#include "ctnn/simd/gemm.hpp"

namespace ctnn::fast::detail {

// The sum of Count values from p, in four vectors of partial sums: a single running sum would
// wait for each addition to finish before the next (eq. (6) on the original experiment: 9 us).
template <class T, std::size_t Count>
T sum(const T* p) {
  constexpr std::size_t V = blocking<T>::V, Blocks = Count / (4 * V);
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

}  // namespace ctnn::fast::detail

#endif  // CTNN_SIMD_SUM_HPP
