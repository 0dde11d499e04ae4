// Rule: W (I, O) has as many rows as z (N, I) has columns. The MNIST net of post 1_1_2 reads
// 784 pixels; a first layer made for 28 x 28 with padding (30 x 30 = 900) does not fit it.
// EXPECT-ERROR: W \(I, O\) must have as many rows I as z \(N, I\) has columns
// EXPECT-ALSO: fc_inputs_match<784(UL)?, 900(UL)?>
#include <ctnn/ops/fc/fc.hpp>

void layer(const ctnn::Tensor<float, 32, 784>& z, const ctnn::Tensor<float, 256>& b) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<float, 784, 256> W;
#else
  const ctnn::Tensor<float, 900, 256> W;
#endif
  const auto y = ctnn::fc_forward(z, W, b);
  (void)y;
}
