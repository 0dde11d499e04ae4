// Rule: conv operands are rank 4. A single image (C, H, W) needs its batch axis: (1, C, H, W).
// EXPECT-ERROR: conv operands are rank 4
// EXPECT-ALSO: rank_is<3(UL)?, 4(UL)?>
#include <ctnn/conv.hpp>

void forward() {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  ctnn::Tensor<double, 1, 3, 28, 28> z;
#else
  ctnn::Tensor<double, 3, 28, 28> z;
#endif
  ctnn::Tensor<double, 3, 4, 3, 3> K;
  ctnn::Tensor<double, 4> b;
  auto out = ctnn::conv_forward(z, K, b);
  (void)out;
}
