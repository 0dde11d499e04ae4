/// \file
/// \brief The kernel gradient of the fast kernels, eq. (5), computed directly in register tiles.
#ifndef CTNN_OPS_CONV2D_FAST_KERNEL_GRADIENT_HPP
#define CTNN_OPS_CONV2D_FAST_KERNEL_GRADIENT_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "ctnn/simd/gemm.hpp"
#include "ctnn/simd/vector.hpp"

namespace ctnn::detail::conv2d {

// One tile of `direct_kernel_gradient` over `rows` rows of one image: Rows channels d x Taps
// taps q, each a vector of partial sums along j, kept in `partial` between calls (channel r's
// vectors `partial_step` after channel r - 1's). `delta` is at the tile's first channel and row, `pz` at the row its first output row
// reads, `tap` at the offsets of its taps; rows of Wo values, delta's channels `channel_step`
// apart, pz's rows read `pz_step` apart. (Wo is a template parameter: with the row's length
// known, the tile ran 13% faster on the original experiment.)
template <class T, std::size_t Rows, std::size_t Taps, std::size_t Wo>
[[gnu::noinline]] void kernel_gradient_tile(const T* delta, const T* pz, const std::size_t* tap,
                                            std::size_t rows, std::size_t channel_step,
                                            std::size_t pz_step, T* partial,
                                            std::size_t partial_step) {
  constexpr std::size_t V = simd::blocking<T>::V;
  using vec [[gnu::vector_size(sizeof(T) * V)]] = T;
  using bits = std::conditional_t<sizeof(T) == 8, std::uint64_t, std::uint32_t>;
  using mask_vec [[gnu::vector_size(sizeof(T) * V)]] = bits;
  // The last vector of a row starts at Wo - V; the lanes that the vector before it already
  // counted are masked out of delta.
  mask_vec tail_mask;
  for (std::size_t lane = 0; lane < V; ++lane)
    tail_mask[lane] = lane + Wo % V >= V ? ~bits{} : bits{};
  constexpr std::size_t Sets = simd::sets_of_sums(Rows * Taps);  // two sets: even and odd vectors
  constexpr std::size_t Whole = Wo / V;
  vec acc[Sets][Rows][Taps] = {};
#pragma GCC unroll 8
  for (std::size_t r = 0; r < Rows; ++r)
#pragma GCC unroll 8
    for (std::size_t q = 0; q < Taps; ++q)
      acc[0][r][q] = simd::load<vec>(partial + r * partial_step + q * V);
  std::size_t offset[Taps];
#pragma GCC unroll 8
  for (std::size_t q = 0; q < Taps; ++q) offset[q] = tap[q];
  for (std::size_t i = 0; i < rows; ++i) {
    const T* drow = delta + i * Wo;
    const T* prow = pz + i * pz_step;
    const auto step = [&](std::size_t j, std::size_t set, bool tail) {
      vec d[Rows];
#pragma GCC unroll 8
      for (std::size_t r = 0; r < Rows; ++r) {
        d[r] = simd::load<vec>(drow + r * channel_step + j);
        if (tail) d[r] = reinterpret_cast<vec>(reinterpret_cast<mask_vec>(d[r]) & tail_mask);
      }
#pragma GCC unroll 8
      for (std::size_t q = 0; q < Taps; ++q) {
        const vec p = simd::load<vec>(prow + offset[q] + j);
#pragma GCC unroll 8
        for (std::size_t r = 0; r < Rows; ++r) acc[set][r][q] += d[r] * p;
      }
    };
#pragma GCC unroll 1
    for (std::size_t k = 0; k + Sets <= Whole; k += Sets)
#pragma GCC unroll 2
      for (std::size_t set = 0; set < Sets; ++set) step((k + set) * V, set, false);
    if (Whole % Sets != 0) step((Whole - 1) * V, 0, false);
    if (Wo % V != 0) step(Wo - V, Sets - 1, true);
  }
#pragma GCC unroll 8
  for (std::size_t r = 0; r < Rows; ++r)
#pragma GCC unroll 8
    for (std::size_t q = 0; q < Taps; ++q) {
      vec all = acc[0][r][q];
      if constexpr (Sets == 2) all += acc[1][r][q];
      std::memcpy(partial + r * partial_step + q * V, &all, sizeof(vec));
    }
}

// The rows of an image that `direct_kernel_gradient` takes at a time: about 256 KiB of delta and
// pz, which every tile then reads in turn from L2. A flattened plane (use_flat) is one row: its
// chunk is the whole plane, whatever its size.
template <class T, std::size_t C, std::size_t D, std::size_t Wp, std::size_t Ho, std::size_t Wo,
          std::size_t S1>
constexpr std::size_t kernel_gradient_chunk() {
  constexpr std::size_t row_bytes = (C * S1 * Wp + D * Wo) * sizeof(T);  // read per output row
  return std::clamp<std::size_t>(262144 / row_bytes, 1, Ho);
}

// The tile of `direct_kernel_gradient`: channels x taps vectors of partial sums. 3 x 4 fill 16
// registers with the 3 + 1 operands being multiplied; AVX-512's 32 hold 4 x 4 (21 registers,
// 4 + 4 loads per 16 multiply-adds instead of 3 + 4 per 12).
constexpr std::size_t kernel_gradient_channels = simd::vector_registers >= 32 ? 4 : 3;
constexpr std::size_t kernel_gradient_taps = 4;

// eq. (5) directly, for stride 1 along the rows:
//   dK(c, d, m, l) = sum over (n, i, j) of delta(n, d, i, j) pz(n, c, i S1 + m, j + l)
// As a product, the taps (c, m, l) of pz would be gathered for every position; here tiles of
// channels d x taps (kernel_gradient_channels x kernel_gradient_taps) keep vectors of partial
// sums along j, reading delta's rows and pz's rows in place, and sum the lanes at the end. The
// channels are cut evenly (simd::cut), the last group of taps is as wide as what is left. The
// rows of an image are taken in chunks (kernel_gradient_chunk); the tiles' partial sums wait in `partial` between chunks (layer i
// backward f64: 5.2 -> 4.0 ms against the product). Needs Wo >= V.
template <class T, std::size_t N, std::size_t C, std::size_t D, std::size_t Hp, std::size_t Wp,
          std::size_t K1, std::size_t K2, std::size_t Ho, std::size_t Wo, std::size_t S1>
void direct_kernel_gradient(const T* delta, const T* pz, T* dK, std::vector<T>& partial) {
  constexpr std::size_t V = simd::blocking<T>::V, KK = K1 * K2, Q = C * KK;
  constexpr std::size_t Taps = kernel_gradient_taps;
  static_assert(Wo >= V, "direct_kernel_gradient needs at least one vector per row");
  constexpr std::size_t chunk = kernel_gradient_chunk<T, C, D, Wp, Ho, Wo, S1>();
  std::size_t tap[Q];  // offset of tap (c, m, l) in one image of pz
  for (std::size_t q = 0; q < Q; ++q) tap[q] = ((q / KK) * Hp + q % KK / K2) * Wp + q % K2;
  partial.assign(D * Q * V, T{});  // a vector of partial sums for each (d, q)
  // Channels in groups of at most kernel_gradient_channels, as even as can be (simd::cut): a
  // one-channel tile runs at two-thirds of the speed of the others (1 + 4 loads per 4
  // multiply-adds), so with groups of 3, 3 + 1 channels become 2 + 2.
  constexpr simd::pieces groups = simd::cut(D, kernel_gradient_channels);
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t i0 = 0; i0 < Ho; i0 += chunk) {
      const std::size_t rows = std::min(chunk, Ho - i0);
      const auto channels = [&](std::size_t d0, auto r) {
        const T* d_at = delta + ((n * D + d0) * Ho + i0) * Wo;
        const T* p_at = pz + (n * C * Hp + i0 * S1) * Wp;
        T* sums = partial.data() + d0 * Q * V;
        for (std::size_t q0 = 0; q0 + Taps <= Q; q0 += Taps)
          kernel_gradient_tile<T, r, Taps, Wo>(d_at, p_at, tap + q0, rows, Ho * Wo, S1 * Wp,
                                               sums + q0 * V, Q * V);
        constexpr std::size_t q0 = Q / Taps * Taps;
        if constexpr (Q % Taps != 0)
          kernel_gradient_tile<T, r, Q % Taps, Wo>(d_at, p_at, tap + q0, rows, Ho * Wo, S1 * Wp,
                                                   sums + q0 * V, Q * V);
      };
      constexpr std::size_t Larger = groups.smaller + 1, Smaller = groups.smaller;
      if constexpr (groups.larger > 0)  // else the wider tile would be compiled for nothing
        for (std::size_t g = 0; g < groups.larger; ++g)
          channels(g * Larger, std::integral_constant<std::size_t, Larger>{});
      for (std::size_t d0 = groups.larger * Larger; d0 < D; d0 += Smaller)
        channels(d0, std::integral_constant<std::size_t, Smaller>{});
    }
  for (std::size_t d = 0; d < D; ++d)
    for (std::size_t q = 0; q < Q; ++q) {
      const T* v = partial.data() + (d * Q + q) * V;
      T sum{};
      for (std::size_t lane = 0; lane < V; ++lane) sum += v[lane];
      dK[((q / KK) * D + d) * KK + q % KK] = sum;
    }
}

}  // namespace ctnn::detail::conv2d

#endif  // CTNN_OPS_CONV2D_FAST_KERNEL_GRADIENT_HPP
