// Rule: flatten takes a batch (N, ...) of rank 2 or more. One image already flattened to (784,)
// has no batch axis: make it a batch of one, (1, 784).
// EXPECT-ERROR: flatten needs a batch \(N, ...\) of rank 2 or more
// EXPECT-ALSO: flatten_batch_and_features<1(UL)?>
#include <ctnn/ops/flatten/flatten.hpp>

void rows() {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<float, 1, 784> image;
#else
  const ctnn::Tensor<float, 784> image;
#endif
  const auto flat = ctnn::flatten_forward(image);
  (void)flat;
}
