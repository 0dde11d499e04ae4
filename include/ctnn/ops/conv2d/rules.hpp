/// \file
/// \brief The convolution's rules: channels, bias, the kernel's layout, the argument order of
/// `conv_backward`, and the checks that hold them (the window rules it shares with pooling are in
/// ctnn/rules.hpp).
#ifndef CTNN_OPS_CONV2D_RULES_HPP
#define CTNN_OPS_CONV2D_RULES_HPP

#include <cstddef>

#include "ctnn/rules.hpp"
#include "ctnn/shape.hpp"

namespace ctnn {
namespace rule {

/// \brief The kernel K (C, D, k1, k2) reads as many channels as the input z (N, C, H, W) has.
template <std::size_t InputChannels, std::size_t KernelChannels>
inline constexpr bool kernel_channels_match = InputChannels == KernelChannels;

/// \brief The bias b (D,) has one value per output channel of K (C, D, k1, k2).
template <std::size_t OutputChannels, std::size_t BiasLength>
inline constexpr bool bias_matches_output_channels = OutputChannels == BiasLength;

/// \brief K is in ctnn's (C, D, k1, k2) layout and not PyTorch's (D, C, k1, k2): false when K's
/// first extent misses z's C channels while its second has them.
template <std::size_t InputChannels, std::size_t KernelFirst, std::size_t KernelSecond>
inline constexpr bool kernel_layout_c_first =
    !(KernelFirst != InputChannels && KernelSecond == InputChannels);

/// \brief `conv_backward(next_dz, K, z)` was not given forward's order `(z, K, dy)`: false when
/// the first argument has K's C channels and the last K's D channels (with C != D).
template <std::size_t FirstChannels, std::size_t KernelC, std::size_t KernelD,
          std::size_t LastChannels>
inline constexpr bool arguments_in_backward_order =
    !(FirstChannels == KernelC && LastChannels == KernelD && KernelC != KernelD);

}  // namespace rule

namespace check {

/// \brief The channel and geometry rules of a convolution, once the ranks are known to be right.
template <std::size_t C, std::size_t H, std::size_t W, std::size_t KC, std::size_t D,
          std::size_t K1, std::size_t K2, std::size_t BD, std::size_t P1, std::size_t P2,
          std::size_t S1, std::size_t S2, bool Exact>
constexpr bool conv_geometry() {
  static_assert(
      rule::kernel_layout_c_first<C, KC, D>,
      "ctnn: K looks like PyTorch's (D, C, k1, k2) layout; ctnn's is (C, D, k1, k2), input "
      "channels first: pass ctnn::swap_axes<0, 1>(K)");
  if constexpr (!rule::kernel_layout_c_first<C, KC, D>) {
    return false;  // one message: the channel and bias rules would fail as well
  } else {
    static_assert(rule::kernel_channels_match<C, KC>,
                  "ctnn: K (C, D, k1, k2) must have as many input channels C as z (N, C, H, W)");
    static_assert(rule::bias_matches_output_channels<D, BD>,
                  "ctnn: b must have one value per output channel D of K (C, D, k1, k2)");
    constexpr bool channels =
        rule::kernel_channels_match<C, KC> && rule::bias_matches_output_channels<D, BD>;
    // zero strides first: the window rules assume S >= 1; the columns only once the rows hold,
    // so that a square mistake gives one message, not two
    if constexpr (!strides<S1, S2>() || !window<2, H, P1, K1, S1, Exact>())
      return false;
    else
      return channels && window<3, W, P2, K2, S2, Exact>();
  }
}

/// \brief Every rule of `conv_forward(z, K, b, padding<P1, P2>, strides<S1, S2>)`: ranks and
/// element types first, then (only if those hold) channels and geometry.
/// \tparam Z, Kern, B the tensor types of z (N, C, H, W), K (C, D, k1, k2) and b (D,).
template <class Z, class Kern, class B, std::size_t P1, std::size_t P2, std::size_t S1,
          std::size_t S2, bool Exact = true>
constexpr bool conv_operands() {
  static_assert(rule::rank_is<Z::rank, 4> && rule::rank_is<Kern::rank, 4>,
                "ctnn: conv operands are rank 4: z (N, C, H, W) and K (C, D, k1, k2)");
  static_assert(rule::rank_is<B::rank, 1>, "ctnn: the bias b is rank 1: (D,)");
  static_assert(rule::same_element_type<typename Z::value_type, typename Kern::value_type> &&
                    rule::same_element_type<typename Z::value_type, typename B::value_type>,
                "ctnn: z, K and b must have one element type (ctnn never converts)");
  if constexpr (!rule::rank_is<Z::rank, 4> || !rule::rank_is<Kern::rank, 4> ||
                !rule::rank_is<B::rank, 1> ||
                !rule::same_element_type<typename Z::value_type, typename Kern::value_type> ||
                !rule::same_element_type<typename Z::value_type, typename B::value_type>) {
    return false;
  } else {
    return conv_geometry<Z::extents[1], Z::extents[2], Z::extents[3], Kern::extents[0],
                         Kern::extents[1], Kern::extents[2], Kern::extents[3], B::extents[0], P1,
                         P2, S1, S2, Exact>();
  }
}

/// \brief The extents a convolution implies, once `conv_operands` has checked its rules.
///
/// Every extent is guarded (1 when the rules fail) so that a broken rule produces its message
/// and nothing else.
template <class Z, class Kern, class B, std::size_t P1, std::size_t P2, std::size_t S1,
          std::size_t S2, bool Exact = true>
struct conv {
  /// True when every rule holds (and the assertions of the failed ones have been reported).
  static constexpr bool ok = conv_operands<Z, Kern, B, P1, P2, S1, S2, Exact>();
  static constexpr std::size_t N = extent_or_1<0, Z>;      ///< batch size
  static constexpr std::size_t C = extent_or_1<1, Z>;      ///< input channels
  static constexpr std::size_t H = extent_or_1<2, Z>;      ///< input height
  static constexpr std::size_t W = extent_or_1<3, Z>;      ///< input width
  static constexpr std::size_t D = extent_or_1<1, Kern>;   ///< output channels
  static constexpr std::size_t K1 = extent_or_1<2, Kern>;  ///< kernel height
  static constexpr std::size_t K2 = extent_or_1<3, Kern>;  ///< kernel width
  /// H' of eq. (4) (rounded down with floor strides), or 1 when a rule fails.
  static constexpr std::size_t H_out = ok ? output_extent(H, K1, P1, S1) : 1;
  /// W' of eq. (4), or 1 when a rule fails.
  static constexpr std::size_t W_out = ok ? output_extent(W, K2, P2, S2) : 1;
};

/// \brief `conv_backward(next_dz, K, z, ...)` was not called in forward's order `(z, K, dy)`
/// (checked among rank-4 operands only: a wrong rank has its own message).
template <class First, class Kern, class Last>
constexpr bool backward_order() {
  if constexpr (First::rank != 4 || Kern::rank != 4 || Last::rank != 4) {
    return true;
  } else {
    static_assert(rule::arguments_in_backward_order<First::extents[1], Kern::extents[0],
                                                    Kern::extents[1], Last::extents[1]>,
                  "ctnn: conv_backward takes (next_dz, K, z): these arguments are in "
                  "conv_forward's order (z, K, ...); pass the gradient first and z last");
    return rule::arguments_in_backward_order<First::extents[1], Kern::extents[0], Kern::extents[1],
                                             Last::extents[1]>;
  }
}

/// \brief `conv_backward(next_dz, K, z, ...)`: next_dz has the shape the forward pass produced.
template <class NextDz, class Expected>
constexpr bool gradient_shape() {
  static_assert(rule::same_shape<NextDz, Expected>,
                "ctnn: next_dz must have the shape of conv_forward's output (N, D, H', W') for "
                "this padding and these strides: pass conv_backward the padding and strides you "
                "gave conv_forward");
  static_assert(rule::same_element_type<typename NextDz::value_type, typename Expected::value_type>,
                "ctnn: next_dz must have the element type of z and K");
  return rule::same_shape<NextDz, Expected> &&
         rule::same_element_type<typename NextDz::value_type, typename Expected::value_type>;
}

}  // namespace check
}  // namespace ctnn

#endif  // CTNN_OPS_CONV2D_RULES_HPP
