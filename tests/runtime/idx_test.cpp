#define BOOST_TEST_MODULE idx
#include <boost/test/unit_test.hpp>
#include <ctnn/idx.hpp>

#include <zlib.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>  // getpid, geteuid

namespace fs = std::filesystem;
using ctnn::Tensor;
using ctnn::io::idx_error;

// The largest single allocation since it was last reset (ctnn_test::largest_allocation): a file
// that announces a huge tensor must be refused before anything of that size is allocated.
#include "count_allocations.hpp"

namespace {

// ---------------------------------------------------------------------------------------------
// Building IDX files, plain and gzip'd, in a scratch folder.

std::string be32(std::uint32_t v) {
  std::string s;
  for (int shift = 24; shift >= 0; shift -= 8) s += static_cast<char>((v >> shift) & 0xFF);
  return s;
}

// The bytes of v, most significant first.
template <class T>
std::string big_endian(T v) {
  auto raw = std::bit_cast<std::array<char, sizeof(T)>>(v);
  if (std::endian::native == std::endian::little) std::reverse(raw.begin(), raw.end());
  return std::string(raw.data(), raw.size());
}

std::string header(unsigned char type, std::initializer_list<std::uint32_t> dims) {
  std::string h{'\0', '\0', static_cast<char>(type), static_cast<char>(dims.size())};
  for (std::uint32_t d : dims) h += be32(d);
  return h;
}

// gzip (one member, as gzip(1) writes it) by zlib's deflate.
std::string gzip(std::string_view data) {
  z_stream s{};
  BOOST_REQUIRE(deflateInit2(&s, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&s, static_cast<uLong>(data.size())), '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  s.avail_in = static_cast<uInt>(data.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&s, Z_FINISH);
  out.resize(s.total_out);
  deflateEnd(&s);
  BOOST_REQUIRE(rc == Z_STREAM_END);
  return out;
}

// A scratch folder of its own, removed at the end.
struct scratch {
  fs::path dir = fs::temp_directory_path() /
                 ("ctnn_idx_test_" + std::to_string(::getpid()) + "_" + std::to_string(count++));
  scratch() { fs::create_directories(dir); }
  ~scratch() {
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add);
    for (const auto& entry : fs::directory_iterator(dir))
      fs::permissions(entry.path(), fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(dir);
  }
  std::string write(const std::string& name, std::string_view bytes) const {
    const fs::path path = dir / name;
    std::ofstream(path, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path.string();
  }
  static inline int count = 0;
};

// Images 3 x 4 x 5, every byte different from its neighbours.
Tensor<std::uint8_t, 3, 4, 5> images() {
  Tensor<std::uint8_t, 3, 4, 5> t;
  for (std::size_t i = 0; i < t.size; ++i) t.data()[i] = static_cast<std::uint8_t>(i * 37 + 11);
  return t;
}
std::string images_file() {
  const auto t = images();
  return header(0x08, {3, 4, 5}) + std::string(reinterpret_cast<const char*>(t.data()), t.size);
}

// The message holds every fragment (each one printed when it does not).
auto says(std::initializer_list<std::string> fragments) {
  return [fragments = std::vector<std::string>(fragments)](const idx_error& e) {
    const std::string what = e.what();
    BOOST_TEST_MESSAGE(what);
    bool all = true;
    for (const std::string& f : fragments)
      if (what.find(f) == std::string::npos) {
        BOOST_TEST_MESSAGE("  missing: " + f);
        all = false;
      }
    return all;
  };
}
#define CHECK_REFUSED(expression, ...) \
  BOOST_CHECK_EXCEPTION((void)(expression), idx_error, says({__VA_ARGS__}))

const std::string fashion = "/usr/share/datasets/fashion-mnist/";

}  // namespace

// ---------------------------------------------------------------------------------------------
// What it reads.

BOOST_AUTO_TEST_CASE(images_read_the_same_plain_and_gzipped) {
  scratch s;
  const std::string plain = s.write("images-idx3-ubyte", images_file());
  const std::string gz = s.write("images-idx3-ubyte.gz", gzip(images_file()));
  const auto a = ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(plain);
  const auto b = ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(gz);
  BOOST_TEST((a == images()));
  BOOST_TEST((b == a));
  BOOST_TEST(a(2, 3, 4) == images().data()[59]);  // row-major
  // gzip is recognised by its magic, not by the name: a .gz name on a plain file and none on a
  // gzip'd one both read.
  BOOST_TEST((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(s.write("plain.gz", images_file())) == a));
  BOOST_TEST((
      ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(s.write("gzipped.idx", gzip(images_file()))) == a));
  BOOST_TEST((ctnn::io::parse_idx<std::uint8_t, 3, 4, 5>(images_file(), "mem") == a));
}

BOOST_AUTO_TEST_CASE(every_type_is_big_endian_value_by_value) {
  // The bytes are written out by hand: a wrong byte order cannot cancel itself out.
  const auto i8 = ctnn::io::parse_idx<std::int8_t, 4>(
      header(0x09, {4}) + std::string("\x00\x7F\x80\xFF", 4), "i8");
  BOOST_TEST(i8(0) == 0);
  BOOST_TEST(i8(1) == 127);
  BOOST_TEST(i8(2) == -128);
  BOOST_TEST(i8(3) == -1);

  const auto i16 = ctnn::io::parse_idx<std::int16_t, 2, 3>(
      header(0x0B, {2, 3}) + std::string("\x12\x34\x00\x01\xFF\xFF\x80\x00\x7F\xFF\x01\x00", 12),
      "i16");
  const std::int16_t want16[] = {0x1234, 1, -1, -32768, 32767, 256};
  for (std::size_t i = 0; i < 6; ++i) BOOST_TEST(i16(i / 3, i % 3) == want16[i]);

  const auto i32 = ctnn::io::parse_idx<std::int32_t, 4>(
      header(0x0C, {4}) +
          std::string("\x01\x02\x03\x04\xFF\xFF\xFF\xFE\x80\x00\x00\x00\x7F\xFF\xFF\xFF", 16),
      "i32");
  BOOST_TEST(i32(0) == 0x01020304);
  BOOST_TEST(i32(1) == -2);
  BOOST_TEST(i32(2) == std::numeric_limits<std::int32_t>::min());
  BOOST_TEST(i32(3) == std::numeric_limits<std::int32_t>::max());

  const auto f32 = ctnn::io::parse_idx<float, 4>(
      header(0x0D, {4}) +
          std::string("\x3F\xC0\x00\x00\xC0\x00\x00\x00\x3E\xAA\xAA\xAB\x80\x00\x00\x00", 16),
      "f32");
  BOOST_TEST(f32(0) == 1.5f);
  BOOST_TEST(f32(1) == -2.0f);
  BOOST_TEST(f32(2) == 1.0f / 3.0f);  // 0x3EAAAAAB, exactly
  BOOST_TEST(f32(3) == 0.0f);
  BOOST_TEST(std::signbit(f32(3)));  // -0.0

  const auto f64 = ctnn::io::parse_idx<double, 3>(
      header(0x0E, {3}) + std::string("\x3F\xF8\x00\x00\x00\x00\x00\x00"
                                      "\x40\x09\x21\xFB\x54\x44\x2D\x18"
                                      "\xBF\xB9\x99\x99\x99\x99\x99\x9A",
                                      24),
      "f64");
  BOOST_TEST(f64(0) == 1.5);
  BOOST_TEST(f64(1) == 3.141592653589793);
  BOOST_TEST(f64(2) == -0.1);

  // The same through a gzip'd file.
  scratch s;
  std::string data = header(0x0E, {2, 2});
  for (double v : {1e300, -2.5e-310, 42.0, -0.0}) data += big_endian(v);
  const auto g = ctnn::io::load_idx<double, 2, 2>(s.write("f64.gz", gzip(data)));
  BOOST_TEST(g(0, 0) == 1e300);
  BOOST_TEST(g(0, 1) == -2.5e-310);  // a subnormal
  BOOST_TEST(g(1, 0) == 42.0);
  BOOST_TEST((g(1, 1) == 0.0 && std::signbit(g(1, 1))));
}

BOOST_AUTO_TEST_CASE(labels_are_checked_against_the_classes) {
  scratch s;
  const std::string path =
      s.write("labels.gz", gzip(header(0x08, {10}) + std::string("\0\1\2\3\4\5\6\7\x08\x09", 10)));
  const auto labels = ctnn::io::load_idx_labels<10>(path, 10);  // 9, classes - 1, is a class
  for (std::size_t i = 0; i < 10; ++i) BOOST_TEST(labels(i) == i);
}

BOOST_AUTO_TEST_CASE(reads_fashion_mnist_when_installed) {
  if (!fs::exists(fashion + "t10k-labels-idx1-ubyte.gz")) {
    BOOST_TEST_MESSAGE(
        "skipped: " + fashion +
        "t10k-labels-idx1-ubyte.gz is absent (Debian package dataset-fashion-mnist)");
    return;
  }
  //! [labels]
  const auto labels = ctnn::io::load_idx_labels<10000>(
      "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz", 10);  // each label in [0, 10)
  //! [labels]
  //! [load]
  const auto images = ctnn::io::load_idx<std::uint8_t, 10000, 28, 28>(
      "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");  // (N, H, W) = (10000, 28, 28)
  //! [load]
  std::array<std::size_t, 10> count{};
  for (std::uint8_t label : labels) ++count.at(label);
  for (std::size_t c = 0; c < 10; ++c) BOOST_TEST(count[c] == 1000u, "class " << c);
  BOOST_TEST(labels(0) == 9);  // an ankle boot
  BOOST_TEST(labels(1) == 2);
  // What Python's gzip and numpy read from the same file.
  std::uint64_t total = 0, first = 0, last = 0;
  for (std::size_t i = 0; i < images.size; ++i) total += images.data()[i];
  for (std::size_t i = 0; i < 28 * 28; ++i) first += images.data()[i];
  for (std::size_t i = 0; i < 28 * 28; ++i) last += images.data()[images.size - 28 * 28 + i];
  BOOST_TEST(total == 573469082u);
  BOOST_TEST(first == 33456u);
  BOOST_TEST(last == 24390u);
  BOOST_TEST(images(0, 14, 14) == 110);

  const auto train = ctnn::io::load_idx_labels<60000>(fashion + "train-labels-idx1-ubyte.gz", 10);
  count = {};
  for (std::uint8_t label : train) ++count.at(label);
  for (std::size_t c = 0; c < 10; ++c) BOOST_TEST(count[c] == 6000u, "class " << c);

  // The wrong set: the header says so, in both directions, without inflating the whole file.
  CHECK_REFUSED(
      (ctnn::io::load_idx<std::uint8_t, 60000, 28, 28>(fashion + "t10k-images-idx3-ubyte.gz")),
      "t10k-images-idx3-ubyte.gz: dimension 0 is 10000, expected 60000",
      "shape (10000, 28, 28) does not match Tensor<std::uint8_t, 60000, 28, 28>");
  CHECK_REFUSED(
      (ctnn::io::load_idx<std::uint8_t, 10000, 28, 28>(fashion + "train-images-idx3-ubyte.gz")),
      "train-images-idx3-ubyte.gz: dimension 0 is 60000, expected 10000");
  CHECK_REFUSED((ctnn::io::load_idx_labels<10000>(fashion + "t10k-labels-idx1-ubyte.gz", 9)),
                "t10k-labels-idx1-ubyte.gz: label 0 is 9, but there are 9 classes (expected 0 to 8",
                "1000 labels are out of range");
}

// ---------------------------------------------------------------------------------------------
// Malformed files: each throws idx_error naming the file, what was expected and what was found.

BOOST_AUTO_TEST_CASE(a_missing_file) {
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 2>("no/such/file.gz")),
                "no/such/file.gz: cannot open: No such file or directory");
}

