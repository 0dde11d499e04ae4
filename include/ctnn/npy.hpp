/// \file
/// \brief numpy's `.npy` files: `ctnn::io::save_npy` and `ctnn::io::load_npy`, checked against the
/// compile-time shape and element type, and `ctnn::io::read_npy_info`, which says what a file
/// holds.
///
/// This is where data from outside enters a program whose shapes the compiler proved, so every
/// byte is checked: magic, version, the header (parsed as the Python literal it is, strictly),
/// dtype, byte order, shape, and the length of the data. Anything unexpected throws
/// `ctnn::io::npy_error` naming the file, what was expected and what was found.
#ifndef CTNN_NPY_HPP
#define CTNN_NPY_HPP

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <unistd.h>  // fsync, getpid

#include "ctnn/tensor.hpp"

/// \brief Reading and writing tensors in other programs' formats.
namespace ctnn::io {

/// \brief A `.npy` file that is missing, unreadable, malformed, or does not hold the tensor the
/// program asked for; or one that could not be written. The message names the file.
class npy_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {

template <class T>
inline constexpr bool npy_element = (std::is_floating_point_v<T> &&
                                     (sizeof(T) == 4 || sizeof(T) == 8)) ||
                                    (std::is_integral_v<T> && !std::is_same_v<T, bool>);

// numpy's type code of T without the byte order: "f8", "i4", "u1"...
template <class T>
std::string type_code() {
  const char kind = std::is_floating_point_v<T> ? 'f' : std::is_signed_v<T> ? 'i' : 'u';
  return kind + std::to_string(sizeof(T));
}

// The byte-order mark numpy writes for T on this machine.
template <class T>
char native_order() {
  if (sizeof(T) == 1) return '|';
  return std::endian::native == std::endian::little ? '<' : '>';
}

// "Tensor<double, 3, 3, 28, 28>", for messages.
template <class T, std::size_t... Dims>
std::string tensor_name() {
  std::string type =
      std::is_same_v<T, float> ? "float"
      : std::is_same_v<T, double>
          ? "double"
          : (std::is_signed_v<T> ? "std::int" : "std::uint") + std::to_string(8 * sizeof(T)) + "_t";
  std::string name = "Tensor<" + type;
  ((name += ", " + std::to_string(Dims)), ...);
  return name + ">";
}

inline std::string shape_text(const std::vector<std::size_t>& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

// What the header dictionary says.
struct npy_header {
  std::string descr;
  bool fortran_order = false;
  std::vector<std::size_t> shape;
};

// A strict parser for the one Python literal a .npy header holds:
//   {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
// Strings in single or double quotes without escapes, True/False, tuples of non-negative integers,
// the three keys once each, optional trailing commas, and nothing but spaces and a newline after.
class header_parser {
 public:
  header_parser(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  npy_header parse() {
    npy_header h;
    bool seen_descr = false, seen_order = false, seen_shape = false;
    expect('{');
    while (true) {
      skip_spaces();
      if (peek() == '}') break;
      const std::string key = string_literal("a key");
      expect(':');
      if (key == "descr") {
        once(seen_descr, key);
        h.descr = string_literal("the dtype");
      } else if (key == "fortran_order") {
        once(seen_order, key);
        h.fortran_order = boolean();
      } else if (key == "shape") {
        once(seen_shape, key);
        h.shape = tuple();
      } else {
        fail("unknown key '" + key + "' in the header");
      }
      skip_spaces();
      if (peek() == ',') {
        ++at_;
        continue;
      }
      if (peek() != '}') fail("expected ',' or '}' in the header at byte " + std::to_string(at_));
    }
    ++at_;  // '}'
    for (; at_ < text_.size(); ++at_)
      if (text_[at_] != ' ' && text_[at_] != '\n')
        fail("unexpected text after the header dictionary at byte " + std::to_string(at_));
    if (!seen_descr) fail("the header has no 'descr'");
    if (!seen_order) fail("the header has no 'fortran_order'");
    if (!seen_shape) fail("the header has no 'shape'");
    return h;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw npy_error(file_ + ": " + what); }

  void once(bool& seen, const std::string& key) const {
    if (seen) fail("the header repeats the key '" + key + "'");
    seen = true;
  }

  char peek() const {
    if (at_ >= text_.size()) fail("the header ends in the middle of its dictionary");
    return text_[at_];
  }

  void skip_spaces() {
    while (at_ < text_.size() && text_[at_] == ' ') ++at_;
  }

  void expect(char c) {
    skip_spaces();
    if (peek() != c)
      fail(std::string("expected '") + c + "' in the header at byte " + std::to_string(at_));
    ++at_;
  }

  std::string string_literal(const char* what) {
    skip_spaces();
    const char quote = peek();
    if (quote != '\'' && quote != '"')
      fail(std::string("expected ") + what + " as a quoted string at byte " + std::to_string(at_));
    const std::size_t start = ++at_;
    while (peek() != quote) {
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '\\' || c < 0x20 || c > 0x7e)
        fail("unsupported character in a header string at byte " + std::to_string(at_));
      ++at_;
    }
    return std::string(text_.substr(start, at_++ - start));
  }

  bool boolean() {
    skip_spaces();
    for (const auto& [word, value] :
         {std::pair{std::string_view("True"), true}, std::pair{std::string_view("False"), false}})
      if (text_.substr(at_, word.size()) == word) {
        at_ += word.size();
        return value;
      }
    fail("'fortran_order' must be True or False");
  }

  std::vector<std::size_t> tuple() {
    std::vector<std::size_t> values;
    expect('(');
    while (true) {
      skip_spaces();
      if (peek() == ')') break;
      values.push_back(integer());
      skip_spaces();
      if (peek() == ',') {
        ++at_;
      } else if (peek() != ')') {
        fail("expected ',' or ')' in the shape at byte " + std::to_string(at_));
      }
    }
    ++at_;  // ')'
    return values;
  }

  std::size_t integer() {
    if (peek() < '0' || peek() > '9')
      fail("expected a non-negative integer in the shape at byte " + std::to_string(at_));
    std::size_t value = 0;
    while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') {
      const auto digit = static_cast<std::size_t>(text_[at_++] - '0');
      if (value > (std::numeric_limits<std::size_t>::max() - digit) / 10)
        fail("an extent of the shape does not fit in std::size_t");
      value = value * 10 + digit;
    }
    if (at_ < text_.size() && text_[at_] == 'L') ++at_;  // Python 2 wrote 3L
    return value;
  }

  std::string_view text_;
  const std::string& file_;
  std::size_t at_ = 0;
};

// Where the header dictionary of a .npy file lies, from the magic, the version and the header
// length, which fill its first 10 bytes (version 1.0) or 12 (2.0 and 3.0); each checked.
struct npy_header_span {
  std::size_t start;   // 10 or 12
  std::size_t length;  // what the file says, not yet checked against its size
};

inline npy_header_span npy_header_bytes(std::string_view bytes, const std::string& name) {
  const auto fail = [&](const std::string& what) { return npy_error(name + ": " + what); };
  constexpr std::string_view magic("\x93NUMPY", 6);
  if (bytes.size() < magic.size() || bytes.substr(0, magic.size()) != magic)
    throw fail("not a .npy file (it does not start with \\x93NUMPY)");
  if (bytes.size() < 8) throw fail("truncated before the format version");
  const auto major = static_cast<unsigned char>(bytes[6]),
             minor = static_cast<unsigned char>(bytes[7]);
  if (minor != 0 || major < 1 || major > 3)
    throw fail("unsupported .npy format version " + std::to_string(major) + "." +
               std::to_string(minor) + " (ctnn reads 1.0, 2.0 and 3.0)");
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  if (bytes.size() < 8 + length_bytes) throw fail("truncated before the header length");
  std::size_t header_length = 0;
  for (std::size_t i = length_bytes; i-- > 0;)  // little-endian
    header_length = header_length * 256 + static_cast<unsigned char>(bytes[8 + i]);
  return {8 + length_bytes, header_length};
}

// The header dictionary at `span`, which must lie inside `bytes`, parsed.
inline npy_header parse_npy_header(std::string_view bytes, npy_header_span span,
                                   const std::string& name) {
  if (span.length > bytes.size() - span.start)
    throw npy_error(name + ": the header length " + std::to_string(span.length) +
                    " runs past the end of the file (" + std::to_string(bytes.size()) + " bytes)");
  return header_parser(bytes.substr(span.start, span.length), name).parse();
}

template <class T>
T from_bytes(const char* p, bool swap) {
  std::array<char, sizeof(T)> raw;
  std::memcpy(raw.data(), p, sizeof(T));
  if (swap) std::reverse(raw.begin(), raw.end());
  return std::bit_cast<T>(raw);
}

}  // namespace detail

/// \brief Reads a tensor from the bytes of a `.npy` file (versions 1.0, 2.0 and 3.0).
///
/// Accepts little- and big-endian data and both C and Fortran order (Fortran-ordered data is
/// transposed into ctnn's row-major layout). The dtype must be exactly T's (`'<f8'` for double,
/// `'<f4'` for float, `'<i4'` for std::int32_t...; no conversion), the shape exactly Dims..., and
/// the data exactly as long as the shape says.
/// \param bytes the whole file.
/// \param name the file's name, for messages.
/// \throws npy_error naming the file, what was expected and what was found.
template <class T, std::size_t... Dims>
Tensor<T, Dims...> parse_npy(std::string_view bytes, const std::string& name) {
  static_assert(detail::npy_element<T>,
                "ctnn: .npy files hold float, double or integer tensors (not bool)");
  const auto fail = [&](const std::string& what) -> npy_error {
    return npy_error(name + ": " + what);
  };

  const detail::npy_header_span span = detail::npy_header_bytes(bytes, name);
  const detail::npy_header header = detail::parse_npy_header(bytes, span, name);
  const std::size_t data_start = span.start + span.length;

  // dtype: a byte-order mark, then T's code.
  const std::string want_code = detail::type_code<T>();
  const std::string want_descr = detail::native_order<T>() + want_code;
  const std::string& descr = header.descr;
  const char order = descr.empty() ? '?' : descr[0];
  const bool order_ok =
      order == '<' || order == '>' || order == '=' || (order == '|' && sizeof(T) == 1);
  if (!order_ok || descr.substr(1) != want_code)
    throw fail("dtype '" + descr + "' does not match " + detail::tensor_name<T, Dims...>() +
               " (expected '" + want_descr + "')");
  const bool swap =
      sizeof(T) > 1 && ((order == '<' && std::endian::native != std::endian::little) ||
                        (order == '>' && std::endian::native != std::endian::big));

  // shape: its size in bytes must be representable, then it must be Dims...
  std::size_t count = 1;
  for (std::size_t d : header.shape) {
    if (d != 0 && count > std::numeric_limits<std::size_t>::max() / sizeof(T) / d)
      throw fail("shape " + detail::shape_text(header.shape) +
                 " is too large: its size in bytes does not fit in std::size_t");
    count *= d;
  }
  if (header.shape != std::vector<std::size_t>{Dims...})
    throw fail("shape " + detail::shape_text(header.shape) + " does not match " +
               detail::tensor_name<T, Dims...>());

  const std::size_t want_bytes = count * sizeof(T), have_bytes = bytes.size() - data_start;
  if (have_bytes < want_bytes)
    throw fail("the data is " + std::to_string(have_bytes) + " bytes, but shape " +
               detail::shape_text(header.shape) + " needs " + std::to_string(want_bytes) +
               " (truncated file?)");
  if (have_bytes > want_bytes)
    throw fail(std::to_string(have_bytes - want_bytes) + " bytes of extra data after the " +
               std::to_string(want_bytes) + " that shape " + detail::shape_text(header.shape) +
               " needs");

  Tensor<T, Dims...> t;
  const char* data = bytes.data() + data_start;
  if (!header.fortran_order || t.rank < 2) {
    for (std::size_t i = 0; i < t.size; ++i)
      t.data()[i] = detail::from_bytes<T>(data + i * sizeof(T), swap);
  } else {
    // Fortran order: the first axis is contiguous. Walk ctnn's row-major order and find each
    // element's column-major position.
    std::array<std::size_t, sizeof...(Dims)> index{};
    for (std::size_t i = 0; i < t.size; ++i) {
      std::size_t at = 0;
      for (std::size_t axis = t.rank; axis-- > 0;) at = at * t.extents[axis] + index[axis];
      t.data()[i] = detail::from_bytes<T>(data + at * sizeof(T), swap);
      for (std::size_t axis = t.rank; axis-- > 0;) {
        if (++index[axis] < t.extents[axis]) break;
        index[axis] = 0;
      }
    }
  }
  return t;
}

/// \brief Loads `Tensor<T, Dims...>` from a `.npy` file written by `np.save` (or `save_npy`).
///
/// Everything is checked against the requested type: see `parse_npy`. Example:
/// \snippet tests/runtime/npy_test.cpp load
/// \param path the file to read.
/// \throws npy_error when the file cannot be read or does not hold exactly that tensor, e.g.
/// "z.npy: shape (3, 3, 28, 27) does not match Tensor<double, 3, 3, 28, 28>".
template <class T, std::size_t... Dims>
Tensor<T, Dims...> load_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw npy_error(path + ": cannot open: " + std::strerror(errno));
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw npy_error(path + ": cannot read: " + std::strerror(errno));
  return parse_npy<T, Dims...>(bytes, path);
}

