#define BOOST_TEST_MODULE math
#include <boost/test/unit_test.hpp>
#include <ctnn/math.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <type_traits>

using ctnn::Tensor;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
}  // namespace

BOOST_AUTO_TEST_CASE(abs_drops_the_sign) {
  const auto a = ctnn::abs(Tensor<double, 6>{-1.5, 0.0, 2.5, -0.0, -inf, -not_a_number});
  BOOST_TEST(a(0) == 1.5);
  BOOST_TEST(a(1) == 0.0);
  BOOST_TEST(a(2) == 2.5);
  BOOST_TEST((a(3) == 0.0 && !std::signbit(a(3))));  // np.abs(-0.0) is 0.0
  BOOST_TEST(a(4) == inf);
  BOOST_TEST((std::isnan(a(5)) && !std::signbit(a(5))));  // numpy clears a NaN's sign too
  BOOST_TEST((ctnn::abs(Tensor<int, 3>{-7, 7, std::numeric_limits<int>::min()}) ==
              Tensor<int, 3>{7, 7, std::numeric_limits<int>::min()}));  // np.abs wraps too
  BOOST_TEST((ctnn::abs(Tensor<float, 2>{-0.25f, 3.0f}) == Tensor<float, 2>{0.25f, 3.0f}));
}

BOOST_AUTO_TEST_CASE(exp_log_sqrt_of_known_values) {
  // Reference values: e = 2.718281828459045..., 1/e = 0.36787944117144233..., ln 10 =
  // 2.302585092994046..., sqrt(2) = 1.4142135623730951... (17 significant digits). The C
  // library's exp and log are within one unit in the last place: tolerance 1e-15 relative.
  const auto e = ctnn::exp(Tensor<double, 5>{0.0, 1.0, -1.0, 710.0, -750.0});
  BOOST_TEST(e(0) == 1.0);  // exact
  BOOST_TEST(e(1) == 2.718281828459045, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(e(2) == 0.36787944117144233, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(e(3) == inf);  // overflow, as np.exp(710.0)
  BOOST_TEST(e(4) == 0.0);  // underflow, as np.exp(-750.0)

  const auto l = ctnn::log(Tensor<double, 5>{1.0, 2.718281828459045, 10.0, 0.0, -1.0});
  BOOST_TEST(l(0) == 0.0);  // exact
  BOOST_TEST(l(1) == 1.0, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(l(2) == 2.302585092994046, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(l(3) == -inf);      // np.log(0.0)
  BOOST_TEST(std::isnan(l(4)));  // np.log(-1.0)

  // Square roots are correctly rounded (IEEE 754): exactly numpy's values.
  const auto s = ctnn::sqrt(Tensor<double, 5>{4.0, 2.0, 0.25, -0.0, -1.0});
  BOOST_TEST(s(0) == 2.0);
  BOOST_TEST(s(1) == 1.4142135623730951);
  BOOST_TEST(s(2) == 0.5);
  BOOST_TEST((s(3) == 0.0 && std::signbit(s(3))));  // sqrt(-0.0) is -0.0, as np.sqrt's
  BOOST_TEST(std::isnan(s(4)));

  // float: e = 2.7182817f to float's 7 digits; tolerance 2 units in the last place (2.4e-7).
  const auto f = ctnn::exp(Tensor<float, 2>{1.0f, 0.0f});
  static_assert(std::is_same_v<decltype(f), const Tensor<float, 2>>);
  BOOST_TEST(f(0) == 2.7182817f, boost::test_tools::tolerance(2.4e-7f));
  BOOST_TEST(f(1) == 1.0f);
  BOOST_TEST(ctnn::sqrt(Tensor<float, 1>{2.0f})(0) == 1.41421354f);  // float's nearest
}

BOOST_AUTO_TEST_CASE(exp_then_log_round_trips) {
  Tensor<double, 3, 4> x;
  std::iota(x.begin(), x.end(), -5.5);  // -5.5, -4.5, ..., 5.5
  const auto back = ctnn::log(ctnn::exp(x));
  for (std::size_t i = 0; i < x.size; ++i)  // a few units in the last place of values up to 5.5
    BOOST_TEST(back.data()[i] == x.data()[i], boost::test_tools::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(maximum_with_a_scalar_is_the_relu) {
  //! [relu]
  const Tensor<double, 2, 3> y{-2.0, -0.5, 0.0,  //
                               0.5,  1.0,  3.0};
  const auto relu = ctnn::maximum(y, 0);  // np.maximum(y, 0)
  BOOST_TEST((relu == Tensor<double, 2, 3>{0.0, 0.0, 0.0, 0.5, 1.0, 3.0}));
  //! [relu]
  BOOST_TEST((ctnn::minimum(y, 1.0) == Tensor<double, 2, 3>{-2.0, -0.5, 0.0, 0.5, 1.0, 1.0}));
  BOOST_TEST((ctnn::maximum(Tensor<float, 2>{-1.0f, 2.0f}, 0.0f) == Tensor<float, 2>{0.0f, 2.0f}));
  BOOST_TEST((ctnn::maximum(Tensor<int, 3>{-1, 0, 4}, 1) == Tensor<int, 3>{1, 1, 4}));
  // clipping to [lo, hi] is np.minimum(np.maximum(t, lo), hi)
  BOOST_TEST((ctnn::minimum(ctnn::maximum(y, -1.0), 1.0) ==
              Tensor<double, 2, 3>{-1.0, -0.5, 0.0, 0.5, 1.0, 1.0}));
}

BOOST_AUTO_TEST_CASE(maximum_and_minimum_of_two_tensors) {
  const Tensor<double, 4> a{1.0, -2.0, 3.0, 0.5};
  const Tensor<double, 4> b{0.0, -1.0, 3.0, 2.0};
  BOOST_TEST((ctnn::maximum(a, b) == Tensor<double, 4>{1.0, -1.0, 3.0, 2.0}));
  BOOST_TEST((ctnn::minimum(a, b) == Tensor<double, 4>{0.0, -2.0, 3.0, 0.5}));
}

BOOST_AUTO_TEST_CASE(maximum_and_minimum_propagate_nan_and_order_zeros_as_numpy) {
  // What numpy 1.24.2 prints: np.maximum([-0.0, 0.0, nan, 1.0], [0.0, -0.0, 1.0, nan]) is
  // [0.0, -0.0, nan, nan]: a NaN on either side wins, and on a tie the second value is taken.
  const Tensor<double, 4> a{-0.0, 0.0, not_a_number, 1.0};
  const Tensor<double, 4> b{0.0, -0.0, 1.0, not_a_number};
  for (const auto& m : {ctnn::maximum(a, b), ctnn::minimum(a, b)}) {
    BOOST_TEST((m(0) == 0.0 && !std::signbit(m(0))));
    BOOST_TEST((m(1) == 0.0 && std::signbit(m(1))));
    BOOST_TEST(std::isnan(m(2)));
    BOOST_TEST(std::isnan(m(3)));
  }
  const auto relu = ctnn::maximum(a, 0.0);  // np.maximum(a, 0.0): [0.0, 0.0, nan, 1.0]
  BOOST_TEST(!std::signbit(relu(0)));
  BOOST_TEST(std::isnan(relu(2)));
  BOOST_TEST(relu(3) == 1.0);
}

BOOST_AUTO_TEST_CASE(sum_of_all_elements) {
  Tensor<double, 2, 3, 4> t;
  std::iota(t.begin(), t.end(), 0.0);  // 0 + 1 + ... + 23 = 23 * 24 / 2 = 276
  BOOST_TEST(ctnn::sum(t) == 276.0);
  BOOST_TEST(ctnn::sum(Tensor<int, 2, 2>{1, -2, 3, -4}) == -2);
  BOOST_TEST(ctnn::sum(Tensor<double>::full(2.5)) == 2.5);  // rank 0
  // 0.1 ten times: one running sum gives 0.9999999999999999; numpy's pairwise order (eight
  // running sums, then 0.2 + ... in pairs) gives 1.0 exactly: np.sum([0.1] * 10) == 1.0.
  BOOST_TEST(ctnn::sum(Tensor<double, 10>::full(0.1)) == 1.0);
}

BOOST_AUTO_TEST_CASE(sum_adds_in_numpy_order) {
  // In float, 2^24 + 1 is a tie and rounds to 2^24 (even). Sixteen values 2^24, 1, ..., 1:
  // eight running sums hold 2^24 (its 1 lost), 2, ..., 2, and add up to 2^24 + 14 exactly.
  Tensor<float, 16> v = Tensor<float, 16>::full(1.0f);
  v(0) = 16777216.0f;
  BOOST_TEST(ctnn::sum(v) == 16777230.0f);  // numpy: 16777230.0

  // numpy reads a contiguous run 8192 elements at a time: blocks added pairwise, then in turn.
  // 8193 values, 2^24 at 0, 1 at 4096 and at 8192, zeros elsewhere. Block 0 holds 2^24 and 1:
  // 2^24 (the 1 lost); block 1 holds the other 1: 2^24 + 1 is 2^24 again. Halving all 8193
  // instead would pair the two ones first and give 2^24 + 2. numpy: 16777216.0.
  Tensor<float, 8193> w;
  w(0) = 16777216.0f;
  w(4096) = 1.0f;
  w(8192) = 1.0f;
  BOOST_TEST(ctnn::sum(w) == 16777216.0f);
}

BOOST_AUTO_TEST_CASE(sum_along_an_axis) {
  //! [sum_axis]
  Tensor<double, 2, 3, 4> t;                        // t(i, j, k) = 12 i + 4 j + k
  std::iota(t.begin(), t.end(), 0.0);               // np.arange(24.0).reshape(2, 3, 4)
  const Tensor<double, 3, 4> s0 = ctnn::sum<0>(t);  // np.sum(t, axis=0): 12 + 8 j + 2 k
  const Tensor<double, 2, 4> s1 = ctnn::sum<1>(t);  // np.sum(t, axis=1): 36 i + 12 + 3 k
  const Tensor<double, 2, 3> s2 = ctnn::sum<2>(t);  // np.sum(t, axis=2): 48 i + 16 j + 6
  //! [sum_axis]
  for (std::size_t j = 0; j < 3; ++j)
    for (std::size_t k = 0; k < 4; ++k)
      BOOST_TEST(s0(j, k) == 12.0 + 8.0 * static_cast<double>(j) + 2.0 * static_cast<double>(k));
  for (std::size_t i = 0; i < 2; ++i)
    for (std::size_t k = 0; k < 4; ++k)
      BOOST_TEST(s1(i, k) == 36.0 * static_cast<double>(i) + 12.0 + 3.0 * static_cast<double>(k));
  for (std::size_t i = 0; i < 2; ++i)
    for (std::size_t j = 0; j < 3; ++j)
      BOOST_TEST(s2(i, j) == 48.0 * static_cast<double>(i) + 16.0 * static_cast<double>(j) + 6.0);
  // Summing every axis in turn gives the sum of all.
  BOOST_TEST(ctnn::sum<0>(ctnn::sum<0>(s2))() == 276.0);
  BOOST_TEST(ctnn::sum<0>(Tensor<int, 3>{1, 2, 3})() == 6);  // rank 1 -> rank 0
}

BOOST_AUTO_TEST_CASE(sum_along_an_axis_adds_in_numpy_order) {
  // Rows (2, 16) of 2^24, 1, ..., 1 in float: the last axis is contiguous, added pairwise as
  // sum(): 2^24 + 14 each (numpy: [16777230.0, 16777230.0]).
  Tensor<float, 2, 16> rows = Tensor<float, 2, 16>::full(1.0f);
  rows(0, 0) = rows(1, 0) = 16777216.0f;
  BOOST_TEST((ctnn::sum<1>(rows) == Tensor<float, 2>{16777230.0f, 16777230.0f}));
  // The same values down columns (16, 2): numpy adds row after row, one running sum per column,
  // and every 1 is lost: [16777216.0, 16777216.0].
  Tensor<float, 16, 2> columns = Tensor<float, 16, 2>::full(1.0f);
  columns(0, 0) = columns(0, 1) = 16777216.0f;
  BOOST_TEST((ctnn::sum<0>(columns) == Tensor<float, 2>{16777216.0f, 16777216.0f}));
  // A column (16, 1) is contiguous again (numpy drops the extent 1): pairwise, 2^24 + 14.
  Tensor<float, 16, 1> column = Tensor<float, 16, 1>::full(1.0f);
  column(0, 0) = 16777216.0f;
  BOOST_TEST(ctnn::sum<0>(column)(0) == 16777230.0f);
}

BOOST_AUTO_TEST_CASE(integer_sums_wrap_around) {
  // np.sum(np.array([100, 100, 100], np.int8), dtype=np.int8) is 300 - 256 = 44.
  BOOST_TEST(ctnn::sum(Tensor<std::int8_t, 3>::full(std::int8_t{100})) == 44);
  const Tensor<std::int8_t, 2, 2> t = Tensor<std::int8_t, 2, 2>::full(std::int8_t{100});
  BOOST_TEST((ctnn::sum<0>(t) == Tensor<std::int8_t, 2>::full(std::int8_t{-56})));  // 200 - 256
  BOOST_TEST(ctnn::sum(Tensor<int, 2>::full(std::numeric_limits<int>::max())) == -2);
}
