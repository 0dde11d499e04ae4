// Rule: an activation's next_dz has the element type of z: a float gradient for a double input
// is refused (ctnn never converts).
// EXPECT-ERROR: ctnn: an activation's next_dz must have the element type of z
// EXPECT-ALSO: same_element_type<float, double>
#include <ctnn/ops/activations/activations.hpp>

void back() {
  const ctnn::Tensor<double, 2, 3> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 2, 3> next_dz;
#else
  const ctnn::Tensor<float, 2, 3> next_dz;
#endif
  auto dz = ctnn::sigmoid_backward(next_dz, z);
  (void)dz;
}
