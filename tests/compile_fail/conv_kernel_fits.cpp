// Rule: the kernel fits in the padded input, H + 2P >= k. A 5x5 kernel on a 2x2 image with
// padding 1 does not: 2 + 2 < 5.
// EXPECT-ERROR: the kernel must fit in the padded input: H \+ 2P >= k
// EXPECT-ALSO: kernel_fits<2(UL)?, 1(UL)?, 5(UL)?>
#include <ctnn/conv.hpp>

void forward() {
  ctnn::Tensor<double, 1, 1, 2, 2> z;
  ctnn::Tensor<double, 1, 1, 5, 5> K;
  ctnn::Tensor<double, 1> b;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  auto out = ctnn::conv_forward(z, K, b, ctnn::padding<2, 2>);  // 2 + 4 >= 5
#else
  auto out = ctnn::conv_forward(z, K, b, ctnn::padding<1, 1>);
#endif
  (void)out;
}
