// The fully connected layer of post 0_1, on both backends: values by hand, the gradient law for
// z, W and b, the adjoint law without the bias, golden values from tests/data/make_fc_golden.py,
// fast against reference, and the conventions ctnn keeps from the series (docs/conventions.md):
// W is (I, O); dW and db are divided by N, so that cross_entropy_loss's dy = p - t gives exactly
// the gradient of the mean loss; mean_squared_loss reports twice the loss its dy belongs to.
#define BOOST_TEST_MODULE fc
// The conventions below use both losses with valid targets; keep their run-time checks on in
// every build type.
#define CTNN_CHECK_FINITE 1
#define CTNN_CHECK_DISTRIBUTION 1
#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>
#include <ctnn/loss.hpp>
#include <ctnn/npy.hpp>
#include <ctnn/ops/cross_entropy/cross_entropy.hpp>
#include <ctnn/ops/fc/fc.hpp>

#include "ctnn_test.hpp"
#include "laws.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <type_traits>

namespace laws = ctnn_test::laws;
using ctnn::Tensor;

namespace {

using backends = boost::mpl::list<ctnn::backend::reference, ctnn::backend::fast>;

template <class T, std::size_t... Dims>
Tensor<T, Dims...> random(std::uint32_t seed) {
  return laws::projection<Tensor<T, Dims...>>(seed);
}

// The gradient law for z, W and b at once: L = <fc_forward(z, W, b), g>, whose exact gradients
// are dz, N dW and N db (fc_backward divides the last two by N). Returns the worst relative error.
template <class B, std::size_t N, std::size_t I, std::size_t O>
double worst_gradient_error() {
  auto z = random<double, N, I>(1);
  auto W = random<double, I, O>(2);
  auto b = random<double, O>(3);
  const auto g = random<double, N, O>(4);
  // the kernel itself, into outputs pre-filled with NaN: a forgotten element fails the law
  auto dW = laws::nan_filled<Tensor<double, I, O>>();
  auto db = laws::nan_filled<Tensor<double, O>>();
  auto dz = laws::nan_filled<Tensor<double, N, I>>();
  ctnn::detail::fc::backward(B{}, g, W, z, dW, db, dz);
  const auto loss = [&] { return laws::inner(ctnn::fc_forward<B>(z, W, b), g); };
  constexpr double n = N;
  constexpr double h = 1e-2;  // L is linear in each parameter: no truncation error, any h will do
  return std::max({laws::worst_gradient_error(z, dz, loss, h),
                   laws::worst_gradient_error(W, Tensor<double, I, O>(n * dW), loss, h),
                   laws::worst_gradient_error(b, Tensor<double, O>(n * db), loss, h)});
}

}  // namespace

BOOST_AUTO_TEST_CASE(forward_and_backward_by_hand) {
  //! [forward]
  // Two samples of three inputs, two outputs: W is (I, O) = (3, 2), inputs first.
  const Tensor<double, 2, 3> z{1, 2, 3,   //
                               4, 5, 6};  // (N, I)
  const Tensor<double, 3, 2> W{1, 0,      //
                               0, 1,      //
                               1, -1};    // (I, O)
  const Tensor<double, 2> b{10, 20};      // (O,)
  // row 0: (1 + 3, 2 - 3) + b = (14, 19); row 1: (4 + 6, 5 - 6) + b = (20, 19)
  const auto out = ctnn::fc_forward(z, W, b);
  BOOST_TEST((out == Tensor<double, 2, 2>{14, 19, 20, 19}));
  //! [forward]
  //! [backward]
  // A gradient of 1 on output (0, 0) and 2 on output (1, 1):
  const Tensor<double, 2, 2> dy{1, 0,  //
                                0, 2};
  const auto [dW, db, dz] = ctnn::fc_backward(dy, W, z);
  // eq. (8): z^T dy = [[1, 8], [2, 10], [3, 12]], divided by N = 2
  BOOST_TEST((dW == Tensor<double, 3, 2>{0.5, 4, 1, 5, 1.5, 6}));
  // eq. (9): the column sums (1, 2), divided by N = 2
  BOOST_TEST((db == Tensor<double, 2>{0.5, 1}));
  // eq. (15): dy W^T, not divided: row 0 is W's column 0, row 1 twice W's column 1
  BOOST_TEST((dz == Tensor<double, 2, 3>{1, 0, 1, 0, 2, -2}));
  //! [backward]
}

