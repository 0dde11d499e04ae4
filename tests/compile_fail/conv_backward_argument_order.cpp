// Rule: conv_backward takes (next_dz, K, z), not conv_forward's order (z, K, ...). With z of 3
// channels and a gradient of 4, the swapped call used to say that K does not match z's channels,
// while z and K both have 3.
// EXPECT-ERROR: conv_backward takes \(next_dz, K, z\): these arguments are in conv_forward's order
// EXPECT-ALSO: arguments_in_backward_order<3(UL)?, 3(UL)?, 4(UL)?, 4(UL)?>
#include <ctnn/conv.hpp>

void step(const ctnn::Tensor<double, 2, 3, 28, 28>& z, const ctnn::Tensor<double, 3, 4, 3, 3>& K,
          const ctnn::Tensor<double, 2, 4, 26, 26>& dy) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto grads = ctnn::conv_backward(dy, K, z, ctnn::padding<0, 0>, ctnn::strides<1, 1>);
#else
  const auto grads = ctnn::conv_backward(z, K, dy, ctnn::padding<0, 0>, ctnn::strides<1, 1>);
#endif
  (void)grads;
}
