// Rule: the stride divides H + 2P - k exactly, the original's assert. The common "3x3, padding 1,
// stride 2" on a 28x28 image: (28 + 2 - 3) % 2 = 1, so the last padded row would never be read.
// EXPECT-ERROR: the stride must divide H \+ 2P - k exactly
// EXPECT-ALSO: stride_divides<28(UL)?, 1(UL)?, 3(UL)?, 2(UL)?>
#include <ctnn/conv.hpp>

void forward() {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  ctnn::Tensor<double, 3, 3, 29, 29> z;  // (29 + 2 - 3) % 2 == 0
#else
  ctnn::Tensor<double, 3, 3, 28, 28> z;
#endif
  ctnn::Tensor<double, 3, 4, 3, 3> K;
  ctnn::Tensor<double, 4> b;
  auto out = ctnn::conv_forward(z, K, b, ctnn::padding<1, 1>, ctnn::strides<2, 2>);
  (void)out;
}
