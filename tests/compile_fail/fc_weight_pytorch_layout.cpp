// Rule: W is (I, O), inputs first, as the series' np.dot(z, W); PyTorch's Linear weight is
// (O, I). LeNet's 400 -> 120 weight copied from PyTorch is (120, 400): the message says so and
// names the fix, instead of two errors about the inputs and the bias.
// EXPECT-ERROR: W looks like PyTorch's Linear layout \(O, I\); ctnn's is \(I, O\)
// EXPECT-ALSO: swap_axes<0, 1>\(W\)
// EXPECT-ALSO: fc_weight_layout_inputs_first<400(UL)?, 120(UL)?, 400(UL)?>
#include <ctnn/ops/fc/fc.hpp>
#include <ctnn/swap_axes.hpp>

void layer(const ctnn::Tensor<float, 64, 400>& z, const ctnn::Tensor<float, 120, 400>& w,
           const ctnn::Tensor<float, 120>& b) {
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto y = ctnn::fc_forward(z, ctnn::swap_axes<0, 1>(w), b);
#else
  const auto y = ctnn::fc_forward(z, w, b);
#endif
  (void)y;
}
