// Tutorial 10: the activation functions of post 0_3, equations (1) to (13).
//
// An activation acts on each element alone, so its backward pass is one product per element:
// delta^l = delta^{l+1} * f'(z^l). We run each one on a few numbers whose results can be worked
// out by hand (the comments do it), pass next_dz = 1 so that the backward pass prints the slope
// f'(z) itself, and finish with a gradient check of all seven.
#include <ctnn/format.hpp>
#include <ctnn/numpy_random.hpp>
#include <ctnn/ops/activations/activations.hpp>
#include <ctnn/reductions.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>

int main() {
  //! [inputs]
  const ctnn::Tensor<double, 5> z{-2.0, -0.5, 0.0, 0.5, 2.0};
  const auto ones = ctnn::Tensor<double, 5>::full(1);  // next_dz = 1: backward prints f'(z)
  //! [inputs]

  //! [relu]
  // eq. (1): max(0, z) -> 0, 0, 0, 0.5, 2
  // eq. (2): the slope is 1 where z > 0 and 0 where z <= 0, at z = 0 too (the series'
  // np.greater): 0, 0, 0, 1, 1
  fmt::print("relu  (1): {}\n", ctnn::relu_forward(z));
  fmt::print("relu' (2): {}\n", ctnn::relu_backward(ones, z));
  //! [relu]

  //! [lrelu]
  // eq. (3) with alpha = 0.1 (the default): 0.1 * -2 = -0.2, 0.1 * -0.5 = -0.05, 0, 0.5, 2
  // eq. (4): alpha where z <= 0, 1 where z > 0: 0.1, 0.1, 0.1, 1, 1
  fmt::print("lrelu  (3): {}\n", ctnn::lrelu_forward(z));
  fmt::print("lrelu' (4): {}\n", ctnn::lrelu_backward(ones, z));
  //! [lrelu]

  //! [prelu]
  // eqs. (5)-(7): one learnt slope per channel. z is (N, C) = (2, 2), alpha (C,) = (0.1, 0.5).
  const ctnn::Tensor<double, 2, 2> zc{-2.0, 1.0,    // sample 0: channel 0, channel 1
                                      -4.0, -1.0};  // sample 1
  const ctnn::Tensor<double, 2> alpha{0.1, 0.5};
  // eq. (5): -2 * 0.1 = -0.2, 1; -4 * 0.1 = -0.4, -1 * 0.5 = -0.5
  fmt::print("prelu (5):\n{}\n", ctnn::prelu_forward(zc, alpha));
  const auto [dz, dalpha] = ctnn::prelu_backward(ctnn::Tensor<double, 2, 2>::full(1), zc, alpha);
  // eq. (6): alpha_c where z <= 0, 1 where z > 0: 0.1, 1; 0.1, 0.5
  fmt::print("dz (6):\n{}\n", dz);
  // eq. (7): z * next_dz where z <= 0, summed over the batch, divided by N = 2:
  // channel 0: (-2 + -4) / 2 = -3; channel 1: (-1) / 2 = -0.5
  fmt::print("dalpha (7): {}\n", dalpha);
  //! [prelu]

  //! [elu]
  // eq. (8) with alpha = 0.5 at z = -1000, -1, 0, 1: 0.5 (e^z - 1) where z <= 0.
  // e^-1000 is 0 in double, so -0.5 exactly; 0.5 (e^-1 - 1) = 0.5 (0.36787944 - 1) = -0.31606028
  // eq. (9): 0.5 e^z where z <= 0: 0, 0.5 * 0.36787944 = 0.18393972, 0.5 * e^0 = 0.5; then 1
  const ctnn::Tensor<double, 4> ze{-1000.0, -1.0, 0.0, 1.0};
  const auto ones4 = ctnn::Tensor<double, 4>::full(1);
  fmt::print("elu  (8): {}\n", ctnn::elu_forward(ze, 0.5));
  fmt::print("elu' (9): {}\n", ctnn::elu_backward(ones4, ze, 0.5));
  //! [elu]

  //! [selu]
  // eqs. (10), (11): lambda times ELU with SELU's alpha; the post rounds them to 1.0507 and
  // 1.673, ctnn keeps PyTorch's digits. selu(1) = lambda; selu(-1000) = -lambda alpha =
  // -1.0507009873554805 * 1.6732632423543772 = -1.7580993408473766.
  fmt::print("lambda = {:.17g}, alpha = {:.17g}\n", ctnn::selu_lambda<double>,
             ctnn::selu_alpha<double>);
  const auto s = ctnn::selu_forward(ctnn::Tensor<double, 2>{1.0, -1000.0});
  fmt::print("selu(1) = {:.17g}, selu(-1000) = {:.17g}\n", s(0), s(1));
  //! [selu]

  //! [sigmoid]
  // eq. (12) at z = -1000, 0, 1000: exp(1000) would overflow, so for z < 0 ctnn computes
  // e^z / (1 + e^z): 0 / 1 = 0 exactly; 1 / (1 + 1) = 0.5; 1 / (1 + e^-1000) = 1 / 1 = 1.
  // eq. (13): sigma (1 - sigma) = 0, 0.5 * 0.5 = 0.25, 0
  const ctnn::Tensor<double, 3> zs{-1000.0, 0.0, 1000.0};
  const auto ones3 = ctnn::Tensor<double, 3>::full(1);
  fmt::print("sigmoid  (12): {}\n", ctnn::sigmoid_forward(zs));
  fmt::print("sigmoid' (13): {}\n", ctnn::sigmoid_backward(ones3, zs));
  //! [sigmoid]

  //! [tanh]
  // tanh(-1000) = -1, tanh(0) = 0, tanh(1000) = 1; its slope 1 - tanh^2: 0, 1, 0. (The series'
  // tanh_backward forgets a '*' and raises TypeError; this is the product it means.)
  fmt::print("tanh:  {}\n", ctnn::tanh_forward(zs));
  fmt::print("tanh': {}\n", ctnn::tanh_backward(ones3, zs));
  //! [tanh]

  //! [gradcheck]
  // The gradient check of tutorial 4 on every activation: with L = <f(x), g> for a random g,
  // (L(x + h) - L(x - h)) / 2h must match backward(g, x) element by element. x is kept 0.1 away
  // from 0, the kink of the ReLU family, where no derivative exists.
  ctnn::numpy::RandomState rng{3};
  auto x = rng.randn<double, 2, 3, 4, 4>();
  for (double& v : x) v = v < 0 ? std::min(v, -0.1) : std::max(v, 0.1);
  const auto g = rng.randn<double, 2, 3, 4, 4>();
  const ctnn::Tensor<double, 3> slopes{0.1, 0.2, 0.3};
  const auto check = [&](const char* name, auto forward, auto backward) {
    const auto analytic = backward(g, x);
    double worst = 0;
    for (std::size_t i = 0; i < x.size; ++i) {
      const double keep = x.data()[i], h = 1e-5;
      x.data()[i] = keep + h;
      const double up = ctnn::dot(forward(x), g);
      x.data()[i] = keep - h;
      const double down = ctnn::dot(forward(x), g);
      x.data()[i] = keep;
      const double numeric = (up - down) / (2 * h);
      worst =
          std::max(worst, std::abs(numeric - analytic.data()[i]) /
                              std::max({std::abs(numeric), std::abs(analytic.data()[i]), 1e-3}));
    }
    fmt::print("{:8} worst relative error below 1e-6: {}\n", name, worst < 1e-6 ? "yes" : "no");
  };
  check(
      "relu", [](const auto& v) { return ctnn::relu_forward(v); },
      [](const auto& d, const auto& v) { return ctnn::relu_backward(d, v); });
  check(
      "lrelu", [](const auto& v) { return ctnn::lrelu_forward(v); },
      [](const auto& d, const auto& v) { return ctnn::lrelu_backward(d, v); });
  check(
      "prelu", [&](const auto& v) { return ctnn::prelu_forward(v, slopes); },
      [&](const auto& d, const auto& v) { return ctnn::prelu_backward(d, v, slopes).dz; });
  check(
      "elu", [](const auto& v) { return ctnn::elu_forward(v); },
      [](const auto& d, const auto& v) { return ctnn::elu_backward(d, v); });
  check(
      "selu", [](const auto& v) { return ctnn::selu_forward(v); },
      [](const auto& d, const auto& v) { return ctnn::selu_backward(d, v); });
  check(
      "sigmoid", [](const auto& v) { return ctnn::sigmoid_forward(v); },
      [](const auto& d, const auto& v) { return ctnn::sigmoid_backward(d, v); });
  check(
      "tanh", [](const auto& v) { return ctnn::tanh_forward(v); },
      [](const auto& d, const auto& v) { return ctnn::tanh_backward(d, v); });
  //! [gradcheck]
}