/// \brief What the header of a `.npy` file says: its dtype, its shape and its order.
///
/// Read it with `read_npy_info` before choosing the `Tensor` type to load a file into, or to say
/// what a file holds: `np.load(path, mmap_mode='r')`'s `.dtype`, `.shape` and `.flags`.
struct npy_info {
  /// numpy's dtype string as the file writes it: a byte order (`<` little-endian, `>`
  /// big-endian, `|` not applicable, `=` native), a kind and a size in bytes: `"<f8"` is a
  /// little-endian double, `"<f4"` a float, `">i4"` a big-endian std::int32_t, `"|u1"` a
  /// std::uint8_t. Also dtypes `load_npy` does not read, such as `"<c16"`.
  std::string dtype;
  /// The extents, outermost first; empty for a 0-d array (`np.save` of a scalar).
  std::vector<std::size_t> shape;
  /// True when the data is stored column-major (first index fastest), as `np.asfortranarray`
  /// writes it; `load_npy` transposes such data into ctnn's row-major layout.
  bool fortran_order = false;
};

/// \brief The header of the `.npy` file whose bytes are `bytes`: version 1.0, 2.0 or 3.0, parsed
/// as strictly as `parse_npy` parses it, but without a type to check it against.
///
/// Only the header is read: the data after it is not checked (`parse_npy` checks it).
/// \param bytes the file, or at least its first bytes up to the end of its header.
/// \param name the file's name, for messages.
/// \throws npy_error naming the file, for a missing magic, an unsupported version, a header that
/// runs past the end of `bytes` or is not the dictionary numpy writes.
inline npy_info parse_npy_info(std::string_view bytes, const std::string& name) {
  const detail::npy_header_span span = detail::npy_header_bytes(bytes, name);
  detail::npy_header header = detail::parse_npy_header(bytes, span, name);
  return {std::move(header.descr), std::move(header.shape), header.fortran_order};
}

