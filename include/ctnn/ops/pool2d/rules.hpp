/// \file
/// \brief The compile-time rules of pooling: the predicates (in `ctnn::rule`) and the checks that
/// assert them (in `ctnn::check`), each with the numbers it is about as template arguments.
///
/// The shared predicates of `ctnn/rules.hpp` (`rank_is`, `stride_positive`, `kernel_fits`,
/// `stride_divides`, `same_shape`) are reused with pooling's own sentences, so that a message
/// speaks of the pooling window and equation (1) rather than of a convolution's kernel.
#ifndef CTNN_OPS_POOL2D_RULES_HPP
#define CTNN_OPS_POOL2D_RULES_HPP

#include <cstddef>

#include "ctnn/math.hpp"  // rule::floating_element
#include "ctnn/rules.hpp"
#include "ctnn/shape.hpp"

namespace ctnn {

namespace rule {

/// \brief A pooling window is at least one row and one column: k >= 1.
template <std::size_t K>
inline constexpr bool window_positive = K >= 1;

/// \brief Pooling pads at most half a window on each side, 2P <= k (PyTorch's rule): every window
/// then reads at least one element of the input, so that a maximum over it is never padding.
template <std::size_t P, std::size_t K>
inline constexpr bool pooling_padding_fits = 2 * P <= K;

/// \brief The tags after a pooling forward call's z: `pooling<k1, k2>` first, then at most one
/// `strides<S1, S2>` (or `floor_strides`) and one `padding<P1, P2>`, in either order, nothing else.
template <bool WindowFirst, std::size_t Paddings, std::size_t Strides, std::size_t Others>
inline constexpr bool pooling_tags_valid =
    WindowFirst&& Paddings <= 1 && Strides <= 1 && Others == 0;

/// \brief A pooling backward call states its forward pass's whole geometry: `pooling<k1, k2>`
/// first, then exactly one strides tag and one `padding<P1, P2>`, so that it cannot assume
/// another.
template <bool WindowFirst, std::size_t Paddings, std::size_t Strides, std::size_t Others>
inline constexpr bool pooling_backward_geometry_given =
    WindowFirst&& Paddings == 1 && Strides == 1 && Others == 0;

}  // namespace rule

namespace check {

/// \brief The tags of `max_pooling_forward(z, pooling<k1, k2>, ...)` and `avg_pooling_forward`.
/// \tparam WindowFirst whether the first tag is a `pooling<k1, k2>`.
/// \tparam G `geometry<Tags...>` of the tags after it.
template <bool WindowFirst, class G>
constexpr bool pooling_tags() {
  static_assert(rule::pooling_tags_valid<WindowFirst, G::paddings, G::strides, G::others>,
                "ctnn: after z, pass ctnn::pooling<k1, k2> first, then ctnn::strides<S1, S2> (or "
                "ctnn::floor_strides<S1, S2>) and ctnn::padding<P1, P2>, each at most once, in "
                "either order");
  return rule::pooling_tags_valid<WindowFirst, G::paddings, G::strides, G::others>;
}

/// \brief The tags of `max_pooling_backward(next_dz, z, pooling<k1, k2>, strides, padding)` and
/// `avg_pooling_backward`: all three, as the forward pass had them (no defaults).
template <bool WindowFirst, class G>
constexpr bool pooling_backward_tags() {
  static_assert(
      rule::pooling_backward_geometry_given<WindowFirst, G::paddings, G::strides, G::others>,
      "ctnn: pass a pooling backward call the window, strides and padding its forward pass had, "
      "all three, even the default strides (the window) and padding<0, 0>: "
      "max_pooling_backward(next_dz, z, pooling<k1, k2>, strides<S1, S2>, padding<P1, P2>)");
  return rule::pooling_backward_geometry_given<WindowFirst, G::paddings, G::strides, G::others>;
}

/// \brief The input of max and average pooling: z (N, C, H, W) of floating-point values.
template <class Z>
constexpr bool pooling_operand() {
  static_assert(rule::rank_is<Z::rank, 4>, "ctnn: pooling input is rank 4: z (N, C, H, W)");
  static_assert(rule::floating_element<typename Z::value_type>,
                "ctnn: pooling needs a floating-point element type (an average or a gradient of "
                "integers would be truncated)");
  return rule::rank_is<Z::rank, 4> && rule::floating_element<typename Z::value_type>;
}

/// \brief The input of global pooling: z (N, C, H, W) of floating-point values.
template <class Z>
constexpr bool global_pooling_operand() {
  static_assert(rule::rank_is<Z::rank, 4>,
                "ctnn: global pooling input is rank 4: z (N, C, H, W) -> (N, C)");
  static_assert(rule::floating_element<typename Z::value_type>,
                "ctnn: pooling needs a floating-point element type (an average or a gradient of "
                "integers would be truncated)");
  return rule::rank_is<Z::rank, 4> && rule::floating_element<typename Z::value_type>;
}

/// \brief The pooling window along one spatial axis, eq. (1), once k >= 1 and S >= 1 are known:
/// the window fits, the padding is at most half of it, and, unless the strides are
/// `floor_strides`, the stride divides H + 2P - k. The messages name the axis: 2 is the rows
/// (H, P1, k1, S1), 3 the columns (W, P2, k2, S2). One message per mistake: each rule is asserted
/// only once the ones before it hold.
template <std::size_t Axis, std::size_t Extent, std::size_t P, std::size_t K, std::size_t S,
          bool Floor>
constexpr bool pooling_window() {
  if constexpr (Axis == 2) {
    static_assert(rule::kernel_fits<Extent, P, K>,
                  "ctnn: the pooling window must fit in the padded input: H + 2P >= k, along the "
                  "rows (eq. (1))");
  } else {
    static_assert(rule::kernel_fits<Extent, P, K>,
                  "ctnn: the pooling window must fit in the padded input: W + 2P >= k, along the "
                  "columns (eq. (1))");
  }
  if constexpr (!rule::kernel_fits<Extent, P, K>) {
    return false;
  } else {
    if constexpr (Axis == 2) {
      static_assert(rule::pooling_padding_fits<P, K>,
                    "ctnn: pooling pads at most half the window: 2P <= k, along the rows "
                    "(PyTorch's rule: every window then reads some of the input)");
    } else {
      static_assert(rule::pooling_padding_fits<P, K>,
                    "ctnn: pooling pads at most half the window: 2P <= k, along the columns "
                    "(PyTorch's rule: every window then reads some of the input)");
    }
    if constexpr (!rule::pooling_padding_fits<P, K>) {
      return false;
    } else if constexpr (Floor) {
      return true;  // floor_strides: H' rounds down, the rows no window reads get no gradient
    } else {
      if constexpr (Axis == 2) {
        static_assert(rule::stride_divides<Extent, P, K, S>,
                      "ctnn: the pooling stride must divide H + 2P - k exactly, along the rows "
                      "(H' = (H + 2P1 - k1)/S1 + 1); ctnn::floor_strides<S1, S2> rounds down as "
                      "PyTorch does");
      } else {
        static_assert(rule::stride_divides<Extent, P, K, S>,
                      "ctnn: the pooling stride must divide W + 2P - k exactly, along the columns "
                      "(W' = (W + 2P2 - k2)/S2 + 1); ctnn::floor_strides<S1, S2> rounds down as "
                      "PyTorch does");
      }
      return rule::stride_divides<Extent, P, K, S>;
    }
  }
}

/// \brief Every rule of max and average pooling on z with window (k1, k2), padding (P1, P2) and
/// strides (S1, S2): the operand first, then k >= 1 (before the strides, which default to the
/// window), S >= 1, then the rows, then the columns.
template <class Z, std::size_t K1, std::size_t K2, std::size_t P1, std::size_t P2, std::size_t S1,
          std::size_t S2, bool Floor>
constexpr bool pooling_rules() {
  if constexpr (!pooling_operand<Z>()) {
    return false;
  } else {
    static_assert(rule::window_positive<K1> && rule::window_positive<K2>,
                  "ctnn: a pooling window is at least 1 x 1: k1 >= 1 and k2 >= 1");
    if constexpr (!rule::window_positive<K1> || !rule::window_positive<K2>) {
      return false;
    } else {
      static_assert(rule::stride_positive<S1> && rule::stride_positive<S2>,
                    "ctnn: pooling strides must be at least 1 (eq. (1) steps the window by S)");
      if constexpr (!rule::stride_positive<S1> || !rule::stride_positive<S2>)
        return false;
      else if constexpr (!pooling_window<2, Z::extents[2], P1, K1, S1, Floor>())
        return false;
      else
        return pooling_window<3, Z::extents[3], P2, K2, S2, Floor>();
    }
  }
}

/// \brief The extents max and average pooling imply, once their rules hold (1 where they fail,
/// so that a broken rule produces its message and nothing else).
template <class Z, std::size_t K1_, std::size_t K2_, std::size_t P1_, std::size_t P2_,
          std::size_t S1_, std::size_t S2_, bool Floor_>
struct pool2d {
  /// True when every rule holds (and the assertions of the failed ones have been reported).
  static constexpr bool ok = pooling_rules<Z, K1_, K2_, P1_, P2_, S1_, S2_, Floor_>();
  static constexpr std::size_t N = extent_or_1<0, Z>;  ///< batch size
  static constexpr std::size_t C = extent_or_1<1, Z>;  ///< channels
  static constexpr std::size_t H = extent_or_1<2, Z>;  ///< input height
  static constexpr std::size_t W = extent_or_1<3, Z>;  ///< input width
  /// H' = floor((H + 2P1 - k1)/S1) + 1: exact unless the strides are `floor_strides`.
  static constexpr std::size_t H_out = ok ? output_extent(H, K1_, P1_, S1_) : 1;
  /// W' = floor((W + 2P2 - k2)/S2) + 1.
  static constexpr std::size_t W_out = ok ? output_extent(W, K2_, P2_, S2_) : 1;
};

/// \brief A pooling backward call's next_dz has the shape and element type of the forward output.
template <class NextDz, class Expected>
constexpr bool pooling_gradient_shape() {
  static_assert(rule::same_shape<NextDz, Expected>,
                "ctnn: next_dz must have the shape of the pooling forward output (N, C, H', W') "
                "for this window, these strides and this padding (the note shows next_dz's type, "
                "then the expected one)");
  static_assert(rule::same_element_type<typename NextDz::value_type, typename Expected::value_type>,
                "ctnn: next_dz must have the element type of z");
  return rule::same_shape<NextDz, Expected> &&
         rule::same_element_type<typename NextDz::value_type, typename Expected::value_type>;
}

/// \brief A global pooling backward call's next_dz is (N, C), of z's element type.
template <class NextDz, class Expected>
constexpr bool global_pooling_gradient_shape() {
  static_assert(rule::same_shape<NextDz, Expected>,
                "ctnn: next_dz of a global pooling backward call is the forward output (N, C) "
                "(the note shows next_dz's type, then the expected one)");
  static_assert(rule::same_element_type<typename NextDz::value_type, typename Expected::value_type>,
                "ctnn: next_dz must have the element type of z");
  return rule::same_shape<NextDz, Expected> &&
         rule::same_element_type<typename NextDz::value_type, typename Expected::value_type>;
}

}  // namespace check
}  // namespace ctnn

#endif  // CTNN_OPS_POOL2D_RULES_HPP
