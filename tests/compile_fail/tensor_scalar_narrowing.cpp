// Rule: a scalar does not narrow into the element type. 0.5 * Tensor<int, ...> used to compile
// and give zeros (0.5 became 0), with g++ silent even under -Wall -Wextra.
// EXPECT-ERROR: this scalar would lose value as the tensor's element type
// EXPECT-ALSO: scalar_without_narrowing<double, int>
#include <ctnn/tensor.hpp>

void halve() {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 2, 2> t{2.0, 4.0, 6.0, 8.0};
#else
  const ctnn::Tensor<int, 2, 2> t{2, 4, 6, 8};
#endif
  const auto half = 0.5 * t;
  (void)half;
}
