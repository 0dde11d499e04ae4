/// \file
/// \brief IDX files, the format of MNIST and Fashion-MNIST: `ctnn::io::load_idx` reads one,
/// gzip'd or not, into the `Tensor` whose element type and shape the program names, and
/// `ctnn::io::load_idx_labels` checks that its labels are classes.
///
/// An IDX file is two zero bytes, a type byte, the number of dimensions, each dimension as a
/// big-endian 32-bit unsigned integer, then the data, big-endian and row-major. Every byte is
/// checked against the tensor asked for: anything unexpected throws `ctnn::io::idx_error` naming
/// the file, what was expected and what was found.
///
/// gzip'd files are decompressed with zlib: a program that calls `load_idx` links it (the CMake
/// target `ctnn::idx` brings `ctnn::ctnn` and zlib; by hand, `-lz`).
#ifndef CTNN_IDX_HPP
#define CTNN_IDX_HPP

#if !__has_include(<zlib.h>)
#error "ctnn/idx.hpp needs zlib's header <zlib.h> (Debian: apt-get install zlib1g-dev)"
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

#include <zlib.h>

#include "ctnn/npy.hpp"  // detail::tensor_name, detail::shape_text, detail::from_bytes
#include "ctnn/tensor.hpp"

namespace ctnn::io {

/// \brief An IDX file that is missing, unreadable, malformed (its gzip stream included) or does
/// not hold the tensor the program asked for; or labels that are not classes. The message names
/// the file, what was expected and what was found.
class idx_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {

// The IDX type byte of T, or 0 when IDX files cannot hold T.
template <class T>
constexpr unsigned char idx_code() {
  if constexpr (std::is_same_v<T, std::uint8_t>) return 0x08;
  if constexpr (std::is_same_v<T, std::int8_t>) return 0x09;
  if constexpr (std::is_same_v<T, std::int16_t>) return 0x0B;
  if constexpr (std::is_same_v<T, std::int32_t>) return 0x0C;
  if constexpr (std::is_same_v<T, float> && sizeof(float) == 4 &&
                std::numeric_limits<float>::is_iec559)
    return 0x0D;
  if constexpr (std::is_same_v<T, double> && sizeof(double) == 8 &&
                std::numeric_limits<double>::is_iec559)
    return 0x0E;
  return 0;
}

// What an IDX type byte holds, "int32"; empty for an unknown byte.
inline std::string idx_type_name(unsigned char code) {
  switch (code) {
    case 0x08:
      return "uint8";
    case 0x09:
      return "int8";
    case 0x0B:
      return "int16";
    case 0x0C:
      return "int32";
    case 0x0D:
      return "float32";
    case 0x0E:
      return "float64";
    default:
      return "";
  }
}

// "0x0C"
inline std::string hex_byte(unsigned char byte) {
  constexpr char digits[] = "0123456789ABCDEF";
  return std::string("0x") + digits[byte >> 4] + digits[byte & 0xF];
}

// "1 byte", "784 bytes"
inline std::string byte_count(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " byte" : " bytes");
}

// The size of the IDX file holding Tensor<T, Dims...>: 4 + 4 * rank + the data; 0 when that does
// not fit in std::size_t.
template <class T, std::size_t... Dims>
constexpr std::size_t idx_file_size() {
  constexpr std::size_t max = std::numeric_limits<std::size_t>::max();
  std::size_t bytes = sizeof(T);
  for (std::size_t d : std::array<std::size_t, sizeof...(Dims)>{Dims...}) {
    if (d != 0 && bytes > max / d) return 0;
    bytes *= d;
  }
  const std::size_t header = 4 + 4 * sizeof...(Dims);
  return bytes > max - header ? 0 : header + bytes;
}

// The rules on the tensor an IDX file is read into, checked once per type (a class template is
// instantiated once): each broken rule is one error, and `ok` lets the caller stop there.
template <class T, std::size_t... Dims>
struct idx_rules {
  static constexpr bool element_ok = idx_code<T>() != 0;
  static_assert(element_ok,
                "ctnn: IDX files hold std::uint8_t (type 0x08), std::int8_t (0x09), std::int16_t "
                "(0x0B), std::int32_t (0x0C), float (0x0D) or double (0x0E): read the file into "
                "one of these and convert");
  static constexpr bool rank_ok = sizeof...(Dims) >= 1 && sizeof...(Dims) <= 255;
  static_assert(rank_ok,
                "ctnn: an IDX file has 1 to 255 dimensions: Tensor<T> (a scalar) or a tensor of "
                "rank above 255 cannot be read from one");
  static constexpr bool extents_ok = ((Dims <= 0xFFFFFFFFu) && ...);
  static_assert(extents_ok,
                "ctnn: an IDX file stores each dimension as a 32-bit unsigned integer: every "
                "extent must be at most 4294967295");
  static constexpr bool size_ok = !rank_ok || idx_file_size<T, Dims...>() != 0;
  static_assert(size_ok, "ctnn: the IDX file of this tensor is too large for std::size_t");
  static constexpr bool ok = element_ok && rank_ok && extents_ok && size_ok;
};

// Checks the header of an IDX file against Tensor<T, Dims...> and returns where its data starts.
// `bytes` may be the first part of a file only, as long as it holds the header.
template <class T, std::size_t... Dims>
std::size_t check_idx_header(std::string_view bytes, const std::string& name) {
  const auto fail = [&](const std::string& what) { return idx_error(name + ": " + what); };
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  const std::string tensor = tensor_name<T, Dims...>();
  constexpr std::size_t rank = sizeof...(Dims);

  // The magic: 00 00, the type, the number of dimensions.
  if (bytes.empty()) throw fail("the file is empty");
  if (bytes.size() < 4)
    throw fail("the file is " + byte_count(bytes.size()) +
               ", too short for the 4-byte magic of an IDX file (00 00, a type byte, the number "
               "of dimensions)");
  if (byte(0) != 0 || byte(1) != 0) {
    std::string found;
    // Appended piece by piece: on "..." + std::string here g++ 12 -O3 warns, wrongly, with
    // -Wrestrict (an error under -Werror).
    for (std::size_t i = 0; i < 4; ++i) {
      if (i) found += ' ';
      found += hex_byte(byte(i)).substr(2);
    }
    const bool gzip = byte(0) == 0x1F && byte(1) == 0x8B;
    throw fail("not an IDX file: it starts with " + found +
               ", expected 00 00 then a type byte and the number of dimensions" +
               (gzip ? " (these bytes start a gzip file: load_idx decompresses it, parse_idx "
                       "does not)"
                     : ""));
  }
  const unsigned char code = byte(2), want_code = idx_code<T>();
  if (idx_type_name(code).empty())
    throw fail("unknown IDX type byte " + hex_byte(code) +
               ", expected 0x08 (uint8), 0x09 (int8), 0x0B (int16), 0x0C (int32), 0x0D "
               "(float32) or 0x0E (float64)");
  if (code != want_code)
    throw fail("holds " + idx_type_name(code) + " (" + hex_byte(code) + ") but " + tensor +
               " was asked for, which reads " + idx_type_name(want_code) + " (" +
               hex_byte(want_code) + ")");
  const std::size_t file_rank = byte(3);
  if (file_rank != rank)
    throw fail("has " + std::to_string(file_rank) + " dimensions" +
               (file_rank == 0 ? " (an IDX file needs at least one)" : "") + ", but " + tensor +
               " has " + std::to_string(rank));

  // The dimensions.
  const std::size_t header = 4 + 4 * rank;
  if (bytes.size() < header)
    throw fail("the header is cut in its dimensions: " + std::to_string(rank) +
               " dimensions need a " + std::to_string(header) + "-byte header, but the file is " +
               byte_count(bytes.size()) + " (truncated file?)");
  std::vector<std::size_t> shape(rank);
  for (std::size_t axis = 0; axis < rank; ++axis)
    for (std::size_t i = 0; i < 4; ++i) shape[axis] = shape[axis] * 256 + byte(4 + 4 * axis + i);
  std::size_t bytes_needed = sizeof(T);
  for (std::size_t d : shape) {
    if (d != 0 && bytes_needed > std::numeric_limits<std::size_t>::max() / d)
      throw fail("shape " + shape_text(shape) +
                 " is too large: its size in bytes does not fit in std::size_t");
    bytes_needed *= d;
  }
  constexpr std::array<std::size_t, rank> want{Dims...};
  for (std::size_t axis = 0; axis < rank; ++axis)
    if (shape[axis] != want[axis])
      throw fail("dimension " + std::to_string(axis) + " is " + std::to_string(shape[axis]) +
                 ", expected " + std::to_string(want[axis]) + " (shape " + shape_text(shape) +
                 " does not match " + tensor + ")");
  return header;
}

// What `gunzip` returns.
struct gunzipped {
  std::string bytes;  // the first min(size, limit) bytes of what the stream decompresses to
  bool more = false;  // the stream decompresses to more than `limit` bytes: the rest was not read
};

// A z_stream decompressing gzip (not zlib or raw deflate), released on every path.
class gzip_inflater {
 public:
  explicit gzip_inflater(const std::string& name) {
    const int rc = inflateInit2(&stream, 16 + MAX_WBITS);
    if (rc != Z_OK)
      throw idx_error(name + ": cannot start zlib's inflate: " +
                      (stream.msg != nullptr ? std::string(stream.msg) : zError(rc)));
  }
  gzip_inflater(const gzip_inflater&) = delete;
  gzip_inflater& operator=(const gzip_inflater&) = delete;
  ~gzip_inflater() { inflateEnd(&stream); }

