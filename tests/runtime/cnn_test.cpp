// The series' CNN of post 2_3 as one nn::sequential in double: input (1, 28, 28), conv with one
// 3x3 filter (no padding, stride 1), relu, max pooling 2x2, flatten, fc 64, relu, fc 10, softmax
// cross-entropy; batch 2, the post's initialisation (1e-2 randn, biases zero) and its
// SGD(lr=0.01, decay=1e-6) with the series' momentum 0.9. Checked here: the shapes, the
// initialisation against numpy's numbers, the fast backend against the reference through training
// steps, and a loss that starts at ln 10 and falls on one batch. Two training steps on both
// backends are written as .npy for tests/tools/series_cnn.py, which runs the series' own
// numpy functions on the same weights and batch and compares every number.
#define BOOST_TEST_MODULE cnn
// Every loss here must be finite and every target a distribution, in every build type.
#define CTNN_CHECK_FINITE 1
#define CTNN_CHECK_DISTRIBUTION 1
#include <boost/test/unit_test.hpp>
#include <ctnn/loss.hpp>
#include <ctnn/nn/nn.hpp>
#include <ctnn/npy.hpp>
#include <ctnn/numpy_random.hpp>
#include <ctnn/ops/cross_entropy/cross_entropy.hpp>
#include <ctnn/optim/sgd.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <type_traits>

namespace nn = ctnn::nn;
using ctnn::Tensor;
using ctnn::backend::fast;
using ctnn::backend::reference;

namespace {

// Post 2_3: conv_forward(X, K1, b1) with the default padding (0, 0) and strides (1, 1) gives
// 26x26, max_pooling_forward(..., pooling=(2, 2)) with its default strides (2, 2) gives 13x13,
// and W2 is (filters * 13 * 13, 64).
template <class T, std::size_t N>
using SeriesCnn = nn::sequential<nn::input<T, N, 1, 28, 28>,  // T, N, C, H, W
                                 nn::conv2d<1, 3, 3>,         // D, k1, k2
                                 nn::relu, nn::max_pool2d<2, 2>, nn::flatten, nn::dense<64>,
                                 nn::relu, nn::dense<10>>;
using Net = SeriesCnn<double, 2>;
using X = Net::input_type;
using Y = Net::output_type;
static_assert(std::is_same_v<Net::shape<1>, Tensor<double, 2, 1, 26, 26>>);
static_assert(std::is_same_v<Net::shape<3>, Tensor<double, 2, 1, 13, 13>>);
static_assert(std::is_same_v<Net::shape<4>, Tensor<double, 2, 169>>);
static_assert(std::is_same_v<Y, Tensor<double, 2, 10>>);
// K1 1*1*3*3 + b1 1, W2 169*64 + b2 64, W3 64*10 + b3 10.
static_assert(nn::summary<Net>.rows[0].parameters == 10);
static_assert(nn::summary<Net>.rows[4].parameters == 10880);
static_assert(nn::summary<Net>.rows[6].parameters == 650);
static_assert(nn::summary<Net>.parameters == 11540);

// The post's weights_scale and its SGD(weights, lr=0.01, decay=1e-6), momentum the series'
// default 0.9, in the series' form (ctnn's default); the seeds of this test.
constexpr double weights_scale = 1e-2;
ctnn::optim::sgd post_sgd() { return {.lr = 0.01, .momentum = 0.9, .decay = 1e-6}; }
constexpr std::uint32_t weights_seed = 1;
constexpr std::uint32_t batch_seed = 2;

// The post's initialisation after np.random.seed(seed): weights_scale * randn for K1 (1, 1, 3, 3),
// W2 (169, 64) and W3 (64, 10), in that order from one generator; the biases zero (as every
// parameter and gradient of a default-constructed network).
void initialise_as_the_post(Net& net, std::uint32_t seed) {
  ctnn::numpy::RandomState rng{seed};
  for (double& w : net.get<0>().K) w = weights_scale * rng.standard_normal();
  for (double& w : net.get<4>().W) w = weights_scale * rng.standard_normal();
  for (double& w : net.get<6>().W) w = weights_scale * rng.standard_normal();
}

// A batch as MNIST's (pixels in [0, 1)), and the first two labels of its training set, 5 and 0.
X batch() {
  ctnn::numpy::RandomState rng{batch_seed};
  X x;
  for (double& v : x) v = rng.random_sample();
  return x;
}
Y labels() {
  Y t;
  t(0, 5) = 1.0;
  t(1, 0) = 1.0;
  return t;
}

// max |a - b| / max |b|: the error relative to the quantity's scale (0 when both are 0), so that
// elements cancelled to nearly 0 do not count as large relative errors; infinite where a NaN is.
template <std::size_t... Dims>
double scaled_error(const Tensor<double, Dims...>& a, const Tensor<double, Dims...>& b) {
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < a.size; ++i) {
    const double d = std::abs(a.data()[i] - b.data()[i]);
    if (std::isnan(d)) return std::numeric_limits<double>::infinity();
    diff = std::max(diff, d);
    scale = std::max(scale, std::abs(b.data()[i]));
  }
  return scale == 0 ? diff : diff / scale;
}

