// Rule: y_predict and y_true have one shape. numpy would broadcast a (4, 26, 26) target over a
// (3, 4, 26, 26) prediction and return a number; here it does not compile.
// EXPECT-ERROR: mean_squared_loss needs y_predict and y_true of one shape
// EXPECT-ALSO: same_shape<ctnn::Tensor<double, 3, 4, 26, 26>, ctnn::Tensor<double, 4, 26, 26> ?>
#include <ctnn/loss.hpp>

double loss() {
  ctnn::Tensor<double, 3, 4, 26, 26> y_predict;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto y_true = ctnn::Tensor<double, 3, 4, 26, 26>::full(1.0);
#else
  const auto y_true = ctnn::Tensor<double, 4, 26, 26>::full(1.0);
#endif
  return ctnn::mean_squared_loss(y_predict, y_true).loss;
}
