// A VGG-11-shaped network (8 convolutions, 5 max pools, 3 dense layers, a 32x32x3 input) with a
// forward pass, a loss, a backward pass and an Adam step: what bench/compile_time.py compiles to
// measure how long the compiler takes on a deep network. It also runs (one step on zeros).
#include <ctnn/nn/nn.hpp>
#include <ctnn/ops/cross_entropy/cross_entropy.hpp>
#include <ctnn/optim/adam.hpp>

#include <fmt/core.h>

namespace nn = ctnn::nn;
constexpr auto same = ctnn::padding<1, 1>;  // 3x3 kernels that keep the size

using VGG11 =
    nn::sequential<nn::input<float, 8, 3, 32, 32>,                               //
                   nn::conv2d<64, 3, 3, same>, nn::relu, nn::max_pool2d<2, 2>,   // 16x16
                   nn::conv2d<128, 3, 3, same>, nn::relu, nn::max_pool2d<2, 2>,  // 8x8
                   nn::conv2d<256, 3, 3, same>, nn::relu, nn::conv2d<256, 3, 3, same>, nn::relu,  //
                   nn::max_pool2d<2, 2>,  // 4x4
                   nn::conv2d<512, 3, 3, same>, nn::relu, nn::conv2d<512, 3, 3, same>, nn::relu,  //
                   nn::max_pool2d<2, 2>,  // 2x2
                   nn::conv2d<512, 3, 3, same>, nn::relu, nn::conv2d<512, 3, 3, same>, nn::relu,  //
                   nn::max_pool2d<2, 2>,  // 1x1
                   nn::flatten, nn::dense<512>, nn::relu, nn::dense<512>, nn::relu, nn::dense<10>>;

int main() {
  VGG11 net{ctnn::numpy::RandomState{0}};
  const VGG11::input_type x;
  const auto y_true = ctnn::Tensor<float, 8, 10>::full(0.1f);
  ctnn::optim::adam opt;
  const auto& y = net.forward(x);
  auto [loss, dy] = ctnn::cross_entropy_loss(y, y_true);
  net.backward(dy);
  opt.step(net);
  fmt::print("{}\nloss {}\n", ctnn::nn::summary<VGG11>, loss);
}
