/// \file
/// \brief `flip_hw`: turn each kernel by 180 degrees (rot180 of eq. (8)).
#ifndef CTNN_FLIP_HW_HPP
#define CTNN_FLIP_HW_HPP

#include <cstddef>

#include "ctnn/rules.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn {

/// \brief Reverses the last two axes, `np.flip(K, (2, 3))`: each k1 x k2 kernel turned by 180
/// degrees.
///
/// eq. (8) needs the rotated kernel because the gradient flows back through each window
/// position in the opposite direction from the forward pass.
///
/// Shapes: K (C, D, k1, k2) -> (C, D, k1, k2).
/// \param K the kernel, rank 4.
/// \snippet tests/runtime/helpers_test.cpp flip_hw
template <class T, std::size_t... Dims>
constexpr Tensor<T, Dims...> flip_hw(const Tensor<T, Dims...>& K) {
  using Kt = Tensor<T, Dims...>;
  if constexpr (!check::rank4<Kt::rank>()) {
    return K;
  } else {
    constexpr std::size_t C = Kt::extents[0], D = Kt::extents[1], K1 = Kt::extents[2],
                          K2 = Kt::extents[3];
    Kt flipped;  // (C, D, k1, k2)
    for (std::size_t c = 0; c < C; ++c)
      for (std::size_t d = 0; d < D; ++d)
        for (std::size_t m = 0; m < K1; ++m)
          for (std::size_t n = 0; n < K2; ++n)
            flipped(c, d, m, n) = K(c, d, K1 - 1 - m, K2 - 1 - n);
    return flipped;
  }
}

}  // namespace ctnn

#endif  // CTNN_FLIP_HW_HPP
