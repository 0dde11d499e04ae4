/// \file
/// \brief The generic compile-time rules of ctnn (tensors, element types, scalars, backends, the
/// sliding window and its geometry tags): a named predicate, and the one sentence the compiler
/// prints when it fails. Each op's own rules are in `ops/<op>/rules.hpp`.
///
/// Each rule is an `inline constexpr bool` variable template in `ctnn::rule` whose template
/// arguments are the numbers it is about, so that g++ notes
/// `'ctnn::rule::stride_divides<28, 0, 3, 2>' evaluates to false` and clang prints the same name
/// in its first error line. The checks in `ctnn::check` hold the `static_assert`s; the public
/// operations instantiate one check each at their entry, and do no work when it fails, so that a
/// broken rule gives one error and not a cascade.
///
/// The predicates are ordinary constants, so tests can assert them directly, as in
/// `static_assert(not ctnn::rule::stride_divides<6, 0, 3, 2>)`.
#ifndef CTNN_RULES_HPP
#define CTNN_RULES_HPP

#include <cstddef>
#include <limits>
#include <type_traits>

#include "ctnn/backend.hpp"
#include "ctnn/shape.hpp"

namespace ctnn {

template <class T, std::size_t... Dims>
class Tensor;

/// \brief The rules, as predicates over the numbers they are about.
namespace rule {

/// \brief Every extent of a tensor is at least 1.
template <std::size_t... Dims>
inline constexpr bool nonzero_extents = ((Dims > 0) && ...);

/// \brief `sizeof(T) * D1 * D2 * ...` fits in `std::size_t`, so that sizes never wrap around.
template <class T, std::size_t... Dims>
inline constexpr bool size_fits = [] {
  std::size_t bytes = sizeof(T);
  for (std::size_t d : {std::size_t{1}, Dims...}) {
    if (d != 0 && bytes > std::numeric_limits<std::size_t>::max() / d) return false;
    bytes *= d;
  }
  return true;
}();

/// \brief Tensors hold arithmetic values (float, double, integers).
template <class T>
inline constexpr bool arithmetic_element = std::is_arithmetic_v<T>;

/// \brief An element access `t(i, j, ...)` passes one index per axis.
template <std::size_t Rank, std::size_t Indices>
inline constexpr bool one_index_per_axis = Rank == Indices;

/// \brief A tensor built from a list of values gets exactly one value per element.
template <std::size_t Size, std::size_t Values>
inline constexpr bool one_value_per_element = Size == Values;

/// \brief Two tensors have the same extents, in the same order.
template <class A, class B>
inline constexpr bool same_shape = std::is_same_v<typename A::shape_type, typename B::shape_type>;

/// \brief Two element types are the same (ctnn never converts silently).
template <class T, class U>
inline constexpr bool same_element_type = std::is_same_v<T, U>;

/// \brief A tensor has the rank an operation needs.
template <std::size_t Rank, std::size_t Expected>
inline constexpr bool rank_is = Rank == Expected;

/// \brief Axis numbers name axes that exist: A < rank and B < rank.
template <std::size_t A, std::size_t B, std::size_t Rank>
inline constexpr bool axes_exist = (A < Rank) && (B < Rank);

/// \brief The tags after a convolution's tensors: at most one `padding<P1, P2>` and one
/// `strides<S1, S2>`, in either order, and nothing else.
template <std::size_t Paddings, std::size_t Strides, std::size_t Others>
inline constexpr bool geometry_tags_valid = Paddings <= 1 && Strides <= 1 && Others == 0;

/// \brief A backward call states its forward pass's geometry: exactly one `padding<P1, P2>` and
/// one `strides<S1, S2>`, so that it cannot silently assume another.
template <std::size_t Paddings, std::size_t Strides, std::size_t Others>
inline constexpr bool backward_geometry_given = Paddings == 1 && Strides == 1 && Others == 0;

/// \brief A scalar of type S meets a tensor of element type T without narrowing: S is T; or both
/// are floating point and T is at least as wide (`0.5f * Tensor<double, ...>`); or both are
/// integer types and every value of S fits in T; or, for convenience, S is an integer type and T
/// floating point (`2 * K`: exact up to 2^24 in float and 2^53 in double, which is what integer
/// literals in such code are). `0.5 * Tensor<int, ...>`, `0.1 * Tensor<float, ...>` (write
/// `0.1f`) and `-1` into an unsigned tensor (write `1u`) are refused.
template <class S, class T>
inline constexpr bool scalar_without_narrowing = [] {
  if constexpr (std::is_same_v<S, T>) {
    return true;
  } else if constexpr (std::is_integral_v<S> && std::is_floating_point_v<T>) {
    return true;
  } else if constexpr (std::is_floating_point_v<S> && std::is_floating_point_v<T>) {
    return std::numeric_limits<S>::digits <= std::numeric_limits<T>::digits &&
           std::numeric_limits<S>::max_exponent <= std::numeric_limits<T>::max_exponent;
  } else if constexpr (std::is_integral_v<S> && std::is_integral_v<T>) {
    // every value fits: same signedness and no wider, or unsigned into a wider signed type
    return (std::is_signed_v<S> == std::is_signed_v<T> && sizeof(S) <= sizeof(T)) ||
           (!std::is_signed_v<S> && std::is_signed_v<T> && sizeof(S) < sizeof(T));
  } else {
    return false;
  }
}();

/// \brief The first template argument of an op is one of the backend tags.
template <class B>
inline constexpr bool known_backend = ctnn::backend::is_backend<B>;

/// \brief The window steps at least one row and column: S >= 1.
template <std::size_t S>
inline constexpr bool stride_positive = S >= 1;

/// \brief The kernel fits inside the padded input: H + 2P >= k.
template <std::size_t H, std::size_t P, std::size_t K>
inline constexpr bool kernel_fits = H + 2 * P >= K;

/// \brief Equation (4) divides exactly: (H + 2P - k) % S == 0, the original's assert.
///
/// Guarded so that it never divides by zero nor wraps around: a zero stride or a kernel that does
/// not fit is reported by its own rule, not here.
template <std::size_t H, std::size_t P, std::size_t K, std::size_t S>
inline constexpr bool stride_divides = S == 0 || !kernel_fits<H, P, K> || (H + 2 * P - K) % S == 0;

/// \brief Removing P rows (or columns) on each side leaves at least one: 2P < H.
template <std::size_t H, std::size_t P>
inline constexpr bool padding_removable = 2 * P < H;

}  // namespace rule

/// \brief The checks: one function template per operation, holding that operation's rules.
///
/// Each check runs its `static_assert`s when it is instantiated and returns whether all its rules
/// hold; the operation then does no work when one failed, so that the rule's message is the only
/// error. (Checks are functions, not classes: clang 14 cannot read a member of a class whose
/// assertion failed from inside a member of a class template, and adds an error of its own.)
namespace check {

/// \brief Rules every `Tensor<T, Dims...>` obeys. A class, so that a Tensor can instantiate it
/// with `sizeof` in its own body.
template <class T, std::size_t... Dims>
struct tensor {
  static_assert(rule::arithmetic_element<T>,
                "ctnn: a Tensor holds arithmetic values: use float, double or an integer type");
  static_assert(rule::nonzero_extents<Dims...>,
                "ctnn: every extent of a Tensor must be at least 1 (a zero extent holds nothing)");
  static_assert(rule::size_fits<T, Dims...>,
                "ctnn: this Tensor's size in bytes does not fit in std::size_t");
};

/// \brief An op's first template argument, when given, is `ctnn::backend::reference` or
/// `ctnn::backend::fast`.
template <class B>
constexpr bool known_backend() {
  static_assert(rule::known_backend<B>,
                "ctnn: an op's first template argument is its backend: ctnn::backend::reference or "
                "ctnn::backend::fast");
  return rule::known_backend<B>;
}

/// \brief Element access passes exactly one index per axis.
template <std::size_t Rank, std::size_t Indices>
constexpr bool element_access() {
  static_assert(rule::one_index_per_axis<Rank, Indices>,
                "ctnn: t(i, j, ...) needs exactly one index per axis of the Tensor");
  return rule::one_index_per_axis<Rank, Indices>;
}

/// \brief `Tensor<T, Dims...>{v0, v1, ...}` lists one value per element.
template <std::size_t Size, std::size_t Values>
constexpr bool value_count() {
  static_assert(rule::one_value_per_element<Size, Values>,
                "ctnn: a Tensor built from values needs exactly one value per element");
  return rule::one_value_per_element<Size, Values>;
}

/// \brief Element-wise `+`, `-`, `==`, `dot`, `allclose`: one shape, one element type.
template <class A, class B>
constexpr bool same_tensor_type() {
  static_assert(rule::same_shape<A, B>,
                "ctnn: element-wise operations need tensors of one shape (ctnn never broadcasts)");
  static_assert(rule::same_element_type<typename A::value_type, typename B::value_type>,
                "ctnn: element-wise operations need one element type (ctnn never converts)");
  return rule::same_shape<A, B> &&
         rule::same_element_type<typename A::value_type, typename B::value_type>;
}

/// \brief A tensor initialised or assigned from a tensor: one shape, one element type. The note
/// names the declared type first, then the value's.
template <class Declared, class Value>
constexpr bool initialise() {
  static_assert(rule::same_shape<Declared, Value>,
                "ctnn: a Tensor is initialised only from a Tensor of its own shape: the note "
                "shows the declared type, then the value's; declare it `auto` or with that shape");
  static_assert(rule::same_element_type<typename Declared::value_type, typename Value::value_type>,
                "ctnn: a Tensor is initialised only from a Tensor of its own element type "
                "(ctnn never converts)");
  return rule::same_shape<Declared, Value> &&
         rule::same_element_type<typename Declared::value_type, typename Value::value_type>;
}

/// \brief A scalar used with a tensor of element type T does not narrow (see
/// `rule::scalar_without_narrowing`).
template <class S, class T>
constexpr bool scalar() {
  static_assert(rule::scalar_without_narrowing<S, T>,
                "ctnn: this scalar would lose value as the tensor's element type (the note shows "
                "the scalar's type, then the tensor's): write it in the element type, e.g. 0.5f "
                "for float");
  return rule::scalar_without_narrowing<S, T>;
}

/// \brief `swap_axes<A, B>(t)` names two axes of t.
template <std::size_t A, std::size_t B, std::size_t Rank>
constexpr bool swap_axes() {
  static_assert(rule::axes_exist<A, B, Rank>, "ctnn: swap_axes<A, B> needs A < rank and B < rank");
  return rule::axes_exist<A, B, Rank>;
}

/// \brief An operand of a convolution helper is (N, C, H, W).
template <std::size_t Rank>
constexpr bool rank4() {
  static_assert(rule::rank_is<Rank, 4>,
                "ctnn: convolution operands are rank 4: z (N, C, H, W), K (C, D, k1, k2)");
  return rule::rank_is<Rank, 4>;
}

/// \brief Strides are at least 1 on both axes.
template <std::size_t S1, std::size_t S2>
constexpr bool strides() {
  static_assert(rule::stride_positive<S1> && rule::stride_positive<S2>,
                "ctnn: strides must be at least 1 (eq. (4) steps the window by S)");
  return rule::stride_positive<S1> && rule::stride_positive<S2>;
}

/// \brief `remove_padding` leaves at least one row and one column: 2P < H and 2P < W.
template <std::size_t H, std::size_t P1, std::size_t W, std::size_t P2>
constexpr bool removable_padding() {
  static_assert(rule::padding_removable<H, P1> && rule::padding_removable<W, P2>,
                "ctnn: remove_padding needs 2P < extent (eq. (9) must leave something)");
  return rule::padding_removable<H, P1> && rule::padding_removable<W, P2>;
}

/// \brief The geometry of eq. (4) along one spatial axis: the kernel fits and, unless the
/// strides are `floor_strides` (Exact false), the stride divides.
/// The messages name the axis: 2 is the rows (H, P1, k1, S1), 3 the columns (W, P2, k2, S2).
template <std::size_t Axis, std::size_t Extent, std::size_t P, std::size_t K, std::size_t S,
          bool Exact = true>
constexpr bool window() {
  if constexpr (Axis == 2) {
    static_assert(rule::kernel_fits<Extent, P, K>,
                  "ctnn: the kernel must fit in the padded input: H + 2P >= k, along the rows "
                  "(eq. (4))");
    if constexpr (Exact)
      static_assert(rule::stride_divides<Extent, P, K, S>,
                    "ctnn: the stride must divide H + 2P - k exactly, along the rows (eq. (4): "
                    "H' = (H + 2P1 - k1)/S1 + 1)");
  } else {
    static_assert(rule::kernel_fits<Extent, P, K>,
                  "ctnn: the kernel must fit in the padded input: W + 2P >= k, along the columns "
                  "(eq. (4))");
    if constexpr (Exact)
      static_assert(rule::stride_divides<Extent, P, K, S>,
                    "ctnn: the stride must divide W + 2P - k exactly, along the columns (eq. (4): "
                    "W' = (W + 2P2 - k2)/S2 + 1)");
  }
  return rule::kernel_fits<Extent, P, K> && (!Exact || rule::stride_divides<Extent, P, K, S>);
}

/// \brief Extent `I` of tensor type `X`, or 1 when X has no axis I (so that a rank error stays
/// one error).
template <std::size_t I, class X>
inline constexpr std::size_t extent_or_1 = I < X::rank ? X::extents[I] : 1;

/// \brief The tags after conv_forward's tensors: `padding<P1, P2>` and `strides<S1, S2>`, each
/// at most once, in either order.
/// \tparam G `geometry<Tags...>` of the tags passed.
template <class G>
constexpr bool forward_geometry() {
  static_assert(rule::geometry_tags_valid<G::paddings, G::strides, G::others>,
                "ctnn: after the tensors, pass ctnn::padding<P1, P2> and ctnn::strides<S1, S2>, "
                "each at most once, in either order");
  return rule::geometry_tags_valid<G::paddings, G::strides, G::others>;
}

/// \brief The tags after conv_backward's tensors: both `padding<P1, P2>` and `strides<S1, S2>`,
/// as the forward pass had them, in either order: a backward pass has no defaults, so that it
/// cannot silently assume another geometry than its forward pass's.
/// \tparam G `geometry<Tags...>` of the tags passed.
template <class G>
constexpr bool backward_geometry() {
  static_assert(rule::backward_geometry_given<G::paddings, G::strides, G::others>,
                "ctnn: pass conv_backward the padding and strides you gave conv_forward, both of "
                "them, even padding<0, 0> and strides<1, 1>: conv_backward(next_dz, K, z, "
                "padding<P1, P2>, strides<S1, S2>)");
  return rule::backward_geometry_given<G::paddings, G::strides, G::others>;
}

/// \brief `mean_squared_loss(y_predict, y_true)`: one shape, one element type.
template <class Y, class T>
constexpr bool loss_operands() {
  static_assert(rule::same_shape<Y, T>,
                "ctnn: mean_squared_loss needs y_predict and y_true of one shape");
  static_assert(rule::same_element_type<typename Y::value_type, typename T::value_type>,
                "ctnn: mean_squared_loss needs y_predict and y_true of one element type");
  return rule::same_shape<Y, T> &&
         rule::same_element_type<typename Y::value_type, typename T::value_type>;
}

/// \brief `mean_squared_loss(y_predict, y_true, dy)`: dy of y_predict's type.
template <class Y, class G>
constexpr bool loss_gradient() {
  static_assert(std::is_same_v<Y, G>,
                "ctnn: mean_squared_loss writes y_predict - y_true into dy, which must have "
                "y_predict's type (shape and element type)");
  return std::is_same_v<Y, G>;
}

}  // namespace check
}  // namespace ctnn

#endif  // CTNN_RULES_HPP
