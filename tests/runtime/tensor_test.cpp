#define BOOST_TEST_MODULE tensor
#include <boost/test/unit_test.hpp>
#include <ctnn/tensor.hpp>

#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <utility>

using ctnn::Tensor;

BOOST_AUTO_TEST_CASE(storage_is_zeroed_and_64_byte_aligned) {
  Tensor<double, 3, 3, 28, 28> z;
  BOOST_TEST(reinterpret_cast<std::uintptr_t>(z.data()) % 64 == 0u);
  Tensor<float, 3> small;  // alignment does not depend on the size
  BOOST_TEST(reinterpret_cast<std::uintptr_t>(small.data()) % 64 == 0u);
  for (double x : z) BOOST_TEST(x == 0.0);
}

BOOST_AUTO_TEST_CASE(access_is_row_major) {
  Tensor<int, 2, 3, 4> t;
  std::iota(t.begin(), t.end(), 0);
  BOOST_TEST(t(0, 0, 3) == 3);
  BOOST_TEST(t(0, 1, 0) == 4);
  BOOST_TEST(t(1, 0, 0) == 12);
  BOOST_TEST(t(1, 2, 3) == 23);
  t(1, 1, 1) = -1;
  BOOST_TEST(t.data()[1 * 12 + 1 * 4 + 1] == -1);
}

BOOST_AUTO_TEST_CASE(copy_is_deep_and_move_steals) {
  Tensor<double, 2, 2> a{1, 2, 3, 4};
  Tensor<double, 2, 2> b = a;
  BOOST_TEST(b.data() != a.data());
  b(0, 0) = 9;
  BOOST_TEST(a(0, 0) == 1.0);

  const double* buffer = a.data();
  Tensor<double, 2, 2> c = std::move(a);
  BOOST_TEST(c.data() == buffer);
  BOOST_TEST(a.data() == nullptr);
  a = b;  // a moved-from tensor can be assigned to again
  BOOST_TEST(a(0, 0) == 9.0);
  BOOST_TEST(a.data() != b.data());
}

BOOST_AUTO_TEST_CASE(elementwise_arithmetic) {
  Tensor<double, 3> a{1, 2, 3};
  const Tensor<double, 3> b{0.5, 0.25, 0.125};
  BOOST_TEST((a + b == Tensor<double, 3>{1.5, 2.25, 3.125}));
  BOOST_TEST((a - b == Tensor<double, 3>{0.5, 1.75, 2.875}));
  a -= 0.5 * a;
  BOOST_TEST((a == Tensor<double, 3>{0.5, 1, 1.5}));
  a += b;
  a *= 2.0;
  BOOST_TEST((a == Tensor<double, 3>{2, 2.5, 3.25}));
}

#if CTNN_CHECK_BOUNDS
BOOST_AUTO_TEST_CASE(out_of_range_index_throws_with_axis_and_extent) {
  Tensor<float, 2, 5> t;
  BOOST_CHECK_EXCEPTION(t(1, 5), std::out_of_range, [](const std::out_of_range& e) {
    return std::string(e.what()) == "ctnn: index 5 on axis 1 is out of range [0, 5)";
  });
  BOOST_CHECK_THROW(t(2, 0), std::out_of_range);
  BOOST_CHECK_THROW(t(-1, 0), std::out_of_range);  // a negative index wraps to a huge one
  BOOST_CHECK_NO_THROW(t(1, 4));
}
#endif

BOOST_AUTO_TEST_CASE(element_wise_arithmetic) {
  const Tensor<double, 2, 2> a{1, 2, 3, 4}, b{2, 4, 6, 8};
  BOOST_TEST((a * b == Tensor<double, 2, 2>{2, 8, 18, 32}));  // numpy's a * b, not a matmul
  BOOST_TEST((b / a == Tensor<double, 2, 2>{2, 2, 2, 2}));
  BOOST_TEST((-a == Tensor<double, 2, 2>{-1, -2, -3, -4}));
  BOOST_TEST((a / 2 == Tensor<double, 2, 2>{0.5, 1, 1.5, 2}));  // an int divisor into double
  BOOST_TEST((0.5 * b == Tensor<double, 2, 2>{1, 2, 3, 4}));
  Tensor<float, 2> f{1.0f, 3.0f};
  f /= 2;  // an integer scalar into float: exact
  f *= 4.0f;
  BOOST_TEST((f == Tensor<float, 2>{2.0f, 6.0f}));
  Tensor<int, 3> i{7, 8, 9};
  i /= 2;  // an int scalar into an int tensor: C++'s integer division
  BOOST_TEST((i == Tensor<int, 3>{3, 4, 4}));
  BOOST_TEST((Tensor<long, 2>{1, 2} * 3 == Tensor<long, 2>{3, 6}));  // int into long widens
}
