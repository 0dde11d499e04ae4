/// \file
/// \brief Whether a convolution's backward kernels compute dz: they do unless the results they
/// are given have no member `dz` (a network's first layer: nothing needs its input's gradient).
#ifndef CTNN_OPS_CONV2D_INPUT_GRADIENT_HPP
#define CTNN_OPS_CONV2D_INPUT_GRADIENT_HPP

namespace ctnn::detail::conv2d {

// Eqs. (8), (9) cost as much as the forward pass; for the input layer their result is thrown
// away, so the layer passes results {dK, db} alone and the kernels skip them.
template <class Gradients>
inline constexpr bool has_input_gradient = requires(Gradients& g) {
  g.dz;
};

}  // namespace ctnn::detail::conv2d

#endif  // CTNN_OPS_CONV2D_INPUT_GRADIENT_HPP