// Calls f(name, tensor of each net...) for what a training step leaves in the networks: every
// layer's output and input gradient, every parameter's gradient, named as the post names them (its
// `nuerons` and `gradients`; grad_x is the input's gradient, which the post drops).
template <class F, class... Nets>
void for_each_named(F&& f, Nets&... nets) {
  f("conv1", nets.template get<0>().out...);
  f("conv1_relu", nets.template get<1>().out...);
  f("maxp1", nets.template get<2>().out...);
  f("flatten", nets.template get<3>().out...);
  f("fc2", nets.template get<4>().out...);
  f("fc2_relu", nets.template get<5>().out...);
  f("y", nets.template get<6>().out...);
  f("grad_x", nets.template get<0>().dz...);
  f("grad_conv1", nets.template get<1>().dz...);
  f("grad_conv1_relu", nets.template get<2>().dz...);
  f("grad_maxp1", nets.template get<3>().dz...);
  f("grad_flatten", nets.template get<4>().dz...);
  f("grad_fc2", nets.template get<5>().dz...);
  f("grad_fc2_relu", nets.template get<6>().dz...);
  f("grad_K1", nets.template get<0>().dK...);
  f("grad_b1", nets.template get<0>().db...);
  f("grad_W2", nets.template get<4>().dW...);
  f("grad_b2", nets.template get<4>().db...);
  f("grad_W3", nets.template get<6>().dW...);
  f("grad_b3", nets.template get<6>().db...);
}
// The same for the parameters, the post's `weights`.
template <class F, class... Nets>
void for_each_weight(F&& f, Nets&... nets) {
  f("K1", nets.template get<0>().K...);
  f("b1", nets.template get<0>().b...);
  f("W2", nets.template get<4>().W...);
  f("b2", nets.template get<4>().b...);
  f("W3", nets.template get<6>().W...);
  f("b3", nets.template get<6>().b...);
}

// One step of the post's training loop: forward, loss, backward, SGD. Returns the loss and dy.
template <class Backend>
ctnn::loss_and_gradient<Y> train_step(Net& net, ctnn::optim::sgd& opt, const X& x, const Y& t) {
  const auto& y = net.forward<Backend>(x);
  auto result = ctnn::cross_entropy_loss(y, t);
  net.backward<Backend>(result.dy);
  opt.step(net);
  return result;
}

}  // namespace

BOOST_AUTO_TEST_CASE(initialised_as_the_post) {
  // np.random.seed(1); 1e-2 * randn(1, 1, 3, 3), then randn(169, 64), then randn(64, 10).
  Net net;
  initialise_as_the_post(net, weights_seed);
  const auto tolerance = boost::test_tools::tolerance(1e-15);
  BOOST_TEST(net.get<0>().K(0, 0, 0, 0) == 0.01624345363663242, tolerance);
  BOOST_TEST(net.get<4>().W(0, 0) == -0.0024937037547741008, tolerance);
  BOOST_TEST(net.get<4>().W(168, 63) == 0.004384311646700902, tolerance);
  BOOST_TEST(net.get<6>().W(63, 9) == 0.0005134409536721553, tolerance);
  BOOST_TEST(
      std::all_of(net.get<4>().b.begin(), net.get<4>().b.end(), [](double v) { return v == 0.0; }));
}

