#define BOOST_TEST_MODULE loss
// These tests are about the finiteness check: on in every build type, NDEBUG or not.
#define CTNN_CHECK_FINITE 1
#include <boost/test/unit_test.hpp>
#include <ctnn/loss.hpp>

#include <limits>

using ctnn::Tensor;

BOOST_AUTO_TEST_CASE(loss_by_hand) {
  //! [loss]
  // Two rows: squared errors 1 + 4 = 5 and 9 + 16 = 25; the mean over the rows is 15.
  const Tensor<double, 2, 2> y{1, 2, 3, 4};
  const Tensor<double, 2, 2> t{0, 0, 0, 0};
  const auto [loss, dy] = ctnn::mean_squared_loss(y, t);
  BOOST_TEST(loss == 15.0);
  BOOST_TEST((dy == y - t));  // not scaled: the original's convention
  //! [loss]
}

BOOST_AUTO_TEST_CASE(the_fast_backend_gives_the_same_loss) {
  // One kernel for both backends: numpy's order of additions is the point of this loss.
  const Tensor<double, 2, 2> y{1, 2, 3, 4};
  const Tensor<double, 2, 2> t{0.5, 0, 0, 0};
  const auto reference = ctnn::mean_squared_loss(y, t);
  const auto fast = ctnn::mean_squared_loss<ctnn::backend::fast>(y, t);
  BOOST_TEST(fast.loss == 14.625);  // rows 0.25 + 4 and 9 + 16, their mean: exact in binary
  BOOST_TEST(fast.loss == reference.loss);
  BOOST_TEST((fast.dy == reference.dy));
}

BOOST_AUTO_TEST_CASE(the_loss_into_a_callers_dy_is_the_same_loss) {
  // Bit for bit the form that returns dy, on rows long enough for numpy's eight running sums,
  // with a dy that holds something else before each call (it is overwritten, not added to).
  Tensor<double, 3, 4, 26> y, t;
  for (std::size_t i = 0; i < y.size; ++i) {
    y.data()[i] = 0.1 * static_cast<double>(i % 17) - 0.7;
    t.data()[i] = 0.03 * static_cast<double>(i % 5);
  }
  //! [loss_into]
  Tensor<double, 3, 4, 26> dy;  // owned by the training loop, reused at every step
  const double loss = ctnn::mean_squared_loss(y, t, dy);
  //! [loss_into]
  // against the definition, summed here in another order (long double): within 1e-14
  long double squares = 0;
  for (std::size_t i = 0; i < y.size; ++i) {
    const long double e =
        static_cast<long double>(y.data()[i]) - static_cast<long double>(t.data()[i]);
    squares += e * e;
  }
  const double by_definition = static_cast<double>(squares / 12);  // 3 x 4 rows
  BOOST_TEST(loss == by_definition, boost::test_tools::tolerance(1e-14));
  BOOST_TEST((dy == y - t));
  const auto both = ctnn::mean_squared_loss(y, t);
  BOOST_TEST(loss == both.loss);
  BOOST_TEST((dy == both.dy));
  dy = Tensor<double, 3, 4, 26>::full(7.0);
  BOOST_TEST(ctnn::mean_squared_loss<ctnn::backend::fast>(y, t, dy) == both.loss);
  BOOST_TEST((dy == y - t));
  const auto nan_y = Tensor<double, 1, 2>::full(std::numeric_limits<double>::quiet_NaN());
  Tensor<double, 1, 2> nan_dy;
  BOOST_CHECK_THROW(ctnn::mean_squared_loss(nan_y, Tensor<double, 1, 2>{}, nan_dy),
                    ctnn::non_finite_loss);
}

BOOST_AUTO_TEST_CASE(loss_sums_the_last_axis_and_averages_the_others) {
  // (2, 3, 2): six rows of two; error 1 everywhere -> each row sums to 2, the mean is 2.
  const auto y = Tensor<double, 2, 3, 2>::full(3.0);
  const auto t = Tensor<double, 2, 3, 2>::full(2.0);
  BOOST_TEST(ctnn::mean_squared_loss(y, t).loss == 2.0);
}

