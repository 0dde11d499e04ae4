// Rule: the window fits in the padded input, H + 2P >= k: a 4 x 4 window on a 3 x 3 feature map
// (what is left of a small image after a few layers) has no place to start.
// EXPECT-ERROR: the pooling window must fit in the padded input: H \+ 2P >= k, along the rows
// EXPECT-ALSO: kernel_fits<3(UL)?, 0(UL)?, 4(UL)?>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
  const ctnn::Tensor<double, 2, 16, 3, 3> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto out = ctnn::max_pooling_forward(z, ctnn::pooling<3, 3>);
#else
  const auto out = ctnn::max_pooling_forward(z, ctnn::pooling<4, 4>);
#endif
  (void)out;
}
