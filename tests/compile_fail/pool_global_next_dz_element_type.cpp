// Rule: the gradient of global pooling has z's element type too: (N, C) of float for a double z is
// refused.
// EXPECT-ERROR: next_dz must have the element type of z
// EXPECT-ALSO: same_element_type<float, double>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
  const ctnn::Tensor<double, 2, 16, 5, 5> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 2, 16> dy;
#else
  const ctnn::Tensor<float, 2, 16> dy;
#endif
  const auto out = ctnn::global_avg_pooling_backward(dy, z);
  (void)out;
}
