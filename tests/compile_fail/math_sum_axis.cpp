// Rule: sum<Axis> names an axis that exists. A rank-4 tensor has axes 0..3.
// EXPECT-ERROR: ctnn: sum<Axis> needs Axis < rank
// EXPECT-ALSO: axis_exists<4(UL)?, 4(UL)?>
#include <ctnn/math.hpp>

void sum_over_channels() {
  const ctnn::Tensor<double, 2, 3, 4, 5> z;  // (N, C, H, W)
#ifdef CTNN_COMPILE_FAIL_CONTROL
  auto s = ctnn::sum<3>(z);
#else
  auto s = ctnn::sum<4>(z);
#endif
  (void)s;
}
