// Rule: strides are at least 1; a zero stride never moves the window.
// EXPECT-ERROR: strides must be at least 1
// EXPECT-ALSO: stride_positive<0(UL)?>
#include <ctnn/conv.hpp>

void forward() {
  ctnn::Tensor<double, 1, 1, 6, 6> z;
  ctnn::Tensor<double, 1, 1, 3, 3> K;
  ctnn::Tensor<double, 1> b;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  auto out = ctnn::conv_forward(z, K, b, ctnn::padding<0, 0>, ctnn::strides<1, 1>);
#else
  auto out = ctnn::conv_forward(z, K, b, ctnn::padding<0, 0>, ctnn::strides<0, 1>);
#endif
  (void)out;
}
