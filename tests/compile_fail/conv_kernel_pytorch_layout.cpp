// Rule: K is (C, D, k1, k2), input channels first, as the original; PyTorch's conv2d weight is
// (D, C, k1, k2). 16 kernels for an RGB batch written PyTorch's way are (16, 3, 3, 3): the message
// says so and names the fix, instead of two errors about channels and the bias.
// EXPECT-ERROR: K looks like PyTorch's \(D, C, k1, k2\) layout; ctnn's is \(C, D, k1, k2\)
// EXPECT-ALSO: swap_axes<0, 1>\(K\)
// EXPECT-ALSO: kernel_layout_c_first<3(UL)?, 16(UL)?, 3(UL)?>
#include <ctnn/conv.hpp>
#include <ctnn/swap_axes.hpp>

void forward(const ctnn::Tensor<float, 8, 3, 32, 32>& z, const ctnn::Tensor<float, 16, 3, 3, 3>& w,
             const ctnn::Tensor<float, 16>& b) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto y = ctnn::conv_forward(z, ctnn::swap_axes<0, 1>(w), b, ctnn::padding<1, 1>);
#else
  const auto y = ctnn::conv_forward(z, w, b, ctnn::padding<1, 1>);
#endif
  (void)y;
}
