/// \file
/// \brief The rules of the fully connected layer (post 0_1): z (N, I), W (I, O), b (O,) of one
/// floating-point element type, z's I equal to W's, b one value per output, W not in PyTorch's
/// (O, I) layout; for the backward pass, forward's argument order refused and next_dz shaped
/// (N, O).
#ifndef CTNN_OPS_FC_RULES_HPP
#define CTNN_OPS_FC_RULES_HPP

#include <cstddef>

#include "ctnn/math.hpp"  // rule::floating_element
#include "ctnn/rules.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn {

namespace rule {

/// \brief W (I, O) has as many rows I as z (N, I) has features: \f$ z W \f$ is defined.
template <std::size_t InputFeatures, std::size_t WeightRows>
inline constexpr bool fc_inputs_match = InputFeatures == WeightRows;

/// \brief b (O,) has one value per column O of W (I, O).
template <std::size_t Outputs, std::size_t BiasLength>
inline constexpr bool fc_bias_matches_outputs = Outputs == BiasLength;

/// \brief W is in ctnn's (I, O) layout and not PyTorch's Linear (O, I): false when W's first
/// extent misses z's I features while its second has them.
template <std::size_t InputFeatures, std::size_t WeightFirst, std::size_t WeightSecond>
inline constexpr bool fc_weight_layout_inputs_first =
    !(WeightFirst != InputFeatures && WeightSecond == InputFeatures);

/// \brief `fc_backward(next_dz, W, z)` was not given forward's order `(z, W, dy)`: false when
/// the first argument has W's I columns and the last W's O columns (with I != O).
template <std::size_t FirstColumns, std::size_t WeightI, std::size_t WeightO,
          std::size_t LastColumns>
inline constexpr bool fc_arguments_in_backward_order =
    !(FirstColumns == WeightI && LastColumns == WeightO && WeightI != WeightO);

}  // namespace rule

