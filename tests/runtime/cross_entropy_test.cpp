// cross_entropy_loss of post 0_1 (eqs. (22)-(25)), on both backends: values by hand, dy against
// central differences of the loss times N (the convention: dy = p - t per sample, the 1/N left to
// fc_backward), logits of +-1000, y_true rows that are not distributions, non-finite losses,
// golden values from tests/data/make_fc_golden.py, and the claims of
// docs/tutorial_08_fully_connected.md.
#define BOOST_TEST_MODULE cross_entropy
// These tests are about the run-time checks too: on in every build type, NDEBUG or not.
#define CTNN_CHECK_FINITE 1
#define CTNN_CHECK_DISTRIBUTION 1
#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>
#include <ctnn/npy.hpp>
#include <ctnn/ops/cross_entropy/cross_entropy.hpp>

#include "ctnn_test.hpp"
#include "laws.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <type_traits>

namespace laws = ctnn_test::laws;
using ctnn::Tensor;

namespace {

using backends = boost::mpl::list<ctnn::backend::reference, ctnn::backend::fast>;

// One-hot rows: sample n's class is (3 n + 1) mod K.
template <class T, std::size_t N, std::size_t K>
Tensor<T, N, K> one_hot() {
  Tensor<T, N, K> t;
  for (std::size_t n = 0; n < N; ++n) t(n, (3 * n + 1) % K) = T{1};
  return t;
}

// Rows of probabilities: a softmax of random numbers (sums 1 to rounding).
template <std::size_t N, std::size_t K>
Tensor<double, N, K> soft(std::uint32_t seed) {
  auto t = laws::projection<Tensor<double, N, K>>(seed);
  for (std::size_t n = 0; n < N; ++n) {
    double sum = 0;
    for (std::size_t k = 0; k < K; ++k) sum += t(n, k) = std::exp(t(n, k));
    for (std::size_t k = 0; k < K; ++k) t(n, k) /= sum;
  }
  return t;
}

}  // namespace

BOOST_AUTO_TEST_CASE(loss_by_hand) {
  //! [loss]
  // Row 0: logits (0, 0), softmax (1/2, 1/2), target class 0: L = -log(1/2) = log 2.
  // Row 1: logits (log 3, 0), softmax (3/4, 1/4), target class 1: L = -log(1/4) = log 4.
  const Tensor<double, 2, 2> y{0.0, 0.0, std::log(3.0), 0.0};
  const Tensor<double, 2, 2> t{1.0, 0.0, 0.0, 1.0};
  const auto [loss, dy] = ctnn::cross_entropy_loss(y, t);
  BOOST_TEST(loss == (std::log(2.0) + std::log(4.0)) / 2, boost::test_tools::tolerance(1e-15));
  // eq. (25): dy = softmax - t, per sample (not divided by N = 2)
  const Tensor<double, 2, 2> want{-0.5, 0.5, 0.75, -0.75};
  BOOST_TEST(ctnn_test::max_relative_error(dy, want) < 1e-15);
  //! [loss]
}

