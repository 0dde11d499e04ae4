// Rule: a kernel is at least 1x1. A 0x3 kernel is caught where its type is made: every extent of
// a Tensor is at least 1.
// EXPECT-ERROR: every extent of a Tensor must be at least 1
// EXPECT-ALSO: nonzero_extents<3(UL)?, 4(UL)?, 0(UL)?, 3(UL)?>
#include <ctnn/conv.hpp>

void forward() {
  ctnn::Tensor<double, 1, 3, 8, 8> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  ctnn::Tensor<double, 3, 4, 1, 3> K;
#else
  ctnn::Tensor<double, 3, 4, 0, 3> K;
#endif
  ctnn::Tensor<double, 4> b;
  auto out = ctnn::conv_forward(z, K, b);
  (void)out;
}
