// Rule: mean_squared_loss(y_predict, y_true, dy) writes into a dy of y_predict's type. A float
// dy for a double prediction would round every gradient; here it does not compile.
// EXPECT-ERROR: mean_squared_loss writes y_predict - y_true into dy, which must have y_predict's type
// EXPECT-ALSO: is_same_v<ctnn::Tensor<double, 3, 4, 26, 26>, ctnn::Tensor<float, 3, 4, 26, 26> ?>
#include <ctnn/loss.hpp>

double loss() {
  ctnn::Tensor<double, 3, 4, 26, 26> y_predict;
  const auto y_true = ctnn::Tensor<double, 3, 4, 26, 26>::full(1.0);
#ifdef CTNN_COMPILE_FAIL_CONTROL
  ctnn::Tensor<double, 3, 4, 26, 26> dy;
#else
  ctnn::Tensor<float, 3, 4, 26, 26> dy;
#endif
  return ctnn::mean_squared_loss(y_predict, y_true, dy);
}
