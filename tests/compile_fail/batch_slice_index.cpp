// Rule: slice<n> names an item of the batch. A batch of 3 has items 0, 1 and 2.
// EXPECT-ERROR: ctnn: slice<n> needs n < N, the extent of the first axis
// EXPECT-ALSO: index_in_range<3(UL)?, 3(UL)?>
#include <ctnn/batch.hpp>

void last_item() {
  const ctnn::Tensor<double, 3, 1, 28, 28> batch;  // (N, C, H, W)
#ifdef CTNN_COMPILE_FAIL_CONTROL
  auto image = ctnn::slice<2>(batch);
#else
  auto image = ctnn::slice<3>(batch);
#endif
  (void)image;
}
