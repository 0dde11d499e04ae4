// libFuzzer target for the IDX reader: any bytes, plain or gzip'd, must either load or throw
// idx_error, never crash, read out of bounds, leak or invoke undefined behaviour (built with ASan
// and UBSan), and a gzip stream must never be inflated beyond its limit.
//   build: the clang preset (CTNN_BUILD_FUZZERS=ON); run longer: see README.md
#include <ctnn/idx.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {
template <class T, std::size_t... Dims>
void try_parse(std::string_view bytes) {
  try {
    const auto t = ctnn::io::parse_idx<T, Dims...>(bytes, "fuzz.idx");
    (void)t;
  } catch (const ctnn::io::idx_error&) {
  }
  // What load_idx does after reading the file: gzip or not by the magic, inflated no further
  // than the tensor's file.
  try {
    const auto t = ctnn::io::detail::parse_idx_file<T, Dims...>(bytes, "fuzz.idx.gz");
    (void)t;
  } catch (const ctnn::io::idx_error&) {
  }
}

void try_gunzip(std::string_view bytes, std::size_t limit) {
  try {
    const auto out = ctnn::io::detail::gunzip(bytes, limit, "fuzz.gz");
    if (out.bytes.size() > limit) std::abort();  // the limit is the point
  } catch (const ctnn::io::idx_error&) {
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The types and shapes of the seed corpus (tests/fuzz/idx_corpus), so that the fuzzer reaches
  // the data-copying paths, not only the header checks.
  try_parse<std::uint8_t, 2, 3>(bytes);
  try_parse<std::uint8_t, 4>(bytes);
  try_parse<std::int8_t, 3>(bytes);
  try_parse<std::int16_t, 2, 2>(bytes);
  try_parse<std::int32_t, 3>(bytes);
  try_parse<float, 2, 2>(bytes);
  try_parse<double, 2>(bytes);
  try_gunzip(bytes, 0);
  try_gunzip(bytes, 16);
  try_gunzip(bytes, std::size_t{1} << 20);
  return 0;
}
