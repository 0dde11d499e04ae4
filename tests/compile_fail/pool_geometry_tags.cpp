// Rule: after the window, at most one strides tag and one padding tag, nothing else: two
// paddings (which one would count?) are refused.
// EXPECT-ERROR: after z, pass ctnn::pooling<k1, k2> first, then
// EXPECT-ALSO: pooling_tags_valid<true, 2(UL)?, 0(UL)?, 0(UL)?>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
  const ctnn::Tensor<double, 2, 6, 28, 28> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto out = ctnn::avg_pooling_forward(z, ctnn::pooling<2, 2>, ctnn::padding<1, 1>);
#else
  const auto out =
      ctnn::avg_pooling_forward(z, ctnn::pooling<2, 2>, ctnn::padding<1, 1>, ctnn::padding<0, 0>);
#endif
  (void)out;
}
