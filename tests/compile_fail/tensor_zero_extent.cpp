// Rule: every extent is at least 1.
// EXPECT-ERROR: every extent of a Tensor must be at least 1
// EXPECT-ALSO: nonzero_extents<3(UL)?, 0(UL)?, 28(UL)?, 28(UL)?>
#include <ctnn/tensor.hpp>

#ifdef CTNN_COMPILE_FAIL_CONTROL
ctnn::Tensor<double, 3, 1, 28, 28> z;
#else
ctnn::Tensor<double, 3, 0, 28, 28> z;
#endif