/// \brief The dtype, shape and order of a `.npy` file, without knowing them beforehand.
///
/// Reads the header only, not the data, so it is quick on large files; what it returns decides
/// which `load_npy<T, Dims...>` to call:
/// \snippet tests/runtime/npy_test.cpp info
/// \param path the file to read.
/// \throws npy_error naming the file, when it cannot be read or its header is malformed (see
/// `parse_npy_info`).
inline npy_info read_npy_info(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw npy_error(path + ": cannot open: " + std::strerror(errno));
  const auto read = [&](std::string& bytes, std::size_t count) {
    const std::size_t old = bytes.size();
    bytes.resize(old + count);
    in.read(bytes.data() + old, static_cast<std::streamsize>(count));
    bytes.resize(old + static_cast<std::size_t>(in.gcount()));
    if (in.bad()) throw npy_error(path + ": cannot read: " + std::strerror(errno));
  };
  // The magic, the version and the header length first (or the whole file, if it is shorter),
  // then the header in pieces of 64 KiB: a header length that lies (4 GiB in a 100-byte file)
  // must not allocate what it claims.
  std::string bytes;
  read(bytes, 12);
  const detail::npy_header_span span = detail::npy_header_bytes(bytes, path);
  while (in && bytes.size() - span.start < span.length)
    read(bytes, std::min<std::size_t>(span.length - (bytes.size() - span.start), 65536));
  return parse_npy_info(bytes, path);
}

