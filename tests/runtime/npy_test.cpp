#define BOOST_TEST_MODULE npy
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ctnn/npy.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using ctnn::Tensor;
using ctnn::io::npy_error;

namespace {

const std::string data_dir = CTNN_TEST_DATA_DIR "/npy/";

// The formula tests/data/make_npy.py filled its arrays with: sum_k (k + 1) index[k], then
// * 0.5 - 1 for floats and - 3 for integers.
template <class T, std::size_t... Dims>
Tensor<T, Dims...> filled(bool integer_offset = true) {
  Tensor<T, Dims...> t;
  std::array<std::size_t, sizeof...(Dims)> index{};
  for (T& x : t) {
    double total = 0;
    for (std::size_t k = 0; k < index.size(); ++k) total += static_cast<double>((k + 1) * index[k]);
    x = std::is_floating_point_v<T> ? static_cast<T>(total * 0.5 - 1)
                                    : static_cast<T>(total - (integer_offset ? 3 : 0));
    for (std::size_t axis = index.size(); axis-- > 0;) {
      if (++index[axis] < t.extents[axis]) break;
      index[axis] = 0;
    }
  }
  return t;
}

// A scratch folder of its own, removed at the end.
struct scratch {
  fs::path dir = fs::temp_directory_path() / ("ctnn_npy_test_" + std::to_string(::getpid()));
  scratch() { fs::create_directories(dir); }
  ~scratch() { fs::remove_all(dir); }
};

bool message_has(const npy_error& e, const std::string& fragment) {
  const std::string what = e.what();
  BOOST_TEST_MESSAGE(what);
  return what.find(fragment) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_what_numpy_wrote) {
  //! [load]
  const auto a =
      ctnn::io::load_npy<double, 3, 4>(data_dir + "f8_3x4.npy");  // np.save of (3, 4) '<f8'
  //! [load]
  BOOST_TEST((a == filled<double, 3, 4>()));
  BOOST_TEST(
      (ctnn::io::load_npy<float, 2, 3, 4>(data_dir + "f4_2x3x4.npy") == filled<float, 2, 3, 4>()));
  BOOST_TEST(
      (ctnn::io::load_npy<std::int32_t, 5>(data_dir + "i4_5.npy") == filled<std::int32_t, 5>()));
  BOOST_TEST((ctnn::io::load_npy<std::int16_t, 2, 3>(data_dir + "i2_2x3.npy") ==
              filled<std::int16_t, 2, 3>()));
  BOOST_TEST((ctnn::io::load_npy<std::uint8_t, 2, 2>(data_dir + "u1_2x2.npy") ==
              filled<std::uint8_t, 2, 2>(false)));
  BOOST_TEST(ctnn::io::load_npy<std::int64_t>(data_dir + "i8_scalar.npy")() == 42);
}

BOOST_AUTO_TEST_CASE(reads_big_endian_fortran_order_and_later_versions) {
  BOOST_TEST(
      (ctnn::io::load_npy<double, 3, 4>(data_dir + "be_f8_3x4.npy") == filled<double, 3, 4>()));
  BOOST_TEST(
      (ctnn::io::load_npy<std::int32_t, 5>(data_dir + "be_i4_5.npy") == filled<std::int32_t, 5>()));
  BOOST_TEST((ctnn::io::load_npy<double, 3, 4>(data_dir + "fortran_f8_3x4.npy") ==
              filled<double, 3, 4>()));
  BOOST_TEST((ctnn::io::load_npy<std::int16_t, 2, 3, 4>(data_dir + "fortran_i2_2x3x4.npy") ==
              filled<std::int16_t, 2, 3, 4>()));
  BOOST_TEST(
      (ctnn::io::load_npy<double, 3, 4>(data_dir + "v2_f8_3x4.npy") == filled<double, 3, 4>()));
  BOOST_TEST(
      (ctnn::io::load_npy<double, 3, 4>(data_dir + "v3_f8_3x4.npy") == filled<double, 3, 4>()));
}

BOOST_AUTO_TEST_CASE(round_trip) {
  scratch s;
  const std::string path = (s.dir / "z.npy").string();
  //! [save]
  const auto z = filled<double, 2, 3, 4, 5>();
  ctnn::io::save_npy(path, z);  // np.load(path) gives the same (2, 3, 4, 5) array
  //! [save]
  BOOST_TEST((ctnn::io::load_npy<double, 2, 3, 4, 5>(path) == z));
  const auto f = filled<float, 7>();
  ctnn::io::save_npy(path, f);  // replaces the old file
  BOOST_TEST((ctnn::io::load_npy<float, 7>(path) == f));
  // The header is padded so that the data starts on a 64-byte boundary, as numpy writes it.
  BOOST_TEST(fs::file_size(path) % 64 == 7 * sizeof(float) % 64);
  BOOST_TEST(ctnn::io::npy_bytes(Tensor<std::uint8_t, 1>{})[6] == 1);  // format 1.0
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_named_with_the_reason) {
  BOOST_CHECK_EXCEPTION(
      (ctnn::io::load_npy<double, 2>("no/such/file.npy")), npy_error, [](const npy_error& e) {
        return message_has(e, "no/such/file.npy: cannot open: No such file or directory");
      });
}

BOOST_AUTO_TEST_CASE(a_failed_save_leaves_no_trace_and_names_the_reason) {
  scratch s;
  // The target is a folder: the temporary file is written, the rename fails, the folder stays.
  const fs::path folder = s.dir / "taken";
  fs::create_directory(folder);
  BOOST_CHECK_EXCEPTION(ctnn::io::save_npy(folder.string(), Tensor<double, 2>{1, 2}), npy_error,
                        [&](const npy_error& e) {
                          return message_has(
                              e, folder.string() + ": cannot replace the file: Is a directory");
                        });
  BOOST_TEST(fs::is_directory(folder));
  BOOST_TEST(std::distance(fs::directory_iterator(s.dir), fs::directory_iterator{}) ==
             1);  // no temporary left
  // The folder does not exist: nothing can be created.
  BOOST_CHECK_EXCEPTION(
      ctnn::io::save_npy((s.dir / "missing" / "z.npy").string(), Tensor<double, 2>{}), npy_error,
      [](const npy_error& e) {
        return message_has(e,
                           "cannot create a temporary file beside it: No such file or directory");
      });
  // An old file keeps its content when a save fails... and is replaced when one succeeds.
  const std::string path = (s.dir / "keep.npy").string();
  ctnn::io::save_npy(path, Tensor<double, 2>{1, 2});
  ctnn::io::save_npy(path, Tensor<double, 2>{3, 4});
  BOOST_TEST((ctnn::io::load_npy<double, 2>(path) == Tensor<double, 2>{3, 4}));
}

BOOST_AUTO_TEST_CASE(writes_files_for_numpy_to_read) {
  // tests/tools/check_npy_with_numpy.py reads these back with numpy (test runtime.npy_read_by_numpy).
  const fs::path out = CTNN_TEST_OUTPUT_DIR;
  fs::create_directories(out);
  ctnn::io::save_npy((out / "f8_3x4.npy").string(), filled<double, 3, 4>());
  ctnn::io::save_npy((out / "f4_2x3x4.npy").string(), filled<float, 2, 3, 4>());
  ctnn::io::save_npy((out / "i4_5.npy").string(), filled<std::int32_t, 5>());
  ctnn::io::save_npy((out / "u1_2x2.npy").string(), filled<std::uint8_t, 2, 2>(false));
  ctnn::io::save_npy((out / "i8_scalar.npy").string(), Tensor<std::int64_t>::full(42));
  BOOST_TEST(fs::exists(out / "i8_scalar.npy"));
}

// ---------------------------------------------------------------------------------------------
// Malformed files: each must throw npy_error with its own message, never crash or read out of
// bounds (the sanitizer build runs this too).

namespace {

// A .npy file from its parts: a version, a header text (padded like numpy's) and a data length.
std::string npy(const std::string& dict, std::size_t data_bytes = 48, int major = 1,
                bool newline = true) {
  std::string header = newline ? dict + "\n" : dict;
  std::string bytes("\x93NUMPY", 6);
  bytes += static_cast<char>(major);
  bytes += '\0';
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  for (std::size_t i = 0; i < length_bytes; ++i)
    bytes += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return bytes + header + std::string(data_bytes, '\0');
}

const std::string good = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";

std::string with_length(int major, std::uint32_t length) {  // a header length field that lies
  std::string bytes("\x93NUMPY", 6);
  bytes += static_cast<char>(major);
  bytes += '\0';
  for (int i = 0; i < (major == 1 ? 2 : 4); ++i)
    bytes += static_cast<char>((length >> (8 * i)) & 0xff);
  return bytes + "{'descr'";
}

struct malformed {
  const char* what;
  std::string bytes;
  const char* fragment;
};

std::ostream& operator<<(std::ostream& os, const malformed& m) { return os << m.what; }

const std::vector<malformed> cases = {
    {"empty file", "", "not a .npy file"},
    {"truncated magic", std::string("\x93NUM", 4), "not a .npy file"},
    {"wrong magic", std::string("\x93NUMPX\x01\x00", 8), "not a .npy file"},
    {"magic only", std::string("\x93NUMPY", 6), "truncated before the format version"},
    {"version 4.0", npy(good, 48, 4), "unsupported .npy format version 4.0"},
    {"version 1.1",
     [] {
       auto b = npy(good);
       b[7] = 1;
       return b;
     }(),
     "unsupported .npy format version 1.1"},
    {"version 0.0", npy(good, 48, 0), "unsupported .npy format version 0.0"},
    {"truncated header length", std::string("\x93NUMPY\x01\x00\x10", 9),
     "truncated before the header length"},
    {"header length past the end", with_length(1, 1000),
     "the header length 1000 runs past the end"},
    {"huge v2 header length", with_length(2, 0xFFFFFFFFu),
     "the header length 4294967295 runs past the end"},
    {"header cut in the middle", npy("{'descr': '<f8',", 0, 1, false),
     "the header ends in the middle of its dictionary"},
    {"header cut before a newline", npy("{'descr': '<f8',", 0),
     "expected a key as a quoted string"},
    {"not a dictionary", npy("['descr', '<f8']"), "expected '{'"},
    {"empty dictionary", npy("{}"), "the header has no 'descr'"},
    {"no shape", npy("{'descr': '<f8', 'fortran_order': False}"), "the header has no 'shape'"},
    {"no descr", npy("{'fortran_order': False, 'shape': (2, 3)}"), "the header has no 'descr'"},
    {"no fortran_order", npy("{'descr': '<f8', 'shape': (2, 3)}"),
     "the header has no 'fortran_order'"},
    {"unknown key", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}"),
     "unknown key 'extra'"},
    {"repeated key",
     npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'shape': (2, 3)}"),
     "repeats the key 'shape'"},
    {"fortran_order not a bool", npy("{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3)}"),
     "'fortran_order' must be True or False"},
    {"unquoted descr", npy("{'descr': <f8, 'fortran_order': False, 'shape': (2, 3)}"),
     "expected the dtype as a quoted string"},
    {"unquoted key", npy("{descr: '<f8'}"), "expected a key as a quoted string"},
    {"missing comma", npy("{'descr': '<f8' 'fortran_order': False, 'shape': (2, 3)}"),
     "expected ',' or '}'"},
    {"complex dtype", npy("{'descr': '<c16', 'fortran_order': False, 'shape': (2, 3)}"),
     "dtype '<c16' does not match Tensor<double, 2, 3> (expected '<f8')"},
    {"float32 for double", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}", 24),
     "dtype '<f4' does not match Tensor<double, 2, 3>"},
    {"structured dtype", npy("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2, 3)}"),
     "expected the dtype as a quoted string"},
    {"bad byte order", npy("{'descr': 'xf8', 'fortran_order': False, 'shape': (2, 3)}"),
     "dtype 'xf8' does not match"},
    {"wrong shape", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 4)}", 64),
     "shape (2, 4) does not match Tensor<double, 2, 3>"},
    {"rank mismatch", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (6,)}"),
     "shape (6,) does not match Tensor<double, 2, 3>"},
    {"shape as a list", npy("{'descr': '<f8', 'fortran_order': False, 'shape': [2, 3]}"),
     "expected '('"},
    {"negative extent", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-2, 3)}"),
     "expected a non-negative integer"},
    {"shape without commas", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2 3)}"),
     "expected ',' or ')'"},
    {"extent past size_t",
     npy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999, 3)}"),
     "an extent of the shape does not fit in std::size_t"},
    {"shape whose size overflows",
     npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}"),
     "is too large: its size in bytes does not fit in std::size_t"},
    {"short data", npy(good, 40), "the data is 40 bytes, but shape (2, 3) needs 48"},
    {"no data", npy(good, 0), "the data is 0 bytes, but shape (2, 3) needs 48"},
    {"extra data", npy(good, 56), "8 bytes of extra data"},
    {"text after the dictionary", npy(good + " x"), "unexpected text after the header dictionary"},
    {"escape in a string", npy("{'descr': '<f\\8', 'fortran_order': False, 'shape': (2, 3)}"),
     "unsupported character in a header string"},
    {"non-ASCII in a string",
     npy("{'descr': '<f\xc3\xa9', 'fortran_order': False, 'shape': (2, 3)}"),
     "unsupported character in a header string"},
};

}  // namespace