namespace check {

/// \brief The rules between z (N, I), W (I, O) and b (O,) once their ranks and element types are
/// right: the layout hint first (a transposed W would also break the other two rules), then
/// z's I against W's I, then b's length against W's O.
template <std::size_t I, std::size_t WI, std::size_t WO, std::size_t BO>
constexpr bool fc_extents() {
  static_assert(rule::fc_weight_layout_inputs_first<I, WI, WO>,
                "ctnn: W looks like PyTorch's Linear layout (O, I); ctnn's is (I, O), inputs first "
                "as the series' np.dot(z, W): pass ctnn::swap_axes<0, 1>(W)");
  if constexpr (!rule::fc_weight_layout_inputs_first<I, WI, WO>) {
    return false;  // one message: the two rules below would fail as well
  } else {
    static_assert(rule::fc_inputs_match<I, WI>,
                  "ctnn: W (I, O) must have as many rows I as z (N, I) has columns: z^{l+1} = z^l "
                  "W^l + b^l (post 0_1)");
    static_assert(rule::fc_bias_matches_outputs<WO, BO>,
                  "ctnn: b must have one value per column O of W (I, O): z^{l+1} = z^l W^l + b^l");
    return rule::fc_inputs_match<I, WI> && rule::fc_bias_matches_outputs<WO, BO>;
  }
}

/// \brief The element type of the fully connected layer is floating point
/// (ctnn::rule::floating_element): fc_backward divides dW and db by the batch size N, which
/// integers would truncate, as pooling's averages.
template <class T>
constexpr bool fc_element() {
  static_assert(rule::floating_element<T>,
                "ctnn: the fully connected layer needs a floating-point element type (dW / N and "
                "db / N of integers would be truncated)");
  return rule::floating_element<T>;
}

/// \brief Every rule of `fc_forward(z, W, b)`: ranks and one element type first, then (only if
/// those hold) a floating-point element type, then (only if it is) the extents.
/// \tparam Z, Wt, B the tensor types of z (N, I), W (I, O) and b (O,).
template <class Z, class Wt, class B>
constexpr bool fc_operands() {
  static_assert(rule::rank_is<Z::rank, 2> && rule::rank_is<Wt::rank, 2>,
                "ctnn: fc operands are rank 2: z (N, I) and W (I, O); flatten a (N, C, H, W) "
                "batch first with ctnn::flatten_forward");
  static_assert(rule::rank_is<B::rank, 1>, "ctnn: the fc bias b is rank 1: (O,)");
  static_assert(rule::same_element_type<typename Z::value_type, typename Wt::value_type> &&
                    rule::same_element_type<typename Z::value_type, typename B::value_type>,
                "ctnn: z, W and b must have one element type (ctnn never converts)");
  if constexpr (!rule::rank_is<Z::rank, 2> || !rule::rank_is<Wt::rank, 2> ||
                !rule::rank_is<B::rank, 1> ||
                !rule::same_element_type<typename Z::value_type, typename Wt::value_type> ||
                !rule::same_element_type<typename Z::value_type, typename B::value_type>) {
    return false;
  } else if constexpr (!fc_element<typename Z::value_type>()) {
    return false;  // one message: an integer layer's extents are not worth checking yet
  } else {
    return fc_extents<Z::extents[1], Wt::extents[0], Wt::extents[1], B::extents[0]>();
  }
}

/// \brief `fc_backward(next_dz, W, z)` was not called in forward's order `(z, W, dy)`
/// (checked among rank-2 operands only: a wrong rank has its own message).
template <class First, class Wt, class Last>
constexpr bool fc_backward_order() {
  if constexpr (First::rank != 2 || Wt::rank != 2 || Last::rank != 2) {
    return true;
  } else {
    static_assert(rule::fc_arguments_in_backward_order<First::extents[1], Wt::extents[0],
                                                       Wt::extents[1], Last::extents[1]>,
                  "ctnn: fc_backward takes (next_dz, W, z): these arguments are in fc_forward's "
                  "order (z, W, ...); pass the gradient first and z last");
    return rule::fc_arguments_in_backward_order<First::extents[1], Wt::extents[0], Wt::extents[1],
                                                Last::extents[1]>;
  }
}

/// \brief `fc_backward(next_dz, W, z)`: next_dz has the shape (N, O) and the element type of
/// fc_forward's output. The note names next_dz's type first, then the expected one.
template <class NextDz, class Expected>
constexpr bool fc_gradient_shape() {
  static_assert(rule::same_shape<NextDz, Expected>,
                "ctnn: fc_backward's next_dz must have the shape (N, O) of fc_forward's output "
                "(the note shows next_dz's type, then that shape)");
  static_assert(rule::same_element_type<typename NextDz::value_type, typename Expected::value_type>,
                "ctnn: fc_backward's next_dz must have the element type of z and W");
  return rule::same_shape<NextDz, Expected> &&
         rule::same_element_type<typename NextDz::value_type, typename Expected::value_type>;
}

/// \brief Every rule of `fc_backward(next_dz, W, z)`: ranks, argument order, z and W as in
/// fc_forward (with a bias of W's O values), then next_dz (N, O).
/// \tparam G, Wt, Z the tensor types of next_dz (N, O), W (I, O) and z (N, I).
template <class G, class Wt, class Z>
constexpr bool fc_backward_operands() {
  static_assert(rule::rank_is<G::rank, 2>,
                "ctnn: fc_backward's next_dz is rank 2: (N, O), the shape of fc_forward's output");
  if constexpr (!rule::rank_is<G::rank, 2> || !fc_backward_order<G, Wt, Z>()) {
    return false;
  } else {
    using Bias = Tensor<typename Wt::value_type, extent_or_1<1, Wt>>;
    if constexpr (!fc_operands<Z, Wt, Bias>()) {
      return false;
    } else {
      using Out = Tensor<typename Z::value_type, Z::extents[0], Wt::extents[1]>;
      return fc_gradient_shape<G, Out>();
    }
  }
}

}  // namespace check
}  // namespace ctnn

#endif  // CTNN_OPS_FC_RULES_HPP
