// Rule: assign_slice(batch, n, item) needs an item of the batch's element type: a float image
// is not written into a double batch (ctnn never converts).
// EXPECT-ERROR: ctnn: assign_slice needs an item of the batch's element type
// EXPECT-ALSO: same_element_type<double, float>
#include <ctnn/batch.hpp>

void fill(ctnn::Tensor<double, 4, 3, 2>& batch) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 3, 2> item;
#else
  const ctnn::Tensor<float, 3, 2> item;
#endif
  ctnn::assign_slice(batch, 0, item);
}
