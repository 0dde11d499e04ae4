// Rule: pooling pads at most half the window along the columns too, 2P <= k: a 3 x 2 window with
// padding<1, 2> would make the edge windows' columns all padding. The rows (2 * 1 <= 3) are fine.
// EXPECT-ERROR: pooling pads at most half the window: 2P <= k, along the columns
// EXPECT-ALSO: pooling_padding_fits<2(UL)?, 2(UL)?>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
  const ctnn::Tensor<double, 2, 6, 28, 28> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto out =
      ctnn::avg_pooling_forward(z, ctnn::pooling<3, 2>, ctnn::padding<1, 1>, ctnn::strides<1, 1>);
#else
  const auto out =
      ctnn::avg_pooling_forward(z, ctnn::pooling<3, 2>, ctnn::padding<1, 2>, ctnn::strides<1, 1>);
#endif
  (void)out;
}
