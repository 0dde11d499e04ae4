// The optimizers of post 0_4 (ctnn::optim): three steps of each optimizer and form computed by
// hand, five steps against torch.optim and against numpy's transcription of the series' formulas
// (tests/tools/make_optim_golden.py, which writes tests/data/optim/), in double and in float; no
// allocation after the first step; the run-time error for another set of parameters; the
// aggregates' designated initializers and the series' defaults; eq. (1)'s decay; the state as
// for_each_state shows it, prepare and reset. The conventions pinned here are on
// docs/optimizers.md and docs/conventions.md: the series' momentum form by default, epsilon
// inside the square root for AdaGrad and RMSProp (outside for Adam), lr / (1 + decay t).
#define BOOST_TEST_MODULE optim
#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>
#include <ctnn/npy.hpp>
#include <ctnn/optim/optim.hpp>

#include "count_allocations.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace optim = ctnn::optim;
using ctnn::Tensor;

namespace {

using element_types = boost::mpl::list<double, float>;

// Two parameters and their gradients, visited as the network visits its layers': f(value,
// gradient), w then b.
//! [params]
template <class T, std::size_t B = 3>
struct two_params {
  Tensor<T, 2, 3> w, dw;
  Tensor<T, B> b, db;
  template <class F>
  void for_each_parameter(F&& f) {
    f(w, std::as_const(dw));  // value, then its gradient
    f(b, std::as_const(db));
  }
};
//! [params]

// Every tensor, values and gradients, writable (for the tests' set-up).
template <class T, std::size_t B, class F>
void for_each_tensor(two_params<T, B>& p, F&& f) {
  f(p.w), f(p.dw), f(p.b), f(p.db);
}

double plus_one(std::size_t e) { return static_cast<double>(e) + 1; }

// The parameters of the hand-computed sequences: w from 1, b from 2. set(gw, gb, by_element)
// gives element e of w the gradient gw, and of b the gradient gb, times (e + 1) when by_element.
struct hand_params : two_params<double> {
  hand_params() {
    for (double& x : w) x = 1.0;
    for (double& x : b) x = 2.0;
  }
  void set(double gw, double gb, bool by_element) {
    for (std::size_t e = 0; e < dw.size; ++e) dw.data()[e] = gw * (by_element ? plus_one(e) : 1);
    for (std::size_t e = 0; e < db.size; ++e) db.data()[e] = gb * (by_element ? plus_one(e) : 1);
  }
};

// The values of buffer `name` of parameter i (0: w, 1: b), copied out of for_each_state.
template <class Optimizer>
std::vector<double> state_of(const Optimizer& opt, std::string_view name, std::size_t i) {
  std::vector<double> out;
  opt.for_each_state([&](std::string_view n, std::size_t index, auto values) {
    if (n == name && index == i) out.assign(values.begin(), values.end());
  });
  return out;
}

constexpr double hand_tolerance = 1e-13;

// Linear sequences (SGD): after each step element e of w is 1 - (e + 1) moved[k] and of b
// 2 + 3 (e + 1) moved[k], for the gradients (e + 1) c_k and -3 (e + 1) c_k, c = 1, 2, 4.
template <class Optimizer>
void check_sgd_by_hand(Optimizer opt, const double (&moved)[3], double velocity) {
  hand_params p;
  const double c[3] = {1, 2, 4};
  for (int k = 0; k < 3; ++k) {
    p.set(c[k], -3 * c[k], true);
    opt.step(p);
    for (std::size_t e = 0; e < 6; ++e)
      BOOST_TEST(p.w.data()[e] == 1 - plus_one(e) * moved[k],
                 boost::test_tools::tolerance(hand_tolerance));
    for (std::size_t e = 0; e < 3; ++e)
      BOOST_TEST(p.b.data()[e] == 2 + 3 * plus_one(e) * moved[k],
                 boost::test_tools::tolerance(hand_tolerance));
  }
  const auto v0 = state_of(opt, "velocity", 0), v1 = state_of(opt, "velocity", 1);
  BOOST_TEST_REQUIRE(v0.size() == 6u);
  BOOST_TEST_REQUIRE(v1.size() == 3u);
  for (std::size_t e = 0; e < 6; ++e)
    BOOST_TEST(v0[e] == plus_one(e) * velocity, boost::test_tools::tolerance(hand_tolerance));
  for (std::size_t e = 0; e < 3; ++e)
    BOOST_TEST(v1[e] == -3 * plus_one(e) * velocity, boost::test_tools::tolerance(hand_tolerance));
  BOOST_TEST(opt.iterations == 3u);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Three steps by hand. lr 0.1, momentum 0.5, decay 1: eq. (1) gives lr_t = 0.1 / (1 + t) =
// 0.1, 0.05, 0.1 / 3 for t = 0, 1, 2. The displacements are derived on paper, as fractions.

BOOST_AUTO_TEST_CASE(sgd_series_form_by_hand) {
  // Eqs. (2), (3): v = 0.5 v + lr_t c, w -= v.
  //   v = 0.1 * 1                      = 1/10
  //   v = 0.5 * 1/10 + 0.05 * 2        = 3/20
  //   v = 0.5 * 3/20 + (0.1 / 3) * 4   = 3/40 + 2/15 = 5/24
  // moved: 1/10, 1/10 + 3/20 = 1/4, 1/4 + 5/24 = 11/24.
  check_sgd_by_hand(optim::sgd{.lr = 0.1, .momentum = 0.5, .decay = 1},
                    {1.0 / 10, 1.0 / 4, 11.0 / 24}, 5.0 / 24);
}

BOOST_AUTO_TEST_CASE(sgd_series_form_nesterov_by_hand) {
  // v as above; w -= 0.5 v + lr_t c:
  //   0.5 * 1/10 + 0.1 * 1         = 3/20
  //   0.5 * 3/20 + 0.05 * 2        = 7/40
  //   0.5 * 5/24 + (0.1 / 3) * 4   = 5/48 + 2/15 = 19/80
  // moved: 3/20, 3/20 + 7/40 = 13/40, 13/40 + 19/80 = 9/16.
  check_sgd_by_hand(optim::sgd{.lr = 0.1, .momentum = 0.5, .decay = 1, .nesterov = true},
                    {3.0 / 20, 13.0 / 40, 9.0 / 16}, 5.0 / 24);
}

BOOST_AUTO_TEST_CASE(sgd_pytorch_form_by_hand) {
  // PyTorch's: v = 0.5 v + c, w -= lr_t v.
  //   v = 1,                 lr_t v = 0.1
  //   v = 0.5 + 2 = 5/2,     lr_t v = 0.05 * 5/2 = 1/8
  //   v = 5/4 + 4 = 21/4,    lr_t v = (0.1 / 3) * 21/4 = 7/40
  // moved: 1/10, 9/40, 2/5.
  check_sgd_by_hand(
      optim::sgd{.lr = 0.1, .momentum = 0.5, .decay = 1, .form = optim::momentum_form::pytorch},
      {1.0 / 10, 9.0 / 40, 2.0 / 5}, 21.0 / 4);
}

BOOST_AUTO_TEST_CASE(sgd_pytorch_form_nesterov_by_hand) {
  // v as above; w -= lr_t (c + 0.5 v):
  //   0.1 * (1 + 1/2)              = 3/20
  //   0.05 * (2 + 5/4)             = 13/80
  //   (0.1 / 3) * (4 + 21/8)       = 53/240
  // moved: 3/20, 5/16, 8/15.
  check_sgd_by_hand(optim::sgd{.lr = 0.1,
                               .momentum = 0.5,
                               .decay = 1,
                               .form = optim::momentum_form::pytorch,
                               .nesterov = true},
                    {3.0 / 20, 5.0 / 16, 8.0 / 15}, 21.0 / 4);
}

BOOST_AUTO_TEST_CASE(adagrad_by_hand) {
  // Eqs. (4), (5) with the series' lr 0.01 and epsilon 1e-6, and decay 1: lr_t = 0.01 / (1 + t).
  // w's gradients 3, 4, 12 give s = 9, 25, 169; b's -1e-3 (three times) give s = 1e-6, 2e-6,
  // 3e-6, where epsilon inside the root counts: sqrt(s + 1e-6) = sqrt(2e-6), sqrt(3e-6), 2e-3.
  optim::adagrad opt{.decay = 1};
  hand_params p;
  const double gw[3] = {3, 4, 12};
  const double w_after[3] = {1 - 0.01 * 3 / std::sqrt(9 + 1e-6),
                             1 - 0.01 * 3 / std::sqrt(9 + 1e-6) - 0.005 * 4 / std::sqrt(25 + 1e-6),
                             1 - 0.01 * 3 / std::sqrt(9 + 1e-6) - 0.005 * 4 / std::sqrt(25 + 1e-6) -
                                 (0.01 / 3) * 12 / std::sqrt(169 + 1e-6)};
  const double b_after[3] = {2 + 0.01 * 1e-3 / std::sqrt(2e-6),
                             2 + 0.01 * 1e-3 / std::sqrt(2e-6) + 0.005 * 1e-3 / std::sqrt(3e-6),
                             2 + 0.01 * 1e-3 / std::sqrt(2e-6) + 0.005 * 1e-3 / std::sqrt(3e-6) +
                                 (0.01 / 3) * 1e-3 / 2e-3};
  for (int k = 0; k < 3; ++k) {
    p.set(gw[k], -1e-3, false);
    opt.step(p);
    for (double x : p.w) BOOST_TEST(x == w_after[k], boost::test_tools::tolerance(hand_tolerance));
    for (double x : p.b) BOOST_TEST(x == b_after[k], boost::test_tools::tolerance(hand_tolerance));
  }
  for (double s : state_of(opt, "square_sum", 0))
    BOOST_TEST(s == 169.0, boost::test_tools::tolerance(hand_tolerance));
  for (double s : state_of(opt, "square_sum", 1))
    BOOST_TEST(s == 3e-6, boost::test_tools::tolerance(hand_tolerance));
}

BOOST_AUTO_TEST_CASE(rmsprop_by_hand) {
  // Eqs. (6), (5) with the series' defaults: lr 0.01, gamma 0.9, epsilon 1e-6, decay 0.
  // w's gradients 2, 1, 3: s = 0.1 * 4 = 0.4; 0.9 * 0.4 + 0.1 * 1 = 0.46;
  // 0.9 * 0.46 + 0.1 * 9 = 1.314. b's -1e-3 (three times): s = 1e-7, 1.9e-7, 2.71e-7, each
  // with 1e-6 added under the root.
  optim::rmsprop opt;
  hand_params p;
  const double gw[3] = {2, 1, 3};
  const double w_after[3] = {
      1 - 0.01 * 2 / std::sqrt(0.4 + 1e-6),
      1 - 0.01 * 2 / std::sqrt(0.4 + 1e-6) - 0.01 * 1 / std::sqrt(0.46 + 1e-6),
      1 - 0.01 * 2 / std::sqrt(0.4 + 1e-6) - 0.01 * 1 / std::sqrt(0.46 + 1e-6) -
          0.01 * 3 / std::sqrt(1.314 + 1e-6)};
  const double b_after[3] = {2 + 0.01 * 1e-3 / std::sqrt(1.1e-6),
                             2 + 0.01 * 1e-3 / std::sqrt(1.1e-6) + 0.01 * 1e-3 / std::sqrt(1.19e-6),
                             2 + 0.01 * 1e-3 / std::sqrt(1.1e-6) +
                                 0.01 * 1e-3 / std::sqrt(1.19e-6) +
                                 0.01 * 1e-3 / std::sqrt(1.271e-6)};
  for (int k = 0; k < 3; ++k) {
    p.set(gw[k], -1e-3, false);
    opt.step(p);
    for (double x : p.w) BOOST_TEST(x == w_after[k], boost::test_tools::tolerance(hand_tolerance));
    for (double x : p.b) BOOST_TEST(x == b_after[k], boost::test_tools::tolerance(hand_tolerance));
  }
  for (double s : state_of(opt, "square_average", 0))
    BOOST_TEST(s == 1.314, boost::test_tools::tolerance(hand_tolerance));
  for (double s : state_of(opt, "square_average", 1))
    BOOST_TEST(s == 2.71e-7, boost::test_tools::tolerance(hand_tolerance));
}

BOOST_AUTO_TEST_CASE(adam_by_hand) {
  // Adam's defaults: lr 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-8. w's gradients 1, 2, 3:
  //   t = 1: m = 0.1,   v = 0.001,       1 - beta1^t = 0.1,   1 - beta2^t = 0.001
  //   t = 2: m = 0.29,  v = 0.004999,    1 - beta1^t = 0.19,  1 - beta2^t = 0.001999
  //   t = 3: m = 0.561, v = 0.013994001, 1 - beta1^t = 0.271, 1 - beta2^t = 0.002997001
  // and w -= 1e-3 (m / 0.1...) / (sqrt(v / 0.001...) + 1e-8). b's gradient 1e-8 every step has
  // corrected moments m = 1e-8, v = 1e-16: b -= 1e-3 * 1e-8 / (1e-8 + 1e-8) = 5e-4 per step,
  // epsilon outside the root (inside, the step would be about 1e-7).
  optim::adam opt;
  hand_params p;
  const double gw[3] = {1, 2, 3};
  const double m[3] = {0.1, 0.29, 0.561}, v[3] = {0.001, 0.004999, 0.013994001};
  const double c1[3] = {0.1, 0.19, 0.271}, c2[3] = {0.001, 0.001999, 0.002997001};
  double w_expected = 1, b_expected = 2;
  for (int k = 0; k < 3; ++k) {
    p.set(gw[k], 1e-8, false);
    opt.step(p);
    w_expected -= 1e-3 * (m[k] / c1[k]) / (std::sqrt(v[k] / c2[k]) + 1e-8);
    b_expected -= 5e-4;
    for (double x : p.w) BOOST_TEST(x == w_expected, boost::test_tools::tolerance(hand_tolerance));
    for (double x : p.b) BOOST_TEST(x == b_expected, boost::test_tools::tolerance(hand_tolerance));
  }
  for (double x : state_of(opt, "first_moment", 0))
    BOOST_TEST(x == 0.561, boost::test_tools::tolerance(hand_tolerance));
  for (double x : state_of(opt, "second_moment", 0))
    BOOST_TEST(x == 0.013994001, boost::test_tools::tolerance(hand_tolerance));
  // b: m = (1 - 0.9^3) 1e-8, v = (1 - 0.999^3) 1e-16
  for (double x : state_of(opt, "first_moment", 1))
    BOOST_TEST(x == 0.271e-8, boost::test_tools::tolerance(hand_tolerance));
  for (double x : state_of(opt, "second_moment", 1))
    BOOST_TEST(x == 0.002997001e-16, boost::test_tools::tolerance(hand_tolerance));
}

BOOST_AUTO_TEST_CASE(epsilon_is_inside_the_root_for_adagrad_and_rmsprop) {
  // Convention kept from the series: w -= lr g / sqrt(s + eps). With g = 3, eps = 16 and lr 1,
  // AdaGrad's first step is 3 / sqrt(9 + 16) = 3/5 (PyTorch's sqrt(s) + eps: 3/19), and
  // RMSProp's (gamma 0, so s = g^2) the same.
  hand_params p;
  p.set(3, 3, false);
  optim::adagrad a{.lr = 1, .epsilon = 16};
  a.step(p);
  for (double x : p.w) BOOST_TEST(x == 1 - 0.6, boost::test_tools::tolerance(1e-15));
  hand_params q;
  q.set(3, 3, false);
  optim::rmsprop r{.lr = 1, .gamma = 0, .epsilon = 16};
  r.step(q);
  for (double x : q.w) BOOST_TEST(x == 1 - 0.6, boost::test_tools::tolerance(1e-15));
}

// ---------------------------------------------------------------------------------------------
// Eq. (1)'s decay.

BOOST_AUTO_TEST_CASE(decay_follows_lr_over_one_plus_decay_t) {
  // lr 0.1, decay 0.5: 0.1 / (1 + 0.5 t) = 0.1, 0.1/1.5, 0.05, 0.04 for t = 0..3; t counts the
  // steps taken before (0 on the first).
  const double expected[4] = {0.1, 0.1 / 1.5, 0.05, 0.04};
  optim::sgd s{.lr = 0.1, .momentum = 0, .decay = 0.5};
  optim::adagrad a{.lr = 0.1, .decay = 0.5};
  optim::rmsprop r{.lr = 0.1, .decay = 0.5};
  optim::adam m{.lr = 0.1, .decay = 0.5};
  hand_params ps, pa, pr, pm;
  double moved = 0;
  for (std::size_t t = 0; t < 4; ++t) {
    BOOST_TEST(s.learning_rate() == expected[t], boost::test_tools::tolerance(1e-15));
    BOOST_TEST(a.learning_rate() == expected[t], boost::test_tools::tolerance(1e-15));
    BOOST_TEST(r.learning_rate() == expected[t], boost::test_tools::tolerance(1e-15));
    BOOST_TEST(m.learning_rate() == expected[t], boost::test_tools::tolerance(1e-15));
    BOOST_TEST(optim::decayed_lr(0.1, 0.5, t) == expected[t], boost::test_tools::tolerance(1e-15));
    // Plain SGD (momentum 0) with g = 1 moves by exactly lr_t. Adam with a constant g = 1 has
    // corrected moments 1 and 1, and moves by lr_t / (1 + 1e-8).
    // AdaGrad's s is then t + 1, RMSProp's 1 - 0.9^(t + 1), both with 1e-6 under the root.
    const double w_a = pa.w(0, 0), w_r = pr.w(0, 0);
    for (hand_params* p : {&ps, &pa, &pr, &pm}) p->set(1, 1, false);
    s.step(ps);
    a.step(pa);
    r.step(pr);
    m.step(pm);
    moved += expected[t];
    const double square_average = 1 - std::pow(0.9, static_cast<double>(t) + 1);
    BOOST_TEST(ps.w(0, 0) == 1 - moved, boost::test_tools::tolerance(1e-14));
    BOOST_TEST(pm.w(0, 0) == 1 - moved / (1 + 1e-8), boost::test_tools::tolerance(1e-14));
    BOOST_TEST(w_a - pa.w(0, 0) == expected[t] / std::sqrt(static_cast<double>(t) + 1 + 1e-6),
               boost::test_tools::tolerance(1e-13));
    BOOST_TEST(w_r - pr.w(0, 0) == expected[t] / std::sqrt(square_average + 1e-6),
               boost::test_tools::tolerance(1e-13));
  }
  // The default decay: the series' 1e-5 for SGD, 0 for the others.
  BOOST_TEST(optim::sgd{.iterations = 1000}.learning_rate() == 0.01 / (1 + 1e-5 * 1000),
             boost::test_tools::tolerance(1e-15));
  BOOST_TEST(optim::adagrad{.iterations = 1000}.learning_rate() == 0.01);
  BOOST_TEST(optim::rmsprop{.iterations = 1000}.learning_rate() == 0.01);
  BOOST_TEST(optim::adam{.iterations = 1000}.learning_rate() == 1e-3);
}

// ---------------------------------------------------------------------------------------------
// Five steps against tests/data/optim/ (torch.optim, and numpy's transcription of the series).

namespace {

std::string golden(const std::string& name) {
  return std::string(CTNN_TEST_DATA_DIR) + "/optim/" + name + ".npy";
}

// A file of doubles, as T.
template <class T, std::size_t... Dims>
Tensor<T, Dims...> load(const std::string& name) {
  const auto d = ctnn::io::load_npy<double, Dims...>(golden(name));
  Tensor<T, Dims...> t;
  for (std::size_t i = 0; i < t.size; ++i) t.data()[i] = static_cast<T>(d.data()[i]);
  return t;
}

// max |a - b| / max |b| over n values: the error relative to the largest golden value of the
// array (a normwise relative error: elementwise, a moment whose terms cancel would be divided by
// nearly 0).
template <class A, class B>
double relative_error(const A* a, const B* b, std::size_t n) {
  double worst = 0, scale = 0;
  for (std::size_t i = 0; i < n; ++i) {
    worst = std::max(worst, std::abs(static_cast<double>(a[i]) - static_cast<double>(b[i])));
    scale = std::max(scale, std::abs(static_cast<double>(b[i])));
  }
  return worst / scale;
}

template <class T>
constexpr double golden_tolerance = std::is_same_v<T, double> ? 1e-12 : 1e-5;

// Runs `opt` five steps from w0, b0 with the gradients `grads` ("unit", "milli" or "tiny") and
// compares w and b after every step, and every state buffer after the last, with `name`'s files.
template <class T, class Optimizer>
void check_golden(const std::string& name, const std::string& grads, Optimizer opt) {
  BOOST_TEST_CONTEXT(name) {
    two_params<T> p;
    p.w = load<T, 2, 3>("w0");
    p.b = load<T, 3>("b0");
    const auto gw = load<T, 5, 2, 3>(grads + ".w"), ws = load<T, 5, 2, 3>(name + ".w");
    const auto gb = load<T, 5, 3>(grads + ".b"), bs = load<T, 5, 3>(name + ".b");
    double worst = 0;
    for (std::size_t t = 0; t < 5; ++t) {
      std::copy_n(gw.data() + 6 * t, 6, p.dw.data());
      std::copy_n(gb.data() + 3 * t, 3, p.db.data());
      opt.step(p);
      const double error = std::max(relative_error(p.w.data(), ws.data() + 6 * t, 6),
                                    relative_error(p.b.data(), bs.data() + 3 * t, 3));
      BOOST_TEST(error < golden_tolerance<T>, "step " << t + 1);
      worst = std::max(worst, error);
    }
    std::size_t buffers = 0;
    opt.for_each_state([&](std::string_view buffer, std::size_t i, auto values) {
      const std::string file = name + "." + std::string(buffer) + "." + std::to_string(i);
      const double error = i == 0 ? relative_error(values.data(), load<T, 2, 3>(file).data(), 6)
                                  : relative_error(values.data(), load<T, 3>(file).data(), 3);
      BOOST_TEST(values.size() == (i == 0 ? 6u : 3u));
      BOOST_TEST(error < golden_tolerance<T>, file);
      worst = std::max(worst, error);
      ++buffers;
    });
    BOOST_TEST(buffers == 2 * Optimizer::state_names.size());
    BOOST_TEST_MESSAGE(name << " (" << (std::is_same_v<T, float> ? "float" : "double")
                            << "): worst relative error " << worst);
  }
}

}  // namespace

// torch.optim (float64), configured where its formula differs from the series' so that the two
// coincide: torch adds eps outside the root (sqrt(s) + eps) in Adagrad and RMSprop, so those
// cases use eps = 0 on both sides; torch's RMSprop alpha (the series' gamma) is set to 0.9;
// torch's Adagrad lr_decay is eq. (1) itself (decay 0.05 on both sides); torch's SGD, RMSprop and
// Adam have no decay, so ctnn's is 0 there. SGD: torch has only the pytorch form.
BOOST_AUTO_TEST_CASE_TEMPLATE(agrees_with_torch_optim, T, element_types) {
  using optim::momentum_form;
  check_golden<T>(
      "torch_sgd", "unit",
      optim::sgd{.lr = 0.1, .momentum = 0.9, .decay = 0, .form = momentum_form::pytorch});
  check_golden<T>("torch_sgd_nesterov", "unit",
                  optim::sgd{.lr = 0.1,
                             .momentum = 0.9,
                             .decay = 0,
                             .form = momentum_form::pytorch,
                             .nesterov = true});
  check_golden<T>("torch_adagrad", "unit", optim::adagrad{.lr = 0.1, .epsilon = 0, .decay = 0.05});
  check_golden<T>("torch_rmsprop", "unit",
                  optim::rmsprop{.lr = 0.01, .gamma = 0.9, .epsilon = 0, .decay = 0});
  check_golden<T>("torch_adam", "unit", optim::adam{.lr = 0.01});
  // Gradients of 1e-8, where Adam's epsilon (1e-8, outside the root) halves the steps.
  check_golden<T>("torch_adam_tiny", "tiny", optim::adam{.lr = 0.01});
}

// numpy, the series' formulas where torch has none: the series' momentum form and its Nesterov,
// PyTorch's form with the series' decay, AdaGrad and RMSProp with epsilon 1e-6 inside the root
// and gradients of 1e-3 (so that it matters) and decay 0.1, Adam with decay. The script checks
// its numpy against torch where they coincide, and against the series' optimizers.py itself.
BOOST_AUTO_TEST_CASE_TEMPLATE(agrees_with_the_series_formulas, T, element_types) {
  using optim::momentum_form;
  check_golden<T>("series_sgd", "unit", optim::sgd{.lr = 0.1, .momentum = 0.9, .decay = 0.1});
  check_golden<T>("series_sgd_nesterov", "unit",
                  optim::sgd{.lr = 0.1, .momentum = 0.9, .decay = 0.1, .nesterov = true});
  check_golden<T>(
      "pytorch_sgd_decay", "unit",
      optim::sgd{.lr = 0.1, .momentum = 0.9, .decay = 0.1, .form = momentum_form::pytorch});
  check_golden<T>("pytorch_sgd_nesterov_decay", "unit",
                  optim::sgd{.lr = 0.1,
                             .momentum = 0.9,
                             .decay = 0.1,
                             .form = momentum_form::pytorch,
                             .nesterov = true});
  check_golden<T>("series_adagrad", "milli",
                  optim::adagrad{.lr = 0.1, .epsilon = 1e-6, .decay = 0.1});
  check_golden<T>("series_rmsprop", "milli",
                  optim::rmsprop{.lr = 0.01, .gamma = 0.9, .epsilon = 1e-6, .decay = 0.1});
  check_golden<T>("adam_decay", "unit", optim::adam{.lr = 0.01, .decay = 0.1});
}

// ---------------------------------------------------------------------------------------------
// No allocation after the first step.

namespace {

// Allocations made by the first step and by the three after it.
template <class T, class Optimizer>
std::pair<std::size_t, std::size_t> allocations_of(Optimizer opt) {
  two_params<T> p;
  for (T& g : p.dw) g = T{1};
  for (T& g : p.db) g = T{2};
  const std::size_t before = ctnn_test::allocations;
  opt.step(p);
  const std::size_t first = ctnn_test::allocations - before;
  const std::size_t after_first = ctnn_test::allocations;
  opt.step(p);
  opt.step(p);
  opt.step(p);
  return {first, ctnn_test::allocations - after_first};
}

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(step_allocates_nothing_after_the_first, T, element_types) {
  using optim::momentum_form;
  const std::pair<std::size_t, std::size_t> counts[] = {
      allocations_of<T>(optim::sgd{}),
      allocations_of<T>(optim::sgd{.nesterov = true}),
      allocations_of<T>(optim::sgd{.form = momentum_form::pytorch}),
      allocations_of<T>(optim::sgd{.form = momentum_form::pytorch, .nesterov = true}),
      allocations_of<T>(optim::adagrad{}),
      allocations_of<T>(optim::rmsprop{}),
      allocations_of<T>(optim::adam{}),
  };
  for (const auto& [first, later] : counts) {
    BOOST_TEST(first > 0u);  // the counter works: the first step allocates the state
    BOOST_TEST(later == 0u);
  }
}

// ---------------------------------------------------------------------------------------------
// Another set of parameters: a run-time error naming the parameter and the sizes.

namespace {

// One parameter only.
struct one_param {
  Tensor<double, 2, 3> w, dw;
  template <class F>
  void for_each_parameter(F&& f) {
    f(w, std::as_const(dw));
  }
};
template <class F>
void for_each_tensor(one_param& p, F&& f) {
  f(p.w), f(p.dw);
}

// Three parameters: w, b and c.
struct three_params : two_params<double> {
  Tensor<double, 2> c, dc;
  template <class F>
  void for_each_parameter(F&& f) {
    two_params<double>::for_each_parameter(f);
    f(c, std::as_const(dc));
  }
};
template <class F>
void for_each_tensor(three_params& p, F&& f) {
  for_each_tensor(static_cast<two_params<double>&>(p), f);
  f(p.c), f(p.dc);
}

// Float and double together; the gradients passed as the network's layers pass them, as
// non-const lvalues (taken as const&).
struct mixed_params {
  Tensor<double, 2> a, da;
  Tensor<float, 2> b, db;
  template <class F>
  void for_each_parameter(F&& f) {
    f(a, da);
    f(b, db);
  }
};

// Checks that opt.step(other) throws std::invalid_argument whose message holds every one of
// `words`, and leaves `other`'s parameters (7, with gradients 7) and the optimizer's step count
// unchanged.
template <class Optimizer, class Params>
void refuses(Optimizer& opt, Params& other, const std::vector<std::string>& words) {
  const std::size_t steps = opt.iterations;
  for_each_tensor(other, [](auto& t) {
    for (auto& x : t) x = 7;
  });
  std::string message;
  try {
    opt.step(other);
  } catch (const std::invalid_argument& e) {
    message = e.what();
  }
  BOOST_TEST_MESSAGE("message: " << message);
  BOOST_TEST(!message.empty());
  for (const auto& word : words)
    BOOST_TEST(message.find(word) != std::string::npos, "'" << word << "' in: " << message);
  other.for_each_parameter([](auto& value, const auto&) {
    for (auto x : value) BOOST_TEST(x == 7);
  });
  BOOST_TEST(opt.iterations == steps);
}

}  // namespace

BOOST_AUTO_TEST_CASE(another_set_of_parameters_is_refused) {
  optim::adam opt;
  two_params<double> p;
  opt.step(p);
  // b of 4 elements where the state has 3: parameter 1, both sizes.
  two_params<double, 4> bigger;
  refuses(opt, bigger, {"ctnn::optim::adam", "parameter 1", "4 elements", "its state has 3"});
  one_param fewer;
  refuses(opt, fewer, {"1 parameters given", "made for 2"});
  three_params more;
  refuses(opt, more, {"parameter 2", "2 elements", "made for 2 parameters"});
  two_params<float> other_type;
  refuses(opt, other_type, {"parameter 0", "float", "double"});
  // The optimizer still works on its own parameters, and reset() lets it take the others.
  opt.step(p);
  BOOST_TEST(opt.iterations == 2u);
  opt.reset();
  opt.step(bigger);
  BOOST_TEST(opt.iterations == 1u);

  optim::sgd s;
  s.step(p);
  refuses(s, bigger, {"ctnn::optim::sgd", "parameter 1", "4 elements", "its state has 3"});
  optim::adagrad a;
  a.step(p);
  refuses(a, bigger, {"ctnn::optim::adagrad", "parameter 1"});
  optim::rmsprop r;
  r.step(p);
  refuses(r, bigger, {"ctnn::optim::rmsprop", "parameter 1"});

  // A first step on float and double parameters together.
  optim::sgd m;
  mixed_params mixed;
  BOOST_CHECK_THROW(m.step(mixed), std::invalid_argument);
  BOOST_TEST(m.state.empty());
}

// ---------------------------------------------------------------------------------------------
// Construction, defaults, state, reset.

BOOST_AUTO_TEST_CASE(aggregates_with_the_series_defaults) {
  static_assert(std::is_aggregate_v<optim::sgd> && std::is_aggregate_v<optim::adagrad> &&
                std::is_aggregate_v<optim::rmsprop> && std::is_aggregate_v<optim::adam>);
  {
    two_params<double> params;
    //! [construct]
    ctnn::optim::sgd opt{.lr = 0.01, .momentum = 0.9, .decay = 1e-6};  // eqs. (1)-(3)
    ctnn::optim::sgd like_torch{.lr = 0.01,
                                .momentum = 0.9,
                                .decay = 0,
                                .form = ctnn::optim::momentum_form::pytorch,
                                .nesterov = true};
    ctnn::optim::adam adam{.lr = 1e-3};  // betas 0.9, 0.999, epsilon 1e-8
    opt.step(params);  // every parameter of params, once; the first step allocates the state
    //! [construct]
    like_torch.step(params);
    adam.step(params);
    BOOST_TEST(opt.iterations == 1u);
  }
  const optim::sgd s{.lr = 0.01, .momentum = 0.9, .decay = 1e-6};
  BOOST_TEST(s.lr == 0.01);
  BOOST_TEST(s.momentum == 0.9);
  BOOST_TEST(s.decay == 1e-6);
  BOOST_TEST((s.form == optim::momentum_form::series));
  BOOST_TEST(!s.nesterov);
  BOOST_TEST(s.iterations == 0u);
  BOOST_TEST(s.state.empty());
  // The series' optimizers.py defaults: SGD(lr=0.01, momentum=0.9, decay=1e-5),
  // AdaGrad(lr=0.01, epsilon=1e-6, decay=0), RmsProp(gamma=0.9, lr=0.01, epsilon=1e-6, decay=0);
  // Adam: the paper's and PyTorch's (lr 1e-3, betas 0.9 and 0.999, eps 1e-8).
  const optim::sgd sd;
  BOOST_TEST((sd.lr == 0.01 && sd.momentum == 0.9 && sd.decay == 1e-5));
  const optim::adagrad ad;
  BOOST_TEST((ad.lr == 0.01 && ad.epsilon == 1e-6 && ad.decay == 0));
  const optim::rmsprop rd;
  BOOST_TEST((rd.lr == 0.01 && rd.gamma == 0.9 && rd.epsilon == 1e-6 && rd.decay == 0));
  const optim::adam md;
  BOOST_TEST((md.lr == 1e-3 && md.beta1 == 0.9 && md.beta2 == 0.999 && md.epsilon == 1e-8 &&
              md.decay == 0));
  const optim::adam m{.lr = 0.002, .beta2 = 0.99, .decay = 0.1};
  BOOST_TEST((m.lr == 0.002 && m.beta1 == 0.9 && m.beta2 == 0.99 && m.decay == 0.1));
  const optim::rmsprop r{.gamma = 0.5};
  BOOST_TEST((r.lr == 0.01 && r.gamma == 0.5));
}

BOOST_AUTO_TEST_CASE(state_is_readable_and_writable) {
  optim::adam opt;
  two_params<double> p;
  // Before the first step: no state, nothing visited. prepare allocates it, zero, without a step.
  std::size_t visited = 0;
  opt.for_each_state([&](std::string_view, std::size_t, auto) { ++visited; });
  BOOST_TEST(visited == 0u);
  opt.prepare(p);
  BOOST_TEST(opt.iterations == 0u);
  std::vector<std::string> seen;
  opt.for_each_state([&](std::string_view name, std::size_t i, std::span<double> values) {
    seen.push_back(std::string(name) + "." + std::to_string(i) + ":" +
                   std::to_string(values.size()));
    for (double x : values) BOOST_TEST(x == 0.0);
  });
  const std::vector<std::string> order{"first_moment.0:6", "second_moment.0:6", "first_moment.1:3",
                                       "second_moment.1:3"};
  BOOST_TEST(seen == order, boost::test_tools::per_element());
  BOOST_TEST(opt.state.parameter_count() == 2u);
  BOOST_TEST(opt.state.parameter_size(1) == 3u);

  // A restored checkpoint: writing m = 0.5, v = 0.25 and iterations = 9 into a fresh optimizer
  // makes its next step the same as one of the optimizer that had them.
  for (double& g : p.dw) g = 0.3;
  for (double& g : p.db) g = -0.2;
  optim::adam restored = opt;
  restored.for_each_state([](std::string_view name, std::size_t, std::span<double> values) {
    for (double& x : values) x = name == "first_moment" ? 0.5 : 0.25;
  });
  restored.iterations = 9;
  two_params<double> q = p;
  restored.step(q);
  // t = 10: m = 0.9 * 0.5 + 0.1 * 0.3, v = 0.999 * 0.25 + 0.001 * 0.09 for w.
  const double m = 0.9 * 0.5 + 0.1 * 0.3, v = 0.999 * 0.25 + 0.001 * 0.09;
  const double expected =
      0 - 1e-3 / (1 - std::pow(0.9, 10)) * m / (std::sqrt(v / (1 - std::pow(0.999, 10))) + 1e-8);
  BOOST_TEST(q.w(1, 2) == expected, boost::test_tools::tolerance(1e-13));
  BOOST_TEST(state_of(restored, "first_moment", 0)[4] == m, boost::test_tools::tolerance(1e-15));

  // reset(), or copying a new optimizer over this one: the first step again.
  two_params<double> a = p, b = p, c = p;
  optim::adam fresh;
  fresh.step(a);
  restored.reset();
  BOOST_TEST(restored.iterations == 0u);
  BOOST_TEST(restored.state.empty());
  restored.step(b);
  BOOST_TEST((b.w == a.w));
  BOOST_TEST((b.b == a.b));
  opt.step(c);
  opt = optim::adam{};
  two_params<double> d = p;
  opt.step(d);
  BOOST_TEST((d.w == a.w));
}

BOOST_AUTO_TEST_CASE(state_of_float_parameters_is_float) {
  // The element type is the parameters': a const optimizer shows std::span<const float>. A
  // callback that takes only the other type is refused at run time.
  optim::sgd opt;
  two_params<float> p;
  for (float& g : p.dw) g = 1.0f;
  opt.step(p);
  const optim::sgd& view = opt;
  std::size_t visited = 0;
  view.for_each_state([&](std::string_view name, std::size_t i, std::span<const float> values) {
    BOOST_TEST(name == "velocity");
    BOOST_TEST(values.size() == (i == 0 ? 6u : 3u));
    ++visited;
  });
  BOOST_TEST(visited == 2u);
  BOOST_CHECK_THROW(opt.for_each_state([](std::string_view, std::size_t, std::span<double>) {}),
                    std::invalid_argument);
}
