// Rule: y_true has y_predict's shape (N, classes): one-hot rows. Class indices (64,), as
// PyTorch's CrossEntropyLoss takes them, would broadcast against (64, 10) in numpy and give
// a wrong loss without a word.
// EXPECT-ERROR: cross_entropy_loss needs y_true of y_predict's shape \(N, classes\)
// EXPECT-ALSO: same_shape<ctnn::Tensor<float, 64, 10>, ctnn::Tensor<float, 64> ?>
#include <ctnn/ops/cross_entropy/cross_entropy.hpp>

float loss(const ctnn::Tensor<float, 64, 10>& y) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<float, 64, 10> labels;
#else
  const ctnn::Tensor<float, 64> labels;
#endif
  return ctnn::cross_entropy_loss(y, labels).loss;
}
