#define BOOST_TEST_MODULE conv
#include <boost/test/unit_test.hpp>
#include <ctnn/conv.hpp>

#include <type_traits>

#include "ctnn_test.hpp"

using ctnn::Tensor;

namespace {
// z(0, 0, h, w) = 5h + w + 1: the numbers 1..25 row by row.
Tensor<double, 1, 1, 5, 5> one_to_25() {
  Tensor<double, 1, 1, 5, 5> z;
  for (int i = 0; i < 25; ++i) z.data()[i] = i + 1;
  return z;
}
}  // namespace

BOOST_AUTO_TEST_CASE(forward_strided_by_hand) {
  //! [forward_strided]
  // A 5x5 input, a 3x3 kernel, stride 2: the window stops at rows/cols 0 and 2, so
  // H' = (5 + 2*0 - 3)/2 + 1 = 2.
  //
  //   z =  1  2  3  4  5     K = 1 0 0     each output is z at the window's corner, centre and
  //        6  7  8  9 10         0 1 0     opposite corner; along a diagonal of z those are
  //       11 12 13 14 15         0 0 1     c - 6, c, c + 6: three times the centre c.
  //       16 17 18 19 20
  //       21 22 23 24 25     out = 3 * [7 9; 17 19] + 0.5 = [21.5 27.5; 51.5 57.5]
  const auto z = one_to_25();                                     // (1, 1, 5, 5)
  const Tensor<double, 1, 1, 3, 3> K{1, 0, 0, 0, 1, 0, 0, 0, 1};  // (C, D, 3, 3)
  const Tensor<double, 1> b{0.5};
  const auto out = ctnn::conv_forward(z, K, b, ctnn::padding<0, 0>, ctnn::strides<2, 2>);
  static_assert(std::is_same_v<decltype(out), const Tensor<double, 1, 1, 2, 2>>);
  BOOST_TEST((out == Tensor<double, 1, 1, 2, 2>{21.5, 27.5, 51.5, 57.5}));
  //! [forward_strided]
}

BOOST_AUTO_TEST_CASE(backward_strided_by_hand) {
  //! [backward]
  // Same layer. A gradient of 1 at output (0, 0) only: that output read the window at rows and
  // columns 0..2, so dK is that window of z, dz is K placed there, and db is 1 (N = 1: no scaling).
  const auto z = one_to_25();
  const Tensor<double, 1, 1, 3, 3> K{1, 0, 0, 0, 1, 0, 0, 0, 1};
  const Tensor<double, 1, 1, 2, 2> top_left{1, 0, 0, 0};  // next_dz is (N, D, H', W')
  const auto [dK, db, dz] =
      ctnn::conv_backward(top_left, K, z, ctnn::padding<0, 0>, ctnn::strides<2, 2>);
  BOOST_TEST((dK == Tensor<double, 1, 1, 3, 3>{1, 2, 3, 6, 7, 8, 11, 12, 13}));
  BOOST_TEST((db == Tensor<double, 1>{1}));
  BOOST_TEST((dz == Tensor<double, 1, 1, 5, 5>{1, 0, 0, 0, 0,  //
                                               0, 1, 0, 0, 0,  //
                                               0, 0, 1, 0, 0,  //
                                               0, 0, 0, 0, 0,  //
                                               0, 0, 0, 0, 0}));
  //! [backward]

  // The bottom-right output read rows and columns 2..4: the stride moved the window by 2.
  const Tensor<double, 1, 1, 2, 2> bottom_right{0, 0, 0, 1};
  const auto g = ctnn::conv_backward(bottom_right, K, z, ctnn::padding<0, 0>, ctnn::strides<2, 2>);
  BOOST_TEST((g.dK == Tensor<double, 1, 1, 3, 3>{13, 14, 15, 18, 19, 20, 23, 24, 25}));
  BOOST_TEST(g.dz(0, 0, 2, 2) == 1.0);
  BOOST_TEST(g.dz(0, 0, 3, 3) == 1.0);
  BOOST_TEST(g.dz(0, 0, 4, 4) == 1.0);
  BOOST_TEST(g.dz(0, 0, 0, 0) == 0.0);
}

