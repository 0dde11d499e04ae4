// Rule, in a network: a convolution takes images (N, C, H, W). Layer 1 gets the (16, 32) of a
// dense layer.
// EXPECT-ERROR: ctnn::nn::error::layer<1, ctnn::nn::conv2d<4, 3, 3>, ctnn::nn::gets<16, 32>, ctnn::nn::why::needs_N_C_H_W_not_rank<2>
#include <ctnn/nn/nn.hpp>

namespace nn = ctnn::nn;
#ifdef CTNN_COMPILE_FAIL_CONTROL
using Net = nn::sequential<nn::input<float, 16, 784>, nn::dense<32>, nn::relu, nn::dense<4>>;
#else
using Net = nn::sequential<nn::input<float, 16, 784>, nn::dense<32>, nn::conv2d<4, 3, 3>>;
#endif

void forward(const Net::input_type& x) {
  Net net{ctnn::numpy::RandomState{0}};
  net.forward(x);
}
