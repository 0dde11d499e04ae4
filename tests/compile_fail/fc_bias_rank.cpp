// Rule: b is rank 1, (O,). The series writes b^i as a row vector (1, |l_{i+1}|) and numpy
// broadcasts it; ctnn never broadcasts, so b is (O,).
// EXPECT-ERROR: the fc bias b is rank 1: \(O,\)
// EXPECT-ALSO: rank_is<2(UL)?, 1(UL)?>
#include <ctnn/ops/fc/fc.hpp>

void layer(const ctnn::Tensor<double, 8, 400>& z, const ctnn::Tensor<double, 400, 120>& W) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 120> b;
#else
  const ctnn::Tensor<double, 1, 120> b;
#endif
  const auto y = ctnn::fc_forward(z, W, b);
  (void)y;
}
