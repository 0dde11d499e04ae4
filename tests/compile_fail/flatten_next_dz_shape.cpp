// Rule: flatten_backward's next_dz is (N, C*H*W) of z. z (64, 16, 4, 4) flattens to (64, 256);
// a gradient of (64, 400) belongs to another layer (16 x 5 x 5): numpy's reshape would raise at
// run time, here it does not compile.
// EXPECT-ERROR: flatten_backward's next_dz must have the shape \(N, C\*H\*W\) of
// EXPECT-ALSO: same_shape<ctnn::Tensor<float, 64, 400>, ctnn::Tensor<float, 64, 256> ?>
#include <ctnn/ops/flatten/flatten.hpp>

void step(const ctnn::Tensor<float, 64, 16, 4, 4>& z) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<float, 64, 256> dy;
#else
  const ctnn::Tensor<float, 64, 400> dy;
#endif
  const auto dz = ctnn::flatten_backward(dy, z);
  (void)dz;
}
