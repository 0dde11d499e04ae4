// Tutorial 4: the backward pass, equations (5), (6), (8) and (9).
//
// Given delta = dL/dz' (next_dz, shaped like the forward output), the layer needs three
// gradients: for its kernels (5), its biases (6), and its input (8), (9), which is the delta of
// the layer below. We compute each one step by step with the helpers of tutorial 3, check the
// steps against ctnn::conv_backward, explain the 1/N the original divides by, and finish with a
// gradient check you can run on any layer.
#include <ctnn/conv.hpp>
#include <ctnn/flip_hw.hpp>
#include <ctnn/format.hpp>
#include <ctnn/insert_zeros.hpp>
#include <ctnn/numpy_random.hpp>
#include <ctnn/pad.hpp>
#include <ctnn/reductions.hpp>
#include <ctnn/swap_axes.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>

int main() {
  // A batch of 2 images with 3 channels, 4 output channels, 3x2 kernels, padding (1, 0) and
  // strides (2, 1): H' = (7 + 2 - 3)/2 + 1 = 4, W' = (6 - 2)/1 + 1 = 5.
  ctnn::numpy::RandomState rng{0};
  auto z = rng.randn<double, 2, 3, 7, 6>();  // (N, C, H, W)
  auto K = rng.randn<double, 3, 4, 3, 2>();  // (C, D, k1, k2)
  auto b = rng.randn<double, 4>();           // (D,)
  constexpr auto padding = ctnn::padding<1, 0>;
  constexpr auto strides = ctnn::strides<2, 1>;
  const auto g =
      rng.randn<double, 2, 4, 4, 5>();  // delta, (N, D, H', W'): a random upstream gradient
  constexpr double N = 2;

  //! [steps]
  const auto spread = ctnn::insert_zeros(g, strides);  // (N, D, (H'-1) S1 + 1, (W'-1) S2 + 1)

  // eq. (5): dL/dK_{c,d,m,l} = sum_n sum_i sum_j spread_{n,d,i,j} pz_{n,c,i+m,j+l}.
  // With the batch axis swapped into the channel place, that sum over n is a convolution.
  const auto pz_cn = ctnn::swap_axes<0, 1>(ctnn::pad(z, padding));  // (C, N, H+2P1, W+2P2)
  const auto dK = ctnn::conv_forward(pz_cn, spread, ctnn::Tensor<double, 4>{});  // (C, D, k1, k2)

  // eq. (6): dL/db_d = sum_n sum_i sum_j delta_{n,d,i,j}
  ctnn::Tensor<double, 4> db;  // (D,)
  for (std::size_t n = 0; n < 2; ++n)
    for (std::size_t d = 0; d < 4; ++d)
      for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 5; ++j) db(d) += g(n, d, i, j);

  // eq. (8): dL/dpz = full correlation of the spread delta with rot180(K), D channels back to C.
  // rot180: output (i, j) saw input (i*S + m, j*S + l) through tap (m, l); going back, input
  // (p, q) collects from every output whose window covered it, which is the same sum with the
  // taps visited in reverse order.
  const auto K_dc = ctnn::swap_axes<0, 1>(ctnn::flip_hw(K));             // (D, C, k1, k2)
  const auto p_spread = ctnn::pad(spread, ctnn::padding<3 - 1, 2 - 1>);  // k - 1 zeros around
  const auto dpz =
      ctnn::conv_forward(p_spread, K_dc, ctnn::Tensor<double, 3>{});  // (N, C, H+2P1, W+2P2)

  // eq. (9): the padded border is not part of z.
  const auto dz = ctnn::remove_padding(dpz, padding);  // (N, C, H, W)
  //! [steps]

  //! [library]
  // ctnn::conv_backward does exactly these steps, then divides dK and db by N as the original.
  const auto grads = ctnn::conv_backward(g, K, z, padding, strides);
  fmt::print("eq. (5): conv_backward's dK times N equals the steps: {}\n",
             N * grads.dK == dK ? "yes" : "no");
  fmt::print("eq. (6): conv_backward's db times N equals the steps: {}\n",
             N * grads.db == db ? "yes" : "no");
  fmt::print("eqs. (8), (9): conv_backward's dz equals the steps: {}\n",
             grads.dz == dz ? "yes" : "no");
  //! [library]

  //! [gradcheck]
  // A gradient check: with L = <conv_forward(z, K, b), g> the exact gradients are dK and db
  // above (sums over the batch) and dz. Nudge every parameter by +-h and compare
  // (L(x + h) - L(x - h)) / 2h with them. L is linear in each single parameter, so the only
  // error is rounding.
  const auto loss = [&] { return ctnn::dot(ctnn::conv_forward(z, K, b, padding, strides), g); };
  double worst = 0;
  const auto check = [&](auto& x, const auto& exact) {
    for (std::size_t i = 0; i < x.size; ++i) {
      const double keep = x.data()[i], h = 1e-2;
      x.data()[i] = keep + h;
      const double up = loss();
      x.data()[i] = keep - h;
      const double down = loss();
      x.data()[i] = keep;
      const double numeric = (up - down) / (2 * h), analytic = exact.data()[i];
      worst = std::max(worst, std::abs(numeric - analytic) /
                                  std::max({std::abs(numeric), std::abs(analytic), 1e-300}));
    }
  };
  check(K, dK);
  check(b, db);
  check(z, dz);
  fmt::print("gradient check over {} parameters: worst relative error below 1e-7: {}\n",
             K.size + b.size + z.size, worst < 1e-7 ? "yes" : "no");
  //! [gradcheck]

  //! [scaling]
  // Why 1/N: the original's loss is a mean over the batch of per-image losses, and the update
  // K -= lr * dK should not grow with the batch size. ctnn keeps the original's choice: dK and
  // db come divided by N (the mean over the batch), dz does not (each image's delta is its own).
  fmt::print("dK is divided by N = {}, dz is not\n", N);
  //! [scaling]

  //! [by_hand]
  // By hand: a 5x5 input holding 1..25, a diagonal 3x3 kernel, stride 2 (tutorial 1: H' = 2).
  // A gradient of 1 at output (0, 0) only: that output read rows and columns 0..2, so dK is that
  // window of z and dz is the kernel placed over it.
  ctnn::Tensor<double, 1, 1, 5, 5> small_z;
  for (int i = 0; i < 25; ++i) small_z.data()[i] = i + 1;
  const ctnn::Tensor<double, 1, 1, 3, 3> diagonal{1, 0, 0, 0, 1, 0, 0, 0, 1};
  const ctnn::Tensor<double, 1, 1, 2, 2> top_left{1, 0, 0, 0};
  const auto [small_dK, small_db, small_dz] =
      ctnn::conv_backward(top_left, diagonal, small_z, ctnn::padding<0, 0>, ctnn::strides<2, 2>);
  fmt::print("dK =\n{}\ndb = {}\ndz =\n{}\n", small_dK, small_db, small_dz);
  //! [by_hand]
}
