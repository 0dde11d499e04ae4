// The example at the top of README.md (tests/readme_in_sync.cmake checks that its lines are here).
// A 3x3 kernel with padding 1 and stride 2 on a 28x28 image: (28 + 2 - 3) = 27 is odd, so the
// stride does not divide it and the compiler says so. The control uses stride 1.
// EXPECT-ERROR: the stride must divide H \+ 2P - k exactly
// EXPECT-ALSO: stride_divides<28(UL)?, 1(UL)?, 3(UL)?, 2(UL)?>
#include <ctnn/conv.hpp>

int main() {
  ctnn::Tensor<float, 1, 3, 28, 28> z;  // (N, C, H, W)
  ctnn::Tensor<float, 3, 8, 3, 3> K;    // (C, D, k1, k2)
  ctnn::Tensor<float, 8> b;             // (D,)
#ifdef CTNN_COMPILE_FAIL_CONTROL
  auto y = ctnn::conv_forward(z, K, b, ctnn::padding<1, 1>, ctnn::strides<1, 1>);
#else
  auto y = ctnn::conv_forward(z, K, b, ctnn::padding<1, 1>, ctnn::strides<2, 2>);
#endif
  return y.rank == 4 ? 0 : 1;  // y is Tensor<float, 1, 8, H', W'>
}
