// Rule: K (C, D, k1, k2) reads as many channels C as z (N, C, H, W) has. Here z has 3, K reads 2.
// EXPECT-ERROR: must have as many input channels C as z
// EXPECT-ALSO: kernel_channels_match<3(UL)?, 2(UL)?>
#include <ctnn/conv.hpp>

void forward() {
  ctnn::Tensor<double, 1, 3, 8, 8> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  ctnn::Tensor<double, 3, 4, 3, 3> K;
#else
  ctnn::Tensor<double, 2, 4, 3, 3> K;
#endif
  ctnn::Tensor<double, 4> b;
  auto out = ctnn::conv_forward(z, K, b);
  (void)out;
}
