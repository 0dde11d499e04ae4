// Rule: b has one value per column O of W (I, O). The bias of the layer before (84 values) given
// to the 84 -> 10 layer.
// EXPECT-ERROR: b must have one value per column O of W \(I, O\)
// EXPECT-ALSO: fc_bias_matches_outputs<10(UL)?, 84(UL)?>
#include <ctnn/ops/fc/fc.hpp>

void layer(const ctnn::Tensor<float, 64, 84>& z, const ctnn::Tensor<float, 84, 10>& W) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<float, 10> b;
#else
  const ctnn::Tensor<float, 84> b;
#endif
  const auto y = ctnn::fc_forward(z, W, b);
  (void)y;
}
