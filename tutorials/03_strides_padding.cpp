// Tutorial 3: strides and padding in the backward pass.
//
// The backward pass of a strided, padded convolution reuses the stride-1, unpadded machinery with
// two helpers: insert_zeros turns a strided gradient into a stride-1 one (the skipped window
// positions get gradient zero), and remove_padding drops the rows and columns that padding added,
// which were never part of z. Following one layer through, every intermediate shape is checked by
// the compiler and printed here with its arithmetic.
#include <ctnn/conv.hpp>
#include <ctnn/flip_hw.hpp>
#include <ctnn/format.hpp>
#include <ctnn/insert_zeros.hpp>
#include <ctnn/pad.hpp>
#include <ctnn/swap_axes.hpp>

#include <type_traits>

int main() {
  //! [layer]
  // One 7x7 image, one 3x3 kernel, padding 1, stride 2.
  const ctnn::Tensor<double, 1, 1, 7, 7> z;  // (N, C, H, W)
  const ctnn::Tensor<double, 1, 1, 3, 3> K;  // (C, D, k1, k2)
  const ctnn::Tensor<double, 1> b;           // (D,)
  constexpr auto padding = ctnn::padding<1, 1>;
  constexpr auto strides = ctnn::strides<2, 2>;
  const auto next_z = ctnn::conv_forward(z, K, b, padding, strides);
  fmt::print("forward: z {} -> next_z {}, H' = (7 + 2*1 - 3)/2 + 1 = 4\n", z.shape, next_z.shape);
  //! [layer]

  //! [dz_steps]
  const decltype(next_z) next_dz;  // the gradient arriving from above: (N, D, H', W')
  // 1. insert S - 1 zeros between rows and columns: (H' - 1) S + 1
  const auto spread = ctnn::insert_zeros(next_dz, strides);
  fmt::print("1. insert_zeros: {} -> {}, (4 - 1)*2 + 1 = 7\n", next_dz.shape, spread.shape);
  // 2. surround with k - 1 zeros, so that every output position meets every kernel tap
  const auto p_spread = ctnn::pad(spread, ctnn::padding<2, 2>);
  fmt::print("2. pad by k - 1 = 2: {} -> {}, 7 + 2*2 = 11\n", spread.shape, p_spread.shape);
  // 3. stride-1 convolution with the rotated kernel, D channels back to C: eq. (8)
  const auto dpz = ctnn::conv_forward(p_spread, ctnn::swap_axes<0, 1>(ctnn::flip_hw(K)),
                                      ctnn::Tensor<double, 1>{});
  fmt::print("3. convolve with rot180(K): {} -> {}, 11 - 3 + 1 = 9 = 7 + 2*1, the padded input\n",
             p_spread.shape, dpz.shape);
  // 4. the padding was not part of z: eq. (9)
  const auto dz = ctnn::remove_padding(dpz, padding);
  fmt::print("4. remove_padding 1: {} -> {}, 9 - 2*1 = 7 = z's extent\n", dpz.shape, dz.shape);
  static_assert(std::is_same_v<decltype(dz), decltype(z)>);
  //! [dz_steps]

  //! [dK_shapes]
  // eq. (5): dK correlates the PADDED input with the spread gradient, summing over the batch.
  const auto dK = ctnn::conv_forward(ctnn::swap_axes<0, 1>(ctnn::pad(z, padding)), spread,
                                     ctnn::Tensor<double, 1>{});
  fmt::print("dK from the padded input: {}, 9 - 7 + 1 = 3 = k\n", dK.shape);
  // The original correlates the UNPADDED z: 7 - 7 + 1 = 1, a (1, 1, 1, 1) "gradient" that numpy
  // broadcasts over K without a word. In ctnn, K -= 0.001 * dK_original does not compile.
  const auto dK_original =
      ctnn::conv_forward(ctnn::swap_axes<0, 1>(z), spread, ctnn::Tensor<double, 1>{});
  fmt::print("dK from the unpadded input, as the original: {}, 7 - 7 + 1 = 1\n", dK_original.shape);
  //! [dK_shapes]

  //! [small]
  // The two helpers on numbers small enough to check by eye.
  const ctnn::Tensor<int, 1, 1, 2, 2> g{1, 2, 3, 4};
  fmt::print("insert_zeros(g, strides (2, 3)) =\n{}\n", ctnn::insert_zeros(g, ctnn::strides<2, 3>));
  ctnn::Tensor<int, 1, 1, 4, 4> p;
  for (int i = 0; i < 16; ++i) p.data()[i] = i + 1;
  fmt::print("remove_padding(1..16 as 4x4, padding (1, 1)) =\n{}\n",
             ctnn::remove_padding(p, ctnn::padding<1, 1>));
  //! [small]
}
