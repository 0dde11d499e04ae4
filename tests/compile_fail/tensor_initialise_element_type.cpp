// Rule: a Tensor is initialised only from a Tensor of its own element type: a float result kept
// in a double tensor would be a conversion, and ctnn never converts.
// EXPECT-ERROR: a Tensor is initialised only from a Tensor of its own element type
// EXPECT-ALSO: same_element_type<double, float>
#include <ctnn/tensor.hpp>

void keep(const ctnn::Tensor<float, 2, 2>& result) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<float, 2, 2> kept = result;
#else
  const ctnn::Tensor<double, 2, 2> kept = result;
#endif
  (void)kept;
}
