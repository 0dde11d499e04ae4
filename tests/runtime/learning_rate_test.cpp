// The conventions page's rule of thumb for the learning rate, tested: with the original's loss
// and scaling (dy = y - t, dK and db divided by N), gradient descent on one layer is stable
// below about lr = 2 / (H' W' m), where H' W' is the number of output positions and m the mean
// square of the layer's input (1 for numpy's randn). The page tells students to start at a third
// of it; three times it diverges.
#define BOOST_TEST_MODULE learning_rate
// These tests are about the finiteness check: on in every build type, NDEBUG or not.
#define CTNN_CHECK_FINITE 1
#include <boost/test/unit_test.hpp>
#include <ctnn/conv.hpp>
#include <ctnn/loss.hpp>
#include <ctnn/numpy_random.hpp>
#include <ctnn/reductions.hpp>

#include <limits>

namespace {

// The last loss of `steps` steps of the original experiment's loop on 16x16 images (14x14
// outputs), with the learning rate a multiple of the rule's limit; infinity if it became nan.
double last_loss(double multiple_of_limit, int steps) {
  ctnn::numpy::RandomState rng{0};
  const auto z = rng.randn<double, 3, 3, 16, 16>();
  auto K = 1e-3 * rng.randn<double, 3, 4, 3, 3>();
  ctnn::Tensor<double, 4> b;
  const auto y_true = ctnn::Tensor<double, 3, 4, 14, 14>::full(1.0);
  const double limit = 2 / (14.0 * 14.0 * ctnn::dot(z, z) / z.size);
  const double lr = multiple_of_limit * limit;
  constexpr auto padding = ctnn::padding<0, 0>;
  constexpr auto strides = ctnn::strides<1, 1>;
  double loss = 0;
  try {
    for (int i = 0; i < steps; ++i) {
      auto [l, dy] = ctnn::mean_squared_loss(ctnn::conv_forward(z, K, b, padding, strides), y_true);
      const auto g = ctnn::conv_backward(dy, K, z, padding, strides);
      K -= lr * g.dK;
      b -= lr * g.db;
      loss = l;
    }
  } catch (const ctnn::non_finite_loss&) {
    return std::numeric_limits<double>::infinity();
  }
  return loss;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_third_of_the_limit_converges_three_times_it_diverges) {
  const double start = last_loss(0.0, 1);  // the loss before any step: 14 (sum of 14 ones)
  BOOST_TEST(start > 13.9);
  const double third = last_loss(1.0 / 3, 100);
  BOOST_TEST_MESSAGE("loss " << start << " -> " << third << " at a third of the limit");
  BOOST_TEST(third < 0.01 * start);
  const double triple = last_loss(3.0, 100);
  BOOST_TEST_MESSAGE("at three times the limit: " << triple);
  BOOST_TEST(triple > start);
}
