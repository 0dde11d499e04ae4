// Rule: next_dz has the shape (N, O) of fc_forward's output. The gradient of the next layer's
// output (64, 84) handed to the 400 -> 120 layer instead of the gradient of its input (64, 120).
// EXPECT-ERROR: fc_backward's next_dz must have the shape \(N, O\) of fc_forward's output
// EXPECT-ALSO: same_shape<ctnn::Tensor<float, 64, 84>, ctnn::Tensor<float, 64, 120> ?>
#include <ctnn/ops/fc/fc.hpp>

void step(const ctnn::Tensor<float, 64, 400>& z, const ctnn::Tensor<float, 400, 120>& W,
          const ctnn::Tensor<float, 64, 120>& dz2, const ctnn::Tensor<float, 64, 84>& dy2) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto grads = ctnn::fc_backward(dz2, W, z);
  (void)dy2;
#else
  const auto grads = ctnn::fc_backward(dy2, W, z);
  (void)dz2;
#endif
  (void)grads;
}
