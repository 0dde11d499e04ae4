// Rule: a Tensor is initialised only from a Tensor of its own shape. Padding 1 keeps 28x28, so
// the result of this convolution is (1, 8, 28, 28), not the (1, 8, 26, 26) declared: the message
// is about initialising, and the note shows both shapes, the declared one first.
// EXPECT-ERROR: a Tensor is initialised only from a Tensor of its own shape
// EXPECT-ALSO: same_shape<ctnn::Tensor<float, 1, 8, 26, 26>, ctnn::Tensor<float, 1, 8, 28, 28> ?>
#include <ctnn/conv.hpp>

void forward(const ctnn::Tensor<float, 1, 3, 28, 28>& z, const ctnn::Tensor<float, 3, 8, 3, 3>& K,
             const ctnn::Tensor<float, 8>& b) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<float, 1, 8, 28, 28> y = ctnn::conv_forward(z, K, b, ctnn::padding<1, 1>);
#else
  const ctnn::Tensor<float, 1, 8, 26, 26> y = ctnn::conv_forward(z, K, b, ctnn::padding<1, 1>);
#endif
  (void)y;
}
