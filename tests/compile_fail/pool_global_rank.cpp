// Rule: global pooling takes z (N, C, H, W) and returns (N, C). Applied after flattening, to
// (N, C H W), it is refused with the rank in the note.
// EXPECT-ERROR: global pooling input is rank 4
// EXPECT-ALSO: rank_is<2(UL)?, 4(UL)?>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 2, 16, 5, 5> z;
#else
  const ctnn::Tensor<double, 2, 400> z;
#endif
  const auto out = ctnn::global_avg_pooling_forward(z);
  (void)out;
}
