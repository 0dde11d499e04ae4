// Rule: the kernel fits in the padded input, along the columns too, and the message names them:
// a 5x5 kernel on an 8x3 image without padding fits the rows (8 >= 5), not the columns (3 < 5).
// EXPECT-ERROR: the kernel must fit in the padded input: W \+ 2P >= k, along the columns
// EXPECT-ALSO: kernel_fits<3(UL)?, 0(UL)?, 5(UL)?>
#include <ctnn/conv.hpp>

void forward(const ctnn::Tensor<double, 1, 1, 5, 5>& K, const ctnn::Tensor<double, 1>& b) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 1, 1, 8, 5> z;
#else
  const ctnn::Tensor<double, 1, 1, 8, 3> z;
#endif
  const auto y = ctnn::conv_forward(z, K, b);
  (void)y;
}
