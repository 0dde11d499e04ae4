// Rule: an IDX file stores each dimension as a 32-bit unsigned integer, so every extent is at
// most 4294967295 (2^32 - 1). One of 4294967296 bytes is a valid Tensor, but no IDX file holds it.
// EXPECT-ERROR: ctnn: an IDX file stores each dimension as a 32-bit unsigned integer: every extent must be at most 4294967295
// EXPECT-ALSO: idx_rules<unsigned char, 4294967296(UL)?>
#include <ctnn/idx.hpp>

#include <cstdint>

void load() {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto bytes = ctnn::io::load_idx<std::uint8_t, 4294967295>("bytes.idx");
#else
  const auto bytes = ctnn::io::load_idx<std::uint8_t, 4294967296>("bytes.idx");
#endif
  (void)bytes;
}
