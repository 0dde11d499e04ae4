// Rule: b has one value per output channel D of K (C, D, k1, k2). K makes 4, b has 3.
// EXPECT-ERROR: b must have one value per output channel D
// EXPECT-ALSO: bias_matches_output_channels<4(UL)?, 3(UL)?>
#include <ctnn/conv.hpp>

void forward() {
  ctnn::Tensor<double, 1, 3, 8, 8> z;
  ctnn::Tensor<double, 3, 4, 3, 3> K;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  ctnn::Tensor<double, 4> b;
#else
  ctnn::Tensor<double, 3> b;
#endif
  auto out = ctnn::conv_forward(z, K, b);
  (void)out;
}
