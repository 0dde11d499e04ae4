// Rule: a pooling window is at least 1 x 1 (a 0-row window has no maximum and no mean).
// EXPECT-ERROR: a pooling window is at least 1 x 1: k1 >= 1 and k2 >= 1
// EXPECT-ALSO: window_positive<0(UL)?>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
  const ctnn::Tensor<double, 2, 3, 8, 8> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto out = ctnn::max_pooling_forward(z, ctnn::pooling<1, 2>);
#else
  const auto out = ctnn::max_pooling_forward(z, ctnn::pooling<0, 2>);
#endif
  (void)out;
}
