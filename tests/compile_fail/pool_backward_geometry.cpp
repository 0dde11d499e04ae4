// Rule: a pooling backward call is given its forward pass's window, strides and padding, all
// three, with no defaults: here the default strides (2, 2) would match, but a backward call that
// silently assumed them would also accept a forward pass run with strides<1, 1> on another shape.
// EXPECT-ERROR: pass a pooling backward call the window, strides and padding its forward pass had
// EXPECT-ALSO: pooling_backward_geometry_given<true, 0(UL)?, 0(UL)?, 0(UL)?>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
  const ctnn::Tensor<double, 2, 6, 28, 28> z;
  const auto y = ctnn::max_pooling_forward(z, ctnn::pooling<2, 2>);
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto out = ctnn::max_pooling_backward(y, z, ctnn::pooling<2, 2>, ctnn::strides<2, 2>,
                                              ctnn::padding<0, 0>);
#else
  const auto out = ctnn::max_pooling_backward(y, z, ctnn::pooling<2, 2>);
#endif
  (void)out;
}
