#define BOOST_TEST_MODULE numpy_random
#include <boost/test/unit_test.hpp>
#include <ctnn/numpy_random.hpp>

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "ctnn_test.hpp"

namespace {
const auto golden = ctnn_test::read_fixtures(CTNN_TEST_DATA_DIR "/randn_golden.txt");

// Exactly equal, bit for bit: the generator must reproduce numpy, not approximate it.
template <std::size_t... Dims>
void check_equal(const ctnn::Tensor<double, Dims...>& got, const std::string& name) {
  const auto want = ctnn_test::fixture_tensor<double, Dims...>(golden, name);
  for (std::size_t i = 0; i < got.size; ++i) BOOST_TEST(got.data()[i] == want.data()[i]);
}

template <std::size_t N>
void check_permutation(const std::vector<std::size_t>& got, const ctnn::Tensor<double, N>& want) {
  BOOST_TEST_REQUIRE(got.size() == N);
  for (std::size_t i = 0; i < N; ++i) BOOST_TEST(static_cast<double>(got[i]) == want(i));
}
}  // namespace

BOOST_AUTO_TEST_CASE(randn_matches_numpy_bit_for_bit) {
  for (std::uint32_t seed : {0u, 1u, 42u, 4294967295u}) {
    BOOST_TEST_CONTEXT("seed " << seed) {
      //! [randn]
      ctnn::numpy::RandomState rng{seed};        // np.random.seed(seed)
      const auto a = rng.randn<double, 3, 5>();  // np.random.randn(3, 5)
      //! [randn]
      check_equal(a, "randn.seed" + std::to_string(seed));
      // 15 values leave one spare from the last pair: the next call must return it.
      check_equal(rng.randn<double, 1>(), "randn_after.seed" + std::to_string(seed));
    }
  }
}

BOOST_AUTO_TEST_CASE(random_sample_matches_numpy_bit_for_bit) {
  for (std::uint32_t seed : {0u, 1u, 42u, 4294967295u}) {
    ctnn::numpy::RandomState rng{seed};
    ctnn::Tensor<double, 4> u;
    for (double& x : u) x = rng.random_sample();
    check_equal(u, "random_sample.seed" + std::to_string(seed));
  }
}

BOOST_AUTO_TEST_CASE(float_tensors_are_rounded_doubles) {
  ctnn::numpy::RandomState a{7}, b{7};
  const auto f = a.randn<float, 10>();
  const auto d = b.randn<double, 10>();
  for (std::size_t i = 0; i < 10; ++i) BOOST_TEST(f(i) == static_cast<float>(d(i)));
}

BOOST_AUTO_TEST_CASE(permutation_matches_numpy_and_leaves_the_generator_where_numpy_does) {
  for (std::uint32_t seed : {0u, 1u, 42u, 4294967295u}) {
    BOOST_TEST_CONTEXT("seed " << seed) {
      ctnn::numpy::RandomState rng{seed};  // np.random.seed(seed)
      // np.random.permutation(10), then np.random.permutation(1000), from one generator.
      check_permutation(rng.permutation(10),
                        ctnn_test::fixture_tensor<double, 10>(
                            golden, "permutation10.seed" + std::to_string(seed)));
      check_permutation(rng.permutation(1000),
                        ctnn_test::fixture_tensor<double, 1000>(
                            golden, "permutation1000.seed" + std::to_string(seed)));
      ctnn::Tensor<double, 1> next;
      next(0) = rng.random_sample();
      check_equal(next, "after_permutation.seed" + std::to_string(seed));
    }
  }
}

BOOST_AUTO_TEST_CASE(shuffle_of_nothing_or_one_element_draws_nothing) {
  ctnn::numpy::RandomState a{5}, b{5};
  std::vector<int> empty, one{7};
  a.shuffle(std::span<int>(empty));
  a.shuffle(std::span<int>(one));
  BOOST_TEST(one[0] == 7);
  BOOST_TEST(a.random_sample() == b.random_sample());
}

BOOST_AUTO_TEST_CASE(random_interval_stays_in_range_and_refuses_64_bit_intervals) {
  ctnn::numpy::RandomState rng{3};
  for (std::uint64_t max : {0u, 1u, 2u, 5u, 255u, 256u, 1000u}) {
    for (int i = 0; i < 200; ++i) BOOST_TEST(rng.random_interval(max) <= max);
  }
  BOOST_CHECK_THROW(rng.random_interval(0x100000000ULL), std::length_error);
  // An interval of one value draws nothing (numpy's random_interval returns 0 at once).
  ctnn::numpy::RandomState a{9}, b{9};
  BOOST_TEST(a.random_interval(0) == 0u);
  BOOST_TEST(a.random_sample() == b.random_sample());
}