BOOST_AUTO_TEST_CASE(a_directory) {
  scratch s;
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 2>(s.dir.string())),
                s.dir.string() + ": cannot read: it is a directory");
}

BOOST_AUTO_TEST_CASE(an_unreadable_file) {
  scratch s;
  const std::string path = s.write("secret.idx", images_file());
  fs::permissions(path, fs::perms::none);
  if (::geteuid() == 0) {  // root reads it anyway
    BOOST_TEST_MESSAGE("skipped: running as root, which reads a file of mode 000");
    BOOST_TEST((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(path) == images()));
    return;
  }
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(path)),
                path + ": cannot open: Permission denied");
}

BOOST_AUTO_TEST_CASE(an_empty_file) {
  scratch s;
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 2>(s.write("empty", ""))),
                "empty: the file is empty");
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 2>(s.write("empty.gz", ""))),
                "empty.gz: the file is empty");
  CHECK_REFUSED((ctnn::io::parse_idx<std::uint8_t, 2>("", "bytes")), "bytes: the file is empty");
}

BOOST_AUTO_TEST_CASE(an_empty_file_gzipped) {
  scratch s;
  const std::string gz = gzip("");
  BOOST_TEST(gz.size() == 20u);  // a valid gzip stream of nothing
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 2>(s.write("nothing.gz", gz))),
                "nothing.gz: the gzip stream decompresses to nothing");
}