BOOST_AUTO_TEST_CASE_TEMPLATE(dy_is_n_times_the_gradient_of_the_mean_loss, B, backends) {
  // Convention: loss is the mean over the N rows, dy = p - t is not divided by N, so dy = N dL/dy
  // (fc_backward's 1/N makes dW and db the mean's gradients: fc_test). Central differences with
  // h = 1e-5 (smooth: truncation and rounding near 1e-10); tolerance 1e-7 relative, floor 1e-3.
  constexpr std::size_t N = 5, K = 7;
  auto y = laws::projection<Tensor<double, N, K>>(1);
  for (auto& x : y) x *= 3;
  double worst = 0;
  for (const auto& t : {soft<N, K>(2), one_hot<double, N, K>()}) {
    auto dy = laws::nan_filled<Tensor<double, N, K>>();  // the kernel writes every element
    ctnn::detail::cross_entropy::loss(B{}, y, t, dy);
    const auto loss = [&] { return ctnn::cross_entropy_loss<B>(y, t).loss; };
    worst =
        std::max(worst, laws::worst_gradient_error(y, Tensor<double, N, K>(dy / double{N}), loss));
  }
  BOOST_TEST_MESSAGE("cross_entropy gradient law, worst relative error " << worst);
  BOOST_TEST(worst < 1e-7);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(extreme_logits_give_a_finite_loss_and_an_exact_dy, B, backends) {
  // Logits +-1000: exp(1000) overflows and exp(-2000) is 0, but the maximum is subtracted and the
  // loss is log-sum-exp, so no log 0: row 0 puts all probability on the wrong class, L = 2000;
  // row 1 on the right one, L = 0. dy is exactly (1, -1) and (0, 0). The series' -t log p gives
  // nan for both rows (0 * log 0), see series_cross_entropy.py.
  const Tensor<double, 2, 2> y{1000.0, -1000.0, -1000.0, 1000.0};
  const Tensor<double, 2, 2> t{0.0, 1.0, 0.0, 1.0};
  const auto [loss, dy] = ctnn::cross_entropy_loss<B>(y, t);
  BOOST_TEST(loss == 1000.0);  // (2000 + 0) / 2, exact
  BOOST_TEST((dy == Tensor<double, 2, 2>{1.0, -1.0, 0.0, 0.0}));
  const Tensor<float, 1, 3> yf{1000.0f, -1000.0f, 0.0f};
  const Tensor<float, 1, 3> tf{0.0f, 0.0f, 1.0f};
  const auto [lf, dyf] = ctnn::cross_entropy_loss<B>(yf, tf);
  BOOST_TEST(lf == 1000.0f);
  BOOST_TEST((dyf == Tensor<float, 1, 3>{1.0f, 0.0f, -1.0f}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(y_true_rows_must_be_distributions, B, backends) {
  static_assert(CTNN_CHECK_DISTRIBUTION == 1);
  const Tensor<double, 3, 2> y{0.5, -0.5, 1.0, 2.0, 0.0, 0.0};
  const auto refused = [&](const Tensor<double, 3, 2>& t, const std::string& says) {
    try {
      (void)ctnn::cross_entropy_loss<B>(y, t);
    } catch (const ctnn::invalid_distribution& e) {
      const std::string what = e.what();
      BOOST_TEST_MESSAGE(what);
      return what.find(says) != std::string::npos && what.rfind("ctnn: ", 0) == 0;
    }
    return false;
  };
  // a negative entry, in row 1
  BOOST_TEST(refused(Tensor<double, 3, 2>{1.0, 0.0, 1.1, -0.1, 0.5, 0.5}, "row 1 of y_true"));
  BOOST_TEST(refused(Tensor<double, 3, 2>{1.0, 0.0, 1.1, -0.1, 0.5, 0.5}, "entry 1 is -0.1"));
  // a row summing to 0.9, in row 2
  BOOST_TEST(refused(Tensor<double, 3, 2>{1.0, 0.0, 0.0, 1.0, 0.4, 0.5}, "row 2 of y_true"));
  BOOST_TEST(refused(Tensor<double, 3, 2>{1.0, 0.0, 0.0, 1.0, 0.4, 0.5}, "sums to 0.9"));
  // the series' vgg.py demo passes np.abs(randn) as targets: refused
  BOOST_TEST(refused(Tensor<double, 3, 2>{0.3, 1.2, 0.0, 1.0, 0.5, 0.5}, "row 0 of y_true"));
  // NaN, in row 0
  const double nan = std::numeric_limits<double>::quiet_NaN();
  BOOST_TEST(refused(Tensor<double, 3, 2>{nan, 1.0, 0.0, 1.0, 0.5, 0.5}, "row 0 of y_true"));
  // within 1e-6 of 1 is accepted (rounding of soft labels), beyond is not
  BOOST_CHECK_NO_THROW(
      ctnn::cross_entropy_loss<B>(y, Tensor<double, 3, 2>{0.5, 0.5 + 9e-7, 0.0, 1.0, 0.5, 0.5}));
  BOOST_CHECK_THROW(
      ctnn::cross_entropy_loss<B>(y, Tensor<double, 3, 2>{0.5, 0.5 + 2e-6, 0.0, 1.0, 0.5, 0.5}),
      ctnn::invalid_distribution);
  static_assert(std::is_base_of_v<std::invalid_argument, ctnn::invalid_distribution>);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_non_finite_loss_throws_where_checked, B, backends) {
  // As mean_squared_loss: CTNN_CHECK_FINITE (on here) makes a nan or infinite loss throw.
  static_assert(CTNN_CHECK_FINITE == 1);
  const Tensor<double, 1, 2> t{0.0, 1.0};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  BOOST_CHECK_THROW(ctnn::cross_entropy_loss<B>(Tensor<double, 1, 2>{nan, 0.0}, t),
                    ctnn::non_finite_loss);
  BOOST_CHECK_THROW(ctnn::cross_entropy_loss<B>(Tensor<double, 1, 2>{inf, 0.0}, t),
                    ctnn::non_finite_loss);
  // float logits 3e38 apart from their maximum: y - m overflows to -inf, the loss to inf
  const Tensor<float, 1, 2> yf{3e38f, -3e38f};
  BOOST_CHECK_THROW(ctnn::cross_entropy_loss<B>(yf, Tensor<float, 1, 2>{0.0f, 1.0f}),
                    ctnn::non_finite_loss);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(golden_values_from_numpy, B, backends) {
  // tests/data/make_fc_golden.py: log-sum-exp row by row with math.fsum (its own code).
  // Tolerance 1e-14 relative (exp and log of the C library, sums in numpy's order here).
  const auto all = ctnn_test::read_fixtures(CTNN_TEST_DATA_DIR "/golden_fc.txt");
  const auto check = [&]<std::size_t N, std::size_t K>(const std::string& name) {
    using ctnn_test::fixture_tensor;
    const auto [loss, dy] =
        ctnn::cross_entropy_loss<B>(fixture_tensor<double, N, K>(all, name + ".y"),
                                    fixture_tensor<double, N, K>(all, name + ".t"));
    const double want = fixture_tensor<double, 1>(all, name + ".loss")(0);
    const auto want_dy = fixture_tensor<double, N, K>(all, name + ".dy");
    BOOST_TEST(loss == want, boost::test_tools::tolerance(1e-14));
    BOOST_TEST(ctnn_test::max_relative_error(dy, want_dy) < 1e-14);
  };
  check.template operator()<4, 5>("ce.soft");
  check.template operator()<5, 10>("ce.onehot");
}

// The claims of docs/tutorial_08_fully_connected.md.
BOOST_AUTO_TEST_CASE_TEMPLATE(claims_of_the_tutorial, B, backends) {
  constexpr std::size_t N = 3, K = 4;
  auto y = laws::projection<Tensor<double, N, K>>(3);
  const auto t = one_hot<double, N, K>();
  const auto [loss, dy] = ctnn::cross_entropy_loss<B>(y, t);
  // 1. Adding a constant to every logit of a row changes neither the loss nor dy (which is why
  //    subtracting the maximum is allowed). Tolerance 1e-14.
  auto shifted = y;
  for (std::size_t k = 0; k < K; ++k) shifted(1, k) += 100.0;
  const auto [loss2, dy2] = ctnn::cross_entropy_loss<B>(shifted, t);
  BOOST_TEST(loss2 == loss, boost::test_tools::tolerance(1e-14));
  BOOST_TEST(ctnn_test::max_relative_error(dy2, dy) < 1e-14);
  // 2. With one-hot targets a row's loss is -log of the probability of its class, and
  // 3. every row of dy sums to 0 (softmax and t both sum to 1). Tolerance 1e-15.
  double mean = 0;
  for (std::size_t n = 0; n < N; ++n) {
    double s = 0, row = 0;
    for (std::size_t k = 0; k < K; ++k) s += std::exp(y(n, k));
    for (std::size_t k = 0; k < K; ++k) row += dy(n, k);
    const std::size_t c = (3 * n + 1) % K;
    mean += -std::log(std::exp(y(n, c)) / s) / N;
    BOOST_TEST(row == 0.0, boost::test_tools::tolerance(1e-15));
  }
  BOOST_TEST(loss == mean, boost::test_tools::tolerance(1e-14));
  // 4. Equal logits give the loss log(classes) whatever the one-hot target.
  BOOST_TEST(ctnn::cross_entropy_loss<B>(Tensor<double, N, K>{}, t).loss == std::log(4.0),
             boost::test_tools::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(both_backends_run_the_same_kernel) {
  const auto y = laws::projection<Tensor<float, 6, 10>>(4);
  const auto t = one_hot<float, 6, 10>();
  const auto r = ctnn::cross_entropy_loss(y, t);
  const auto f = ctnn::cross_entropy_loss<ctnn::backend::fast>(y, t);
  BOOST_TEST(r.loss == f.loss);
  BOOST_TEST((r.dy == f.dy));
}

// The inputs and ctnn's outputs, for tests/tools/series_cross_entropy.py (test
// series.cross_entropy), which runs the series' cross_entropy_loss on them.
BOOST_AUTO_TEST_CASE(writes_for_the_series) {
  const std::filesystem::path dir = CTNN_TEST_OUTPUT_DIR;
  std::filesystem::create_directories(dir);
  const auto save = [&](const std::string& name, const auto& x) {
    ctnn::io::save_npy((dir / (name + ".npy")).string(), x);
  };
  auto y = laws::projection<Tensor<double, 6, 10>>(5);
  for (auto& x : y) x *= 3;
  const auto t = soft<6, 10>(6);
  const auto [loss, dy] = ctnn::cross_entropy_loss(y, t);
  save("y", y);
  save("t", t);
  save("loss", Tensor<double, 1>{loss});
  save("dy", dy);
  // logits of +-1000 with one-hot targets: ctnn finite and exact, the series nan
  const Tensor<double, 2, 2> y_extreme{1000.0, -1000.0, -1000.0, 1000.0};
  const Tensor<double, 2, 2> t_extreme{0.0, 1.0, 0.0, 1.0};
  const auto extreme = ctnn::cross_entropy_loss(y_extreme, t_extreme);
  save("y_extreme", y_extreme);
  save("t_extreme", t_extreme);
  save("loss_extreme", Tensor<double, 1>{extreme.loss});
  save("dy_extreme", extreme.dy);
  BOOST_TEST(std::filesystem::exists(dir / "dy_extreme.npy"));
}
