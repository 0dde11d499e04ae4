/// \file
/// \brief The rules of `cross_entropy_loss` (post 0_1, eqs. (22)-(25)): y_predict (N, classes),
/// y_true of the same shape (one-hot or probability rows, not class indices), one element type,
/// floating point.
#ifndef CTNN_OPS_CROSS_ENTROPY_RULES_HPP
#define CTNN_OPS_CROSS_ENTROPY_RULES_HPP

#include <cstddef>

#include "ctnn/math.hpp"  // rule::floating_element
#include "ctnn/rules.hpp"

namespace ctnn::check {

/// \brief Every rule of `cross_entropy_loss(y_predict, y_true)`, each checked only once the
/// previous hold: y_predict rank 2, y_true of its shape, one element type, floating point.
/// \tparam Y, Tt the tensor types of y_predict and y_true.
template <class Y, class Tt>
constexpr bool cross_entropy_operands() {
  static_assert(rule::rank_is<Y::rank, 2>,
                "ctnn: cross_entropy_loss takes y_predict (N, classes), rank 2: one row of "
                "logits per sample (flatten or fc first)");
  if constexpr (!rule::rank_is<Y::rank, 2>) {
    return false;
  } else {
    static_assert(rule::same_shape<Y, Tt>,
                  "ctnn: cross_entropy_loss needs y_true of y_predict's shape (N, classes): one "
                  "one-hot or probability row per sample, not class indices (the note shows "
                  "y_predict's type, then y_true's)");
    if constexpr (!rule::same_shape<Y, Tt>) {
      return false;
    } else {
      using T = typename Y::value_type;
      static_assert(rule::same_element_type<T, typename Tt::value_type>,
                    "ctnn: cross_entropy_loss needs y_predict and y_true of one element type "
                    "(ctnn never converts)");
      if constexpr (!rule::same_element_type<T, typename Tt::value_type>) {
        return false;
      } else {
        static_assert(rule::floating_element<T>,
                      "ctnn: cross_entropy_loss computes in floating point (softmax, log): use "
                      "float or double tensors");
        return rule::floating_element<T>;
      }
    }
  }
}

}  // namespace ctnn::check

#endif  // CTNN_OPS_CROSS_ENTROPY_RULES_HPP
