// Rule: the stride divides W + 2P - k exactly along the columns too: a 2 x 2 window with its
// default stride 2 over 27 columns leaves the last one unread. The rows (28) are fine.
// EXPECT-ERROR: the pooling stride must divide W \+ 2P - k exactly, along the columns
// EXPECT-ALSO: stride_divides<27(UL)?, 0(UL)?, 2(UL)?, 2(UL)?>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 2, 6, 28, 28> z;
#else
  const ctnn::Tensor<double, 2, 6, 28, 27> z;
#endif
  const auto out = ctnn::avg_pooling_forward(z, ctnn::pooling<2, 2>);
  (void)out;
}