BOOST_AUTO_TEST_CASE_TEMPLATE(kernels_write_every_element, B, backends) {
  // Outputs pre-filled with NaN: every element must be overwritten, and agree with the entry.
  const auto z = random<float, 7, 13>(5);
  const auto W = random<float, 13, 9>(6);
  const auto b = random<float, 9>(7);
  const auto g = random<float, 7, 9>(8);
  auto out = laws::nan_filled<Tensor<float, 7, 9>>();
  ctnn::detail::fc::forward(B{}, z, W, b, out);
  BOOST_TEST(laws::all_finite(out));
  BOOST_TEST((out == ctnn::fc_forward<B>(z, W, b)));
  auto dW = laws::nan_filled<Tensor<float, 13, 9>>();
  auto db = laws::nan_filled<Tensor<float, 9>>();
  auto dz = laws::nan_filled<Tensor<float, 7, 13>>();
  ctnn::detail::fc::backward(B{}, g, W, z, dW, db, dz);
  BOOST_TEST((laws::all_finite(dW) && laws::all_finite(db) && laws::all_finite(dz)));
  const auto grads = ctnn::fc_backward<B>(g, W, z);
  BOOST_TEST(((dW == grads.dW) && (db == grads.db) && (dz == grads.dz)));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(gradient_law, B, backends) {
  // L is linear in each parameter: central differences (h = 1e-2) err only by rounding, about
  // eps |L| / h. Tolerance 1e-10 relative.
  const double worst =
      std::max({worst_gradient_error<B, 1, 1, 1>(), worst_gradient_error<B, 3, 5, 4>(),
                worst_gradient_error<B, 6, 17, 13>()});
  BOOST_TEST_MESSAGE("fc gradient law, worst relative error " << worst);
  BOOST_TEST(worst < 1e-10);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(adjoint_law_without_bias, B, backends) {
  // Without the bias the layer is linear in z and in W: <z W, g> = <z, dz> = <W, N dW>.
  // Tolerance 1e-13 relative (double, sums of a few hundred terms).
  const auto z = random<double, 5, 11>(9);
  const auto W = random<double, 11, 7>(10);
  const auto g = random<double, 5, 7>(11);
  const auto out = ctnn::fc_forward<B>(z, W, Tensor<double, 7>{});
  const auto [dW, db, dz] = ctnn::fc_backward<B>(g, W, z);
  BOOST_TEST(laws::adjoint_gap(out, g, z, dz) < 1e-13);
  BOOST_TEST(laws::adjoint_gap(out, g, W, Tensor<double, 11, 7>(5.0 * dW)) < 1e-13);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(golden_values_from_numpy, B, backends) {
  // tests/data/make_fc_golden.py (einsum, its own code). Tolerance 1e-12 relative to
  // max(|numpy|, 1): the sums add in other orders.
  const auto all = ctnn_test::read_fixtures(CTNN_TEST_DATA_DIR "/golden_fc.txt");
  const auto check = [&]<std::size_t N, std::size_t I, std::size_t O>(const std::string& name) {
    using ctnn_test::fixture_tensor;
    const auto z = fixture_tensor<double, N, I>(all, name + ".z");
    const auto W = fixture_tensor<double, I, O>(all, name + ".W");
    const auto b = fixture_tensor<double, O>(all, name + ".b");
    const auto dy = fixture_tensor<double, N, O>(all, name + ".dy");
    const auto [dW, db, dz] = ctnn::fc_backward<B>(dy, W, z);
    BOOST_TEST(ctnn_test::max_relative_error(ctnn::fc_forward<B>(z, W, b),
                                             fixture_tensor<double, N, O>(all, name + ".out")) <
               1e-12);
    BOOST_TEST(ctnn_test::max_relative_error(dW, fixture_tensor<double, I, O>(all, name + ".dW")) <
               1e-12);
    BOOST_TEST(ctnn_test::max_relative_error(db, fixture_tensor<double, O>(all, name + ".db")) <
               1e-12);
    BOOST_TEST(ctnn_test::max_relative_error(dz, fixture_tensor<double, N, I>(all, name + ".dz")) <
               1e-12);
  };
  check.template operator()<3, 5, 4>("fc.small");
  check.template operator()<6, 37, 11>("fc.wide");
}

namespace {

// fast against reference on one layer: the worst relative difference (to max(|reference|, 1))
// over the output and the three gradients.
template <class T, std::size_t N, std::size_t I, std::size_t O>
double fast_against_reference() {
  const auto z = random<T, N, I>(12);
  const auto W = random<T, I, O>(13);
  const auto b = random<T, O>(14);
  const auto g = random<T, N, O>(15);
  using fast = ctnn::backend::fast;
  const auto f = ctnn::fc_backward<fast>(g, W, z);
  const auto r = ctnn::fc_backward(g, W, z);
  return std::max(
      {ctnn_test::max_relative_error(ctnn::fc_forward<fast>(z, W, b), ctnn::fc_forward(z, W, b)),
       ctnn_test::max_relative_error(f.dW, r.dW), ctnn_test::max_relative_error(f.db, r.db),
       ctnn_test::max_relative_error(f.dz, r.dz)});
}

template <class T>
double fast_against_reference_all() {
  // LeNet's three layers, edges of the tiles (1, 4 and 5 rows, 13 columns), a batch above the
  // product's 64-row block, and inputs above 512, which the product cuts into two panels.
  return std::max({fast_against_reference<T, 1, 1, 1>(), fast_against_reference<T, 5, 3, 13>(),
                   fast_against_reference<T, 4, 7, 2>(), fast_against_reference<T, 64, 400, 120>(),
                   fast_against_reference<T, 64, 120, 84>(),
                   fast_against_reference<T, 64, 84, 10>(),
                   fast_against_reference<T, 70, 784, 33>()});
}

}  // namespace

BOOST_AUTO_TEST_CASE(fast_agrees_with_reference) {
  // Only the order of the additions differs: 1e-12 in double, 1e-4 in float, relative to
  // max(|reference|, 1) (sums of up to 784 products of standard normals, cut into two panels of
  // 392 by the product; measured 1e-13 and 3e-5).
  const double worst_double = fast_against_reference_all<double>();
  const double worst_float = fast_against_reference_all<float>();
  BOOST_TEST_MESSAGE("fc fast vs reference: double " << worst_double << ", float " << worst_float);
  BOOST_TEST(worst_double < 1e-12);
  BOOST_TEST(worst_float < 1e-4);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(weights_are_inputs_first, B, backends) {
  // Convention: W is (I, O), out(n, o) = sum_i z(n, i) W(i, o), the series' np.dot(z, W); a
  // (O, I) weight (PyTorch's Linear) does not compile (compile_fail/fc_weight_pytorch_layout).
  const auto z = random<double, 2, 3>(16);
  const auto W = random<double, 3, 4>(17);
  const auto out = ctnn::fc_forward<B>(z, W, Tensor<double, 4>{});
  static_assert(std::is_same_v<decltype(out), const Tensor<double, 2, 4>>);
  for (std::size_t n = 0; n < 2; ++n)
    for (std::size_t o = 0; o < 4; ++o) {
      const double want = z(n, 0) * W(0, o) + z(n, 1) * W(1, o) + z(n, 2) * W(2, o);
      BOOST_TEST(out(n, o) == want, boost::test_tools::tolerance(1e-14));
    }
  static_assert(!ctnn::rule::fc_weight_layout_inputs_first<3, 4, 3>);
  static_assert(ctnn::rule::fc_weight_layout_inputs_first<3, 3, 4>);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(cross_entropy_dy_and_fc_backward_give_the_mean_loss_gradient, B,
                              backends) {
  // Convention: cross_entropy_loss's dy is p - t per sample (not divided by N) and fc_backward
  // divides dW and db by N: together exactly the gradient of the loss averaged over the batch.
  // dz is not divided: it is the gradient of N times the mean (each sample's own delta).
  // laws::worst_gradient_error with h = 1e-4: truncation O(h^2) and rounding O(eps |L| / h),
  // each near 1e-9 here. Tolerance 1e-6 relative, absolute below 1e-3 (the conventions differ
  // by factors of N and 2).
  constexpr std::size_t N = 4, I = 6, O = 5;
  auto z = random<double, N, I>(18);
  auto W = random<double, I, O>(19);
  auto b = random<double, O>(20);
  Tensor<double, N, O> t;  // one-hot targets
  for (std::size_t n = 0; n < N; ++n) t(n, (3 * n + 1) % O) = 1.0;
  const auto [loss, dy] = ctnn::cross_entropy_loss<B>(ctnn::fc_forward<B>(z, W, b), t);
  const auto [dW, db, dz] = ctnn::fc_backward<B>(dy, W, z);
  const auto mean_loss = [&] {
    return ctnn::cross_entropy_loss<B>(ctnn::fc_forward<B>(z, W, b), t).loss;
  };
  const auto summed_loss = [&] { return static_cast<double>(N) * mean_loss(); };
  BOOST_TEST(laws::worst_gradient_error(W, dW, mean_loss, 1e-4, 1e-3) < 1e-6);
  BOOST_TEST(laws::worst_gradient_error(b, db, mean_loss, 1e-4, 1e-3) < 1e-6);
  BOOST_TEST(laws::worst_gradient_error(z, dz, summed_loss, 1e-4, 1e-3) < 1e-6);
  BOOST_TEST(loss > 0.0);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(mean_squared_loss_reports_twice_the_loss_of_its_gradient, B,
                              backends) {
  // Convention kept from the series: mean_squared_loss reports L = (1/N) sum (y - t)^2 and
  // returns dy = y - t; through fc_backward (which divides by N) that gives dW = dL/dW / 2: the
  // gradient of L/2, the loss whose gradient the series uses. Central differences of the
  // reported loss (laws::worst_gradient_error, h = 1e-4) are twice dW and db. Tolerance 1e-6
  // relative, absolute below 1e-3, as above.
  constexpr std::size_t N = 3, I = 4, O = 2;
  auto z = random<double, N, I>(21);
  auto W = random<double, I, O>(22);
  auto b = random<double, O>(23);
  const auto t = random<double, N, O>(24);
  const auto dy = ctnn::mean_squared_loss(ctnn::fc_forward<B>(z, W, b), t).dy;
  const auto [dW, db, dz] = ctnn::fc_backward<B>(dy, W, z);
  const auto reported = [&] {
    return ctnn::mean_squared_loss(ctnn::fc_forward<B>(z, W, b), t).loss;
  };
  BOOST_TEST(laws::worst_gradient_error(W, Tensor<double, I, O>(2.0 * dW), reported, 1e-4, 1e-3) <
             1e-6);
  BOOST_TEST(laws::worst_gradient_error(b, Tensor<double, O>(2.0 * db), reported, 1e-4, 1e-3) <
             1e-6);
}

// The inputs and ctnn's outputs, for tests/tools/series_fc.py (test series.fc), which runs the
// series' fc_forward and fc_backward on them.
BOOST_AUTO_TEST_CASE(writes_for_the_series) {
  const std::filesystem::path dir = CTNN_TEST_OUTPUT_DIR;
  std::filesystem::create_directories(dir);
  const auto z = random<double, 8, 20>(25);
  const auto W = random<double, 20, 10>(26);
  const auto b = random<double, 10>(27);
  const auto g = random<double, 8, 10>(28);
  const auto save = [&](const std::string& name, const auto& x) {
    ctnn::io::save_npy((dir / (name + ".npy")).string(), x);
  };
  save("z", z);
  save("W", W);
  save("b", b);
  save("next_dz", g);
  save("fc_forward", ctnn::fc_forward(z, W, b));
  const auto [dW, db, dz] = ctnn::fc_backward(g, W, z);
  save("dW", dW);
  save("db", db);
  save("dz", dz);
  const auto fast_out = ctnn::fc_forward<ctnn::backend::fast>(z, W, b);
  save("fc_forward_fast", fast_out);
  BOOST_TEST(std::filesystem::exists(dir / "fc_forward_fast.npy"));
}
