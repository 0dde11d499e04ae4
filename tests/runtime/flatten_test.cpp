// flatten_forward and flatten_backward (the series' layers.py), on both backends: values by hand,
// the gradient and adjoint laws, any rank >= 2, and the round trip.
#define BOOST_TEST_MODULE flatten
#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>
#include <ctnn/ops/flatten/flatten.hpp>

#include "laws.hpp"

#include <cstddef>
#include <type_traits>

namespace laws = ctnn_test::laws;
using ctnn::Tensor;

namespace {
using backends = boost::mpl::list<ctnn::backend::reference, ctnn::backend::fast>;
}  // namespace

BOOST_AUTO_TEST_CASE(flatten_by_hand) {
  //! [flatten]
  // Two images of two channels, 1 x 3 each: image n becomes row n, channel after channel,
  // as np.reshape(z, (N, -1)).
  const Tensor<int, 2, 2, 1, 3> z{1, 2, 3, 4,  5,  6,  // image 0: channel 0, then channel 1
                                  7, 8, 9, 10, 11, 12};
  const auto rows = ctnn::flatten_forward(z);  // (N, C*H*W) = (2, 6)
  BOOST_TEST((rows == Tensor<int, 2, 6>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  // backward puts a gradient of the rows back in z's shape
  const auto dz = ctnn::flatten_backward(rows, z);
  static_assert(std::is_same_v<decltype(dz), const Tensor<int, 2, 2, 1, 3>>);
  BOOST_TEST((dz == z));
  //! [flatten]
}

BOOST_AUTO_TEST_CASE_TEMPLATE(kernels_write_every_element, B, backends) {
  const auto z = laws::projection<Tensor<float, 3, 2, 4, 5>>(1);
  auto out = laws::nan_filled<Tensor<float, 3, 40>>();
  ctnn::detail::flatten::copy(B{}, z, out);
  BOOST_TEST(laws::all_finite(out));
  BOOST_TEST((out == ctnn::flatten_forward<B>(z)));
  auto dz = laws::nan_filled<Tensor<float, 3, 2, 4, 5>>();
  ctnn::detail::flatten::copy(B{}, out, dz);
  BOOST_TEST((dz == z));
  BOOST_TEST((ctnn::flatten_backward<B>(out, z) == z));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(gradient_and_adjoint_laws, B, backends) {
  // L = <flatten_forward(z), g> is linear: central differences (h = 1e-2) err only by rounding;
  // tolerance 1e-12. The adjoint gap <flatten(z), g> - <z, flatten_backward(g)>: the same terms
  // in the same order, so 0 up to the 1e-12 floor of adjoint_gap.
  auto z = laws::projection<Tensor<double, 2, 3, 2, 2>>(2);
  const auto g = laws::projection<Tensor<double, 2, 12>>(3);
  auto dz = laws::nan_filled<Tensor<double, 2, 3, 2, 2>>();
  ctnn::detail::flatten::copy(B{}, g, dz);
  const auto loss = [&] { return laws::inner(ctnn::flatten_forward<B>(z), g); };
  BOOST_TEST(laws::worst_gradient_error(z, dz, loss, 1e-2) < 1e-12);
  BOOST_TEST(laws::adjoint_gap(ctnn::flatten_forward<B>(z), g, z, ctnn::flatten_backward<B>(g, z)) <
             1e-12);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(any_rank_from_two, B, backends) {
  // (N, I) is already flat: unchanged. (N, a, b, c, d) flattens to (N, a b c d).
  const auto x = laws::projection<Tensor<double, 4, 3>>(4);
  const auto same = ctnn::flatten_forward<B>(x);
  static_assert(std::is_same_v<decltype(same), const Tensor<double, 4, 3>>);
  BOOST_TEST((same == x));
  const auto y = laws::projection<Tensor<double, 2, 2, 3, 1, 2>>(5);
  const auto flat = ctnn::flatten_forward<B>(y);
  static_assert(std::is_same_v<decltype(flat), const Tensor<double, 2, 12>>);
  BOOST_TEST(flat(1, 7) == y(1, 1, 0, 0, 1));  // 7 = ((1 * 3 + 0) * 1 + 0) * 2 + 1
  BOOST_TEST((ctnn::flatten_backward<B>(flat, y) == y));
}
