/// \file
/// \brief Shapes as types, the padding and strides tags, and the output-size formula.
///
/// Everything here is plain `constexpr` arithmetic over `std::size_t` template parameters, written
/// the way the tutorial writes it, so that a compiler error prints the numbers
/// (`[with H = 28; K = 3; P = 0; S = 2]`) instead of wrapped integral constants.
#ifndef CTNN_SHAPE_HPP
#define CTNN_SHAPE_HPP

#include <array>
#include <cstddef>

namespace ctnn {

/// \brief A list of extents carried by a type, e.g. `shape<3, 3, 28, 28>` for (N, C, H, W).
///
/// The empty value is the whole point: two shapes are equal exactly when their types are, so the
/// compiler compares them for free.
/// \tparam Dims the extents, outermost first (row-major).
template <std::size_t... Dims>
struct shape {
  /// Number of axes.
  static constexpr std::size_t rank = sizeof...(Dims);
  /// The extents as an array, for loops and printing.
  static constexpr std::array<std::size_t, rank> extents{Dims...};
};

/// \brief Zero padding added on each side of the two spatial axes: P1 rows above and below,
/// P2 columns left and right (the original's `padding=(p1, p2)`).
template <std::size_t P1, std::size_t P2>
struct padding_t {
  static constexpr std::size_t rows = P1;  ///< P1, added above and below.
  static constexpr std::size_t cols = P2;  ///< P2, added left and right.
};

/// \brief Step of the sliding window along the two spatial axes (the original's `strides=(s1, s2)`).
template <std::size_t S1, std::size_t S2>
struct strides_t {
  static constexpr std::size_t rows = S1;  ///< S1, step down the rows.
  static constexpr std::size_t cols = S2;  ///< S2, step along the columns.
};

/// \brief Strides that may leave the last rows or columns of the padded input unread: the output
/// extent is PyTorch's \f$ \lfloor (H + 2P - k)/S \rfloor + 1 \f$ and the divisibility rule is
/// not checked. What no window reads gets a zero gradient.
template <std::size_t S1, std::size_t S2>
struct floor_strides_t {
  static constexpr std::size_t rows = S1;  ///< S1, step down the rows.
  static constexpr std::size_t cols = S2;  ///< S2, step along the columns.
};

/// \brief The tag value to pass for padding: `ctnn::padding<1, 1>`.
///
/// A named tag says what a number is at the call site, where a bare `(1, 1)` would not.
/// \snippet tests/static/shape_static.cpp tags
template <std::size_t P1, std::size_t P2>
inline constexpr padding_t<P1, P2> padding{};

/// \brief The tag value to pass for strides: `ctnn::strides<2, 2>`.
template <std::size_t S1, std::size_t S2>
inline constexpr strides_t<S1, S2> strides{};

/// \brief The tag value for strides that round down, accepted wherever `ctnn::strides` is:
/// `ctnn::floor_strides<2, 2>` with a 3 x 3 kernel and padding 1 takes a 28 x 28 input to 14 x 14
/// (the last padded row and column are not read), where `ctnn::strides<2, 2>` is a compile error.
template <std::size_t S1, std::size_t S2>
inline constexpr floor_strides_t<S1, S2> floor_strides{};

namespace detail {
// Which of the two geometry tags X is, and its rows or columns (0 for anything else).
template <class X>
inline constexpr bool is_padding_tag = false;
template <std::size_t A, std::size_t B>
inline constexpr bool is_padding_tag<padding_t<A, B>> = true;
template <class X>
inline constexpr bool is_strides_tag = false;
template <std::size_t A, std::size_t B>
inline constexpr bool is_strides_tag<strides_t<A, B>> = true;
template <std::size_t A, std::size_t B>
inline constexpr bool is_strides_tag<floor_strides_t<A, B>> = true;
template <class X>
inline constexpr bool is_floor_tag = false;
template <std::size_t A, std::size_t B>
inline constexpr bool is_floor_tag<floor_strides_t<A, B>> = true;
template <class X, bool Padding, bool Rows>
inline constexpr std::size_t tag_value = 0;
template <std::size_t A, std::size_t B, bool Rows>
inline constexpr std::size_t tag_value<padding_t<A, B>, true, Rows> = Rows ? A : B;
template <std::size_t A, std::size_t B, bool Rows>
inline constexpr std::size_t tag_value<strides_t<A, B>, false, Rows> = Rows ? A : B;
template <std::size_t A, std::size_t B, bool Rows>
inline constexpr std::size_t tag_value<floor_strides_t<A, B>, false, Rows> = Rows ? A : B;
}  // namespace detail

/// \brief What a list of geometry tags sets: the padding and the strides of a call that takes
/// `padding<P1, P2>` and `strides<S1, S2>` (or `floor_strides<S1, S2>`) in either order, each at
/// most once.
///
/// A tag left out is (0, 0) for padding and (1, 1) for strides. The counts let the entry points
/// check the list with a message of their own (see `check::forward_geometry`).
/// \tparam Tags the types of the tags passed, e.g. `strides_t<2, 2>, padding_t<1, 1>`.
template <class... Tags>
struct geometry {
  /// How many padding tags were passed.
  static constexpr std::size_t paddings =
      (std::size_t{0} + ... + std::size_t{detail::is_padding_tag<Tags>});
  /// How many strides tags were passed (`strides` and `floor_strides` alike).
  static constexpr std::size_t strides =
      (std::size_t{0} + ... + std::size_t{detail::is_strides_tag<Tags>});
  /// True when the strides are `floor_strides`: the divisibility rule does not apply.
  static constexpr bool floor = (false || ... || detail::is_floor_tag<Tags>);
  /// How many arguments were neither.
  static constexpr std::size_t others = sizeof...(Tags) - paddings - strides;
  /// P1: padding rows above and below (0 without a padding tag).
  static constexpr std::size_t P1 = (std::size_t{0} + ... + detail::tag_value<Tags, true, true>);
  /// P2: padding columns left and right.
  static constexpr std::size_t P2 = (std::size_t{0} + ... + detail::tag_value<Tags, true, false>);
  /// S1: step down the rows (1 without a strides tag).
  static constexpr std::size_t S1 =
      strides == 0 ? 1 : (std::size_t{0} + ... + detail::tag_value<Tags, false, true>);
  /// S2: step along the columns.
  static constexpr std::size_t S2 =
      strides == 0 ? 1 : (std::size_t{0} + ... + detail::tag_value<Tags, false, false>);
};

/// \brief Output extent of a convolution along one axis, equation (4):
/// \f[ H' = \frac{H + 2P - k}{S} + 1 \f]
///
/// The division is exact when the rules hold (`rule::stride_divides`); this function itself does
/// not check: the checked entry points do, with a message that names the rule.
/// \snippet tutorials/01_shapes.cpp derive
/// \param extent H, the input extent.
/// \param kernel k, the kernel extent.
/// \param pad P, the padding on each side.
/// \param stride S, the step of the window.
constexpr std::size_t output_extent(std::size_t extent, std::size_t kernel, std::size_t pad,
                                    std::size_t stride) {
  return (extent + 2 * pad - kernel) / stride + 1;
}

/// \brief Extent after inserting S - 1 zeros between neighbours: \f$ (H' - 1)\,S + 1 \f$.
/// \param extent H', the extent of the gradient.
/// \param stride S.
constexpr std::size_t zero_inserted_extent(std::size_t extent, std::size_t stride) {
  return (extent - 1) * stride + 1;
}

}  // namespace ctnn

#endif  // CTNN_SHAPE_HPP
