// Rule: next_dz has the shape of the forward output for the geometry the backward call states.
// The forward pass used the default stride 2 (14 x 14), the backward call says stride 1, whose
// output would be 27 x 27.
// EXPECT-ERROR: next_dz must have the shape of the pooling forward output
// EXPECT-ALSO: same_shape<ctnn::Tensor<double, 2(UL)?, 6(UL)?, 14(UL)?, 14(UL)?>, ctnn::Tensor<double, 2(UL)?, 6(UL)?, 27(UL)?, 27(UL)?> ?>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
  const ctnn::Tensor<double, 2, 6, 28, 28> z;
  const auto y = ctnn::max_pooling_forward(z, ctnn::pooling<2, 2>);
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto out = ctnn::max_pooling_backward(y, z, ctnn::pooling<2, 2>, ctnn::strides<2, 2>,
                                              ctnn::padding<0, 0>);
#else
  const auto out = ctnn::max_pooling_backward(y, z, ctnn::pooling<2, 2>, ctnn::strides<1, 1>,
                                              ctnn::padding<0, 0>);
#endif
  (void)out;
}
