// Rule: conv_backward takes both geometry tags. Giving the padding and forgetting the strides
// (or the other way round) is refused as well: a stride left out would default to 1.
// EXPECT-ERROR: pass conv_backward the padding and strides you gave conv_forward
// EXPECT-ALSO: backward_geometry_given<1(UL)?, 0(UL)?, 0(UL)?>
#include <ctnn/conv.hpp>

void step(const ctnn::Tensor<double, 2, 3, 28, 28>& z, const ctnn::Tensor<double, 3, 4, 3, 3>& K,
          const ctnn::Tensor<double, 2, 4, 28, 28>& dy) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto grads = ctnn::conv_backward(dy, K, z, ctnn::padding<1, 1>, ctnn::strides<1, 1>);
#else
  const auto grads = ctnn::conv_backward(dy, K, z, ctnn::padding<1, 1>);
#endif
  (void)grads;
}