/// \brief The bytes of a `.npy` file holding `t`: format 1.0 (2.0 when the header needs more
/// than 65535 bytes), C order, the machine's byte order, the header padded to 64 bytes as numpy
/// does.
/// \param t the tensor.
template <class T, std::size_t... Dims>
std::string npy_bytes(const Tensor<T, Dims...>& t) {
  static_assert(detail::npy_element<T>,
                "ctnn: .npy files hold float, double or integer tensors (not bool)");
  std::string dict = "{'descr': '" + (detail::native_order<T>() + detail::type_code<T>()) +
                     "', 'fortran_order': False, 'shape': " +
                     detail::shape_text(std::vector<std::size_t>{Dims...}) + ", }";
  const bool v2 = dict.size() + 1 + 10 + 63 > 65535;
  const std::size_t prefix = v2 ? 12 : 10;
  const std::size_t total = (prefix + dict.size() + 1 + 63) / 64 * 64;  // dict + '\n', aligned
  dict.append(total - prefix - dict.size() - 1, ' ');
  dict += '\n';
  std::string bytes("\x93NUMPY", 6);
  bytes += static_cast<char>(v2 ? 2 : 1);
  bytes += '\0';
  for (std::size_t i = 0; i < prefix - 8; ++i)
    bytes += static_cast<char>((dict.size() >> (8 * i)) & 0xff);
  bytes += dict;
  bytes.append(reinterpret_cast<const char*>(t.data()), t.size * sizeof(T));
  return bytes;
}

