// Rule: next_dz is rank 2, (N, O). The gradient of a pooled batch (64, 16, 5, 5), meant for
// flatten_backward, passed to fc_backward.
// EXPECT-ERROR: fc_backward's next_dz is rank 2: \(N, O\)
// EXPECT-ALSO: rank_is<4(UL)?, 2(UL)?>
#include <ctnn/ops/fc/fc.hpp>

void step(const ctnn::Tensor<float, 64, 400>& z, const ctnn::Tensor<float, 400, 120>& W) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<float, 64, 120> dy;
#else
  const ctnn::Tensor<float, 64, 16, 5, 5> dy;
#endif
  const auto grads = ctnn::fc_backward(dy, W, z);
  (void)grads;
}
