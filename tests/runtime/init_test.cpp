#define BOOST_TEST_MODULE init
#include <boost/test/unit_test.hpp>
#include <ctnn/init.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

using ctnn::Tensor;
using ctnn::numpy::RandomState;

namespace {

// Exactly equal, bit for bit, value by value in row-major order.
template <class T, std::size_t... Dims>
void check_equal(const Tensor<T, Dims...>& got, const std::vector<double>& want) {
  BOOST_TEST_REQUIRE(got.size == want.size());
  for (std::size_t i = 0; i < got.size; ++i)
    BOOST_TEST(static_cast<double>(got.data()[i]) == want[i]);
}

struct moments {
  double mean = 0, variance = 0, smallest = 0, largest = 0;
};

template <class T, std::size_t... Dims>
moments moments_of(const Tensor<T, Dims...>& t) {
  moments m{0, 0, std::numeric_limits<double>::infinity(),
            -std::numeric_limits<double>::infinity()};
  for (T x : t) {
    m.mean += static_cast<double>(x);
    m.smallest = std::min(m.smallest, static_cast<double>(x));
    m.largest = std::max(m.largest, static_cast<double>(x));
  }
  m.mean /= static_cast<double>(t.size);
  for (T x : t) m.variance += (static_cast<double>(x) - m.mean) * (static_cast<double>(x) - m.mean);
  m.variance /= static_cast<double>(t.size - 1);
  return m;
}

}  // namespace

BOOST_AUTO_TEST_CASE(zeros_and_ones) {
  BOOST_TEST((ctnn::zeros<double, 2, 3>() == Tensor<double, 2, 3>{0, 0, 0, 0, 0, 0}));
  BOOST_TEST((ctnn::ones<float, 3>() == Tensor<float, 3>{1.0f, 1.0f, 1.0f}));
  BOOST_TEST((ctnn::ones<std::int32_t, 2, 2>() == Tensor<std::int32_t, 2, 2>{1, 1, 1, 1}));
}

// Every number below was printed by numpy 1.24.2 running tests/data/make_uniform_reference.py.
BOOST_AUTO_TEST_CASE(uniform_matches_numpy_bit_for_bit) {
  //! [uniform]
  RandomState rng{0};                                      // np.random.seed(0)
  const auto a = ctnn::uniform<double, 2, 3>(rng, -1, 2);  // np.random.uniform(-1, 2, (2, 3))
  //! [uniform]
  check_equal(a, {0.6464405117819743, 1.1455680991172583, 0.8082901282149315, 0.6346495489906907,
                  0.270964398016714, 0.9376823391999682});
  // The generator goes on where it was, as numpy's does: then np.random.uniform(0, 1, (4,)).
  check_equal(ctnn::uniform<double, 4>(rng, 0, 1),
              {0.4375872112626925, 0.8917730007820798, 0.9636627605010293, 0.3834415188257777});
}

BOOST_AUTO_TEST_CASE(uniform_float_is_the_rounded_double) {
  // np.random.seed(42); np.random.uniform(-0.5, 0.5, (5,)).astype(np.float32)
  RandomState rng{42};
  check_equal(ctnn::uniform<float, 5>(rng, -0.5, 0.5),
              {-0.12545987963676453, 0.4507143199443817, 0.23199394345283508, 0.098658487200737,
               -0.3439813554286957});
}

BOOST_AUTO_TEST_CASE(uniform_and_randn_mix_in_numpy_order) {
  // np.random.seed(1); np.random.randn(3); np.random.uniform(10, 20, (2,)); np.random.randn(1):
  // randn(3) draws two pairs and keeps the fourth normal value, which uniform leaves alone and
  // the next randn returns.
  RandomState rng{1};
  check_equal(rng.randn<double, 3>(),
              {1.6243453636632417, -0.6117564136500754, -0.5281717522634557});
  check_equal(ctnn::uniform<double, 2>(rng, 10, 20), {13.967674742306698, 15.388167340033569});
  check_equal(rng.randn<double, 1>(), {-1.0729686221561705});
}

BOOST_AUTO_TEST_CASE(uniform_refuses_a_range_numpy_would_not_draw_from) {
  RandomState rng{0};
  const auto refused = [](const std::invalid_argument& e) {
    BOOST_TEST_MESSAGE(e.what());
    return std::string(e.what()).rfind("ctnn: uniform needs low <= high", 0) == 0;
  };
  const double inf = std::numeric_limits<double>::infinity();
  BOOST_CHECK_EXCEPTION((ctnn::uniform<double, 2>(rng, 1, 0)), std::invalid_argument, refused);
  BOOST_CHECK_EXCEPTION((ctnn::uniform<double, 2>(rng, 0, inf)), std::invalid_argument, refused);
  BOOST_CHECK_EXCEPTION((ctnn::uniform<double, 2>(rng, -1e308, 1e308)), std::invalid_argument,
                        refused);  // high - low overflows to inf
  BOOST_CHECK_EXCEPTION((ctnn::uniform<double, 2>(rng, std::nan(""), 1)), std::invalid_argument,
                        refused);
  BOOST_TEST((ctnn::uniform<double, 2>(rng, 3, 3) == Tensor<double, 2>{3, 3}));  // empty range
}

