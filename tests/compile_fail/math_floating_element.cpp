// Rule: exp, log and sqrt compute in floating point; numpy would return float64 for an int array,
// ctnn never converts.
// EXPECT-ERROR: ctnn: exp, log and sqrt need a floating-point element type
// EXPECT-ALSO: floating_element<int>
#include <ctnn/math.hpp>

void exponentials() {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const ctnn::Tensor<double, 2, 3> t;
#else
  const ctnn::Tensor<int, 2, 3> t;
#endif
  auto e = ctnn::exp(t);
  (void)e;
}
