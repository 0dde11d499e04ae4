// Rule: y_predict is rank 2, (N, classes). The output of a 1 x 1 convolution (64, 10, 1, 1) is
// not yet one row per sample: flatten it first. (The series' softmax runs over axis -1, which
// for this shape would be the single column: every probability 1.)
// EXPECT-ERROR: cross_entropy_loss takes y_predict \(N, classes\), rank 2
// EXPECT-ALSO: rank_is<4(UL)?, 2(UL)?>
#include <ctnn/ops/cross_entropy/cross_entropy.hpp>
#include <ctnn/ops/flatten/flatten.hpp>

float loss(const ctnn::Tensor<float, 64, 10, 1, 1>& y, const ctnn::Tensor<float, 64, 10>& t) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  return ctnn::cross_entropy_loss(ctnn::flatten_forward(y), t).loss;
#else
  return ctnn::cross_entropy_loss(y, t).loss;
#endif
}