  z_stream stream{};
};

// Decompresses the gzip file `gz` (one member; anything after it is refused), keeping at most
// `limit` bytes: a stream that decompresses to more is not inflated further (a gzip bomb costs
// `limit` bytes of memory), and says so in `more`.
inline gunzipped gunzip(std::string_view gz, std::size_t limit, const std::string& name) {
  const auto fail = [&](const std::string& what) { return idx_error(name + ": " + what); };
  gzip_inflater inflater(name);
  z_stream& s = inflater.stream;
  constexpr std::size_t piece = std::size_t{1} << 30;  // what fits in zlib's 32-bit counters
  // One byte more than the limit: getting it says that there is more, without inflating the rest.
  const std::size_t cap = limit == std::numeric_limits<std::size_t>::max() ? limit : limit + 1;
  gunzipped out;
  std::string& data = out.bytes;
  std::size_t fed = 0, produced = 0;
  int rc = Z_OK;
  while (true) {
    if (s.avail_in == 0 && fed < gz.size()) {
      const std::size_t n = std::min(gz.size() - fed, piece);
      s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data() + fed));
      s.avail_in = static_cast<uInt>(n);
      fed += n;
    }
    if (produced == data.size()) {
      if (produced == cap) break;
      data.resize(std::min(cap - produced, std::max(produced, std::size_t{1} << 14)) + produced);
    }
    const std::size_t room = std::min(data.size() - produced, piece);
    s.next_out = reinterpret_cast<Bytef*>(data.data() + produced);
    s.avail_out = static_cast<uInt>(room);
    rc = inflate(&s, Z_NO_FLUSH);
    produced += room - s.avail_out;
    if (rc == Z_STREAM_END) break;
    if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_STREAM_ERROR)
      throw fail("the gzip data is corrupt: " +
                 (s.msg != nullptr ? std::string(s.msg) : std::string(zError(rc))) + " (after " +
                 std::to_string(s.total_in) + " of its " + byte_count(gz.size()) + ")");
    if (rc == Z_MEM_ERROR) throw fail("zlib ran out of memory decompressing the gzip stream");
    // Z_OK or Z_BUF_ERROR: more input or more room is needed. Without more input, the stream
    // ended before its end marker.
    if (s.avail_in == 0 && fed == gz.size() && s.avail_out != 0)
      throw fail("the gzip stream is truncated: the file ends after " + byte_count(gz.size()) +
                 ", before the end of the compressed data (" + byte_count(produced) +
                 " decompressed so far)");
  }
  out.more = produced > limit;
  data.resize(std::min(produced, limit));
  if (rc == Z_STREAM_END) {
    const std::size_t end = fed - s.avail_in;  // where the gzip member ends
    if (end < gz.size()) {
      const bool member = gz.size() - end >= 2 && static_cast<unsigned char>(gz[end]) == 0x1F &&
                          static_cast<unsigned char>(gz[end + 1]) == 0x8B;
      throw fail(member ? "a second gzip member starts at byte " + std::to_string(end) +
                              ", after the first (concatenated gzip files are not read: "
                              "decompress and compress it again)"
                        : byte_count(gz.size() - end) + " of trailing data after the end of " +
                              "the gzip stream at byte " + std::to_string(end));
    }
  }
  return out;
}

