// Rule, at the loss: y_true has the shape of the network's output. Nine classes of labels
// against a network that gives ten: the loss's rule speaks, with both shapes.
// EXPECT-ERROR: ctnn: cross_entropy_loss needs y_true of y_predict's shape
// EXPECT-ALSO: Tensor<float, 16, 9>
#include <ctnn/nn/nn.hpp>
#include <ctnn/ops/cross_entropy/cross_entropy.hpp>

namespace nn = ctnn::nn;
using Net = nn::sequential<nn::input<float, 16, 784>, nn::dense<32>, nn::relu, nn::dense<10>>;
#ifdef CTNN_COMPILE_FAIL_CONTROL
using Labels = ctnn::Tensor<float, 16, 10>;
#else
using Labels = ctnn::Tensor<float, 16, 9>;
#endif

void step(const Net::input_type& x, const Labels& y_true) {
  Net net{ctnn::numpy::RandomState{0}};
  auto [loss, dy] = ctnn::cross_entropy_loss(net.forward(x), y_true);
  net.backward(dy);
  (void)loss;
}
