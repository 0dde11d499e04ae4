// Rule: W is rank 2, (I, O). A weight written as a column (400,) for a single output: numpy's
// np.dot(z, w) returns (N,) and the layer silently loses its output axis.
// EXPECT-ERROR: fc operands are rank 2: z \(N, I\) and W \(I, O\)
// EXPECT-ALSO: rank_is<1(UL)?, 2(UL)?>
#include <ctnn/ops/fc/fc.hpp>

void layer(const ctnn::Tensor<double, 8, 400>& z, const ctnn::Tensor<double, 1>& b) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 400, 1> W;
#else
  const ctnn::Tensor<double, 400> W;
#endif
  const auto y = ctnn::fc_forward(z, W, b);
  (void)y;
}
