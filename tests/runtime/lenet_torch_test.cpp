// LeNet-5 (the network of sequential_test) in f64 on a batch of 4 against PyTorch 1.13:
// tests/tools/make_lenet_golden.py wrote tests/data/lenet/ (the parameters, x, y_true, and what
// torch computed: the logits, the mean cross-entropy, every gradient), in ctnn's layouts. Forward,
// cross_entropy_loss and backward, on each backend, must agree with them within 1e-10.
//
// The gradients' conventions (derived in the script's docstring, checked there by torch itself):
// with l_n the cross-entropy of sample n, torch differentiates the mean L = (1/N) sum_n l_n;
// ctnn's dy = softmax(y) - t is the gradient of the sum S = N L, backward passes every input
// gradient on undivided and divides only dK, db, dW by N. So ctnn's dK, db, dW equal torch's
// .grad (swapped or transposed into ctnn's layout by the script), and net.backward(dy), layer 0's
// dz, is N times torch's x.grad (the script stores it multiplied by N = 4, exactly).
#define BOOST_TEST_MODULE lenet_torch
#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>
#include <ctnn/backend.hpp>
#include <ctnn/nn/nn.hpp>
#include <ctnn/npy.hpp>
#include <ctnn/ops/cross_entropy/cross_entropy.hpp>

#include "laws.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace laws = ctnn_test::laws;
namespace nn = ctnn::nn;
using ctnn::Tensor;

namespace {

using backends = boost::mpl::list<ctnn::backend::reference, ctnn::backend::fast>;

template <class Backend>
const char* backend_name() {
  return std::is_same_v<Backend, ctnn::backend::fast> ? "fast" : "reference";
}

constexpr std::size_t N = 4;
using LeNet =
    nn::sequential<nn::input<double, N, 1, 28, 28>, nn::conv2d<6, 5, 5, ctnn::padding<2, 2>>,
                   nn::relu, nn::max_pool2d<2, 2>, nn::conv2d<16, 5, 5>, nn::relu,
                   nn::max_pool2d<2, 2>, nn::flatten, nn::dense<120>, nn::relu, nn::dense<84>,
                   nn::relu, nn::dense<10>>;

template <std::size_t... Dims>
Tensor<double, Dims...> golden(const std::string& name, const Tensor<double, Dims...>&) {
  return ctnn::io::load_npy<double, Dims...>(std::string(CTNN_TEST_DATA_DIR) + "/lenet/" + name +
                                             ".npy");
}

template <std::size_t... Dims>
void load(Tensor<double, Dims...>& t, const std::string& name) {
  t = golden(name, t);
}

// Errors per element, relative with a small floor: |got_i - want_i| / max(|got_i|, |want_i|,
// 1e-12) (laws::relative_error; NaN gives infinity), the worst over the array. The arrays' largest
// magnitudes are 0.2 to 4; the floor keeps exact zeros (dead relus) from dividing by 0 and leaves
// every other element relative, down to the smallest gradients, sums that cancel, which are the
// hardest (9.8e-12 seen, in layer 7's dW). Against the array's largest magnitude,
// max_i |got_i - want_i| / max_i |want_i|, the worst is 1.6e-15; that figure is printed too.
constexpr double error_floor = 1e-12;

struct measured {
  double per_element = 0;  // what the test asserts
  double of_largest = 0;   // max_i |got_i - want_i| / max_i |want_i|, for the message
};

template <std::size_t... Dims>
measured error(const Tensor<double, Dims...>& got, const Tensor<double, Dims...>& want) {
  measured m;
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < want.size; ++i) {
    const double a = got.data()[i], b = want.data()[i];
    m.per_element = std::max(m.per_element, laws::relative_error(a, b, error_floor));
    diff =
        std::isnan(a) ? std::numeric_limits<double>::infinity() : std::max(diff, std::abs(a - b));
    scale = std::max(scale, std::abs(b));
  }
  m.of_largest = diff / std::max(scale, error_floor);
  return m;
}

