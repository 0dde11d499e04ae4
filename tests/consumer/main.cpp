// A program of a ctnn user: one shape-checked convolution, printed.
#include <ctnn/conv.hpp>
#include <ctnn/format.hpp>

int main() {
  ctnn::Tensor<float, 2, 3, 7, 7> z;  // (N, C, H, W)
  ctnn::Tensor<float, 3, 4, 3, 3> K;  // (C, D, k1, k2)
  ctnn::Tensor<float, 4> b;           // (D,)
  const auto out = ctnn::conv_forward(z, K, b, ctnn::padding<1, 1>, ctnn::strides<3, 3>);
  fmt::print("output shape {}\n", out.shape);  // (7 + 2 - 3) / 3 + 1 = 3
}
