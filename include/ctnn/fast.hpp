/// \file
/// \brief `ctnn::fast::conv_forward` and `ctnn::fast::conv_backward`: the same signatures and
/// results as the reference versions, computed as matrix products with packed panels, register
/// tiles and SIMD (`ctnn::conv_forward<backend::fast>` and `ctnn::conv_backward<backend::fast>`,
/// whose kernels are in ops/conv2d/fast.hpp).
#ifndef CTNN_FAST_HPP
#define CTNN_FAST_HPP

#include <cstddef>

#include "ctnn/backend.hpp"
#include "ctnn/ops/conv2d/conv2d.hpp"
#include "ctnn/tensor.hpp"
#include "ctnn/threads.hpp"

/// \brief Faster versions of the reference operations, with the same signatures and results.
namespace ctnn::fast {

/// \brief `ctnn::conv_forward`, eq. (4), computed directly in register tiles (stride 1 along the
/// rows, up to 64 output channels) or as one matrix product: same signature, same compile-time
/// rules, same result up to the order of the additions: `ctnn::conv_forward<backend::fast>`.
///
/// Shapes: z (N, C, H, W), K (C, D, k1, k2), b (D,) -> (N, D, H', W').
/// \param z the input batch.
/// \param K the kernels.
/// \param b the biases.
/// \param geometry `ctnn::padding<P1, P2>` and `ctnn::strides<S1, S2>`, in either order, each
/// at most once: (0, 0) and (1, 1) when left out.
/// \snippet tests/runtime/fast_test.cpp fast
template <class T, std::size_t... Zd, class U, std::size_t... Kd, class V, std::size_t... Bd,
          class... Geometry>
auto conv_forward(const Tensor<T, Zd...>& z, const Tensor<U, Kd...>& K, const Tensor<V, Bd...>& b,
                  Geometry... geometry) {
  return ctnn::conv_forward<backend::fast>(z, K, b, geometry...);
}

/// \brief `ctnn::conv_backward`, eqs. (5), (6), (8), (9), with the kernel and input gradients
/// computed directly in register tiles where the layer allows (as conv_forward) or as matrix
/// products: same signature, same compile-time rules, same scaling (dK and db divided by N, dz
/// not), same result up to the order of the additions: `ctnn::conv_backward<backend::fast>`.
///
/// Shapes: next_dz (N, D, H', W'), K (C, D, k1, k2), z (N, C, H, W) -> {dK, db, dz}.
/// \snippet tutorials/07_making_it_fast.cpp fast
/// \param next_dz the gradient of the loss with respect to the forward output.
/// \param K the kernels of the forward pass.
/// \param z the input of the forward pass.
/// \param geometry the forward pass's `ctnn::padding<P1, P2>` and `ctnn::strides<S1, S2>`,
/// both of them, in either order (no defaults, as `ctnn::conv_backward`).
template <class T, std::size_t... Gd, class U, std::size_t... Kd, class V, std::size_t... Zd,
          class... Geometry>
auto conv_backward(const Tensor<T, Gd...>& next_dz, const Tensor<U, Kd...>& K,
                   const Tensor<V, Zd...>& z, Geometry... geometry) {
  return ctnn::conv_backward<backend::fast>(next_dz, K, z, geometry...);
}

}  // namespace ctnn::fast

#endif  // CTNN_FAST_HPP