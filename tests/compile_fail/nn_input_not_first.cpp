// Rule, in a network: nn::input comes first and only there (a network is one flat list; there is
// no second input to join).
// EXPECT-ERROR: ctnn::nn::error::layer<1, ctnn::nn::input<float, 4, 3>, ctnn::nn::gets<4, 3>, ctnn::nn::why::input_comes_first_only>
#include <ctnn/nn/nn.hpp>

namespace nn = ctnn::nn;
#ifdef CTNN_COMPILE_FAIL_CONTROL
using Net = nn::sequential<nn::input<float, 4, 2>, nn::dense<3>, nn::dense<3>>;
#else
using Net = nn::sequential<nn::input<float, 4, 2>, nn::dense<3>, nn::input<float, 4, 3>>;
#endif

void make() {
  Net net{ctnn::numpy::RandomState{0}};
  (void)net;
}
