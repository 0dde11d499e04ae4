// Rule: the activation functions compute in floating point; numpy's relu_forward would keep an
// int array and its elu_forward would return float64, ctnn never converts.
// EXPECT-ERROR: ctnn: activation functions compute in floating point
// EXPECT-ALSO: floating_element<int>
#include <ctnn/ops/activations/activations.hpp>

void activate() {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 2, 3> z;
#else
  const ctnn::Tensor<int, 2, 3> z;
#endif
  auto a = ctnn::relu_forward(z);
  (void)a;
}