BOOST_AUTO_TEST_CASE(he_normal_is_randn_times_sqrt_2_over_fan_in) {
  //! [he_normal]
  RandomState rng{3};
  // K (C, D, k1, k2) = (3, 4, 3, 3): fan_in = C k1 k2 = 27, so the scale is sqrt(2 / 27)
  const auto K = ctnn::he_normal<double, 3, 4, 3, 3>(rng);
  //! [he_normal]
  RandomState same{3};
  const auto expected = same.randn<double, 3, 4, 3, 3>() * std::sqrt(2.0 / 27.0);
  BOOST_TEST((K == expected));  // exactly np.random.randn(3, 4, 3, 3) * np.sqrt(2 / 27)
  // W (I, O) = (5, 2): fan_in = 5. float: the double product, rounded.
  RandomState a{4}, b{4};
  const auto W = ctnn::he_normal<float, 5, 2>(a);
  const auto reference = b.randn<double, 5, 2>() * std::sqrt(2.0 / 5.0);
  for (std::size_t i = 0; i < W.size; ++i)
    BOOST_TEST(W.data()[i] == static_cast<float>(reference.data()[i]));
}

BOOST_AUTO_TEST_CASE(he_normal_has_variance_2_over_fan_in) {
  // K (64, 32, 3, 3): n = 18432 values, fan_in = 576, sigma^2 = 2 / 576 = 1 / 288, sigma = 0.0589.
  // Tolerances of 5 standard errors: the mean's is sigma / sqrt(n) = 4.3e-4, the variance's
  // relative one sqrt(2 / (n - 1)) = 1.04%. (The seed is fixed: the test is deterministic; the
  // tolerances say how close a correct implementation must come.)
  RandomState rng{0};
  const auto K = ctnn::he_normal<double, 64, 32, 3, 3>(rng);
  const moments m = moments_of(K);
  const double variance = 2.0 / 576.0, n = 64.0 * 32 * 9;
  BOOST_TEST(std::abs(m.mean) <= 5 * std::sqrt(variance / n));
  BOOST_TEST(std::abs(m.variance / variance - 1) <= 5 * std::sqrt(2 / (n - 1)));
  // A normal sample of 18432 reaches beyond 3 sigma (about 50 values) but not beyond 6 (1e-5).
  BOOST_TEST(m.largest > 3 * std::sqrt(variance));
  BOOST_TEST(m.largest < 6 * std::sqrt(variance));
  BOOST_TEST(m.smallest < -3 * std::sqrt(variance));
  BOOST_TEST(m.smallest > -6 * std::sqrt(variance));
}

BOOST_AUTO_TEST_CASE(xavier_uniform_is_uniform_in_plus_minus_a) {
  // W (I, O) = (6, 4): a = sqrt(6 / (6 + 4)) = sqrt(0.6).
  RandomState rng{5}, same{5};
  const auto W = ctnn::xavier_uniform<double, 6, 4>(rng);
  const double a = std::sqrt(6.0 / 10.0);
  BOOST_TEST((W == ctnn::uniform<double, 6, 4>(same, -a, a)));  // np.random.uniform(-a, a, (6, 4))
  // K (C, D, k1, k2) = (2, 3, 5, 5): fan_in = 50, fan_out = 75, a = sqrt(6 / 125).
  RandomState k{6}, k_same{6};
  const auto K = ctnn::xavier_uniform<float, 2, 3, 5, 5>(k);
  const double b = std::sqrt(6.0 / 125.0);
  BOOST_TEST((K == ctnn::uniform<float, 2, 3, 5, 5>(k_same, -b, b)));
}

BOOST_AUTO_TEST_CASE(xavier_uniform_has_variance_a_squared_over_3) {
  // K (64, 32, 3, 3): fan_in 576, fan_out 288, a^2 = 6 / 864, variance a^2 / 3 = 2 / 864. For a
  // uniform variable the sample variance's relative standard error is sqrt(0.8 / n) = 0.66%
  // (its kurtosis is 9/5); the mean's standard error is sqrt(a^2 / 3 / n). Tolerances: 5 of each.
  RandomState rng{0};
  const auto K = ctnn::xavier_uniform<double, 64, 32, 3, 3>(rng);
  const moments m = moments_of(K);
  const double a = std::sqrt(6.0 / 864.0), n = 64.0 * 32 * 9;
  BOOST_TEST(std::abs(m.mean) <= 5 * std::sqrt(a * a / 3 / n));
  BOOST_TEST(std::abs(m.variance / (a * a / 3) - 1) <= 5 * std::sqrt(0.8 / n));
  // Inside [-a, a), and close to both ends: the gap to each end is about 2a / n (4.8e-6); allow 20
  // times that.
  BOOST_TEST(m.smallest >= -a);
  BOOST_TEST(m.largest < a);
  BOOST_TEST(m.smallest < -a + 20 * 2 * a / n);
  BOOST_TEST(m.largest > a - 20 * 2 * a / n);
}
