// Rule, in a network: with ctnn::strides (the pooling default), the stride divides H + 2P - k.
// Layer 2, a 2x2 max pool (stride 2), gets (8, 4, 5, 5): 5 - 2 = 3 is odd. floor_strides drops
// the last row and column instead, as PyTorch does.
// EXPECT-ERROR: ctnn::nn::error::layer<2, ctnn::nn::max_pool2d<2, 2>, ctnn::nn::gets<8, 4, 5, 5>, ctnn::nn::why::stride_S_does_not_divide_H_plus_2P_minus_k<2, 5, 0, 2>
#include <ctnn/nn/nn.hpp>

namespace nn = ctnn::nn;
#ifdef CTNN_COMPILE_FAIL_CONTROL
using pool = nn::max_pool2d<2, 2, ctnn::floor_strides<2, 2>>;
#else
using pool = nn::max_pool2d<2, 2>;
#endif
using Net = nn::sequential<nn::input<double, 8, 1, 7, 7>, nn::conv2d<4, 3, 3>, nn::relu, pool,
                           nn::flatten, nn::dense<10>>;

void forward(const Net::input_type& x) {
  Net net{ctnn::numpy::RandomState{0}};
  net.forward(x);
}
