#define BOOST_TEST_MODULE helpers
#include <boost/test/unit_test.hpp>
#include <ctnn/flip_hw.hpp>
#include <ctnn/insert_zeros.hpp>
#include <ctnn/pad.hpp>
#include <ctnn/swap_axes.hpp>

#include <numeric>
#include <type_traits>

using ctnn::Tensor;

BOOST_AUTO_TEST_CASE(pad_surrounds_with_zeros) {
  //! [pad]
  const Tensor<int, 1, 1, 2, 3> z{1, 2, 3, 4, 5, 6};              // (N, C, H, W)
  const auto pz = ctnn::pad(z, ctnn::padding<1, 2>);              // (1, 1, 2 + 2, 3 + 4)
  BOOST_TEST((pz == Tensor<int, 1, 1, 4, 7>{0, 0, 0, 0, 0, 0, 0,  //
                                            0, 0, 1, 2, 3, 0, 0,  //
                                            0, 0, 4, 5, 6, 0, 0,  //
                                            0, 0, 0, 0, 0, 0, 0}));
  //! [pad]
}

BOOST_AUTO_TEST_CASE(remove_padding_undoes_pad) {
  //! [remove_padding]
  Tensor<int, 2, 3, 4, 5> z;  // (N, C, H, W)
  std::iota(z.begin(), z.end(), 1);
  const auto padded = ctnn::pad(z, ctnn::padding<2, 1>);                // (2, 3, 8, 7)
  const auto back = ctnn::remove_padding(padded, ctnn::padding<2, 1>);  // (2, 3, 4, 5)
  BOOST_TEST((back == z));
  //! [remove_padding]
  BOOST_TEST((ctnn::remove_padding(z, ctnn::padding<0, 0>) == z));
  const auto cropped = ctnn::remove_padding(z, ctnn::padding<1, 2>);  // (2, 3, 2, 1)
  static_assert(std::is_same_v<decltype(cropped), const Tensor<int, 2, 3, 2, 1>>);
  BOOST_TEST(cropped(1, 2, 0, 0) == z(1, 2, 1, 2));
  BOOST_TEST(cropped(0, 1, 1, 0) == z(0, 1, 2, 2));
}

BOOST_AUTO_TEST_CASE(insert_zeros_between_rows_and_columns) {
  //! [insert_zeros]
  const Tensor<int, 1, 1, 2, 3> dz{1, 2, 3, 4, 5, 6};  // (N, D, H', W')
  // strides (2, 3): one zero row between rows, two zero columns between columns, none outside:
  // (H' - 1) * 2 + 1 = 3 rows, (W' - 1) * 3 + 1 = 7 columns.
  const auto spread = ctnn::insert_zeros(dz, ctnn::strides<2, 3>);
  BOOST_TEST((spread == Tensor<int, 1, 1, 3, 7>{1, 0, 0, 2, 0, 0, 3,  //
                                                0, 0, 0, 0, 0, 0, 0,  //
                                                4, 0, 0, 5, 0, 0, 6}));
  //! [insert_zeros]
  BOOST_TEST((ctnn::insert_zeros(dz, ctnn::strides<1, 1>) == dz));
  // floor_strides spread the same way: where the last window ended does not matter here
  BOOST_TEST((ctnn::insert_zeros(dz, ctnn::floor_strides<2, 3>) == spread));
}

BOOST_AUTO_TEST_CASE(flip_hw_turns_each_kernel_by_180_degrees) {
  //! [flip_hw]
  const Tensor<int, 1, 2, 2, 3> K{1, 2, 3, 4,  5,  6,    // (C, D, k1, k2): kernel d = 0
                                  7, 8, 9, 10, 11, 12};  //                kernel d = 1
  BOOST_TEST((ctnn::flip_hw(K) == Tensor<int, 1, 2, 2, 3>{6, 5, 4, 3, 2, 1,  //
                                                          12, 11, 10, 9, 8, 7}));
  //! [flip_hw]
  BOOST_TEST((ctnn::flip_hw(ctnn::flip_hw(K)) == K));
}

BOOST_AUTO_TEST_CASE(swap_axes_exchanges_two_axes) {
  //! [swap_axes]
  Tensor<int, 2, 3, 4, 5> z;  // (N, C, H, W)
  std::iota(z.begin(), z.end(), 0);
  const auto cn = ctnn::swap_axes<0, 1>(z);  // (C, N, H, W)
  static_assert(std::is_same_v<decltype(cn), const Tensor<int, 3, 2, 4, 5>>);
  BOOST_TEST(cn(2, 1, 3, 4) == z(1, 2, 3, 4));
  //! [swap_axes]
  const auto wh = ctnn::swap_axes<3, 2>(z);  // (N, C, W, H)
  static_assert(std::is_same_v<decltype(wh), const Tensor<int, 2, 3, 5, 4>>);
  for (int n = 0; n < 2; ++n)
    for (int c = 0; c < 3; ++c)
      for (int h = 0; h < 4; ++h)
        for (int w = 0; w < 5; ++w) BOOST_TEST(wh(n, c, w, h) == z(n, c, h, w));
  BOOST_TEST((ctnn::swap_axes<1, 0>(cn) == z));
  BOOST_TEST((ctnn::swap_axes<2, 2>(z) == z));
}
