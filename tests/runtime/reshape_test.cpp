#define BOOST_TEST_MODULE reshape
#include <boost/test/unit_test.hpp>
#include <ctnn/reshape.hpp>

#include <numeric>
#include <type_traits>

using ctnn::Tensor;

BOOST_AUTO_TEST_CASE(reshape_keeps_the_row_major_order) {
  //! [reshape]
  Tensor<int, 2, 3, 4> t;  // np.arange(24).reshape(2, 3, 4)
  std::iota(t.begin(), t.end(), 0);
  const auto m = ctnn::reshape<4, 6>(t);  // t.reshape(4, 6): rows 0..5, 6..11, 12..17, 18..23
  BOOST_TEST(m(0, 5) == 5);
  BOOST_TEST(m(1, 0) == 6);
  BOOST_TEST(m(3, 5) == 23);
  //! [reshape]
  static_assert(std::is_same_v<decltype(m), const Tensor<int, 4, 6>>);
  // t(i, j, k) = 12 i + 4 j + k lands at flat position 12 i + 4 j + k of any shape.
  const auto v = ctnn::reshape<24>(t);
  for (std::size_t i = 0; i < 24; ++i) BOOST_TEST(v(i) == static_cast<int>(i));
  const auto back = ctnn::reshape<2, 3, 4>(m);
  BOOST_TEST((back == t));
}

BOOST_AUTO_TEST_CASE(reshape_flattens_a_batch) {
  // (N, C, H, W) = (2, 3, 2, 2) -> (N, C H W) = (2, 12), as a fully connected layer reads it.
  Tensor<double, 2, 3, 2, 2> z;
  std::iota(z.begin(), z.end(), 1.0);
  const auto flat = ctnn::reshape<2, 3 * 2 * 2>(z);
  BOOST_TEST(flat(0, 0) == 1.0);
  BOOST_TEST(flat(0, 11) == 12.0);
  BOOST_TEST(flat(1, 0) == 13.0);  // item 1 starts after item 0's 12 values
  BOOST_TEST(flat(1, 11) == 24.0);
}

BOOST_AUTO_TEST_CASE(reshape_copies) {
  Tensor<int, 2, 2> t{1, 2, 3, 4};
  auto v = ctnn::reshape<4>(t);
  v(0) = 100;
  BOOST_TEST(t(0, 0) == 1);  // not a view: t is unchanged
  t(1, 1) = 40;
  BOOST_TEST(v(3) == 4);
}
