// Rule: element-wise operations need one element type; ctnn never converts float to double.
// EXPECT-ERROR: element-wise operations need one element type
// EXPECT-ALSO: same_element_type<double, float>
#include <ctnn/tensor.hpp>

void accumulate(ctnn::Tensor<double, 2, 2>& sum) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 2, 2> part;
#else
  const ctnn::Tensor<float, 2, 2> part;
#endif
  sum += part;
}
