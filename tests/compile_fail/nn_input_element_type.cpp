// Rule, in a network: it computes in float or double. An input of int is refused, with the input
// named.
// EXPECT-ERROR: ctnn::nn::error::input<ctnn::nn::input<int, 4, 2>, ctnn::nn::why::element_type_must_be_float_or_double>
#include <ctnn/nn/nn.hpp>

namespace nn = ctnn::nn;
#ifdef CTNN_COMPILE_FAIL_CONTROL
using Net = nn::sequential<nn::input<float, 4, 2>, nn::dense<3>>;
#else
using Net = nn::sequential<nn::input<int, 4, 2>, nn::dense<3>>;
#endif

void make() {
  Net net{ctnn::numpy::RandomState{0}};
  (void)net;
}
