// Rule, in a network: a layer that does not fit is the only error, even where the code goes on
// to use the network: the layers before it (set by hand here), its summary, a forward pass. Layer
// 1, a 4x4 pool on 6x6, does not divide: 6 - 4 = 2 is not a multiple of 4.
// EXPECT-ERROR: ctnn::nn::error::layer<1, ctnn::nn::max_pool2d<4, 4>, ctnn::nn::gets<2, 2, 6, 6>, ctnn::nn::why::stride_S_does_not_divide_H_plus_2P_minus_k<4, 6, 0, 4>
#include <ctnn/nn/nn.hpp>

#include <fmt/core.h>

namespace nn = ctnn::nn;
#ifdef CTNN_COMPILE_FAIL_CONTROL
using pool = nn::max_pool2d<3, 3>;  // 6 - 3 = 3
#else
using pool = nn::max_pool2d<4, 4>;
#endif
using Net = nn::sequential<nn::input<double, 2, 1, 8, 8>, nn::conv2d<2, 3, 3>, pool, nn::flatten,
                           nn::dense<3>>;

void use(const Net::input_type& x) {
  Net net{ctnn::numpy::RandomState{0}};
  net.get<0>().K = ctnn::Tensor<double, 1, 2, 3, 3>{};
  fmt::print("{}\n", nn::summary<Net>);
  net.forward(x);
}
