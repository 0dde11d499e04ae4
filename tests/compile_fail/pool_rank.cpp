// Rule: max and average pooling take z (N, C, H, W). A single image (C, H, W), its batch axis
// forgotten, is refused with the rank in the note.
// EXPECT-ERROR: pooling input is rank 4: z \(N, C, H, W\)
// EXPECT-ALSO: rank_is<3(UL)?, 4(UL)?>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 1, 6, 28, 28> z;
#else
  const ctnn::Tensor<double, 6, 28, 28> z;
#endif
  const auto out = ctnn::max_pooling_forward(z, ctnn::pooling<2, 2>);
  (void)out;
}
