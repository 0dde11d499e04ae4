// Rule: a Tensor built from values lists one value per element.
// EXPECT-ERROR: needs exactly one value per element
// EXPECT-ALSO: one_value_per_element<6(UL)?, 5(UL)?>
#include <ctnn/tensor.hpp>

#ifdef CTNN_COMPILE_FAIL_CONTROL
const ctnn::Tensor<int, 2, 3> t{1, 2, 3, 4, 5, 6};
#else
const ctnn::Tensor<int, 2, 3> t{1, 2, 3, 4, 5};
#endif
