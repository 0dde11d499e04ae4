// Rule, in a network: a dense layer takes (N, F). Layer 2 gets (8, 4, 5, 5) from a conv2d: put
// nn::flatten before it (ctnn does not flatten silently: the series writes Flatten too).
// EXPECT-ERROR: ctnn::nn::error::layer<2, ctnn::nn::dense<10>, ctnn::nn::gets<8, 4, 5, 5>, ctnn::nn::why::needs_N_F_put_nn_flatten_before_it_not_rank<4>
#include <ctnn/nn/nn.hpp>

namespace nn = ctnn::nn;
#ifdef CTNN_COMPILE_FAIL_CONTROL
using Net = nn::sequential<nn::input<double, 8, 1, 7, 7>, nn::conv2d<4, 3, 3>, nn::relu,
                           nn::flatten, nn::dense<10>>;
#else
using Net =
    nn::sequential<nn::input<double, 8, 1, 7, 7>, nn::conv2d<4, 3, 3>, nn::relu, nn::dense<10>>;
#endif

void forward(const Net::input_type& x) {
  Net net{ctnn::numpy::RandomState{0}};
  net.forward(x);
}
