// Rule: after the tensors, conv_forward takes only the geometry tags. PyTorch's habit of a bare
// number for the padding is refused with the sentence that says what to pass.
// EXPECT-ERROR: after the tensors, pass ctnn::padding<P1, P2> and ctnn::strides<S1, S2>, each at most once
// EXPECT-ALSO: geometry_tags_valid<0(UL)?, 0(UL)?, 1(UL)?>
#include <ctnn/conv.hpp>

void forward(const ctnn::Tensor<double, 1, 1, 8, 8>& z, const ctnn::Tensor<double, 1, 2, 3, 3>& K,
             const ctnn::Tensor<double, 2>& b) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto y = ctnn::conv_forward(z, K, b, ctnn::padding<1, 1>);
#else
  const auto y = ctnn::conv_forward(z, K, b, 1);
#endif
  (void)y;
}
