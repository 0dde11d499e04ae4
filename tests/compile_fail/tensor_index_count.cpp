// Rule: t(i, j, ...) passes one index per axis. A rank-4 z indexed with three numbers.
// EXPECT-ERROR: needs exactly one index per axis of the Tensor
// EXPECT-ALSO: one_index_per_axis<4(UL)?, 3(UL)?>
#include <ctnn/tensor.hpp>

double read(const ctnn::Tensor<double, 3, 3, 28, 28>& z) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  return z(0, 1, 2, 3);
#else
  return z(0, 1, 2);
#endif
}