BOOST_AUTO_TEST_CASE(a_file_of_three_bytes) {
  scratch s;
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 2>(s.write("three", std::string(3, '\0')))),
                "three: the file is 3 bytes, too short for the 4-byte magic of an IDX file");
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 2>(s.write("one", "\x1F"))),
                "one: the file is 1 byte, too short");
}

BOOST_AUTO_TEST_CASE(a_wrong_magic) {
  scratch s;
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 2>(s.write("text.idx", "P5\n28 28\n255\n"))),
                "text.idx: not an IDX file: it starts with 50 35 0A 32, expected 00 00");
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 2>(
                    s.write("one.idx", std::string("\x00\x01\x08\x01", 4) + be32(2) + "ab"))),
                "one.idx: not an IDX file: it starts with 00 01 08 01");
  // gzip'd bytes given to parse_idx: a hint.
  CHECK_REFUSED((ctnn::io::parse_idx<std::uint8_t, 3, 4, 5>(gzip(images_file()), "x.gz")),
                "x.gz: not an IDX file: it starts with 1F 8B 08",
                "load_idx decompresses it, parse_idx does not");
}

BOOST_AUTO_TEST_CASE(an_unknown_type_byte) {
  scratch s;
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 2>(
                    s.write("type.idx", header(0x0A, {2}) + std::string(2, 'x')))),
                "type.idx: unknown IDX type byte 0x0A, expected 0x08 (uint8), 0x09 (int8)",
                "0x0E (float64)");
}

