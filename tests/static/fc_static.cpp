// The compiler verifies the fully connected layer and flatten (post 0_1): a worked example of
// z W + b and of eqs. (8), (9), (15) in constant expressions, the result types, and the rules as
// predicates over their numbers.
#include <ctnn/ops/cross_entropy/cross_entropy.hpp>
#include <ctnn/ops/fc/fc.hpp>
#include <ctnn/ops/flatten/flatten.hpp>

#include <type_traits>

namespace {

using ctnn::Tensor;

// z (2, 3) times W (3, 2) plus b: row 0 is (1 + 3, 2 - 3) + (10, 20), row 1 (4 + 6, 5 - 6) + b.
// (Tensors own heap storage: they are made inside each constant expression, not kept in one.)
constexpr Tensor<double, 2, 3> z() { return Tensor<double, 2, 3>{1, 2, 3, 4, 5, 6}; }
constexpr Tensor<double, 3, 2> W() { return Tensor<double, 3, 2>{1, 0, 0, 1, 1, -1}; }
static_assert(ctnn::fc_forward(z(), W(), Tensor<double, 2>{10, 20}) ==
              Tensor<double, 2, 2>{14, 19, 20, 19});

// eq. (8) / N, eq. (9) / N, eq. (15): small integers, so every value is exact.
constexpr auto grads = [] {
  const auto [dW, db, dz] = ctnn::fc_backward(Tensor<double, 2, 2>{1, 0, 0, 2}, W(), z());
  return dW == Tensor<double, 3, 2>{0.5, 4, 1, 5, 1.5, 6} && db == Tensor<double, 2>{0.5, 1} &&
         dz == Tensor<double, 2, 3>{1, 0, 1, 0, 2, -2};
}();
static_assert(grads);

// The gradients have exactly the types of what they differentiate.
using G = decltype(ctnn::fc_backward(Tensor<float, 64, 10>{}, Tensor<float, 84, 10>{},
                                     Tensor<float, 64, 84>{}));
static_assert(std::is_same_v<G, ctnn::fc_gradients<Tensor<float, 84, 10>, Tensor<float, 10>,
                                                   Tensor<float, 64, 84>>>);
static_assert(
    std::is_same_v<decltype(ctnn::fc_forward<ctnn::backend::fast>(
                       Tensor<float, 64, 400>{}, Tensor<float, 400, 120>{}, Tensor<float, 120>{})),
                   Tensor<float, 64, 120>>);

// flatten: (N, C, H, W) -> (N, C H W) and back, in constant expressions.
constexpr Tensor<int, 2, 2, 1, 2> images() {
  return Tensor<int, 2, 2, 1, 2>{1, 2, 3, 4, 5, 6, 7, 8};
}
static_assert(ctnn::flatten_forward(images()) == Tensor<int, 2, 4>{1, 2, 3, 4, 5, 6, 7, 8});
static_assert(ctnn::flatten_backward(ctnn::flatten_forward(images()), images()) == images());
static_assert(std::is_same_v<decltype(ctnn::flatten_forward(Tensor<float, 64, 16, 5, 5>{})),
                             Tensor<float, 64, 400>>);

// cross_entropy_loss returns {loss, dy} with dy of y's type.
static_assert(std::is_same_v<decltype(ctnn::cross_entropy_loss(Tensor<float, 64, 10>{},
                                                               Tensor<float, 64, 10>{})),
                             ctnn::loss_and_gradient<Tensor<float, 64, 10>>>);

// The rules, as predicates over their numbers.
static_assert(ctnn::rule::fc_inputs_match<400, 400> && !ctnn::rule::fc_inputs_match<400, 401>);
static_assert(ctnn::rule::fc_bias_matches_outputs<120, 120> &&
              !ctnn::rule::fc_bias_matches_outputs<120, 84>);
// W (10, 84) for z (N, 84): PyTorch's (O, I); a square W cannot be told apart, and is accepted.
static_assert(!ctnn::rule::fc_weight_layout_inputs_first<84, 10, 84>);
static_assert(ctnn::rule::fc_weight_layout_inputs_first<84, 84, 84>);
static_assert(ctnn::rule::fc_weight_layout_inputs_first<84, 85, 10>);  // a plain mismatch
// fc_backward(z (N, 84), W (84, 10), dy (N, 10)) is forward's order; square W cannot tell.
static_assert(!ctnn::rule::fc_arguments_in_backward_order<84, 84, 10, 10>);
static_assert(ctnn::rule::fc_arguments_in_backward_order<10, 84, 10, 84>);
static_assert(ctnn::rule::fc_arguments_in_backward_order<10, 10, 10, 10>);
static_assert(ctnn::rule::flatten_batch_and_features<2> &&
              !ctnn::rule::flatten_batch_and_features<1>);

}  // namespace
