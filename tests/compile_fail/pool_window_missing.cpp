// Rule: the window comes first after z, and has no default: the series' `pooling` argument is
// required too. Here it was forgotten and only the strides given.
// EXPECT-ERROR: after z, pass ctnn::pooling<k1, k2> first
// EXPECT-ALSO: pooling_tags_valid<false, 0(UL)?, 1(UL)?, 0(UL)?>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
  const ctnn::Tensor<double, 2, 6, 28, 28> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto out = ctnn::max_pooling_forward(z, ctnn::pooling<2, 2>, ctnn::strides<2, 2>);
#else
  const auto out = ctnn::max_pooling_forward(z, ctnn::strides<2, 2>);
#endif
  (void)out;
}
