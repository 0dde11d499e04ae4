#define BOOST_TEST_MODULE format
#include <boost/test/unit_test.hpp>
#include <ctnn/format.hpp>

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <numeric>

// Every expected string below a comment `// name: numpy expression, dtype ...` was printed by
// numpy 1.24.2 itself, not by ctnn: it is the output of tests/data/make_format_reference.py
// (/usr/bin/python3 tests/data/make_format_reference.py), pasted as the script prints it: its
// comment line, then str() of the array as C++ literals. Each tensor is built with the values of
// the script's numpy expression, computed in the same type. The other expected strings (shapes,
// explicit specs, which numpy has no equivalent of) are written by hand.

using ctnn::Tensor;

namespace {

// A tensor holding `values` in row-major order, one per element.
template <class T, std::size_t... Dims>
Tensor<T, Dims...> of(std::initializer_list<T> values) {
  Tensor<T, Dims...> t;
  BOOST_REQUIRE_EQUAL(values.size(), t.size);
  std::copy(values.begin(), values.end(), t.begin());
  return t;
}

// A tensor whose element number i (row-major) is f(i).
template <class T, std::size_t... Dims, class F>
Tensor<T, Dims...> from_index(F f) {
  Tensor<T, Dims...> t;
  for (std::size_t i = 0; i < t.size; ++i) t.data()[i] = f(static_cast<T>(i));
  return t;
}

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

}  // namespace

BOOST_AUTO_TEST_CASE(shapes_print_like_numpy) {
  BOOST_TEST(fmt::format("{}", Tensor<double, 3, 3, 28, 28>::shape) == "(3, 3, 28, 28)");
  BOOST_TEST(fmt::format("{}", Tensor<double, 4>::shape) == "(4,)");
}

BOOST_AUTO_TEST_CASE(small_tensors_print_like_numpy) {
  //! [print]
  const Tensor<double, 2, 3> t{1.0, -2.0, 3.0, 4.0, 5.5, 6.0};
  // docs_example: np.array([[1, -2, 3], [4, 5.5, 6]]), dtype float64
  BOOST_TEST(fmt::format("{}", t) ==
             "[[ 1.  -2.   3. ]\n"
             " [ 4.   5.5  6. ]]");
  BOOST_TEST(fmt::format("{:.1f}", t) == "[[ 1.0 -2.0  3.0]\n [ 4.0  5.5  6.0]]");
  //! [print]
  // docs_rank3_ints: np.array([1, 2, 3, 4]).reshape(2, 1, 2), dtype int64
  BOOST_TEST(fmt::format("{}", (of<int, 2, 1, 2>({1, 2, 3, 4}))) ==
             "[[[1 2]]\n"
             "\n"
             " [[3 4]]]");
}

BOOST_AUTO_TEST_CASE(an_explicit_spec_formats_each_element_right_aligned) {
  const auto t = of<double, 2, 2>({1.0, -2.5, 3.14159, 100.0});
  BOOST_TEST(fmt::format("{:.3f}", t) == "[[  1.000  -2.500]\n [  3.142 100.000]]");
  BOOST_TEST(fmt::format("{:.3f}", (of<float, 3>({0.5f, -0.25f, 2.0f}))) ==
             "[ 0.500 -0.250  2.000]");
  BOOST_TEST(fmt::format("{:.1e}", (of<double, 2>({1e-5, 250.0}))) == "[1.0e-05 2.5e+02]");
  BOOST_TEST(fmt::format("{:+d}", (of<int, 3>({1, -20, 300}))) == "[  +1  -20 +300]");
  // Summarised as {} is: only the entries shown set the width.
  auto big = from_index<double, 1001>([](double i) { return i; });
  big.data()[500] = 1e6;
  BOOST_TEST(fmt::format("{:.3f}", big) ==
             "[   0.000    1.000    2.000 ...  998.000  999.000 1000.000]");
}

