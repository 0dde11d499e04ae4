// Rule: an op's first template argument is its backend, ctnn::backend::reference or
// ctnn::backend::fast. Writing the element type there (as for a Tensor) is the likely slip.
// EXPECT-ERROR: an op's first template argument is its backend
// EXPECT-ALSO: known_backend<double>
#include <ctnn/conv.hpp>

void forward() {
  ctnn::Tensor<double, 1, 1, 5, 5> z;
  ctnn::Tensor<double, 1, 1, 3, 3> K;
  ctnn::Tensor<double, 1> b;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  auto out = ctnn::conv_forward<ctnn::backend::fast>(z, K, b);
#else
  auto out = ctnn::conv_forward<double>(z, K, b);
#endif
  (void)out;
}
