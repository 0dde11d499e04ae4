// Tutorial 11: a network the compiler checks.
//
// The layers of tutorials 2 to 10 become one type, ctnn::nn::sequential: an input, then the
// layers in order. The compiler infers every shape in between with the formulas of the posts
// (H' = (H + 2P - k)/S + 1 for convolutions and pools, (N, I) x (I, O) for a dense layer), prints
// them as a table, and refuses a network whose layers do not fit, naming the layer. Then a tiny
// network with weights set by hand goes forward, backward and one SGD step, with every number
// worked out in the comments.
//
// BREAK LAYER: ctnn::nn::error::layer<3, ctnn::nn::conv2d<16, 5, 5>, ctnn::nn::gets<2, 6, 4, 4>, ctnn::nn::why::kernel_k_does_not_fit_in_H_plus_2P<5, 4, 0>
#include <ctnn/nn/nn.hpp>
#include <ctnn/ops/cross_entropy/cross_entropy.hpp>
#include <ctnn/optim/sgd.hpp>

#include <fmt/core.h>

namespace nn = ctnn::nn;

//! [lenet]
// LeNet-5 on a batch of two 28x28 images. Only the input's shape is written; the rest follows:
//   conv 5x5, padding 2:  (28 + 2*2 - 5)/1 + 1 = 28    -> (2, 6, 28, 28)
//   max pool 2x2:         (28 - 2)/2 + 1 = 14          -> (2, 6, 14, 14)
//   conv 5x5:             (14 - 5)/1 + 1 = 10          -> (2, 16, 10, 10)
//   max pool 2x2:         (10 - 2)/2 + 1 = 5           -> (2, 16, 5, 5)
//   flatten:              16*5*5 = 400                 -> (2, 400)
//   dense 120, 84, 10                                  -> (2, 10)
// Parameters: 1*6*5*5 + 6 = 156, 6*16*5*5 + 16 = 2416, 400*120 + 120 = 48120,
// 120*84 + 84 = 10164, 84*10 + 10 = 850; 61706 in all.
using LeNet = nn::sequential<nn::input<double, 2, 1, 28, 28>,
                             nn::conv2d<6, 5, 5, ctnn::padding<2, 2>>, nn::relu,
#ifdef CTNN_BREAK_LAYER
                             nn::max_pool2d<7, 7>,  // 28 -> 4: too small for the next 5x5 kernel
#else
                             nn::max_pool2d<2, 2>,
#endif
                             nn::conv2d<16, 5, 5>, nn::relu, nn::max_pool2d<2, 2>, nn::flatten,
                             nn::dense<120>, nn::relu, nn::dense<84>, nn::relu, nn::dense<10>>;
//! [lenet]

//! [tiny]
// Small enough to follow by hand: a 3x3 image, one 2x2 kernel, ReLU, a 2x2 max pool, two
// outputs. Shapes: (1, 1, 3, 3) -> conv (1, 1, 2, 2) -> relu -> pool (1, 1, 1, 1) -> flatten
// (1, 1) -> dense (1, 2).
using Tiny = nn::sequential<nn::input<double, 1, 1, 3, 3>, nn::conv2d<1, 2, 2>, nn::relu,
                            nn::max_pool2d<2, 2>, nn::flatten, nn::dense<2>>;
//! [tiny]