BOOST_AUTO_TEST_CASE(integers_print_like_numpy) {
  // ints: np.array([[1, -20, 3], [400, 5, -6]]), dtype int64
  BOOST_TEST(fmt::format("{}", (of<long, 2, 3>({1, -20, 3, 400, 5, -6}))) ==
             "[[  1 -20   3]\n"
             " [400   5  -6]]");
  // int_row_wraps: np.arange(40).reshape(2, 20) * 1000, dtype int64
  BOOST_TEST(fmt::format("{}", (from_index<int, 2, 20>([](int i) { return i * 1000; }))) ==
             "[[    0  1000  2000  3000  4000  5000  6000  7000  8000  9000 10000 11000\n"
             "  12000 13000 14000 15000 16000 17000 18000 19000]\n"
             " [20000 21000 22000 23000 24000 25000 26000 27000 28000 29000 30000 31000\n"
             "  32000 33000 34000 35000 36000 37000 38000 39000]]");
  // bools: np.array([True, False, True]), dtype bool
  BOOST_TEST(fmt::format("{}", (of<bool, 3>({true, false, true}))) == "[ True False  True]");
  // rank4: np.arange(16).reshape(2, 2, 2, 2) - 8, dtype int64
  BOOST_TEST(fmt::format("{}", (from_index<long, 2, 2, 2, 2>([](long i) { return i - 8; }))) ==
             "[[[[-8 -7]\n"
             "   [-6 -5]]\n"
             "\n"
             "  [[-4 -3]\n"
             "   [-2 -1]]]\n"
             "\n"
             "\n"
             " [[[ 0  1]\n"
             "   [ 2  3]]\n"
             "\n"
             "  [[ 4  5]\n"
             "   [ 6  7]]]]");
}

BOOST_AUTO_TEST_CASE(positional_floats_print_like_numpy) {
  // integral_floats: np.array([[1., -2., 3.], [4., 5., 6.]]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 2, 3>({1., -2., 3., 4., 5., 6.}))) ==
             "[[ 1. -2.  3.]\n"
             " [ 4.  5.  6.]]");
  // one_and_a_half: np.array([1.0, 2.5]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 2>({1.0, 2.5}))) == "[1.  2.5]");
  // mixed_signs: np.array([-1.5, 2.25]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 2>({-1.5, 2.25}))) == "[-1.5   2.25]");
  // mixed_signs_2d: np.array([[-1.5, 2.25, 0.], [100., -0.125, 7.]]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 2, 3>({-1.5, 2.25, 0., 100., -0.125, 7.}))) ==
             "[[ -1.5     2.25    0.   ]\n"
             " [100.     -0.125   7.   ]]");
  // zeros: np.array([0., -0.]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 2>({0., -0.}))) == "[ 0. -0.]");
  // ratio_at_1000: np.array([0.5, 500.]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 2>({0.5, 500.}))) == "[  0.5 500. ]");
  // min_at_1e-4: np.array([0.0001, 0.01]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 2>({0.0001, 0.01}))) == "[0.0001 0.01  ]");
  // more_than_8_digits: np.array([1., 2., 10.]) / 3, dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 3>({1. / 3, 2. / 3, 10. / 3}))) ==
             "[0.33333333 0.66666667 3.33333333]");
  // round_half_even_positional: np.array([2.0**-9, 1.]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 2>({1. / 512, 1.}))) == "[0.00195312 1.        ]");
  // float_row_wraps: np.arange(30.) / 7, dtype float64
  BOOST_TEST(fmt::format("{}", (from_index<double, 30>([](double i) { return i / 7; }))) ==
             "[0.         0.14285714 0.28571429 0.42857143 0.57142857 0.71428571\n"
             " 0.85714286 1.         1.14285714 1.28571429 1.42857143 1.57142857\n"
             " 1.71428571 1.85714286 2.         2.14285714 2.28571429 2.42857143\n"
             " 2.57142857 2.71428571 2.85714286 3.         3.14285714 3.28571429\n"
             " 3.42857143 3.57142857 3.71428571 3.85714286 4.         4.14285714]");
  // rank3: np.arange(24.).reshape(2, 3, 4) / 4 - 2, dtype float64
  BOOST_TEST(fmt::format("{}", (from_index<double, 2, 3, 4>([](double i) { return i / 4 - 2; }))) ==
             "[[[-2.   -1.75 -1.5  -1.25]\n"
             "  [-1.   -0.75 -0.5  -0.25]\n"
             "  [ 0.    0.25  0.5   0.75]]\n"
             "\n"
             " [[ 1.    1.25  1.5   1.75]\n"
             "  [ 2.    2.25  2.5   2.75]\n"
             "  [ 3.    3.25  3.5   3.75]]]");
}

