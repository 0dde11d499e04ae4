// Rule: element-wise operations need one shape; ctnn never broadcasts. numpy would silently turn
// (3, 4, 1, 1) + (3, 4, 3, 3) into (3, 4, 3, 3): the bug the original hides.
// EXPECT-ERROR: element-wise operations need tensors of one shape
// EXPECT-ALSO: same_shape<ctnn::Tensor<double, 3, 4, 3, 3>, ctnn::Tensor<double, 3, 4, 1, 1> ?>
#include <ctnn/tensor.hpp>

void update(ctnn::Tensor<double, 3, 4, 3, 3>& K) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  ctnn::Tensor<double, 3, 4, 3, 3> dK;
#else
  ctnn::Tensor<double, 3, 4, 1, 1> dK;
#endif
  K -= 0.001 * dK;
}
