/// \file
/// \brief `pad` and its inverse `remove_padding`: zeros around the two spatial axes, and off again.
#ifndef CTNN_PAD_HPP
#define CTNN_PAD_HPP

#include <cstddef>

#include "ctnn/rules.hpp"
#include "ctnn/shape.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn {

/// \brief Surrounds each (H, W) image with P1 zero rows above and below and P2 zero columns left
/// and right, as the original's `np.lib.pad(z, ((0, 0), (0, 0), (p1, p1), (p2, p2)))`.
///
/// Shapes: z (N, C, H, W) -> (N, C, H + 2 P1, W + 2 P2).
/// \param z the input, rank 4.
/// \param padding `ctnn::padding<P1, P2>`.
/// \snippet tests/runtime/helpers_test.cpp pad
template <class T, std::size_t... Dims, std::size_t P1, std::size_t P2>
constexpr auto pad(const Tensor<T, Dims...>& z, padding_t<P1, P2> padding) {
  using Z = Tensor<T, Dims...>;
  if constexpr (!check::rank4<Z::rank>()) {
    return z;
  } else {
    constexpr std::size_t N = Z::extents[0], C = Z::extents[1], H = Z::extents[2],
                          W = Z::extents[3];
    Tensor<T, N, C, H + 2 * P1, W + 2 * P2> pz;  // pz is (N, C, H + 2P1, W + 2P2), zeros
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t c = 0; c < C; ++c)
        for (std::size_t h = 0; h < H; ++h)
          for (std::size_t w = 0; w < W; ++w)
            pz(n, c, h + padding.rows, w + padding.cols) = z(n, c, h, w);
    return pz;
  }
}

/// \brief Cuts P1 rows off the top and bottom and P2 columns off each side: the inverse of
/// `pad`, and the last step of the backward pass, eq. (9). The original's `_remove_padding`.
///
/// Shapes: z (N, C, H, W) -> (N, C, H - 2 P1, W - 2 P2). Needs 2P < H and 2P < W
/// (`rule::padding_removable`).
/// \param z the padded tensor, rank 4.
/// \param padding `ctnn::padding<P1, P2>`, the padding to remove.
/// \snippet tests/runtime/helpers_test.cpp remove_padding
template <class T, std::size_t... Dims, std::size_t P1, std::size_t P2>
constexpr auto remove_padding(const Tensor<T, Dims...>& z, padding_t<P1, P2> padding) {
  using Z = Tensor<T, Dims...>;
  if constexpr (!check::rank4<Z::rank>()) {
    return z;
  } else if constexpr (!check::removable_padding<Z::extents[2], P1, Z::extents[3], P2>()) {
    return z;
  } else {
    constexpr std::size_t N = Z::extents[0], C = Z::extents[1], H = Z::extents[2],
                          W = Z::extents[3];
    Tensor<T, N, C, H - 2 * P1, W - 2 * P2> out;  // (N, C, H - 2P1, W - 2P2)
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t c = 0; c < C; ++c)
        for (std::size_t h = 0; h < H - 2 * P1; ++h)
          for (std::size_t w = 0; w < W - 2 * P2; ++w)
            out(n, c, h, w) = z(n, c, h + padding.rows, w + padding.cols);
    return out;
  }
}

}  // namespace ctnn

#endif  // CTNN_PAD_HPP
