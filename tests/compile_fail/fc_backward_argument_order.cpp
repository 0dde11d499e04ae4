// Rule: fc_backward takes (next_dz, W, z), not fc_forward's order (z, W, ...). The series
// passes the gradient first; a call written by analogy with forward is refused by name.
// EXPECT-ERROR: fc_backward takes \(next_dz, W, z\): these arguments are in fc_forward's order
// EXPECT-ALSO: fc_arguments_in_backward_order<400(UL)?, 400(UL)?, 120(UL)?, 120(UL)?>
#include <ctnn/ops/fc/fc.hpp>

void step(const ctnn::Tensor<float, 64, 400>& z, const ctnn::Tensor<float, 400, 120>& W,
          const ctnn::Tensor<float, 64, 120>& dy) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto grads = ctnn::fc_backward(dy, W, z);
#else
  const auto grads = ctnn::fc_backward(z, W, dy);
#endif
  (void)grads;
}
