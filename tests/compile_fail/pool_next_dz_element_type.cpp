// Rule: next_dz has z's element type: a float gradient from a float loss fed to the backward pass
// of a double layer is refused rather than converted element by element.
// EXPECT-ERROR: next_dz must have the element type of z
// EXPECT-ALSO: same_element_type<float, double>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
  const ctnn::Tensor<double, 2, 6, 28, 28> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 2, 6, 14, 14> dy;
#else
  const ctnn::Tensor<float, 2, 6, 14, 14> dy;
#endif
  const auto out = ctnn::max_pooling_backward(dy, z, ctnn::pooling<2, 2>, ctnn::strides<2, 2>,
                                              ctnn::padding<0, 0>);
  (void)out;
}