inline bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1F &&
         static_cast<unsigned char>(bytes[1]) == 0x8B;
}

}  // namespace detail

/// \brief Reads `Tensor<T, Dims...>` from the bytes of an IDX file, already decompressed.
///
/// The type byte must be exactly T's: 0x08 for std::uint8_t, 0x09 std::int8_t, 0x0B
/// std::int16_t, 0x0C std::int32_t, 0x0D float, 0x0E double (no conversion); the dimensions
/// exactly Dims...; the data exactly as long as they say. The data is big-endian, as the format
/// says, whatever the machine.
/// \tparam T the element type, one of the six above (any other is a compile error).
/// \tparam Dims the extents, outermost first: one per dimension of the file, 1 to 255 of them.
/// \param bytes the whole file, decompressed.
/// \param name the file's name, for messages.
/// \throws idx_error naming the file, what was expected and what was found, e.g.
/// "t10k.idx: dimension 1 is 27, expected 28 (shape (10000, 28, 27) does not match
/// Tensor<std::uint8_t, 10000, 28, 28>)".
template <class T, std::size_t... Dims>
Tensor<T, Dims...> parse_idx(std::string_view bytes, const std::string& name) {
  if constexpr (!detail::idx_rules<T, Dims...>::ok) {
    return {};  // the failed rule has spoken
  } else {
    const std::size_t data_start = detail::check_idx_header<T, Dims...>(bytes, name);
    const std::string shape = detail::shape_text(std::vector<std::size_t>{Dims...});
    const std::size_t want_bytes = Tensor<T, Dims...>::size * sizeof(T),
                      have_bytes = bytes.size() - data_start;
    if (have_bytes < want_bytes)
      throw idx_error(name + ": the data is " + detail::byte_count(have_bytes) + ", but shape " +
                      shape + " needs " + std::to_string(want_bytes) + " (truncated file?)");
    if (have_bytes > want_bytes)
      throw idx_error(name + ": " + detail::byte_count(have_bytes - want_bytes) +
                      " of extra data after the " + std::to_string(want_bytes) + " that shape " +
                      shape + " needs");
    Tensor<T, Dims...> t;
    const char* data = bytes.data() + data_start;
    constexpr bool swap = sizeof(T) > 1 && std::endian::native != std::endian::big;
    for (std::size_t i = 0; i < t.size; ++i)
      t.data()[i] = detail::from_bytes<T>(data + i * sizeof(T), swap);
    return t;
  }
}