BOOST_AUTO_TEST_CASE(scientific_floats_print_like_numpy) {
  // small_switch_to_scientific: np.array([-4.04572e-07, 1., 0.5]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 3>({-4.04572e-07, 1., 0.5}))) ==
             "[-4.04572e-07  1.00000e+00  5.00000e-01]");
  // ratio_over_1000: np.array([0.5, 600.]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 2>({0.5, 600.}))) == "[5.e-01 6.e+02]");
  // large: np.array([1e8, 1.5]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 2>({1e8, 1.5}))) == "[1.0e+08 1.5e+00]");
  // large_many_digits: np.array([123456789., 1.]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 2>({123456789., 1.}))) ==
             "[1.23456789e+08 1.00000000e+00]");
  // three_digit_exponent: np.array([1e-5, 1e100]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 2>({1e-5, 1e100}))) == "[1.e-005 1.e+100]");
  // more_than_8_digits_scientific: np.array([1.23456789012e-5, 1., -2.5]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 3>({1.23456789012e-5, 1., -2.5}))) ==
             "[ 1.23456789e-05  1.00000000e+00 -2.50000000e+00]");
  // round_half_even: np.array([2.0**-14, 1.123456789e-5]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 2>({1. / 16384, 1.123456789e-5}))) ==
             "[6.10351562e-05 1.12345679e-05]");
}

BOOST_AUTO_TEST_CASE(large_tensors_are_summarised_like_numpy) {
  // summarised_ints: np.arange(2000).reshape(2, 1000), dtype int64
  Tensor<int, 2, 1000> t;  // 2000 elements: past numpy's threshold of 1000
  std::iota(t.begin(), t.end(), 0);
  BOOST_TEST(fmt::format("{}", t) ==
             "[[   0    1    2 ...  997  998  999]\n"
             " [1000 1001 1002 ... 1997 1998 1999]]");
  // summarised_1d: np.arange(1001.) / 4, dtype float64
  BOOST_TEST(fmt::format("{}", (from_index<double, 1001>([](double i) { return i / 4; }))) ==
             "[  0.     0.25   0.5  ... 249.5  249.75 250.  ]");
  // 1e9 is not shown, so it neither widens the columns nor switches to scientific notation
  // summarised_hidden_outlier: np.where(np.arange(1100) == 500, 1e9, np.arange(1100.) + 100), dtype float64
  auto outlier = from_index<double, 1100>([](double i) { return i + 100; });
  outlier.data()[500] = 1e9;
  BOOST_TEST(fmt::format("{}", outlier) == "[ 100.  101.  102. ... 1197. 1198. 1199.]");
  // summarised_3d: np.arange(1120.).reshape(7, 2, 80) / 2 + 1, dtype float64
  BOOST_TEST(
      fmt::format("{}", (from_index<double, 7, 2, 80>([](double i) { return i / 2 + 1; }))) ==
      "[[[  1.    1.5   2.  ...  39.5  40.   40.5]\n"
      "  [ 41.   41.5  42.  ...  79.5  80.   80.5]]\n"
      "\n"
      " [[ 81.   81.5  82.  ... 119.5 120.  120.5]\n"
      "  [121.  121.5 122.  ... 159.5 160.  160.5]]\n"
      "\n"
      " [[161.  161.5 162.  ... 199.5 200.  200.5]\n"
      "  [201.  201.5 202.  ... 239.5 240.  240.5]]\n"
      "\n"
      " ...\n"
      "\n"
      " [[321.  321.5 322.  ... 359.5 360.  360.5]\n"
      "  [361.  361.5 362.  ... 399.5 400.  400.5]]\n"
      "\n"
      " [[401.  401.5 402.  ... 439.5 440.  440.5]\n"
      "  [441.  441.5 442.  ... 479.5 480.  480.5]]\n"
      "\n"
      " [[481.  481.5 482.  ... 519.5 520.  520.5]\n"
      "  [521.  521.5 522.  ... 559.5 560.  560.5]]]");
  // summarised_short_axis: np.arange(1006.).reshape(2, 503), dtype float64
  BOOST_TEST(fmt::format("{}", (from_index<double, 2, 503>([](double i) { return i; }))) ==
             "[[0.000e+00 1.000e+00 2.000e+00 ... 5.000e+02 5.010e+02 5.020e+02]\n"
             " [5.030e+02 5.040e+02 5.050e+02 ... 1.003e+03 1.004e+03 1.005e+03]]");
}

