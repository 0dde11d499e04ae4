// Rule: a scalar alpha may not narrow into the element type (the rule of 2 * t): 0.2 is a
// double, which a float tensor would round; write 0.2f.
// EXPECT-ERROR: ctnn: this scalar would lose value as the tensor's element type
// EXPECT-ALSO: scalar_without_narrowing<double, float>
#include <ctnn/ops/activations/activations.hpp>

void leaky() {
  const ctnn::Tensor<float, 2, 3> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  auto a = ctnn::lrelu_forward(z, 0.2f);
#else
  auto a = ctnn::lrelu_forward(z, 0.2);
#endif
  (void)a;
}
