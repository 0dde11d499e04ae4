// Rule: the scalar of maximum(t, s) may not narrow into the element type: 0.5 is no int (numpy
// would return a float64 array).
// EXPECT-ERROR: ctnn: this scalar would lose value as the tensor's element type
// EXPECT-ALSO: scalar_without_narrowing<double, int>
#include <ctnn/math.hpp>

void clip() {
  const ctnn::Tensor<int, 2, 3> t;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  auto m = ctnn::maximum(t, 1);
#else
  auto m = ctnn::maximum(t, 0.5);
#endif
  (void)m;
}
