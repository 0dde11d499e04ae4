// Rule: the window fits in the padded input along the columns too, W + 2P >= k: a 2 x 5 window on
// a 4-column feature map (a long thin window meant for another layer) has no place to start. The
// rows (6 >= 2) are fine.
// EXPECT-ERROR: the pooling window must fit in the padded input: W \+ 2P >= k, along the columns
// EXPECT-ALSO: kernel_fits<4(UL)?, 0(UL)?, 5(UL)?>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
  const ctnn::Tensor<double, 2, 16, 6, 4> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto out = ctnn::max_pooling_forward(z, ctnn::pooling<2, 4>);
#else
  const auto out = ctnn::max_pooling_forward(z, ctnn::pooling<2, 5>, ctnn::strides<2, 1>);
#endif
  (void)out;
}
