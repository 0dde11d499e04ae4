// Rule: he_normal and xavier_uniform know fan_in and fan_out for W (I, O) and K (C, D, k1, k2)
// only; a rank-3 tensor is neither.
// EXPECT-ERROR: ctnn: he_normal and xavier_uniform need a weight W
// EXPECT-ALSO: weight_rank<3(UL)?>
#include <ctnn/init.hpp>

void initialise() {
  ctnn::numpy::RandomState rng{0};
#ifdef CTNN_COMPILE_FAIL_CONTROL
  auto K = ctnn::he_normal<double, 3, 8, 3, 3>(rng);
#else
  auto K = ctnn::he_normal<double, 3, 8, 3>(rng);
#endif
  (void)K;
}
