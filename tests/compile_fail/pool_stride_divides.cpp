// Rule: with ctnn::strides, the stride divides H + 2P - k exactly: a 3 x 3 window stepping by 2
// over 28 rows leaves (28 - 3) % 2 = 1 row unread. The twin says so with ctnn::floor_strides,
// which rounds down as PyTorch does (H' = 13) and gives that row a zero gradient.
// EXPECT-ERROR: the pooling stride must divide H \+ 2P - k exactly, along the rows
// EXPECT-ALSO: stride_divides<28(UL)?, 0(UL)?, 3(UL)?, 2(UL)?>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
  const ctnn::Tensor<double, 2, 6, 28, 28> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto out = ctnn::max_pooling_forward(z, ctnn::pooling<3, 3>, ctnn::floor_strides<2, 2>);
#else
  const auto out = ctnn::max_pooling_forward(z, ctnn::pooling<3, 3>, ctnn::strides<2, 2>);
#endif
  (void)out;
}
