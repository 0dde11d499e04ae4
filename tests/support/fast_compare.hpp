// fast_test and fast_direct_test: how far ctnn::fast is from the reference on one layer.
#ifndef CTNN_TEST_FAST_COMPARE_HPP
#define CTNN_TEST_FAST_COMPARE_HPP

#include <ctnn/conv.hpp>
#include <ctnn/fast.hpp>

#include <algorithm>
#include <limits>
#include <type_traits>

#include "ctnn_test.hpp"

namespace ctnn_test {

// The worst relative difference between fast and reference over all outputs of one layer,
// relative to max(|reference|, 1): through the functions that return new tensors, and into
// tensors that hold NaN before (as nn::conv2d's, reused from step to step: every element must be
// written, not added to).
template <class T, class L>
double worst_difference() {
  const typename L::template operands<T> ops(3);
  const auto& [z, K, b, g] = ops;
  const auto out = ctnn::fast::conv_forward(z, K, b, L::padding, L::strides);
  const auto want = ctnn::conv_forward(z, K, b, L::padding, L::strides);
  static_assert(std::is_same_v<decltype(out), decltype(want)>);
  const auto fast = ctnn::fast::conv_backward(g, K, z, L::padding, L::strides);
  const auto ref = ctnn::conv_backward(g, K, z, L::padding, L::strides);
  static_assert(std::is_same_v<decltype(fast), decltype(ref)>);

  using G = ctnn::geometry<std::remove_cv_t<decltype(L::padding)>,
                           std::remove_cv_t<decltype(L::strides)>>;
  const T nan = std::numeric_limits<T>::quiet_NaN();
  auto stale_out = std::remove_const_t<decltype(want)>::full(nan);
  ctnn::detail::conv2d::forward<G>(ctnn::backend::fast{}, z, K, b, stale_out);
  std::remove_const_t<decltype(ref)> stale;
  stale.dK = decltype(stale.dK)::full(nan);
  stale.db = decltype(stale.db)::full(nan);
  stale.dz = decltype(stale.dz)::full(nan);
  ctnn::detail::conv2d::backward<G>(ctnn::backend::fast{}, g, K, z, stale);
  return std::max({ctnn_test::max_relative_error(out, want),
                   ctnn_test::max_relative_error(fast.dK, ref.dK),
                   ctnn_test::max_relative_error(fast.db, ref.db),
                   ctnn_test::max_relative_error(fast.dz, ref.dz),
                   ctnn_test::max_relative_error(stale_out, want),
                   ctnn_test::max_relative_error(stale.dK, ref.dK),
                   ctnn_test::max_relative_error(stale.db, ref.db),
                   ctnn_test::max_relative_error(stale.dz, ref.dz)});
}

}  // namespace ctnn_test

#endif  // CTNN_TEST_FAST_COMPARE_HPP
