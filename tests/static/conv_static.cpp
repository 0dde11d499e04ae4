// The compiler verifies the equations: a worked example of eq. (4) and the adjoint identity of
// the backward pass, evaluated entirely in constant expressions.
#include <ctnn/conv.hpp>
#include <ctnn/loss.hpp>
#include <ctnn/reductions.hpp>

#include <type_traits>

namespace {

using ctnn::Tensor;

// z holds 1..25 (5x5), K picks the diagonal of each 3x3 window, stride 2 (see conv_test.cpp).
constexpr Tensor<double, 1, 1, 5, 5> one_to_25() {
  Tensor<double, 1, 1, 5, 5> z;
  for (int i = 0; i < 25; ++i) z.data()[i] = i + 1;
  return z;
}

static_assert(ctnn::conv_forward(one_to_25(), Tensor<double, 1, 1, 3, 3>{1, 0, 0, 0, 1, 0, 0, 0, 1},
                                 Tensor<double, 1>{0.5}, ctnn::padding<0, 0>,
                                 ctnn::strides<2, 2>) ==
              Tensor<double, 1, 1, 2, 2>{21.5, 27.5, 51.5, 57.5});

// Padding (1, 1) keeps 5x5 at stride 1; a centre-only kernel copies the input.
static_assert(ctnn::conv_forward(one_to_25(), Tensor<double, 1, 1, 3, 3>{0, 0, 0, 0, 1, 0, 0, 0, 0},
                                 Tensor<double, 1>{}, ctnn::padding<1, 1>) == one_to_25());

// The adjoint identity, <conv(z, K), g> = <z, dz(g)> = N <K, dK(g)>, on small integer-valued
// doubles (every product and sum is exact, so equality is exact) with padding and strides.
constexpr bool adjoint_identity_holds() {
  Tensor<double, 2, 2, 5, 4> z;  // (N, C, H, W)
  Tensor<double, 2, 3, 3, 2> K;  // (C, D, k1, k2)
  Tensor<double, 2, 3, 3, 3> g;  // (N, D, H', W'): H' = (5 + 2 - 3)/2 + 1, W' = (4 + 0 - 2)/1 + 1
  for (std::size_t i = 0; i < z.size; ++i) z.data()[i] = static_cast<double>(i % 7) - 3;
  for (std::size_t i = 0; i < K.size; ++i) K.data()[i] = static_cast<double>(i % 5) - 2;
  for (std::size_t i = 0; i < g.size; ++i) g.data()[i] = static_cast<double>(i % 3) - 1;
  const auto out =
      ctnn::conv_forward(z, K, Tensor<double, 3>{}, ctnn::padding<1, 0>, ctnn::strides<2, 1>);
  const auto grads = ctnn::conv_backward(g, K, z, ctnn::padding<1, 0>, ctnn::strides<2, 1>);
  const double forward = ctnn::dot(out, g);
  return forward != 0 && ctnn::dot(z, grads.dz) == forward && 2 * ctnn::dot(K, grads.dK) == forward;
}
static_assert(adjoint_identity_holds());

// db is the mean over the batch of the summed gradient: eq. (6) divided by N.
static_assert([] {
  Tensor<double, 2, 1, 2, 2> g{1, 2, 3, 4, 5, 6, 7, 8};
  const auto grads =
      ctnn::conv_backward(g, Tensor<double, 1, 1, 1, 1>{1}, Tensor<double, 2, 1, 2, 2>{},
                          ctnn::padding<0, 0>, ctnn::strides<1, 1>);
  return grads.db == Tensor<double, 1>{36.0 / 2};
}());

// The loss of a tiny example, at compile time: rows 1 + 4 and 9 + 16, mean 15.
static_assert(
    ctnn::mean_squared_loss(Tensor<double, 2, 2>{1, 2, 3, 4}, Tensor<double, 2, 2>{}).loss == 15);

// The result types carry the formula.
static_assert(
    std::is_same_v<decltype(ctnn::conv_forward(Tensor<float, 3, 3, 28, 28>{},
                                               Tensor<float, 3, 4, 3, 3>{}, Tensor<float, 4>{})),
                   Tensor<float, 3, 4, 26, 26>>);

// floor_strides: the layer that ctnn::strides refuses (compile_fail/conv_stride_divides.cpp),
// rounded down as PyTorch does: (28 + 2 - 3)/2 + 1 = 14, the last padded row and column unread.
// Both backends agree on the type.
static_assert(
    std::is_same_v<decltype(ctnn::conv_forward(Tensor<double, 3, 3, 28, 28>{},
                                               Tensor<double, 3, 4, 3, 3>{}, Tensor<double, 4>{},
                                               ctnn::padding<1, 1>, ctnn::floor_strides<2, 2>)),
                   Tensor<double, 3, 4, 14, 14>>);
static_assert(
    std::is_same_v<decltype(ctnn::conv_forward<ctnn::backend::fast>(
                       Tensor<double, 3, 3, 28, 28>{}, Tensor<double, 3, 4, 3, 3>{},
                       Tensor<double, 4>{}, ctnn::padding<1, 1>, ctnn::floor_strides<2, 2>)),
                   Tensor<double, 3, 4, 14, 14>>);

// Stride 3 on 1..25 reads one window, (5 - 3)/3 + 1 = 1: rows and columns 3 and 4 are never read,
// so their gradient is zero; dK is that one window.
constexpr Tensor<double, 1, 1, 3, 3> diagonal() {
  return Tensor<double, 1, 1, 3, 3>{1, 0, 0, 0, 1, 0, 0, 0, 1};
}
static_assert(ctnn::conv_forward(one_to_25(), diagonal(), Tensor<double, 1>{0.5},
                                 ctnn::floor_strides<3, 3>) == Tensor<double, 1, 1, 1, 1>{21.5});
constexpr bool unread_rows_get_no_gradient() {
  const auto g = ctnn::conv_backward(Tensor<double, 1, 1, 1, 1>{1}, diagonal(), one_to_25(),
                                     ctnn::padding<0, 0>, ctnn::floor_strides<3, 3>);
  return g.dK == Tensor<double, 1, 1, 3, 3>{1, 2, 3, 6, 7, 8, 11, 12, 13} &&
         g.dz == Tensor<double, 1, 1, 5, 5>{1, 0, 0, 0, 0,  //
                                            0, 1, 0, 0, 0,  //
                                            0, 0, 1, 0, 0,  //
                                            0, 0, 0, 0, 0,  //
                                            0, 0, 0, 0, 0};
}
static_assert(unread_rows_get_no_gradient());

}  // namespace
