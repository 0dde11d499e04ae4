// Rule, in a network: pooling pads at most half its window (2P <= k), as PyTorch requires, so
// that every window reads the input. Layer 1 pads a 2x2 window by 2.
// EXPECT-ERROR: ctnn::nn::error::layer<1, ctnn::nn::avg_pool2d<2, 2, (ctnn::padding_t<2, 2>\(\)|{})>, ctnn::nn::gets<4, 3, 8, 8>, ctnn::nn::why::padding_P_exceeds_half_the_window_k<2, 2>
#include <ctnn/nn/nn.hpp>

namespace nn = ctnn::nn;
#ifdef CTNN_COMPILE_FAIL_CONTROL
constexpr auto pad = ctnn::padding<1, 1>;
#else
constexpr auto pad = ctnn::padding<2, 2>;
#endif
using Net = nn::sequential<nn::input<double, 4, 3, 8, 8>, nn::relu, nn::avg_pool2d<2, 2, pad>,
                           nn::global_avg_pool2d>;

void forward(const Net::input_type& x) {
  Net net{ctnn::numpy::RandomState{0}};
  net.forward(x);
}