namespace detail {

// The bytes of an IDX file as they are on disk, gzip'd (which its first two bytes say, not its
// name) or not, parsed. A gzip stream is inflated up to the size of the file Tensor<T, Dims...>
// needs, and no further.
template <class T, std::size_t... Dims>
Tensor<T, Dims...> parse_idx_file(std::string_view file, const std::string& name) {
  if constexpr (!idx_rules<T, Dims...>::ok) {
    return {};
  } else {
    if (!is_gzip(file)) return parse_idx<T, Dims...>(file, name);
    constexpr std::size_t size = idx_file_size<T, Dims...>();
    const gunzipped content = gunzip(file, size, name);
    if (content.bytes.empty())
      throw idx_error(name + ": the gzip stream decompresses to nothing (an empty file, gzip'd)");
    if (!content.more) return parse_idx<T, Dims...>(content.bytes, name);
    // Too long: a header that differs says so first; else there is extra data after the data.
    const std::size_t data_start = check_idx_header<T, Dims...>(content.bytes, name);
    throw idx_error(name + ": extra data after the " + std::to_string(size - data_start) +
                    " bytes that shape " + shape_text(std::vector<std::size_t>{Dims...}) +
                    " needs: the gzip stream decompresses to more than the " +
                    std::to_string(size) +
                    "-byte IDX file of that shape (decompression "
                    "stopped there)");
  }
}

}  // namespace detail

