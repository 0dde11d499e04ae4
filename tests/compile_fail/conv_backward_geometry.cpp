// Rule: conv_backward is given the padding and strides of its forward pass, both, always. The
// geometry that let a forgotten padding pass unnoticed: a 9x9 input, kernel 5, padding 2,
// stride 2 gives (9 + 4 - 5)/2 + 1 = 5, and so does 9 - 5 + 1 without padding and stride, so a
// backward call without them used to compile and return the gradients of another layer.
// EXPECT-ERROR: pass conv_backward the padding and strides you gave conv_forward
// EXPECT-ALSO: backward_geometry_given<0(UL)?, 0(UL)?, 0(UL)?>
#include <ctnn/conv.hpp>

void step(const ctnn::Tensor<double, 2, 3, 9, 9>& z, const ctnn::Tensor<double, 3, 4, 5, 5>& K,
          const ctnn::Tensor<double, 4>& b) {
  const auto y = ctnn::conv_forward(z, K, b, ctnn::padding<2, 2>, ctnn::strides<2, 2>);  // 5x5
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto grads = ctnn::conv_backward(y, K, z, ctnn::padding<2, 2>, ctnn::strides<2, 2>);
#else
  const auto grads = ctnn::conv_backward(y, K, z);
#endif
  (void)grads;
}
