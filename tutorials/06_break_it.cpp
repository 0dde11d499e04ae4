// Tutorial 6: when shapes do not fit.
//
// Each block below is a line a student really writes, in its working form. Build this file with
// -DCTNN_BREAK_<NAME> and that block switches to the broken line: the compiler refuses it with
// the rule's message and the numbers. The test suite does exactly that for every block (the
// BREAK lines below are the messages it expects), so what the docs show is what a compiler said.
//
// BREAK STRIDE: the stride must divide H \+ 2P - k exactly
// BREAK CHANNELS: must have as many input channels C as z
// BREAK BIAS: b must have one value per output channel D
// BREAK RANK: conv operands are rank 4
// BREAK NEXT_DZ: next_dz must have the shape of conv_forward's output
// BREAK LOSS: mean_squared_loss needs y_predict and y_true of one shape
// BREAK ORIGINAL_DK: element-wise operations need tensors of one shape
#include <ctnn/conv.hpp>
#include <ctnn/format.hpp>
#include <ctnn/loss.hpp>
#include <ctnn/pad.hpp>
#include <ctnn/swap_axes.hpp>

int main() {
  const ctnn::Tensor<double, 3, 3, 28, 28> z;  // (N, C, H, W)
  ctnn::Tensor<double, 3, 4, 3, 3> K;          // (C, D, k1, k2)
  const ctnn::Tensor<double, 4> b;             // (D,)

  //! [stride]
  // "3x3, padding 1, stride 2" halves a 32x32 image, but 28 + 2 - 3 = 27 is odd.
#ifdef CTNN_BREAK_STRIDE
  const auto half = ctnn::conv_forward(z, K, b, ctnn::padding<1, 1>, ctnn::strides<2, 2>);
#else
  const auto half =
      ctnn::conv_forward(z, K, b, ctnn::padding<0, 0>, ctnn::strides<5, 5>);  // 25 % 5 == 0
#endif
  fmt::print("stride: {}\n", half.shape);
  //! [stride]

  //! [channels]
  // Kernels made for 2-channel images, applied to z's 3 channels.
#ifdef CTNN_BREAK_CHANNELS
  const ctnn::Tensor<double, 2, 4, 3, 3> K_gray;
#else
  const ctnn::Tensor<double, 3, 4, 3, 3> K_gray;
#endif
  fmt::print("channels: {}\n", ctnn::conv_forward(z, K_gray, b).shape);
  //! [channels]

  //! [bias]
  // One bias per input channel instead of one per output channel.
#ifdef CTNN_BREAK_BIAS
  const ctnn::Tensor<double, 3> b_per_input;
#else
  const ctnn::Tensor<double, 4> b_per_input;
#endif
  fmt::print("bias: {}\n", ctnn::conv_forward(z, K, b_per_input).shape);
  //! [bias]

  //! [rank]
  // A single image without its batch axis: numpy code often drops it.
#ifdef CTNN_BREAK_RANK
  const ctnn::Tensor<double, 3, 28, 28> image;
#else
  const ctnn::Tensor<double, 1, 3, 28, 28> image;
#endif
  fmt::print("rank: {}\n", ctnn::conv_forward(image, K, b).shape);
  //! [rank]

  const auto next_z = ctnn::conv_forward(z, K, b);  // (3, 4, 26, 26)

  //! [next_dz]
  // The gradient handed to backward must be shaped like the forward output, not like z.
#ifdef CTNN_BREAK_NEXT_DZ
  const ctnn::Tensor<double, 3, 4, 28, 28> next_dz;
#else
  const ctnn::Tensor<double, 3, 4, 26, 26> next_dz;
#endif
  fmt::print("next_dz: dz {}\n",
             ctnn::conv_backward(next_dz, K, z, ctnn::padding<0, 0>, ctnn::strides<1, 1>).dz.shape);
  //! [next_dz]

  //! [loss]
  // A target for one image, compared with a batch of three: numpy broadcasts it and returns a
  // number; here the shapes must agree.
#ifdef CTNN_BREAK_LOSS
  const auto y_true = ctnn::Tensor<double, 4, 26, 26>::full(1.0);
#else
  const auto y_true = ctnn::Tensor<double, 3, 4, 26, 26>::full(1.0);
#endif
  fmt::print("loss: dy {}\n", ctnn::mean_squared_loss(next_z, y_true).dy.shape);
  //! [loss]

  //! [original_dK]
  // The original's dK with padding 1: it correlates the UNPADDED z with the gradient, which
  // gives a (3, 4, 1, 1) array; numpy broadcasts it into K -= 0.001 * dK without a word.
  const ctnn::Tensor<double, 3, 4, 28, 28> delta;  // the gradient of a padding-1 layer: H' = 28
#ifdef CTNN_BREAK_ORIGINAL_DK
  const auto input = ctnn::swap_axes<0, 1>(z);  // (C, N, 28, 28)
#else
  const auto input = ctnn::swap_axes<0, 1>(ctnn::pad(z, ctnn::padding<1, 1>));  // (C, N, 30, 30)
#endif
  const auto dK = ctnn::conv_forward(input, delta, ctnn::Tensor<double, 4>{});
  K -= 0.001 * dK;
  fmt::print("original_dK: dK {}\n", dK.shape);
  //! [original_dK]
}
