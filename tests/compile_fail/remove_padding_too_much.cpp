// Rule: remove_padding leaves something, 2P < extent. Removing 2 on each side of 4 rows leaves 0.
// EXPECT-ERROR: remove_padding needs 2P < extent
// EXPECT-ALSO: padding_removable<4(UL)?, 2(UL)?>
#include <ctnn/pad.hpp>

void crop() {
  ctnn::Tensor<double, 1, 1, 4, 6> dpz;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  auto dz = ctnn::remove_padding(dpz, ctnn::padding<1, 2>);
#else
  auto dz = ctnn::remove_padding(dpz, ctnn::padding<2, 2>);
#endif
  (void)dz;
}
