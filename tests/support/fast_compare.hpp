// fast_test and fast_direct_test: how far ctnn::fast is from the reference on one layer.
#ifndef CTNN_TEST_FAST_COMPARE_HPP
#define CTNN_TEST_FAST_COMPARE_HPP

#include <ctnn/conv.hpp>
#include <ctnn/fast.hpp>

#include <algorithm>
#include <type_traits>

#include "ctnn_test.hpp"

namespace ctnn_test {

// The worst relative difference between fast and reference over all outputs of one layer,
// relative to max(|reference|, 1).
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
  return std::max({ctnn_test::max_relative_error(out, want),
                   ctnn_test::max_relative_error(fast.dK, ref.dK),
                   ctnn_test::max_relative_error(fast.db, ref.db),
                   ctnn_test::max_relative_error(fast.dz, ref.dz)});
}

}  // namespace ctnn_test

#endif  // CTNN_TEST_FAST_COMPARE_HPP