BOOST_AUTO_TEST_CASE(fast_agrees_with_reference_through_training) {
  // Two networks from the same weights, one trained on each backend, five steps: every output,
  // gradient, input gradient and updated weight within 1e-10 of the reference's scale. The
  // kernels add in different orders (1e-16 each); training carries it on without growing it much.
  Net a, b;
  initialise_as_the_post(a, weights_seed);
  initialise_as_the_post(b, weights_seed);
  auto opt_a = post_sgd(), opt_b = post_sgd();
  const X x = batch();
  const Y t = labels();
  double worst = 0;
  for (int step = 0; step < 5; ++step) {
    const auto la = train_step<reference>(a, opt_a, x, t);
    const auto lb = train_step<fast>(b, opt_b, x, t);
    worst = std::max(worst, std::abs(la.loss - lb.loss) / la.loss);
    worst = std::max(worst, scaled_error(lb.dy, la.dy));
    const auto compare = [&](const char* name, const auto& fast_value, const auto& ref_value) {
      const double e = scaled_error(fast_value, ref_value);
      BOOST_TEST(e < 1e-10, "step " << step << ", " << name << ": " << e);
      worst = std::max(worst, e);
    };
    for_each_named(compare, b, a);
    for_each_weight(compare, b, a);  // after the step
  }
  BOOST_TEST_MESSAGE("fast against reference, five steps: worst " << worst);
  BOOST_TEST(worst < 1e-10);
}

BOOST_AUTO_TEST_CASE(the_loss_starts_at_ln10_and_falls) {
  // With weights of 1e-2 the logits are nearly 0, the softmax nearly uniform: the first loss is
  // ln 10 = 2.302585 within 1e-3 (the post printed 2.3025710785961633 at step 0). Each of
  // twenty steps of the post's SGD on the same batch lowers it (from 2.30266 to 1.89286 here),
  // every loss finite (CTNN_CHECK_FINITE would throw otherwise).
  Net net;
  initialise_as_the_post(net, weights_seed);
  auto opt = post_sgd();
  const X x = batch();
  const Y t = labels();
  const double first = train_step<fast>(net, opt, x, t).loss;
  BOOST_TEST(std::abs(first - std::log(10.0)) < 1e-3, "first loss " << first);
  double loss = first;
  for (int step = 1; step < 20; ++step) {
    const double next = train_step<fast>(net, opt, x, t).loss;
    BOOST_TEST(std::isfinite(next));
    BOOST_TEST(next < loss, "step " << step << ": " << next << " after " << loss);
    loss = next;
  }
  BOOST_TEST_MESSAGE("loss " << first << " at step 0, " << loss << " at step 19");
  BOOST_TEST(loss < first);
  BOOST_TEST(opt.iterations == 20u);
}

// The inputs and outputs for tests/tools/series_cnn.py, which trains the post's network
// with the series' own functions from the same weights on the same batch. setup.txt holds how the
// weights were drawn and the SGD's settings; x.npy and labels.npy the batch; and for each backend
// B (reference, fast) and step S (1, 2), B_stepS_NAME.npy: the weights before the step (K1 .. b3),
// every layer's output and gradient (for_each_named), the loss (1,), dy, and the weights after
// the step (K1_after .. b3_after).
BOOST_AUTO_TEST_CASE(write_for_the_series) {
  const std::filesystem::path dir = CTNN_TEST_OUTPUT_DIR;
  std::filesystem::create_directories(dir);
  constexpr int steps = 2;
  const X x = batch();
  const Y t = labels();
  ctnn::io::save_npy((dir / "x.npy").string(), x);
  ctnn::io::save_npy((dir / "labels.npy").string(), t);
  std::ofstream setup(dir / "setup.txt");
  setup.precision(17);
  const auto settings = post_sgd();
  setup << "seed " << weights_seed << "\nweights_scale " << weights_scale << "\nsteps " << steps
        << "\nlr " << settings.lr << "\nmomentum " << settings.momentum << "\ndecay "
        << settings.decay << '\n';
  setup.close();
  BOOST_TEST(setup.good());

  const auto train = [&](auto backend, const std::string& backend_name) {
    using B = decltype(backend);
    Net net;
    initialise_as_the_post(net, weights_seed);
    auto opt = post_sgd();
    for (int step = 1; step <= steps; ++step) {
      const std::string prefix = backend_name + "_step" + std::to_string(step) + "_";
      const auto save = [&](const std::string& name, const auto& value) {
        ctnn::io::save_npy((dir / (prefix + name + ".npy")).string(), value);
      };
      for_each_weight(save, net);
      const auto result = train_step<B>(net, opt, x, t);
      for_each_named(save, net);
      save("loss", Tensor<double, 1>{result.loss});
      save("dy", result.dy);
      for_each_weight([&](const std::string& name, const auto& w) { save(name + "_after", w); },
                      net);
    }
  };
  train(reference{}, "reference");
  train(fast{}, "fast");
  BOOST_TEST(std::filesystem::exists(dir / "fast_step2_b3_after.npy"));
}