// Loads every parameter, fills every gradient with NaN (an element backward forgot fails).
void load_parameters(LeNet& net) {
  load(net.get<0>().K, "layer0.K");
  load(net.get<0>().b, "layer0.b");
  load(net.get<3>().K, "layer3.K");
  load(net.get<3>().b, "layer3.b");
  load(net.get<7>().W, "layer7.W");
  load(net.get<7>().b, "layer7.b");
  load(net.get<9>().W, "layer9.W");
  load(net.get<9>().b, "layer9.b");
  load(net.get<11>().W, "layer11.W");
  load(net.get<11>().b, "layer11.b");
  net.for_each_parameter([](auto&, auto& d) {
    for (auto& v : d) v = std::numeric_limits<double>::quiet_NaN();
  });
}

// Forward, the loss, backward on Backend, as a training step does; each quantity's error against
// torch's, in the order computed.
template <class Backend>
std::vector<std::pair<std::string, measured>> errors_against_torch(LeNet& net) {
  const auto x = golden("x", LeNet::input_type{});
  const auto y_true = golden("y_true", LeNet::output_type{});
  const auto& y = net.forward<Backend>(x);
  const auto [loss, dy] = ctnn::cross_entropy_loss(y, y_true);
  const auto& dx = net.backward<Backend>(dy);

  std::vector<std::pair<std::string, measured>> all;
  const auto check = [&all](const std::string& name, const auto& got) {
    all.emplace_back(name, error(got, golden(name, got)));
  };
  check("y", y);
  check("loss", Tensor<double>(loss));
  check("layer0.dK", net.get<0>().dK);
  check("layer0.db", net.get<0>().db);
  check("layer3.dK", net.get<3>().dK);
  check("layer3.db", net.get<3>().db);
  check("layer7.dW", net.get<7>().dW);
  check("layer7.db", net.get<7>().db);
  check("layer9.dW", net.get<9>().dW);
  check("layer9.db", net.get<9>().db);
  check("layer11.dW", net.get<11>().dW);
  check("layer11.db", net.get<11>().db);
  check("dx", dx);
  return all;
}

double worst_of(const std::vector<std::pair<std::string, measured>>& all) {
  double worst = 0;
  for (const auto& [name, m] : all) worst = std::max(worst, m.per_element);
  return worst;
}

}  // namespace

BOOST_AUTO_TEST_CASE(golden_files_are_what_the_script_says) {
  // One-hot targets, a loss that is neither 0 nor saturated, gradients that are not all zero.
  const auto y_true = golden("y_true", LeNet::output_type{});
  for (std::size_t n = 0; n < N; ++n) {
    double sum = 0;
    for (std::size_t k = 0; k < 10; ++k) sum += y_true(n, k);
    BOOST_TEST(sum == 1.0);
  }
  const double loss = golden("loss", Tensor<double>{})();
  BOOST_TEST((loss > 0.1 && loss < 10));
  LeNet net;
  const auto dK = golden("layer0.dK", net.get<0>().dK);
  BOOST_TEST(std::any_of(dK.begin(), dK.end(), [](double v) { return std::abs(v) > 1e-3; }));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(agrees_with_pytorch, Backend, backends) {
  // Measured (g++ 12 and clang 14, x86-64, Debug), per element: reference 9.8e-12 at worst
  // (layer 7's dW), fast 4.2e-12; against the largest magnitude 1.6e-15 and 8.1e-16.
  LeNet net;
  load_parameters(net);
  const auto all = errors_against_torch<Backend>(net);
  BOOST_TEST(all.size() == 13u);
  for (const auto& [name, m] : all) {
    BOOST_TEST_MESSAGE(backend_name<Backend>()
                       << ": " << name << ": worst relative error " << m.per_element
                       << " per element, " << m.of_largest << " of the largest");
    BOOST_TEST(m.per_element < 1e-10, backend_name<Backend>()
                                          << ": " << name << " " << m.per_element);
  }
  BOOST_TEST_MESSAGE(backend_name<Backend>() << ": worst of all " << worst_of(all));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_weight_off_by_one_part_in_a_billion_fails, Backend, backends) {
  // The comparison can fail: one element of layer 3's kernels moved by 1e-9 of itself moves the
  // output and the gradients by more than the tolerance (7e-9 per element measured).
  LeNet net;
  load_parameters(net);
  net.get<3>().K(2, 5, 1, 3) *= 1 + 1e-9;
  const double worst = worst_of(errors_against_torch<Backend>(net));
  BOOST_TEST_MESSAGE(backend_name<Backend>() << ": with one weight off by 1e-9, worst " << worst);
  BOOST_TEST(worst > 1e-10);
}