BOOST_AUTO_TEST_CASE(a_type_that_is_not_the_tensors) {
  scratch s;
  const std::string path = s.write("i32.idx.gz", gzip(header(0x0C, {60000, 28, 28})));
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 60000, 28, 28>(path)),
                "i32.idx.gz: holds int32 (0x0C) but Tensor<std::uint8_t, 60000, 28, 28> was "
                "asked for, which reads uint8 (0x08)");
  CHECK_REFUSED((ctnn::io::parse_idx<double, 2>(header(0x0D, {2}) + std::string(8, '\0'), "f")),
                "f: holds float32 (0x0D) but Tensor<double, 2> was asked for, which reads "
                "float64 (0x0E)");
  CHECK_REFUSED((ctnn::io::parse_idx<std::int8_t, 2>(header(0x08, {2}) + "ab", "u")),
                "u: holds uint8 (0x08) but Tensor<std::int8_t, 2> was asked for, which reads int8 "
                "(0x09)");
}

BOOST_AUTO_TEST_CASE(a_wrong_number_of_dimensions) {
  scratch s;
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(
                    s.write("rank2", header(0x08, {12, 5}) + std::string(60, 'x')))),
                "rank2: has 2 dimensions, but Tensor<std::uint8_t, 3, 4, 5> has 3");
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(
                    s.write("rank4.gz", gzip(header(0x08, {1, 3, 4, 5}) + std::string(60, 'x'))))),
                "rank4.gz: has 4 dimensions, but Tensor<std::uint8_t, 3, 4, 5> has 3");
}

