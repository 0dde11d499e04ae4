// Rule: the fully connected layer computes in floating point. An int batch through int weights
// would run forward, but fc_backward divides dW and db by the batch size N, which integers
// truncate (as pooling's averages).
// EXPECT-ERROR: ctnn: the fully connected layer needs a floating-point element type
// EXPECT-ALSO: floating_element<int>
#include <ctnn/ops/fc/fc.hpp>

void layer() {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  using T = float;
#else
  using T = int;
#endif
  const ctnn::Tensor<T, 8, 84> z;
  const ctnn::Tensor<T, 84, 10> W;
  const ctnn::Tensor<T, 10> b;
  const auto y = ctnn::fc_forward(z, W, b);
  (void)y;
}
