/// \file
/// \brief `insert_zeros`: spread a strided gradient back onto the stride-1 grid.
#ifndef CTNN_INSERT_ZEROS_HPP
#define CTNN_INSERT_ZEROS_HPP

#include <cstddef>

#include "ctnn/rules.hpp"
#include "ctnn/shape.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn {

/// \brief Puts S1 - 1 zero rows between neighbouring rows and S2 - 1 zero columns between
/// neighbouring columns (none outside), the original's `_insert_zeros`.
///
/// A forward pass with stride S only visited every S-th window position; the gradient of the
/// positions it skipped is zero, and inserting those zeros turns the strided case into the
/// stride-1 case of eqs. (5) and (8).
///
/// Shapes: dz (N, D, H', W') -> (N, D, (H' - 1) S1 + 1, (W' - 1) S2 + 1).
/// \param dz the gradient of a convolution's output, rank 4.
/// \param strides `ctnn::strides<S1, S2>`, the forward pass's strides (each at least 1).
/// \snippet tests/runtime/helpers_test.cpp insert_zeros
template <class T, std::size_t... Dims, std::size_t S1, std::size_t S2>
constexpr auto insert_zeros(const Tensor<T, Dims...>& dz, strides_t<S1, S2> strides) {
  using G = Tensor<T, Dims...>;
  if constexpr (!check::rank4<G::rank>() || !check::strides<S1, S2>()) {
    return dz;
  } else {
    constexpr std::size_t N = G::extents[0], D = G::extents[1], H = G::extents[2],
                          W = G::extents[3];
    // spread is (N, D, (H' - 1) S1 + 1, (W' - 1) S2 + 1), zeros except every S-th row and column
    Tensor<T, N, D, zero_inserted_extent(H, S1), zero_inserted_extent(W, S2)> spread;
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t d = 0; d < D; ++d)
        for (std::size_t i = 0; i < H; ++i)
          for (std::size_t j = 0; j < W; ++j)
            spread(n, d, i * strides.rows, j * strides.cols) = dz(n, d, i, j);
    return spread;
  }
}

/// \brief The same for `ctnn::floor_strides<S1, S2>`: inserting zeros does not depend on whether
/// the stride divided the input (the rows a floor stride leaves unread lie past the last window).
/// \param dz the gradient of a convolution's output, rank 4.
/// \param strides `ctnn::floor_strides<S1, S2>`, the forward pass's strides.
template <class T, std::size_t... Dims, std::size_t S1, std::size_t S2>
constexpr auto insert_zeros(const Tensor<T, Dims...>& dz, floor_strides_t<S1, S2> strides) {
  (void)strides;
  return insert_zeros(dz, ctnn::strides<S1, S2>);
}

}  // namespace ctnn

#endif  // CTNN_INSERT_ZEROS_HPP
