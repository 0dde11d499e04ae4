// Tutorial 2: the forward pass, equation (4).
//
//   z'_{n,d,i,j} = sum_c sum_m sum_l K_{c,d,m,l} * pz_{n,c, i*S1 + m, j*S2 + l} + b_d
//
// pz is z with P1 zero rows above and below and P2 zero columns left and right. Each output
// value is one window of pz, all input channels at once, weighted by one output channel's
// kernels. We write the equation as loops, check it against ctnn::conv_forward, then look at
// the two conventions that confuse most readers: which axis of K is which, and why this
// "convolution" does not flip its kernel.
#include <ctnn/conv.hpp>
#include <ctnn/flip_hw.hpp>
#include <ctnn/format.hpp>
#include <ctnn/numpy_random.hpp>
#include <ctnn/pad.hpp>
#include <ctnn/swap_axes.hpp>

#include <cstddef>

namespace {

//! [equation4]
// eq. (4), one loop per index. z (N, C, H, W), K (C, D, k1, k2), b (D,) -> (N, D, H', W').
template <std::size_t P1, std::size_t P2, std::size_t S1, std::size_t S2, std::size_t N,
          std::size_t C, std::size_t H, std::size_t W, std::size_t D, std::size_t K1,
          std::size_t K2>
auto forward_by_equation(const ctnn::Tensor<double, N, C, H, W>& z,
                         const ctnn::Tensor<double, C, D, K1, K2>& K,
                         const ctnn::Tensor<double, D>& b) {
  const auto pz = ctnn::pad(z, ctnn::padding<P1, P2>);       // (N, C, H + 2P1, W + 2P2)
  constexpr std::size_t H_out = (H + 2 * P1 - K1) / S1 + 1;  // H'
  constexpr std::size_t W_out = (W + 2 * P2 - K2) / S2 + 1;  // W'
  ctnn::Tensor<double, N, D, H_out, W_out> out;              // (N, D, H', W')
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t d = 0; d < D; ++d)
      for (std::size_t i = 0; i < H_out; ++i)
        for (std::size_t j = 0; j < W_out; ++j) {
          double sum = 0;
          for (std::size_t c = 0; c < C; ++c)       // sum over input channels
            for (std::size_t m = 0; m < K1; ++m)    // and over the window's rows
              for (std::size_t l = 0; l < K2; ++l)  // and columns
                sum += K(c, d, m, l) * pz(n, c, i * S1 + m, j * S2 + l);
          out(n, d, i, j) = sum + b(d);
        }
  return out;
}
//! [equation4]

}  // namespace

int main() {
  //! [example]
  // One image with two channels: channel 0 holds 1..9, channel 1 is all ones.
  ctnn::Tensor<double, 1, 2, 3, 3> z{1, 2, 3, 4, 5, 6, 7, 8, 9,   // c = 0
                                     1, 1, 1, 1, 1, 1, 1, 1, 1};  // c = 1
  // K is (C, D, k1, k2) = (2, 2, 2, 2): kernel K(c, d) turns input channel c into output d.
  ctnn::Tensor<double, 2, 2, 2, 2> K{1, 2, 0, 0,   // c = 0, d = 0: z0(i, j) + 2 z0(i, j + 1)
                                     0, 0, 0, 1,   // c = 0, d = 1: z0(i + 1, j + 1)
                                     0, 0, 0, 2,   // c = 1, d = 0: 2 (channel 1 is all ones)
                                     0, 0, 0, 0};  // c = 1, d = 1: nothing
  const ctnn::Tensor<double, 2> b{0.5, -1};
  const auto out = ctnn::conv_forward(z, K, b);  // (1, 2, 2, 2): H' = (3 - 2)/1 + 1 = 2
  fmt::print("conv_forward(z, K, b) =\n{}\n", out);
  //! [example]

  //! [check]
  // The loops above and the library agree on a random batch with padding and strides.
  ctnn::numpy::RandomState rng{0};
  const auto z2 = rng.randn<double, 2, 3, 7, 6>();
  const auto K2 = rng.randn<double, 3, 4, 3, 2>();
  const auto b2 = rng.randn<double, 4>();
  const bool same = forward_by_equation<1, 0, 2, 1>(z2, K2, b2) ==
                    ctnn::conv_forward(z2, K2, b2, ctnn::padding<1, 0>, ctnn::strides<2, 1>);
  fmt::print(
      "the loops of eq. (4) equal ctnn::conv_forward on a (2, 3, 7, 6) batch "
      "with padding (1, 0) and strides (2, 1): {}\n",
      same ? "yes" : "no");
  //! [check]

  //! [flip]
  // Cross-correlation, not convolution: eq. (4) slides K over z as it is, like every deep
  // learning library. The convolution of mathematics flips the kernel first; with ctnn that is
  // conv_forward(z, flip_hw(K), b). Learned kernels do not care: the flip is learned too.
  fmt::print("with the kernels flipped (true convolution) =\n{}\n",
             ctnn::conv_forward(z, ctnn::flip_hw(K), b));
  //! [flip]

  //! [layout]
  // The original puts input channels first: K is (C, D, k1, k2). PyTorch's Conv2d weight is
  // (D, C, k1, k2); swap_axes<0, 1> converts one to the other.
  const ctnn::Tensor<double, 3, 4, 3, 3> K_original;  // the original experiment's K
  fmt::print("K {} in the original's layout is {} in PyTorch's\n", K_original.shape,
             ctnn::swap_axes<0, 1>(K_original).shape);
  //! [layout]
}