int main() {
  //! [summary]
  LeNet lenet{ctnn::numpy::RandomState{0}};  // weights drawn as the series draws them
  fmt::print("{}\n\n", nn::summary<LeNet>);
  //! [summary]
  static_cast<void>(lenet);

  //! [weights]
  Tiny net;                                                // every parameter 0
  net.get<0>().K = ctnn::Tensor<double, 1, 1, 2, 2>{1, 0,  //
                                                    0, 1};
  net.get<0>().b = ctnn::Tensor<double, 1>{-5};
  net.get<4>().W = ctnn::Tensor<double, 1, 2>{0.1, -0.1};  // W (I, O) = (1, 2)
  const ctnn::Tensor<double, 1, 1, 3, 3> x{1, 2, 3,        //
                                           4, 5, 6,        //
                                           7, 8, 9};
  const ctnn::Tensor<double, 1, 2> y_true{1, 0};  // class 0
  //! [weights]

  //! [forward]
  // eq. (4): each output is a window's diagonal sum minus 5: 1 + 5 - 5 = 1, 2 + 6 - 5 = 3,
  // 4 + 8 - 5 = 7, 5 + 9 - 5 = 9. ReLU keeps them (all > 0); the pool keeps 9; flatten gives
  // (1, 1); the dense layer gives 9 * (0.1, -0.1) = (0.9, -0.9).
  const auto& y = net.forward(x);
  const auto& conv = net.get<0>().out;
  fmt::print("conv: {} {} {} {}\n", conv(0, 0, 0, 0), conv(0, 0, 0, 1), conv(0, 0, 1, 0),
             conv(0, 0, 1, 1));
  fmt::print("pool: {}\n", net.get<2>().out(0, 0, 0, 0));
  fmt::print("y: {:.6f} {:.6f}\n", y(0, 0), y(0, 1));
  //! [forward]

  //! [loss]
  // softmax: p0 = 1 / (1 + e^(-1.8)) = 0.858149, p1 = 0.141851; the loss is -ln p0 = 0.152978,
  // and dy = p - t = (-0.141851, 0.141851) (post 0_1, eq. (25): no 1/N here).
  auto [loss, dy] = ctnn::cross_entropy_loss(y, y_true);
  fmt::print("loss: {:.6f}, dy: {:.6f} {:.6f}\n", loss, dy(0, 0), dy(0, 1));
  //! [loss]

  //! [backward]
  // Downwards through the table, each layer gets the gradient of what it gave:
  //   dense, eqs. (8), (9), (15): dW = a^T dy / N = 9 dy = (-1.276660, 1.276660), db = dy,
  //     dz = dy W^T = -0.141851 * 0.1 + 0.141851 * (-0.1) = -0.028370
  //   flatten: the same number, as (1, 1, 1, 1)
  //   max pool: all of it to the window's maximum, the 9 at (1, 1); the other three get 0
  //   relu: 9 > 0, so it passes
  //   conv, eqs. (5), (6): dK = -0.028370 times the window that made the 9, (5, 6; 8, 9),
  //     db = -0.028370; and dz, eq. (8): -0.028370 times K placed at (1, 1): the diagonal.
  const auto& dx = net.backward(dy);
  const auto& c = net.get<0>();
  const auto& d = net.get<4>();
  fmt::print("dW: {:.6f} {:.6f}, db: {:.6f} {:.6f}\n", d.dW(0, 0), d.dW(0, 1), d.db(0), d.db(1));
  fmt::print("dK: {:.6f} {:.6f} {:.6f} {:.6f}, db: {:.6f}\n", c.dK(0, 0, 0, 0), c.dK(0, 0, 0, 1),
             c.dK(0, 0, 1, 0), c.dK(0, 0, 1, 1), c.db(0));
  for (std::size_t i = 0; i < 3; ++i)
    fmt::print("dx row {}: {:.6f} {:.6f} {:.6f}\n", i, dx(0, 0, i, 0), dx(0, 0, i, 1),
               dx(0, 0, i, 2));
  //! [backward]

  //! [step]
  // Post 0_4's SGD in the series' form, v = m v + lr g, w -= v. The velocity starts at 0, so the
  // first step is w -= 0.1 g: W = (0.1 + 0.127666, -0.1 - 0.127666) = (0.227666, -0.227666).
  ctnn::optim::sgd opt{.lr = 0.1, .momentum = 0.9, .decay = 0};
  opt.step(net);
  fmt::print("W after one step: {:.6f} {:.6f}\n", d.W(0, 0), d.W(0, 1));
  // Forward again: the maximum is now 9.587263, y = (2.196879, -2.196879), and the loss
  // -ln(1 / (1 + e^(-4.393757))) = 0.012279: more than ten times smaller.
  const auto& y2 = net.forward(x);
  auto [loss2, dy2] = ctnn::cross_entropy_loss(y2, y_true);
  static_cast<void>(dy2);
  fmt::print("loss after one step: {:.6f} (went down: {})\n", loss2, loss2 < loss);
  //! [step]
}