BOOST_AUTO_TEST_CASE(zero_dimensions) {
  scratch s;
  CHECK_REFUSED(
      (ctnn::io::load_idx<std::uint8_t, 1>(s.write("rank0", header(0x08, {}) + "x"))),
      "rank0: has 0 dimensions (an IDX file needs at least one), but Tensor<std::uint8_t, "
      "1> has 1");
}

BOOST_AUTO_TEST_CASE(a_header_cut_in_its_dimensions) {
  scratch s;
  const std::string cut = images_file().substr(0, 10);  // 4 + one dimension + 2 bytes of the next
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(s.write("cut", cut))),
                "cut: the header is cut in its dimensions: 3 dimensions need a 16-byte header, "
                "but the file is 10 bytes (truncated file?)");
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(s.write("cut.gz", gzip(cut)))),
                "cut.gz: the header is cut in its dimensions", "the file is 10 bytes");
}

BOOST_AUTO_TEST_CASE(the_first_dimension_differs) {
  scratch s;
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(
                    s.write("first", header(0x08, {2, 4, 5}) + std::string(40, 'x')))),
                "first: dimension 0 is 2, expected 3 (shape (2, 4, 5) does not match "
                "Tensor<std::uint8_t, 3, 4, 5>)");
}

BOOST_AUTO_TEST_CASE(the_last_dimension_differs) {
  scratch s;
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 60000, 28, 28>(s.write(
                    "last.gz", gzip(header(0x08, {60000, 28, 27}) + std::string(100, 'x'))))),
                "last.gz: dimension 2 is 27, expected 28 (shape (60000, 28, 27) does not match "
                "Tensor<std::uint8_t, 60000, 28, 28>)");
  CHECK_REFUSED((ctnn::io::load_idx_labels<10000>(
                    s.write("labels", header(0x08, {60000}) + std::string(60000, '\1')), 10)),
                "labels: dimension 0 is 60000, expected 10000 (shape (60000,) does not match "
                "Tensor<std::uint8_t, 10000>)");
}

BOOST_AUTO_TEST_CASE(a_huge_dimension_is_refused_without_allocating_it) {
  scratch s;
  const std::string one = s.write("huge1", header(0x08, {0xFFFFFFFF}) + "abc");
  const std::string three =
      s.write("huge3.gz", gzip(header(0x0E, {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}) + "abc"));
  ctnn_test::largest_allocation = 0;
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 10>(one)),
                "huge1: dimension 0 is 4294967295, expected 10");
  CHECK_REFUSED((ctnn::io::load_idx<double, 2, 2, 2>(three)),
                "huge3.gz: shape (4294967295, 4294967295, 4294967295) is too large: its size in "
                "bytes does not fit in std::size_t");
  BOOST_TEST(ctnn_test::largest_allocation.load() <= 65536u);  // an ifstream's buffer, messages
}

