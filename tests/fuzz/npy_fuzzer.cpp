// libFuzzer target for the .npy parser: any bytes must either load or throw npy_error, never
// crash, read out of bounds or invoke undefined behaviour (built with ASan and UBSan).
//   build: the clang preset (CTNN_BUILD_FUZZERS=ON); run longer: see README.md
#include <ctnn/npy.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {
template <class T, std::size_t... Dims>
void try_parse(std::string_view bytes) {
  try {
    const auto t = ctnn::io::parse_npy<T, Dims...>(bytes, "fuzz.npy");
    (void)t;
  } catch (const ctnn::io::npy_error&) {
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The shapes and types of the seed corpus (tests/data/npy), so that the fuzzer reaches the
  // data-copying paths, not only the header checks.
  try_parse<double, 3, 4>(bytes);
  try_parse<float, 2, 3, 4>(bytes);
  try_parse<std::int32_t, 5>(bytes);
  try_parse<std::int16_t, 2, 3, 4>(bytes);
  try_parse<std::uint8_t, 2, 2>(bytes);
  try_parse<std::int64_t>(bytes);
  return 0;
}
