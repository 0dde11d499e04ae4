// Rule, in a network: global pooling takes images (N, C, H, W). Layer 2 gets the (8, 36) that
// nn::flatten gave: pool first, or drop the flatten.
// EXPECT-ERROR: ctnn::nn::error::layer<2, ctnn::nn::global_avg_pool2d, ctnn::nn::gets<8, 36>, ctnn::nn::why::needs_N_C_H_W_not_rank<2>
#include <ctnn/nn/nn.hpp>

namespace nn = ctnn::nn;
#ifdef CTNN_COMPILE_FAIL_CONTROL
using Net = nn::sequential<nn::input<float, 8, 1, 5, 5>, nn::conv2d<4, 3, 3>, nn::global_avg_pool2d,
                           nn::dense<10>>;
#else
using Net = nn::sequential<nn::input<float, 8, 1, 5, 5>, nn::conv2d<4, 3, 3>, nn::flatten,
                           nn::global_avg_pool2d, nn::dense<10>>;
#endif

void forward(const Net::input_type& x) {
  Net net{ctnn::numpy::RandomState{0}};
  net.forward(x);
}
