// Rule: the stride divides W + 2P - k exactly, along the columns. A 29x28 image with padding 1
// and stride 2: the rows are fine ((29 + 2 - 3) % 2 = 0), the columns are not ((28 + 2 - 3) % 2 =
// 1), and the message names the columns.
// EXPECT-ERROR: the stride must divide W \+ 2P - k exactly, along the columns
// EXPECT-ALSO: stride_divides<28(UL)?, 1(UL)?, 3(UL)?, 2(UL)?>
#include <ctnn/conv.hpp>

void forward(const ctnn::Tensor<double, 1, 1, 3, 3>& K, const ctnn::Tensor<double, 1>& b) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 1, 1, 29, 29> z;
#else
  const ctnn::Tensor<double, 1, 1, 29, 28> z;
#endif
  const auto y = ctnn::conv_forward(z, K, b, ctnn::padding<1, 1>, ctnn::strides<2, 2>);
  (void)y;
}
