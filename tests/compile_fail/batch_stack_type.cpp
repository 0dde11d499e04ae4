// Rule: stack needs tensors of one shape and one element type (numpy would refuse the shapes at
// run time).
// EXPECT-ERROR: ctnn: stack needs tensors of one shape and one element type
// EXPECT-ALSO: one_tensor_type<ctnn::Tensor<double, 2(UL)?, 3(UL)?>, ctnn::Tensor<double, 3(UL)?, 2(UL)?> ?>
#include <ctnn/batch.hpp>

void pair() {
  const ctnn::Tensor<double, 2, 3> a;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 2, 3> b;
#else
  const ctnn::Tensor<double, 3, 2> b;
#endif
  auto batch = ctnn::stack(a, b);
  (void)batch;
}
