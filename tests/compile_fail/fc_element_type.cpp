// Rule: z, W and b have one element type. float images against double weights: numpy would
// promote everything to float64; ctnn never converts.
// EXPECT-ERROR: z, W and b must have one element type
// EXPECT-ALSO: same_element_type<float, double>
#include <ctnn/ops/fc/fc.hpp>

void layer(const ctnn::Tensor<float, 8, 84>& z, const ctnn::Tensor<float, 10>& b) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<float, 84, 10> W;
#else
  const ctnn::Tensor<double, 84, 10> W;
#endif
  const auto y = ctnn::fc_forward(z, W, b);
  (void)y;
}