/// \brief Saves `t` to `path` as a `.npy` file that `np.load` reads.
///
/// Never leaves a half-written file: the bytes go to a temporary file in the same folder, which
/// is flushed to disk and then renamed over `path`. If anything fails, `path` is untouched (an
/// old file keeps its old content) and the temporary file is removed.
/// \snippet tests/runtime/npy_test.cpp save
/// \param path the file to write.
/// \param t the tensor.
/// \throws npy_error naming the path and the system's reason.
template <class T, std::size_t... Dims>
void save_npy(const std::string& path, const Tensor<T, Dims...>& t) {
  const std::string bytes = npy_bytes(t);
  static std::atomic<unsigned> counter = 0;
  const std::string temporary =
      path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  const auto fail = [&](const char* doing) {
    const std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    return npy_error(path + ": cannot " + doing + ": " + reason);
  };
  std::FILE* out = std::fopen(temporary.c_str(), "wbx");
  if (out == nullptr) {
    const std::string reason = std::strerror(errno);
    throw npy_error(path + ": cannot create a temporary file beside it: " + reason);
  }
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size() &&
                       std::fflush(out) == 0 && ::fsync(::fileno(out)) == 0;
  const int saved_errno = errno;
  if (std::fclose(out) != 0 || !written) {
    if (!written) errno = saved_errno;
    throw fail("write");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) throw fail("replace the file");
}

}  // namespace ctnn::io

#endif  // CTNN_NPY_HPP
