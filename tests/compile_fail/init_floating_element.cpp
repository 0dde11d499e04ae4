// Rule: the random initialisers fill floating-point tensors.
// EXPECT-ERROR: ctnn: uniform, he_normal and xavier_uniform fill floating-point tensors
// EXPECT-ALSO: floating_element<int>
#include <ctnn/init.hpp>

void draw() {
  ctnn::numpy::RandomState rng{0};
#ifdef CTNN_COMPILE_FAIL_CONTROL
  auto t = ctnn::uniform<double, 2, 3>(rng, 0, 10);
#else
  auto t = ctnn::uniform<int, 2, 3>(rng, 0, 10);
#endif
  (void)t;
}