BOOST_AUTO_TEST_CASE(data_short_by_one_byte) {
  scratch s;
  const std::string file = images_file();
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(
                    s.write("short", file.substr(0, file.size() - 1)))),
                "short: the data is 59 bytes, but shape (3, 4, 5) needs 60 (truncated file?)");
  std::string i32 = header(0x0C, {3});
  for (std::int32_t v : {1, 2, 3}) i32 += big_endian(v);
  CHECK_REFUSED((ctnn::io::parse_idx<std::int32_t, 3>(i32.substr(0, i32.size() - 1), "i32")),
                "i32: the data is 11 bytes, but shape (3,) needs 12 (truncated file?)");
}

BOOST_AUTO_TEST_CASE(extra_data_of_one_byte) {
  scratch s;
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(s.write("extra", images_file() + "!"))),
                "extra: 1 byte of extra data after the 60 that shape (3, 4, 5) needs");
}

BOOST_AUTO_TEST_CASE(extra_data_inside_the_gzip_stream) {
  scratch s;
  for (const std::size_t extra : {std::size_t{1}, std::size_t{2}, std::size_t{100000}}) {
    CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(
                      s.write("extra.gz", gzip(images_file() + std::string(extra, '!'))))),
                  "extra.gz: extra data after the 60 bytes that shape (3, 4, 5) needs: the gzip "
                  "stream decompresses to more than the 76-byte IDX file of that shape");
  }
}

BOOST_AUTO_TEST_CASE(a_gzip_bomb_is_inflated_no_further_than_the_tensor) {
  scratch s;
  // 16 MiB of zeros compress to 16 KiB.
  const std::string zeros = gzip(header(0x08, {10}) + std::string(std::size_t{16} << 20, '\0'));
  const std::string bomb = s.write("bomb.gz", zeros);
  const std::string lying = s.write(
      "lying.gz", gzip(header(0x08, {16 << 20}) + std::string(std::size_t{16} << 20, '\0')));
  ctnn_test::largest_allocation = 0;
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 10>(bomb)),
                "bomb.gz: extra data after the 10 bytes that shape (10,) needs");
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 10>(lying)),
                "lying.gz: dimension 0 is 16777216, expected 10");
  // Reading the file (16 KiB) allocates; nothing near the 16 MiB it inflates to.
  BOOST_TEST(ctnn_test::largest_allocation.load() < std::size_t{1} << 20);
}

BOOST_AUTO_TEST_CASE(the_gzip_stream_truncated) {
  scratch s;
  const std::string gz = gzip(images_file());
  CHECK_REFUSED(
      (ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(s.write("cut.gz", gz.substr(0, gz.size() / 2)))),
      "cut.gz: the gzip stream is truncated");
  // Without its 8-byte trailer (CRC and size), and in its 10-byte header.
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(
                    s.write("notrailer.gz", gz.substr(0, gz.size() - 8)))),
                "notrailer.gz: the gzip stream is truncated", "76 bytes decompressed so far");
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(s.write("head.gz", gz.substr(0, 6)))),
                "head.gz: the gzip stream is truncated", "0 bytes decompressed so far");
}

