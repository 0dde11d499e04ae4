#define BOOST_TEST_MODULE numpy_random
#include <boost/test/unit_test.hpp>
#include <ctnn/numpy_random.hpp>

#include <cstdint>

#include "ctnn_test.hpp"

namespace {
const auto golden = ctnn_test::read_fixtures(CTNN_TEST_DATA_DIR "/randn_golden.txt");

// Exactly equal, bit for bit: the generator must reproduce numpy, not approximate it.
template <std::size_t... Dims>
void check_equal(const ctnn::Tensor<double, Dims...>& got, const std::string& name) {
  const auto want = ctnn_test::fixture_tensor<double, Dims...>(golden, name);
  for (std::size_t i = 0; i < got.size; ++i) BOOST_TEST(got.data()[i] == want.data()[i]);
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
