// Rule: reshape keeps the number of elements. 2 x 3 x 4 = 24 elements do not fill (5, 5).
// EXPECT-ERROR: ctnn: reshape<Dims...> needs as many elements as the tensor has
// EXPECT-ALSO: same_size<24(UL)?, 25(UL)?>
#include <ctnn/reshape.hpp>

void flatten() {
  const ctnn::Tensor<double, 2, 3, 4> t;
#ifdef CTNN_COMPILE_FAIL_CONTROL
  auto m = ctnn::reshape<4, 6>(t);
#else
  auto m = ctnn::reshape<5, 5>(t);
#endif
  (void)m;
}