BOOST_AUTO_TEST_CASE(the_gzip_data_corrupt) {
  scratch s;
  std::string data = header(0x08, {1000});
  for (int i = 0; i < 1000; ++i) data += static_cast<char>(i * i % 251);
  const std::string gz = gzip(data);
  BOOST_TEST(
      (ctnn::io::load_idx<std::uint8_t, 1000>(s.write("good.gz", gz))(999) == 999 * 999 % 251));
  // Four bytes flipped in the middle of the compressed data.
  std::string flipped = gz;
  for (std::size_t i = gz.size() / 2; i < gz.size() / 2 + 4; ++i)
    flipped[i] = static_cast<char>(~flipped[i]);
  CHECK_REFUSED(
      (ctnn::io::load_idx<std::uint8_t, 1000>(s.write("flipped.gz", flipped))),
      "flipped.gz: the gzip data is corrupt: ", "of its " + std::to_string(gz.size()) + " bytes");
  // The first block of compressed data of type 3, which does not exist (no file name in the
  // 10-byte gzip header that gzip() writes).
  std::string block = gz;
  block[10] = static_cast<char>(block[10] | 0x06);
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 1000>(s.write("block.gz", block))),
                "block.gz: the gzip data is corrupt: invalid block type");
  // A wrong CRC, then a wrong length, in the trailer: zlib checks both.
  std::string crc = gz;
  crc[crc.size() - 8] = static_cast<char>(crc[crc.size() - 8] ^ 1);
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 1000>(s.write("crc.gz", crc))),
                "crc.gz: the gzip data is corrupt: incorrect data check");
  std::string length = gz;
  length[length.size() - 4] = static_cast<char>(length[length.size() - 4] ^ 1);
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 1000>(s.write("length.gz", length))),
                "length.gz: the gzip data is corrupt: incorrect length check");
  // A gzip header with an unknown compression method.
  std::string method = gz;
  method[2] = 7;
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 1000>(s.write("method.gz", method))),
                "method.gz: the gzip data is corrupt: unknown compression method");
}

BOOST_AUTO_TEST_CASE(the_gzip_data_valid_but_the_idx_file_inside_truncated) {
  scratch s;
  const std::string file = images_file();
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(
                    s.write("short.gz", gzip(file.substr(0, file.size() - 1))))),
                "short.gz: the data is 59 bytes, but shape (3, 4, 5) needs 60 (truncated file?)");
  CHECK_REFUSED(
      (ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(s.write("two.gz", gzip(file.substr(0, 2))))),
      "two.gz: the file is 2 bytes, too short for the 4-byte magic");
}

BOOST_AUTO_TEST_CASE(trailing_bytes_after_the_gzip_stream) {
  scratch s;
  const std::string gz = gzip(images_file());
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(s.write("trailing.gz", gz + "junk"))),
                "trailing.gz: 4 bytes of trailing data after the end of the gzip stream at byte " +
                    std::to_string(gz.size()));
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(s.write("zero.gz", gz + '\0'))),
                "zero.gz: 1 byte of trailing data");
  // Concatenated members, which gzip -d would join: refused, with the reason.
  CHECK_REFUSED((ctnn::io::load_idx<std::uint8_t, 3, 4, 5>(s.write(
                    "two.gz", gzip(images_file().substr(0, 30)) + gzip(images_file().substr(30))))),
                "two.gz: a second gzip member starts at byte",
                "concatenated gzip files are not read");
}

BOOST_AUTO_TEST_CASE(a_label_out_of_range) {
  scratch s;
  const std::string path =
      s.write("labels", header(0x08, {6}) + std::string("\x00\x09\x03\x0A\x0C\x09", 6));
  CHECK_REFUSED((ctnn::io::load_idx_labels<6>(path, 10)),
                "labels: label 3 is 10, but there are 10 classes (expected 0 to 9; 2 labels are "
                "out of range)");
  CHECK_REFUSED((ctnn::io::load_idx_labels<6>(path, 9)),
                "labels: label 1 is 9, but there are 9 classes (expected 0 to 8; 4 labels are out "
                "of range)");
  BOOST_TEST(ctnn::io::load_idx_labels<6>(path, 13)(4) == 12);  // 12 = classes - 1
  CHECK_REFUSED((ctnn::io::load_idx_labels<6>(path, 0)), "labels: 0 classes asked for");
  // A labels file that is not uint8.
  CHECK_REFUSED(
      (ctnn::io::load_idx_labels<2>(s.write("i16", header(0x0B, {2}) + std::string(4, '\0')), 10)),
      "i16: holds int16 (0x0B) but Tensor<std::uint8_t, 2> was asked for");
}