/// \brief Loads `Tensor<T, Dims...>` from an IDX file, gzip'd or not, as MNIST and
/// Fashion-MNIST are distributed.
///
/// Whether the file is gzip'd is read from its first two bytes (1f 8b), not from its name. A
/// gzip'd file holds one gzip member and nothing after it, and is decompressed only as far as the
/// tensor's file size, so that a file that decompresses to gigabytes costs no more memory than
/// the tensor. Everything is then checked as `parse_idx` does. Example:
/// \snippet tests/runtime/idx_test.cpp load
/// \tparam T the element type, exactly the file's: std::uint8_t for MNIST's images and labels.
/// \tparam Dims the extents, exactly the file's dimensions.
/// \param path the file to read.
/// \throws idx_error naming the file, when it is missing, a directory, unreadable or empty, when
/// its gzip stream is truncated, corrupt or followed by other bytes, or when it does not hold
/// exactly that tensor (see `parse_idx`).
template <class T, std::size_t... Dims>
Tensor<T, Dims...> load_idx(const std::string& path) {
  if constexpr (!detail::idx_rules<T, Dims...>::ok) {
    return {};
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
      throw idx_error(path + ": cannot read: it is a directory, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw idx_error(path + ": cannot open: " + std::strerror(errno));
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw idx_error(path + ": cannot read: " + std::strerror(errno));
    if (bytes.empty()) throw idx_error(path + ": the file is empty");
    return detail::parse_idx_file<T, Dims...>(bytes, path);
  }
}

/// \brief Loads the N labels of an IDX labels file (gzip'd or not), as `load_idx<std::uint8_t,
/// N>` does, and checks that each is a class: less than `classes`.
///
/// \snippet tests/runtime/idx_test.cpp labels
/// \tparam N the number of labels.
/// \param path the file to read.
/// \param classes the number of classes: every label must be in [0, classes).
/// \throws idx_error naming the file for everything `load_idx` refuses, and for the first label
/// out of range, with its index, its value and `classes`, e.g. "labels.gz: label 17 is 10, but
/// there are 10 classes (expected 0 to 9; 1 label is out of range)".
template <std::size_t N>
Tensor<std::uint8_t, N> load_idx_labels(const std::string& path, std::size_t classes) {
  if (classes == 0)
    throw idx_error(path + ": 0 classes asked for: no label can be valid (expected at least 1)");
  Tensor<std::uint8_t, N> labels = load_idx<std::uint8_t, N>(path);
  std::size_t first = N, wrong = 0;
  for (std::size_t i = 0; i < N; ++i)
    if (std::size_t{labels.data()[i]} >= classes) {
      if (wrong++ == 0) first = i;
    }
  if (wrong != 0)
    throw idx_error(path + ": label " + std::to_string(first) + " is " +
                    std::to_string(labels.data()[first]) + ", but there are " +
                    std::to_string(classes) + " classes (expected 0 to " +
                    std::to_string(classes - 1) + "; " + std::to_string(wrong) +
                    (wrong == 1 ? " label is" : " labels are") + " out of range)");
  return labels;
}

}  // namespace ctnn::io

#endif  // CTNN_IDX_HPP
