// Rule, in a network: each layer fits the shape the layer before gives. Layer 3, a conv2d with a
// 5x5 kernel, gets (64, 6, 4, 4) after a 3x3 max pool: 4 + 2*0 < 5. The error names the layer,
// its kind, the shape it gets and the rule with its numbers.
// EXPECT-ERROR: ctnn::nn::error::layer<3, ctnn::nn::conv2d<16, 5, 5>, ctnn::nn::gets<64, 6, 4, 4>, ctnn::nn::why::kernel_k_does_not_fit_in_H_plus_2P<5, 4, 0>
#include <ctnn/nn/nn.hpp>

namespace nn = ctnn::nn;
#ifdef CTNN_COMPILE_FAIL_CONTROL
using conv = nn::conv2d<16, 3, 3>;  // 3 <= 4
#else
using conv = nn::conv2d<16, 5, 5>;
#endif
using Net = nn::sequential<nn::input<float, 64, 1, 16, 16>, nn::conv2d<6, 5, 5>, nn::relu,
                           nn::max_pool2d<3, 3, ctnn::floor_strides<3, 3>>, conv, nn::relu,
                           nn::flatten, nn::dense<10>>;

void train_one_step(const Net::input_type& x, const Net::output_type& dy) {
  Net net{ctnn::numpy::RandomState{0}};
  net.forward(x);
  net.backward(dy);
}
