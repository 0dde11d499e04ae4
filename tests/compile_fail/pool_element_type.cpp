// Rule: pooling works on float or double. On integers an average would be truncated, and so
// would every gradient.
// EXPECT-ERROR: pooling needs a floating-point element type
// EXPECT-ALSO: floating_element<int>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<float, 2, 3, 8, 8> z;
#else
  const ctnn::Tensor<int, 2, 3, 8, 8> z;
#endif
  const auto out = ctnn::avg_pooling_forward(z, ctnn::pooling<2, 2>);
  (void)out;
}
