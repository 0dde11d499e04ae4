// Rule: prelu's alpha is (C,), one slope per channel of z (N, C, ...), or (1,). The series' form,
// alpha of z's own shape, is refused: a learnt parameter cannot depend on the batch size.
// EXPECT-ERROR: ctnn: prelu's alpha is a Tensor \(C,\) with one slope per channel
// EXPECT-ALSO: alpha_per_channel<3(UL)?, 2(UL)?, 3(UL)?, 4(UL)?, 4(UL)?>
#include <ctnn/ops/activations/activations.hpp>

void parametric() {
  const ctnn::Tensor<double, 2, 3, 4, 4> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 3> alpha;
#else
  const ctnn::Tensor<double, 2, 3, 4, 4> alpha;
#endif
  auto a = ctnn::prelu_forward(z, alpha);
  (void)a;
}
