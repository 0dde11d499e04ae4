// Rule: fc_forward takes z (N, I), rank 2. A pooled batch (64, 16, 5, 5) handed straight to the
// first fully connected layer: numpy's np.dot would contract the last axis and return
// (64, 16, 5, 120) without a word; here the message says to flatten first.
// EXPECT-ERROR: fc operands are rank 2: z \(N, I\) and W \(I, O\); flatten
// EXPECT-ALSO: rank_is<4(UL)?, 2(UL)?>
#include <ctnn/ops/fc/fc.hpp>
#include <ctnn/ops/flatten/flatten.hpp>

void layer(const ctnn::Tensor<float, 64, 16, 5, 5>& pooled, const ctnn::Tensor<float, 400, 120>& W,
           const ctnn::Tensor<float, 120>& b) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto y = ctnn::fc_forward(ctnn::flatten_forward(pooled), W, b);
#else
  const auto y = ctnn::fc_forward(pooled, W, b);
#endif
  (void)y;
}