BOOST_AUTO_TEST_CASE(dy_is_the_exact_gradient_times_rows_over_two) {
  // L = (1/R) sum (y - t)^2, so dL/dy = 2 (y - t) / R; the original's dy is R / 2 times that.
  // Checked by central differences, tolerance 1e-8 relative.
  Tensor<double, 3, 4> y{0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.7, 0.8, 0.9, 1.0, -1.1, 1.2};
  const auto t = Tensor<double, 3, 4>::full(0.25);
  const auto dy = ctnn::mean_squared_loss(y, t).dy;
  constexpr double rows = 3, h = 1e-6;
  for (std::size_t i = 0; i < y.size; ++i) {
    const double keep = y.data()[i];
    y.data()[i] = keep + h;
    const double up = ctnn::mean_squared_loss(y, t).loss;
    y.data()[i] = keep - h;
    const double down = ctnn::mean_squared_loss(y, t).loss;
    y.data()[i] = keep;
    const double numeric = (up - down) / (2 * h);
    BOOST_TEST(numeric == 2 * dy.data()[i] / rows, boost::test_tools::tolerance(1e-8));
  }
}

BOOST_AUTO_TEST_CASE(loss_adds_in_numpys_order) {
  // numpy adds a row of 8 or more values as eight running sums (its pairwise_sum). Squared
  // errors 1e16 and then eight 1s: a single running sum loses every 1 (1e16 + 1 rounds back to
  // 1e16), numpy's order keeps most of them. numpy 1.24 prints 1.0000000000000008e+16 for
  // np.mean(np.sum(np.square(e), axis=-1)); the comparison is exact on purpose.
  const Tensor<double, 1, 9> y{1e8, 1, 1, 1, 1, 1, 1, 1, 1};
  const Tensor<double, 1, 9> t;
  BOOST_TEST(ctnn::mean_squared_loss(y, t).loss == 1.0000000000000008e16);
}

BOOST_AUTO_TEST_CASE(a_diverged_loss_throws_where_checked) {
  // A prediction that overflowed: (1e200)^2 is inf in double. CTNN_CHECK_FINITE is 1 in this
  // Debug build, so the loss refuses to return it.
  static_assert(CTNN_CHECK_FINITE == 1);
  const ctnn::Tensor<double, 1, 2> y{1e200, 0.0}, t;
  BOOST_CHECK_THROW(ctnn::mean_squared_loss(y, t), ctnn::non_finite_loss);
  const ctnn::Tensor<float, 1, 2> nan_y{std::numeric_limits<float>::quiet_NaN(), 0.0f}, nan_t;
  BOOST_CHECK_THROW(ctnn::mean_squared_loss(nan_y, nan_t), ctnn::non_finite_loss);
  BOOST_TEST(ctnn::mean_squared_loss(ctnn::Tensor<double, 1, 2>{3.0, 4.0}, t).loss == 25.0);
}

BOOST_AUTO_TEST_CASE(rows_longer_than_8192_add_in_numpy_blocks) {
  // numpy adds a run 8192 values at a time (its buffer), each block pairwise. A float32 row of
  // 8208 ones but one square of 2^24 at index 4096: numpy prints
  // np.sum(np.square(e), axis=-1) == 16785408.0 (Debian's numpy 1.24.2); one pairwise sum over
  // the whole row, without the blocks, gives 16785422.0 (exact: 2^24 + 8207 = 16785423).
  ctnn::Tensor<float, 1, 8208> y = ctnn::Tensor<float, 1, 8208>::full(1.0f);
  y(0, 4096) = 4096.0f;
  BOOST_TEST(ctnn::mean_squared_loss(y, ctnn::Tensor<float, 1, 8208>{}).loss == 16785408.0f);
}
