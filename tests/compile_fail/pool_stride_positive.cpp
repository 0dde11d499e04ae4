// Rule: pooling strides are at least 1 (eq. (1) steps the window by S; 0 would never move it).
// EXPECT-ERROR: pooling strides must be at least 1
// EXPECT-ALSO: stride_positive<0(UL)?>
#include <ctnn/ops/pool2d/pool2d.hpp>

void step() {
  const ctnn::Tensor<double, 2, 3, 8, 8> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto out = ctnn::max_pooling_forward(z, ctnn::pooling<2, 2>, ctnn::strides<1, 2>);
#else
  const auto out = ctnn::max_pooling_forward(z, ctnn::pooling<2, 2>, ctnn::strides<0, 2>);
#endif
  (void)out;
}
