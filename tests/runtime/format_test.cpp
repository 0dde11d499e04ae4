#define BOOST_TEST_MODULE format
#include <boost/test/unit_test.hpp>
#include <ctnn/format.hpp>

#include <numeric>

using ctnn::Tensor;

BOOST_AUTO_TEST_CASE(shapes_print_like_numpy) {
  BOOST_TEST(fmt::format("{}", Tensor<double, 3, 3, 28, 28>::shape) == "(3, 3, 28, 28)");
  BOOST_TEST(fmt::format("{}", Tensor<double, 4>::shape) == "(4,)");
}

BOOST_AUTO_TEST_CASE(small_tensors_print_whole_and_aligned) {
  //! [print]
  const Tensor<double, 2, 3> t{1, -2, 3, 4, 5.5, 6};
  BOOST_TEST(fmt::format("{}", t) == "[[  1  -2   3]\n [  4 5.5   6]]");
  BOOST_TEST(fmt::format("{:.1f}", t) == "[[ 1.0 -2.0  3.0]\n [ 4.0  5.5  6.0]]");
  //! [print]
  const Tensor<int, 2, 1, 2> r3{1, 2, 3, 4};
  BOOST_TEST(fmt::format("{}", r3) == "[[[1 2]]\n\n [[3 4]]]");
}

BOOST_AUTO_TEST_CASE(large_tensors_are_summarised) {
  Tensor<int, 2, 1000> t;  // 2000 elements: past numpy's threshold of 1000
  std::iota(t.begin(), t.end(), 0);
  BOOST_TEST(fmt::format("{}", t) ==
             "[[   0    1    2 ...  997  998  999]\n [1000 1001 1002 ... 1997 1998 1999]]");
}
