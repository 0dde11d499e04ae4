// Rule: an activation's next_dz has the shape of its input z (numpy would broadcast a (1, 3)
// gradient over a (2, 3) input).
// EXPECT-ERROR: ctnn: an activation's next_dz must have the shape of its input z
// EXPECT-ALSO: same_shape<ctnn::Tensor<double, 1(UL)?, 3(UL)?>, ctnn::Tensor<double, 2(UL)?, 3(UL)?> ?>
#include <ctnn/ops/activations/activations.hpp>

void back() {
  const ctnn::Tensor<double, 2, 3> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 2, 3> next_dz;
#else
  const ctnn::Tensor<double, 1, 3> next_dz;
#endif
  auto dz = ctnn::relu_backward(next_dz, z);
  (void)dz;
}