BOOST_AUTO_TEST_CASE(nan_and_inf_print_like_numpy) {
  // nan_inf: np.array([np.nan, 1.5, -np.inf, np.inf]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 4>({not_a_number, 1.5, -infinity, infinity}))) ==
             "[ nan  1.5 -inf  inf]");
  // nan_inf_scientific: np.array([1e-5, np.nan, np.inf]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 3>({1e-5, not_a_number, infinity}))) ==
             "[1.e-05    nan    inf]");
  // only_nan_inf: np.array([np.nan, -np.inf]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 2>({not_a_number, -infinity}))) == "[ nan -inf]");
  // only_nan: np.array([np.nan, np.nan]), dtype float64
  BOOST_TEST(fmt::format("{}", (of<double, 2>({not_a_number, not_a_number}))) == "[nan nan]");
}

BOOST_AUTO_TEST_CASE(float32_prints_its_own_shortest_digits_like_numpy) {
  // float32_thirds: np.arange(1, 4, dtype=f32) / f32(3), dtype float32
  BOOST_TEST(fmt::format("{}", (from_index<float, 3>([](float i) { return (i + 1) / 3; }))) ==
             "[0.33333334 0.6666667  1.        ]");
  // float64_thirds: np.arange(1, 4, dtype=np.float64) / 3, dtype float64
  BOOST_TEST(fmt::format("{}", (from_index<double, 3>([](double i) { return (i + 1) / 3; }))) ==
             "[0.33333333 0.66666667 1.        ]");
  // float32_tenths: np.arange(1, 4, dtype=f32) / f32(10), dtype float32
  BOOST_TEST(fmt::format("{}", (from_index<float, 3>([](float i) { return (i + 1) / 10; }))) ==
             "[0.1 0.2 0.3]");
  // float32_scientific: np.array([f32(3) / f32(10), f32(1.2345678e-5)]), dtype float32
  BOOST_TEST(fmt::format("{}", (of<float, 2>({3.0f / 10.0f, static_cast<float>(1.2345678e-5)}))) ==
             "[3.0000001e-01 1.2345678e-05]");
  // float32_min_below_1e-4: np.array([f32(1) / f32(10000), f32(1) / f32(100)]), dtype float32
  BOOST_TEST(fmt::format("{}", (of<float, 2>({1.0f / 10000.0f, 1.0f / 100.0f}))) ==
             "[1.e-04 1.e-02]");
  // float32_mantissas_padded: np.array([f32(1) / f32(10), f32(10000001) / f32(100000)]), dtype float32
  BOOST_TEST(fmt::format("{}", (of<float, 2>({1.0f / 10.0f, 10000001.0f / 100000.0f}))) ==
             "[1.0000000e-01 1.0000001e+02]");
  // 10 / 0.01f is 1000.0000224 in double but 1000 in float32: numpy divides in float32
  // float32_ratio_in_float32: np.array([f32(1) / f32(100), f32(10)]), dtype float32
  BOOST_TEST(fmt::format("{}", (of<float, 2>({1.0f / 100.0f, 10.0f}))) == "[ 0.01 10.  ]");
  // float32 53999568 has the shortest repr 53999570, but arrays print every digit of the units
  // float32_whole_integer_part: np.array([f32(53999568), f32(100000)]), dtype float32
  BOOST_TEST(fmt::format("{}", (of<float, 2>({53999568.0f, 100000.0f}))) ==
             "[53999568.   100000.]");
}

BOOST_AUTO_TEST_CASE(rank_0_prints_its_scalar_like_numpy) {
  // scalar: np.array(4.0), dtype float64
  BOOST_TEST(fmt::format("{}", Tensor<double>::full(4.0)) == "4.0");
  // scalar_small: np.array(1.5e-5), dtype float64
  BOOST_TEST(fmt::format("{}", Tensor<double>::full(1.5e-5)) == "1.5e-05");
  // scalar_int: np.array(-7), dtype int64
  BOOST_TEST(fmt::format("{}", Tensor<long>::full(-7L)) == "-7");
  BOOST_TEST(fmt::format("{:.2f}", Tensor<double>::full(4.0)) == "4.00");
}
