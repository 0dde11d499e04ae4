// Rule, in a network: the input is (N, F) or (N, C, H, W). (N, H, W) without its channel axis is
// refused, with the rank.
// EXPECT-ERROR: ctnn::nn::error::input<ctnn::nn::input<float, 64, 28, 28>, ctnn::nn::why::input_is_N_F_or_N_C_H_W_not_rank<3>
#include <ctnn/nn/nn.hpp>

namespace nn = ctnn::nn;
#ifdef CTNN_COMPILE_FAIL_CONTROL
using Net = nn::sequential<nn::input<float, 64, 1, 28, 28>, nn::conv2d<6, 5, 5>>;
#else
using Net = nn::sequential<nn::input<float, 64, 28, 28>, nn::conv2d<6, 5, 5>>;
#endif

void make() {
  Net net{ctnn::numpy::RandomState{0}};
  (void)net;
}
