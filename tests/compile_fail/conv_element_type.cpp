// Rule: z, K and b have one element type. float kernels on a double input are refused rather than
// converted behind the reader's back.
// EXPECT-ERROR: z, K and b must have one element type
// EXPECT-ALSO: same_element_type<double, float>
#include <ctnn/conv.hpp>

void forward() {
  ctnn::Tensor<double, 1, 3, 8, 8> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  ctnn::Tensor<double, 3, 4, 3, 3> K;
#else
  ctnn::Tensor<float, 3, 4, 3, 3> K;
#endif
  ctnn::Tensor<double, 4> b;
  auto out = ctnn::conv_forward(z, K, b);
  (void)out;
}
