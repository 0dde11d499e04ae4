/// \file
/// \brief The rules of the activation functions (post 0_3): a floating-point element type,
/// next_dz shaped and typed like z, prelu's alpha one value per channel (or one in all), and a
/// scalar alpha that does not narrow into the element type.
#ifndef CTNN_OPS_ACTIVATIONS_RULES_HPP
#define CTNN_OPS_ACTIVATIONS_RULES_HPP

#include <cstddef>
#include <type_traits>

#include "ctnn/math.hpp"  // rule::floating_element
#include "ctnn/rules.hpp"

namespace ctnn {

namespace rule {

/// \brief prelu's alpha is rank 1 with one value per channel of z, or one value shared by every
/// channel: (C,) or (1,), where C is z's axis 1 (z is (N, C, ...)), or 1 when z has rank < 2.
/// \tparam Channels C, z's number of channels.
/// \tparam AlphaDims the extents of alpha.
template <std::size_t Channels, std::size_t... AlphaDims>
inline constexpr bool alpha_per_channel = sizeof...(AlphaDims) == 1 &&
                                          ((AlphaDims == Channels || AlphaDims == 1) && ...);

}  // namespace rule

namespace check {

/// \brief z's channels as prelu counts them: axis 1 of (N, C, ...), or 1 when z has rank < 2
/// (there is no channel axis, as in PyTorch's PReLU).
template <class Z>
inline constexpr std::size_t channels_of = Z::rank >= 2 ? Z::extents[1] : 1;

/// \brief z's batch size as prelu's dalpha divides by it: axis 0, or 1 for a rank-0 tensor.
template <class Z>
inline constexpr std::size_t batch_of = Z::rank >= 1 ? Z::extents[0] : 1;

/// \brief The activations compute in floating point (ctnn::rule::floating_element).
template <class T>
constexpr bool activation_element() {
  static_assert(rule::floating_element<T>,
                "ctnn: activation functions compute in floating point (slopes like 0.1, exp): "
                "use a float or double tensor");
  return rule::floating_element<T>;
}

/// \brief An activation's backward pass: next_dz has z's shape and element type (an activation
/// is element-wise, so the gradient of each element of z is next_dz's element at its place).
/// The notes name next_dz's type first, then z's.
template <class NextDz, class Z>
constexpr bool activation_gradient() {
  static_assert(rule::same_shape<NextDz, Z>,
                "ctnn: an activation's next_dz must have the shape of its input z (element-wise: "
                "the note shows next_dz's type, then z's)");
  static_assert(rule::same_element_type<typename NextDz::value_type, typename Z::value_type>,
                "ctnn: an activation's next_dz must have the element type of z (ctnn never "
                "converts)");
  return rule::same_shape<NextDz, Z> &&
         rule::same_element_type<typename NextDz::value_type, typename Z::value_type>;
}

/// \brief prelu's alpha: (C,) or (1,) for z (N, C, ...), of z's element type
/// (ctnn::rule::alpha_per_channel).
/// \tparam Channels C, z's channels (check::channels_of).
/// \tparam T z's element type.
/// \tparam U alpha's element type.
/// \tparam AlphaDims alpha's extents.
template <std::size_t Channels, class T, class U, std::size_t... AlphaDims>
constexpr bool prelu_alpha() {
  static_assert(rule::alpha_per_channel<Channels, AlphaDims...>,
                "ctnn: prelu's alpha is a Tensor (C,) with one slope per channel of z (N, C, ...), "
                "or (1,) shared by all channels (the note shows C, then alpha's extents)");
  static_assert(rule::same_element_type<U, T>,
                "ctnn: prelu's alpha must have the element type of z (ctnn never converts)");
  return rule::alpha_per_channel<Channels, AlphaDims...> && rule::same_element_type<U, T>;
}

}  // namespace check
}  // namespace ctnn

#endif  // CTNN_OPS_ACTIVATIONS_RULES_HPP
