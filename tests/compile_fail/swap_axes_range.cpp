// Rule: swap_axes<A, B> names axes that exist. A rank-4 tensor has axes 0..3.
// EXPECT-ERROR: swap_axes<A, B> needs A < rank and B < rank
// EXPECT-ALSO: axes_exist<1(UL)?, 4(UL)?, 4(UL)?>
#include <ctnn/swap_axes.hpp>

void swap() {
  ctnn::Tensor<double, 2, 3, 4, 5> z;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  auto t = ctnn::swap_axes<1, 3>(z);
#else
  auto t = ctnn::swap_axes<1, 4>(z);
#endif
  (void)t;
}
