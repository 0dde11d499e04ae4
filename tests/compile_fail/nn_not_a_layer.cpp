// Rule, in a network: every argument after the input is a layer kind of ctnn::nn. A Tensor type
// given as layer 1 is named with its position.
// EXPECT-ERROR: ctnn::nn::error::layer<1, ctnn::Tensor<float, 10>, ctnn::nn::gets<4, 10>, ctnn::nn::why::not_a_layer_kind>
#include <ctnn/nn/nn.hpp>

namespace nn = ctnn::nn;
#ifdef CTNN_COMPILE_FAIL_CONTROL
using Net = nn::sequential<nn::input<float, 4, 2>, nn::dense<10>, nn::relu>;
#else
using Net = nn::sequential<nn::input<float, 4, 2>, nn::dense<10>, ctnn::Tensor<float, 10> >;
#endif

void make() {
  Net net{ctnn::numpy::RandomState{0}};
  (void)net;
}
