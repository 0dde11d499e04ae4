// Rule: flatten_backward's next_dz has z's element type (ctnn never converts).
// EXPECT-ERROR: flatten_backward's next_dz must have the element type of z
// EXPECT-ALSO: same_element_type<double, float>
#include <ctnn/ops/flatten/flatten.hpp>

void step(const ctnn::Tensor<float, 8, 4, 2, 2>& z) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<float, 8, 16> dy;
#else
  const ctnn::Tensor<double, 8, 16> dy;
#endif
  const auto dz = ctnn::flatten_backward(dy, z);
  (void)dz;
}
