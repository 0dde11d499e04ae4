// Rule: cross_entropy_loss computes in floating point. Integer logits and one-hot integer labels
// would make softmax 0 or 1.
// EXPECT-ERROR: cross_entropy_loss computes in floating point
// EXPECT-ALSO: floating_element<int>
#include <ctnn/ops/cross_entropy/cross_entropy.hpp>

#ifdef CTNN_COMPILE_FAIL_CONTROL
using element = float;
#else
using element = int;
#endif

element loss(const ctnn::Tensor<element, 4, 3>& y, const ctnn::Tensor<element, 4, 3>& t) {
  return ctnn::cross_entropy_loss(y, t).loss;
}
