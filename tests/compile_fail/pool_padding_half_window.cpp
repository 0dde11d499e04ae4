// Rule: pooling pads at most half the window, 2P <= k (PyTorch's "pad should be at most half
// of kernel size"): padding 2 around a 3 x 3 window makes corner windows of one input and eight
// padded cells.
// EXPECT-ERROR: pooling pads at most half the window: 2P <= k, along the rows
// EXPECT-ALSO: pooling_padding_fits<2(UL)?, 3(UL)?>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
  const ctnn::Tensor<double, 2, 6, 28, 28> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto out =
      ctnn::max_pooling_forward(z, ctnn::pooling<3, 3>, ctnn::padding<1, 1>, ctnn::strides<1, 1>);
#else
  const auto out =
      ctnn::max_pooling_forward(z, ctnn::pooling<3, 3>, ctnn::padding<2, 2>, ctnn::strides<1, 1>);
#endif
  (void)out;
}