BOOST_AUTO_TEST_CASE(forward_asymmetric_by_hand) {
  // H != W, C != D, P1 != P2, S1 != S2: z (1, 2, 3, 4), K (2, 3, 3, 2), padding (1, 0), strides
  // (2, 1). H' = (3 + 2 - 3)/2 + 1 = 2, W' = (4 + 0 - 2)/1 + 1 = 3.
  //
  // z channel 0 holds 1..12 row by row; channel 1 is all ones.
  // K has tap (1, 0) = d + 1 on channel 0 and 10 (d + 1) on channel 1, for every d, and one more
  // tap (0, 1) = 100 on channel 0 of output 0. Window (i, j) starts at padded row 2i, column j;
  // its tap (1, 0) reads z row 2i, column j; its tap (0, 1) reads padded row 2i, which is the
  // zero padding for i = 0 and z row 1 for i = 1.
  //   out(d, i, j) = (d + 1) (z0(2i, j) + 10) + [d = 0] 100 pz0(2i, j + 1) + b(d)
  Tensor<double, 1, 2, 3, 4> z;
  for (int h = 0; h < 3; ++h)
    for (int w = 0; w < 4; ++w) {
      z(0, 0, h, w) = 4 * h + w + 1;
      z(0, 1, h, w) = 1;
    }
  Tensor<double, 2, 3, 3, 2> K;  // (C, D, k1, k2)
  for (int d = 0; d < 3; ++d) {
    K(0, d, 1, 0) = d + 1;
    K(1, d, 1, 0) = 10 * (d + 1);
  }
  K(0, 0, 0, 1) = 100;
  const Tensor<double, 3> b{0.5, -1, 2};
  const auto out = ctnn::conv_forward(z, K, b, ctnn::padding<1, 0>, ctnn::strides<2, 1>);
  static_assert(std::is_same_v<decltype(out), const Tensor<double, 1, 3, 2, 3>>);
  // z0 row 0 = 1 2 3 4, row 2 = 9 10 11 12, row 1 = 5 6 7 8.
  const Tensor<double, 1, 3, 2, 3> expected{11.5,
                                            12.5,
                                            13.5,
                                            19 + 600 + 0.5,
                                            20 + 700 + 0.5,
                                            21 + 800 + 0.5,  // d = 0
                                            21,
                                            23,
                                            25,
                                            37,
                                            39,
                                            41,  // d = 1: 2 (..) - 1
                                            35,
                                            38,
                                            41,
                                            59,
                                            62,
                                            65};  // d = 2: 3 (..) + 2
  BOOST_TEST((out == expected));
}

BOOST_AUTO_TEST_CASE(defaults_are_no_padding_and_stride_one) {
  const auto z = one_to_25();
  const Tensor<double, 1, 1, 3, 3> K{1, 0, 0, 0, 1, 0, 0, 0, 1};
  const Tensor<double, 1> b{0};
  BOOST_TEST((ctnn::conv_forward(z, K, b) ==
              ctnn::conv_forward(z, K, b, ctnn::padding<0, 0>, ctnn::strides<1, 1>)));
  BOOST_TEST((ctnn::conv_forward(z, K, b)(0, 0, 1, 2) == 3 * 14.0));
}

BOOST_AUTO_TEST_CASE(geometry_tags_in_either_order_or_alone) {
  const auto z = one_to_25();
  const Tensor<double, 1, 1, 3, 3> K{1, 0, 0, 0, 1, 0, 0, 0, 1};
  const Tensor<double, 1> b{0};
  const auto both = ctnn::conv_forward(z, K, b, ctnn::padding<1, 1>, ctnn::strides<2, 2>);
  BOOST_TEST((ctnn::conv_forward(z, K, b, ctnn::strides<2, 2>, ctnn::padding<1, 1>) == both));
  // strides alone: padding (0, 0); (5 - 3)/2 + 1 = 2; the window at (1, 1) starts at row 2, col 2
  const auto strided = ctnn::conv_forward(z, K, b, ctnn::strides<2, 2>);
  static_assert(std::is_same_v<decltype(strided), const Tensor<double, 1, 1, 2, 2>>);
  BOOST_TEST(strided(0, 0, 1, 1) == 13.0 + 19.0 + 25.0);
  // backward takes both, in either order, with the same result
  const Tensor<double, 1, 1, 3, 3> g{1, 2, 3, 4, 5, 6, 7, 8, 9};
  const auto a = ctnn::conv_backward(g, K, z, ctnn::padding<1, 1>, ctnn::strides<2, 2>);
  const auto c = ctnn::conv_backward(g, K, z, ctnn::strides<2, 2>, ctnn::padding<1, 1>);
  BOOST_TEST((a.dK == c.dK && a.db == c.db && a.dz == c.dz));
}

BOOST_AUTO_TEST_CASE(gradients_have_the_types_of_what_they_differentiate) {
  Tensor<float, 2, 3, 7, 6> z;
  Tensor<float, 3, 4, 3, 2> K;
  Tensor<float, 2, 4, 3, 5> next_dz;  // H' = (7 - 3)/2 + 1 = 3, W' = (6 - 2)/1 + 1 = 5
  auto [dK, db, dz] = ctnn::conv_backward(next_dz, K, z, ctnn::padding<0, 0>, ctnn::strides<2, 1>);
  static_assert(std::is_same_v<decltype(dK), Tensor<float, 3, 4, 3, 2>>);
  static_assert(std::is_same_v<decltype(db), Tensor<float, 4>>);
  static_assert(std::is_same_v<decltype(dz), Tensor<float, 2, 3, 7, 6>>);
  BOOST_TEST((dz == Tensor<float, 2, 3, 7, 6>{}));  // no gradient in, none out
}