BOOST_DATA_TEST_CASE(malformed_files_are_refused_with_a_reason, boost::unit_test::data::make(cases),
                     c) {
  BOOST_CHECK_EXCEPTION(
      (ctnn::io::parse_npy<double, 2, 3>(c.bytes, "bad.npy")), npy_error, [&](const npy_error& e) {
        return std::string(e.what()).rfind("bad.npy: ", 0) == 0 && message_has(e, c.fragment);
      });
}

BOOST_AUTO_TEST_CASE(the_table_is_large_enough) { BOOST_TEST(cases.size() >= 25u); }

// ---------------------------------------------------------------------------------------------
// read_npy_info: a file's dtype, shape and order, read from its header alone.

namespace {

struct expected_info {
  const char* file;
  const char* dtype;
  std::vector<std::size_t> shape;
  bool fortran_order;
};

std::ostream& operator<<(std::ostream& os, const expected_info& i) { return os << i.file; }

// What numpy 1.24.2 says of each file: np.load(f, mmap_mode='r').dtype.str, .shape, and whether
// it is Fortran-ordered (tests/data/make_npy.py wrote them).
const std::vector<expected_info> infos = {
    {"f8_3x4.npy", "<f8", {3, 4}, false},
    {"f4_2x3x4.npy", "<f4", {2, 3, 4}, false},
    {"i4_5.npy", "<i4", {5}, false},
    {"i2_2x3.npy", "<i2", {2, 3}, false},
    {"u1_2x2.npy", "|u1", {2, 2}, false},
    {"i8_scalar.npy", "<i8", {}, false},
    {"be_f8_3x4.npy", ">f8", {3, 4}, false},
    {"be_i4_5.npy", ">i4", {5}, false},
    {"fortran_f8_3x4.npy", "<f8", {3, 4}, true},
    {"fortran_i2_2x3x4.npy", "<i2", {2, 3, 4}, true},
    {"v2_f8_3x4.npy", "<f8", {3, 4}, false},
    {"v3_f8_3x4.npy", "<f8", {3, 4}, false},
};

// The cases of the malformed table that only a type or the data can reveal: the header itself is
// well formed, so parse_npy_info accepts it.
bool header_is_well_formed(const malformed& m) {
  for (const char* about_type_or_data :
       {"does not match", "is too large", "the data is", "extra data"})
    if (std::string(m.fragment).find(about_type_or_data) != std::string::npos) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(read_npy_info_says_what_a_file_holds) {
  //! [info]
  const ctnn::io::npy_info info = ctnn::io::read_npy_info(data_dir + "f4_2x3x4.npy");
  BOOST_TEST(info.dtype == "<f4");  // little-endian float32
  BOOST_TEST(info.shape == (std::vector<std::size_t>{2, 3, 4}), boost::test_tools::per_element());
  BOOST_TEST(!info.fortran_order);
  const auto t = ctnn::io::load_npy<float, 2, 3, 4>(data_dir + "f4_2x3x4.npy");  // so this fits
  //! [info]
  BOOST_TEST((t == filled<float, 2, 3, 4>()));
}

BOOST_DATA_TEST_CASE(read_npy_info_of_every_file_numpy_wrote, boost::unit_test::data::make(infos),
                     want) {
  const ctnn::io::npy_info got = ctnn::io::read_npy_info(data_dir + want.file);
  BOOST_TEST(got.dtype == want.dtype);
  BOOST_TEST(got.shape == want.shape, boost::test_tools::per_element());
  BOOST_TEST(got.fortran_order == want.fortran_order);
}

BOOST_DATA_TEST_CASE(parse_npy_info_refuses_what_parse_npy_refuses_in_a_header,
                     boost::unit_test::data::make(cases), c) {
  if (header_is_well_formed(c)) {
    BOOST_TEST(ctnn::io::parse_npy_info(c.bytes, "bad.npy").shape.size() >= 1u);
  } else {
    BOOST_CHECK_EXCEPTION(
        ctnn::io::parse_npy_info(c.bytes, "bad.npy"), npy_error, [&](const npy_error& e) {
          return std::string(e.what()).rfind("bad.npy: ", 0) == 0 && message_has(e, c.fragment);
        });
  }
}

BOOST_AUTO_TEST_CASE(read_npy_info_reads_the_header_only) {
  scratch s;
  const auto write = [&](const std::string& name, const std::string& bytes) {
    std::ofstream((s.dir / name).string(), std::ios::binary) << bytes;
    return (s.dir / name).string();
  };
  // No data at all: the header is all it needs (load_npy would refuse this file).
  const ctnn::io::npy_info info = ctnn::io::read_npy_info(write("header_only.npy", npy(good, 0)));
  BOOST_TEST(info.dtype == "<f8");
  BOOST_TEST(info.shape == (std::vector<std::size_t>{2, 3}), boost::test_tools::per_element());
  // A header cut short names the length the file claims and the file's real size: 20 bytes.
  const std::string cut = write("cut.npy", npy(good).substr(0, 20));
  BOOST_CHECK_EXCEPTION(ctnn::io::read_npy_info(cut), npy_error, [&](const npy_error& e) {
    return message_has(e, cut + ": the header length 60 runs past the end of the file (20 bytes)");
  });
  // A header length of 4 GiB in a 20-byte file: refused after reading those 20 bytes (without
  // allocating 4 GiB first).
  const std::string lying = write("lying.npy", with_length(2, 0xFFFFFFFFu));
  BOOST_CHECK_EXCEPTION(ctnn::io::read_npy_info(lying), npy_error, [&](const npy_error& e) {
    return message_has(e, "the header length 4294967295 runs past the end of the file (20 bytes)");
  });
  BOOST_CHECK_EXCEPTION(
      ctnn::io::read_npy_info("no/such/file.npy"), npy_error, [](const npy_error& e) {
        return message_has(e, "no/such/file.npy: cannot open: No such file or directory");
      });
  BOOST_CHECK_EXCEPTION(ctnn::io::read_npy_info(write("empty.npy", "")), npy_error,
                        [](const npy_error& e) { return message_has(e, "not a .npy file"); });
}
