// Rule: next_dz has the element type of z and W. A double gradient (from a loss computed in
// double) into a float layer.
// EXPECT-ERROR: fc_backward's next_dz must have the element type of z and W
// EXPECT-ALSO: same_element_type<double, float>
#include <ctnn/ops/fc/fc.hpp>

void step(const ctnn::Tensor<float, 64, 84>& z, const ctnn::Tensor<float, 84, 10>& W) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<float, 64, 10> dy;
#else
  const ctnn::Tensor<double, 64, 10> dy;
#endif
  const auto grads = ctnn::fc_backward(dy, W, z);
  (void)grads;
}
