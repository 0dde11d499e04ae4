/// \file
/// \brief Implicit im2col: the padded input and the offset lists through which the matrix product
/// reads a convolution layer's operands in place.
#ifndef CTNN_OPS_CONV2D_FAST_IM2COL_HPP
#define CTNN_OPS_CONV2D_FAST_IM2COL_HPP

#include <algorithm>
#include <cstddef>
#include <vector>

#include "ctnn/simd/vector.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn::detail::conv2d {

// A padded copy of N images of z from `z` (or z itself when there is no padding).
template <class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W, std::size_t P1,
          std::size_t P2>
const T* padded(const T* z, std::vector<T>& buffer) {
  if constexpr (P1 == 0 && P2 == 0) {
    return z;
  } else {
    constexpr std::size_t Hp = H + 2 * P1, Wp = W + 2 * P2;
    buffer.assign(N * C * Hp * Wp, T{});
    for (std::size_t nc = 0; nc < N * C; ++nc)
      for (std::size_t h = 0; h < H; ++h)
        simd::copy<W>(z + (nc * H + h) * W, buffer.data() + (nc * Hp + h + P1) * Wp + P2);
    return buffer.data();
  }
}

// Appends base + a*step_a + b*step_b + c*step_c for a < na, b < nb, c < nc, in that order:
// every offset list of a layer is such a grid (taps (c, m, l), positions (n, i, j)).
inline void append_grid(std::vector<std::size_t>& out, std::size_t base, std::size_t na,
                        std::size_t step_a, std::size_t nb, std::size_t step_b, std::size_t nc,
                        std::size_t step_c) {
  for (std::size_t a = 0; a < na; ++a)
    for (std::size_t b = 0; b < nb; ++b)
      for (std::size_t c = 0; c < nc; ++c)
        out.push_back(base + a * step_a + b * step_b + c * step_c);
}

// Offsets of every index of one convolution layer, computed once per call.
template <std::size_t N, std::size_t C, std::size_t D, std::size_t Hp, std::size_t Wp,
          std::size_t K1, std::size_t K2, std::size_t H_out, std::size_t W_out, std::size_t S1,
          std::size_t S2>
struct layer_offsets {
  static constexpr std::size_t Q = C * K1 * K2;        // taps (c, m, l)
  static constexpr std::size_t P = N * H_out * W_out;  // positions (n, i, j)
  std::vector<std::size_t>& all;
  std::size_t input_taps, input_positions;        // into pz (N, C, Hp, Wp)
  std::size_t kernel_taps, kernel_channels;       // into K (C, D, k1, k2)
  std::size_t output_positions, output_channels;  // into z' or delta (N, D, H', W')

  explicit layer_offsets(std::vector<std::size_t>& storage) : all(storage) {
    all.clear();
    all.reserve(3 * Q + 2 * P + 2 * D);
    input_taps = all.size();
    append_grid(all, 0, C, Hp * Wp, K1, Wp, K2, 1);
    input_positions = all.size();
    append_grid(all, 0, N, C * Hp * Wp, H_out, S1 * Wp, W_out, S2);
    kernel_taps = all.size();
    append_grid(all, 0, C, D * K1 * K2, K1, K2, K2, 1);
    kernel_channels = all.size();
    append_grid(all, 0, D, K1 * K2, 1, 0, 1, 0);
    output_positions = all.size();
    append_grid(all, 0, N, D * H_out * W_out, H_out, W_out, W_out, 1);
    output_channels = all.size();
    append_grid(all, 0, D, H_out * W_out, 1, 0, 1, 0);
  }
  const std::size_t* operator[](std::size_t start) const { return all.data() + start; }
};

}  // namespace ctnn::detail::conv2d

#endif  // CTNN_OPS_CONV2D_FAST_IM2COL_HPP
