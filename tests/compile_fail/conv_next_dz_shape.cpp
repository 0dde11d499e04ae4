// Rule: next_dz has the shape of conv_forward's output (N, D, H', W'). The forward output of this
// layer is (3, 4, 26, 26); a gradient of (3, 4, 28, 28) belongs to another layer.
// EXPECT-ERROR: next_dz must have the shape of conv_forward's output
// EXPECT-ALSO: pass conv_backward the padding and strides you gave conv_forward
// EXPECT-ALSO: same_shape<ctnn::Tensor<double, 3, 4, 28, 28>, ctnn::Tensor<double, 3, 4, 26, 26> ?>
#include <ctnn/conv.hpp>

void backward() {
  ctnn::Tensor<double, 3, 3, 28, 28> z;
  ctnn::Tensor<double, 3, 4, 3, 3> K;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  ctnn::Tensor<double, 3, 4, 26, 26> next_dz;
#else
  ctnn::Tensor<double, 3, 4, 28, 28> next_dz;
#endif
  auto [dK, db, dz] = ctnn::conv_backward(next_dz, K, z, ctnn::padding<0, 0>, ctnn::strides<1, 1>);
  (void)dK, (void)db, (void)dz;
}
