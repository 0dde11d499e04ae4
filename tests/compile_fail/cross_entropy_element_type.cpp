// Rule: y_predict and y_true have one element type. Targets loaded as double for a float net.
// EXPECT-ERROR: cross_entropy_loss needs y_predict and y_true of one element type
// EXPECT-ALSO: same_element_type<float, double>
#include <ctnn/ops/cross_entropy/cross_entropy.hpp>

float loss(const ctnn::Tensor<float, 64, 10>& y) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<float, 64, 10> t;
#else
  const ctnn::Tensor<double, 64, 10> t;
#endif
  return ctnn::cross_entropy_loss(y, t).loss;
}
