// Rule: assign_slice(batch, n, item) needs an item shaped like one item of the batch: a batch
// (4, 3, 2) holds items (3, 2).
// EXPECT-ERROR: ctnn: assign_slice needs an item shaped like one item of the batch
// EXPECT-ALSO: same_shape<ctnn::Tensor<double, 3(UL)?, 2(UL)?>, ctnn::Tensor<double, 2(UL)?, 3(UL)?> ?>
#include <ctnn/batch.hpp>

void fill(ctnn::Tensor<double, 4, 3, 2>& batch) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 3, 2> item;
#else
  const ctnn::Tensor<double, 2, 3> item;
#endif
  ctnn::assign_slice(batch, 0, item);
}
