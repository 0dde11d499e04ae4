// Rule: the bias is rank 1, (D,). A (1, D) bias is a shape numpy would broadcast.
// EXPECT-ERROR: the bias b is rank 1
// EXPECT-ALSO: rank_is<2(UL)?, 1(UL)?>
#include <ctnn/conv.hpp>

void forward() {
  ctnn::Tensor<double, 1, 3, 28, 28> z;
  ctnn::Tensor<double, 3, 4, 3, 3> K;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  ctnn::Tensor<double, 4> b;
#else
  ctnn::Tensor<double, 1, 4> b;
#endif
  auto out = ctnn::conv_forward(z, K, b);
  (void)out;
}
