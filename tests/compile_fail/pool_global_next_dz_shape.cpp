// Rule: the gradient of global pooling is (N, C), as its output: not numpy's keepdims form
// (N, C, 1, 1).
// EXPECT-ERROR: next_dz of a global pooling backward call is the forward output \(N, C\)
// EXPECT-ALSO: same_shape<ctnn::Tensor<double, 2(UL)?, 16(UL)?, 1(UL)?, 1(UL)?>, ctnn::Tensor<double, 2(UL)?, 16(UL)?> ?>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
  const ctnn::Tensor<double, 2, 16, 5, 5> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 2, 16> dy;
#else
  const ctnn::Tensor<double, 2, 16, 1, 1> dy;
#endif
  const auto out = ctnn::global_max_pooling_backward(dy, z);
  (void)out;
}
