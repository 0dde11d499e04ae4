// Rule: prelu's alpha has z's element type: float slopes for a double input are refused.
// EXPECT-ERROR: ctnn: prelu's alpha must have the element type of z
// EXPECT-ALSO: same_element_type<float, double>
#include <ctnn/ops/activations/activations.hpp>

void parametric() {
  const ctnn::Tensor<double, 2, 3, 4, 4> z, next_dz;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 3> alpha;
#else
  const ctnn::Tensor<float, 3> alpha;
#endif
  auto [dz, dalpha] = ctnn::prelu_backward(next_dz, z, alpha);
  (void)dz;
  (void)dalpha;
}
