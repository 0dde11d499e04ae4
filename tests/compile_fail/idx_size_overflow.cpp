// Rule: the whole IDX file, its 4 + 4 * rank header and the data, fits in std::size_t.
// 4294967295 x 641 x 6700417 = 2^64 - 1 bytes is a valid Tensor (its own size_fits rule holds,
// checked below in both variants) and every extent fits in 32 bits, but with the 16-byte header
// its file does not fit. The twin's last extent is 2^20, for about 2^61 bytes: a twin nearer the
// limit passes the rule too, but g++ warns about allocating it (-Walloc-size-larger-than over
// PTRDIFF_MAX, -Wrestrict at -O2 over 2^62 bytes), an error with -Werror.
// EXPECT-ERROR: ctnn: the IDX file of this tensor is too large for std::size_t
// EXPECT-ALSO: idx_rules<unsigned char, 4294967295(UL)?, 641(UL)?, 6700417(UL)?>
#include <ctnn/idx.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>

using all_of_size_t = ctnn::Tensor<std::uint8_t, 4294967295, 641, 6700417>;
static_assert(all_of_size_t::size == std::numeric_limits<std::size_t>::max());  // no allocation

void load() {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto bytes = ctnn::io::load_idx<std::uint8_t, 4294967295, 641, 1048576>("bytes.idx");
#else
  const auto bytes = ctnn::io::load_idx<std::uint8_t, 4294967295, 641, 6700417>("bytes.idx");
#endif
  (void)bytes;
}
