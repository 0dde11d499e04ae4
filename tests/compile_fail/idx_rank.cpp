// Rule: an IDX file has 1 to 255 dimensions (its fourth byte counts them, and 0 is not a valid
// count), so a scalar Tensor<T> cannot be read from one: read a Tensor<T, 1>. The other side of
// the rule, a rank above 255, is reachable too, with 256 extents.
// EXPECT-ERROR: ctnn: an IDX file has 1 to 255 dimensions: Tensor<T> \(a scalar\) or a tensor of rank above 255 cannot be read from one
// EXPECT-ALSO: idx_rules<double>
#include <ctnn/idx.hpp>

void load() {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto mean = ctnn::io::load_idx<double, 1>("mean.idx");
#else
  const auto mean = ctnn::io::load_idx<double>("mean.idx");
#endif
  (void)mean;
}
