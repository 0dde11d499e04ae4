// Rule: an IDX file holds std::uint8_t, std::int8_t, std::int16_t, std::int32_t, float or double
// (type bytes 0x08 to 0x0E), and load_idx never converts: labels read into std::int64_t, as
// PyTorch keeps them, are refused with the six types and their bytes. MNIST's labels are
// std::uint8_t (0x08).
// EXPECT-ERROR: ctnn: IDX files hold std::uint8_t \(type 0x08\), std::int8_t \(0x09\), std::int16_t \(0x0B\), std::int32_t \(0x0C\), float \(0x0D\) or double \(0x0E\)
// EXPECT-ALSO: idx_rules<long( int)?, 60000(UL)?>
#include <ctnn/idx.hpp>

#include <cstdint>

void load() {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto labels = ctnn::io::load_idx<std::uint8_t, 60000>("train-labels-idx1-ubyte.gz");
#else
  const auto labels = ctnn::io::load_idx<std::int64_t, 60000>("train-labels-idx1-ubyte.gz");
#endif
  (void)labels;
}
