/// \file
/// \brief Printing shapes and tensors with {fmt}: `fmt::print("{}", t)` prints what numpy's
/// `str()` prints for the same array.
///
/// Kept out of the other headers on purpose: `<fmt/format.h>` costs about 0.35 s per translation
/// unit, so only the files that print pay for it.
#ifndef CTNN_FORMAT_HPP
#define CTNN_FORMAT_HPP

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "ctnn/shape.hpp"
#include "ctnn/tensor.hpp"

/// \namespace fmt
/// \brief {fmt}, the formatting library: ctnn specialises its `formatter` for shapes and tensors.

/// \brief Prints a shape as numpy prints one: `(3, 3, 28, 28)`, `(4,)`.
/// \snippet tutorials/01_shapes.cpp tensor
template <std::size_t... Dims>
struct fmt::formatter<ctnn::shape<Dims...>> {
  /// Accepts only the empty format spec `{}`.
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  /// Writes the extents.
  template <class Context>
  auto format(const ctnn::shape<Dims...>&, Context& ctx) const {
    std::string text = "(";
    for (std::size_t extent : ctnn::shape<Dims...>::extents)
      text += std::to_string(extent) + (sizeof...(Dims) == 1 ? ",)" : ", ");
    if (sizeof...(Dims) != 1) text.replace(text.size() - 2, 2, ")");
    // Copied, not formatted: fmt::format_to(ctx.out(), ...) would compile all of {fmt}'s
    // formatting again for this output iterator (about 3 s at -O2 in every program that prints).
    return std::copy(text.begin(), text.end(), ctx.out());
  }
};

namespace ctnn::detail {

// numpy's default print options (np.get_printoptions()) that the tensor formatter follows.
inline constexpr std::size_t numpy_threshold = 1000;  // summarise past this many elements
inline constexpr std::size_t numpy_edgeitems = 3;     // entries kept at each end of a long axis
inline constexpr std::ptrdiff_t numpy_linewidth = 75;
inline constexpr int numpy_precision = 8;  // at most this many digits after the point

// Removes the zeros that end the fraction of "d.ddd" or of the mantissa of "d.ddde+XX"; keeps
// the point, as numpy's trim='.' does.
inline std::string trim_fraction_zeros(std::string s) {
  const std::size_t e = std::min(s.find('e'), s.size());
  std::size_t end = e;
  while (end > 0 && s[end - 1] == '0') --end;
  s.erase(end, e - end);
  return s;
}

// The shortest round-trip decimal of a finite value (what {fmt}'s `{}` writes), as its digits
// without leading or trailing zeros ("" for zero) and the place of the decimal point:
// |x| = 0.digits * 10^point.
struct shortest_decimal {
  bool negative = false;
  std::string digits;
  int point = 0;
};

// x written by std::to_chars in the given form and precision, or, without them, as its shortest
// round-trip decimal. std::to_chars is compiled into the standard library: a program that prints
// tensors compiles in a fraction of the time that {fmt}'s inline float formatting takes.
template <class T, class... Form>
std::string to_chars(T x, Form... form) {
  // Fixed notation is only asked for below 1e16 (numpy prints larger arrays in scientific), so
  // the longest text is a long double in scientific notation: far below 128 characters.
  char buffer[128];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x, form...);
  return std::string(buffer, result.ptr);
}

template <class T>
shortest_decimal shortest_digits(T x) {
  const std::string s = to_chars(x);  // "-12.5", "1e-05", "1.5e+16", "-0"
  shortest_decimal d;
  std::size_t i = 0;
  if (s[i] == '-') {
    d.negative = true;
    ++i;
  }
  bool after_point = false;
  for (; i < s.size() && s[i] != 'e'; ++i) {
    if (s[i] == '.') {
      after_point = true;
      continue;
    }
    d.digits += s[i];
    if (!after_point) ++d.point;
  }
  if (i < s.size()) {  // the exponent: e, a sign, digits
    const bool minus = s[i + 1] == '-';
    int exponent = 0;
    for (i += 2; i < s.size(); ++i) exponent = 10 * exponent + (s[i] - '0');
    d.point += minus ? -exponent : exponent;
  }
  const std::size_t leading = std::min(d.digits.find_first_not_of('0'), d.digits.size());
  d.digits.erase(0, leading);
  d.point -= static_cast<int>(leading);
  d.digits.erase(std::min(d.digits.find_last_not_of('0') + 1, d.digits.size()));
  if (d.digits.empty()) d.point = 0;
  return d;
}

// "e-05", "e+16", "e+100": numpy's exponent, with a sign and at least two digits.
inline std::string exponent_suffix(int exponent) {
  const std::string digits = std::to_string(exponent < 0 ? -exponent : exponent);
  return std::string("e") + (exponent < 0 ? '-' : '+') + (digits.size() < 2 ? "0" : "") + digits;
}

// A shortest decimal in positional notation, the point always written: "4.", "-0.25", "0.".
inline std::string positional_notation(const shortest_decimal& d) {
  const int n = static_cast<int>(d.digits.size());
  std::string s = d.negative ? "-" : "";
  if (d.point <= 0)
    s += "0." + std::string(static_cast<std::size_t>(-d.point), '0') + d.digits;
  else if (d.point >= n)
    s += d.digits + std::string(static_cast<std::size_t>(d.point - n), '0') + ".";
  else
    s += d.digits.substr(0, static_cast<std::size_t>(d.point)) + "." +
         d.digits.substr(static_cast<std::size_t>(d.point));
  return s;
}

// numpy's dragon4_positional(x, precision=8, unique=True, trim='.'): the shortest round-trip
// decimal when it has at most 8 digits after the point, else the exact value rounded to 8 (half
// to even), trailing zeros removed, the point kept: "4.", "-2.25", "0.33333333".
// With `whole_integer_part` (numpy's min_digits=0, as arrays print), digits are written at least
// down to the units, exactly: float32 53999568 is "53999568." where its shortest is "53999570.".
template <class T>
std::string numpy_positional(T x, bool whole_integer_part = false) {
  const shortest_decimal d = shortest_digits(x);
  if (static_cast<int>(d.digits.size()) - d.point > numpy_precision)
    return trim_fraction_zeros(to_chars(x, std::chars_format::fixed, numpy_precision));
  if (whole_integer_part && d.point > static_cast<int>(d.digits.size()))
    return to_chars(x, std::chars_format::fixed, 0) + ".";
  return positional_notation(d);
}

// numpy's dragon4_scientific(x, precision=8, unique=True, trim='.'): as numpy_positional, with
// the 8 digits counted after the mantissa's point: "1.e-05", "-1.2345679e+08".
template <class T>
std::string numpy_scientific(T x) {
  const shortest_decimal d = shortest_digits(x);
  const int n = static_cast<int>(d.digits.size());
  if (n - 1 > numpy_precision)
    return trim_fraction_zeros(to_chars(x, std::chars_format::scientific, numpy_precision));
  if (n == 0) return d.negative ? "-0.e+00" : "0.e+00";
  return (d.negative ? "-" : "") + d.digits.substr(0, 1) + "." + d.digits.substr(1) +
         exponent_suffix(d.point - 1);
}

// numpy's str() of a float scalar, which is what it prints for a 0-d array: the shortest
// round-trip decimal, positional with at least one digit after the point when the value is 0 or
// 1e-4 <= |x| < 1e16 ("4.0", "0.0001"), else scientific without a bare point ("1e+16",
// "1.5e-05").
template <class T>
std::string numpy_scalar(T x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  using C = std::common_type_t<T, double>;
  const C a = static_cast<C>(std::abs(x));
  const shortest_decimal d = shortest_digits(x);
  if (x == 0 || (a >= C(1e-4) && a < C(1e16))) {
    const std::string s = positional_notation(d);
    return s.back() == '.' ? s + "0" : s;
  }
  return (d.negative ? "-" : "") + d.digits.substr(0, 1) + (d.digits.size() > 1 ? "." : "") +
         d.digits.substr(1) + exponent_suffix(d.point - 1);
}

// numpy's FloatingFormat with its default options (precision 8, floatmode 'maxprec', suppress
// False, sign '-'): chooses positional or scientific notation for the whole array, then writes
// every element at one width.
template <class T>
class numpy_float_format {
 public:
  explicit numpy_float_format(const std::vector<T>& data) {
    std::vector<T> finite;
    bool negative_inf = false;
    for (T x : data) {
      if (std::isfinite(x))
        finite.push_back(x);
      else if (std::isinf(x) && x < 0)
        negative_inf = true;
    }
    // Scientific when, over the finite non-zero magnitudes, max >= 1e8, min < 1e-4 or
    // max / min > 1e3. numpy divides in the array's type and compares in double.
    using C = std::common_type_t<T, double>;
    bool any = false;
    T lo{}, hi{};
    for (T x : finite) {
      if (x == 0) continue;
      const T a = std::abs(x);
      lo = any ? std::min(lo, a) : a;
      hi = any ? std::max(hi, a) : a;
      any = true;
    }
    scientific_ = any && (static_cast<C>(hi) >= C(1e8) || static_cast<C>(lo) < C(1e-4) ||
                          static_cast<C>(hi / lo) > C(1e3));
    // A first pass at most 8 digits after the point, trailing zeros trimmed, sets the widths.
    for (T x : finite) {
      const std::string s = scientific_ ? numpy_scientific(x) : numpy_positional(x);
      const std::size_t point = s.find('.');
      const std::size_t e = std::min(s.find('e'), s.size());
      pad_left_ = std::max(pad_left_, point);
      fraction_ = std::max(fraction_, e - point - 1);
      if (scientific_) exp_digits_ = std::max(exp_digits_, s.size() - e - 2);
    }
    pad_right_ = scientific_ ? exp_digits_ + 2 + fraction_ : fraction_;
    // nan and inf are right-aligned in the same width, which they may widen.
    if (finite.size() != data.size()) {
      const std::size_t offset = pad_right_ + 1;
      const std::size_t inf_length = negative_inf ? 4 : 3;
      if (inf_length > offset) pad_left_ = std::max(pad_left_, inf_length - offset);
      if (3 > offset) pad_left_ = std::max(pad_left_, 3 - offset);
    }
  }

  // One element, padded to the common width.
  std::string operator()(T x) const {
    const std::size_t width = pad_left_ + 1 + pad_right_;
    if (!std::isfinite(x)) {
      const std::string s = std::isnan(x) ? "nan" : x < 0 ? "-inf" : "inf";
      return std::string(width - std::min(width, s.size()), ' ') + s;
    }
    std::string s;
    if (scientific_) {
      // The second pass: every mantissa with the same number of digits, the exact value rounded
      // (numpy's min_digits), and every exponent with the same number of digits.
      const std::string f = to_chars(x, std::chars_format::scientific, static_cast<int>(fraction_));
      const std::size_t e = f.find('e');
      const std::string exponent = f.substr(e + 2);
      s = f.substr(0, e) + (fraction_ == 0 ? "." : "") + "e" + f[e + 1] +
          std::string(exp_digits_ - std::min(exp_digits_, exponent.size()), '0') + exponent;
    } else {
      s = numpy_positional(x, true);
      s += std::string(pad_right_ - (s.size() - s.find('.') - 1), ' ');
    }
    const std::size_t point = s.find('.');
    return std::string(pad_left_ - std::min(pad_left_, point), ' ') + s;
  }

 private:
  bool scientific_ = false;
  std::size_t pad_left_ = 0;    // characters before the point: the sign and integer digits
  std::size_t pad_right_ = 0;   // characters after the point
  std::size_t fraction_ = 0;    // digits after the point (of the mantissa when scientific)
  std::size_t exp_digits_ = 2;  // digits of the exponent, at least 2
};

// Where a tensor's elements are and how it is printed: its extents and memory strides as run-time
// values, so that the printing code below is compiled once per element type and not once per
// shape (a program printing ten shapes would otherwise compile it ten times).
struct print_layout {
  const std::size_t* extents;
  const std::size_t* strides;
  std::size_t rank;
  bool summarise;  // more than numpy_threshold elements: long axes are cut
};

// Whether an axis of extent n is cut to its first and last numpy_edgeitems entries.
inline bool cut(const print_layout& layout, std::size_t n) {
  return layout.summarise && n > 2 * numpy_edgeitems;
}

// The entries printed, in row-major order.
template <class T>
void collect(const T* data, const print_layout& layout, std::vector<T>& shown, std::size_t axis,
             std::size_t offset) {
  const std::size_t n = layout.extents[axis];
  for (std::size_t k = 0; k < n; ++k) {
    if (cut(layout, n) && k == numpy_edgeitems) k = n - numpy_edgeitems;
    const std::size_t at = offset + k * layout.strides[axis];
    if (axis + 1 == layout.rank)
      shown.push_back(data[at]);
    else
      collect(data, layout, shown, axis + 1, at);
  }
}

// Every entry shown as text, all of one width: numpy's notation with the empty spec, {fmt}'s
// with another.
template <class T>
std::vector<std::string> format_cells(const std::vector<T>& shown, std::string_view spec) {
  std::vector<std::string> cells;
  cells.reserve(shown.size());
  if constexpr (std::is_floating_point_v<T>) {
    if (spec.empty()) {
      const numpy_float_format<T> numpy(shown);
      for (T x : shown) cells.push_back(numpy(x));
      return cells;
    }
  }
  if constexpr (std::is_same_v<T, bool>) {
    if (spec.empty()) {
      for (bool x : shown) cells.push_back(x ? " True" : "False");
      return cells;
    }
  }
  if (spec.empty()) {
    for (T x : shown) cells.push_back(std::to_string(+x));  // chars as numbers
  } else {
    const std::string with_spec = "{:" + std::string(spec) + "}";
    for (T x : shown) cells.push_back(fmt::format(fmt::runtime(with_spec), x));
  }
  std::size_t width = 0;
  for (const auto& c : cells) width = std::max(width, c.size());
  for (auto& c : cells) c.insert(0, width - c.size(), ' ');
  return cells;
}

// numpy's _formatArray: the block at `axis` whose cells start at cells[next], its lines
// after the first starting with `hanging`, and none of its rows longer than `width` (less the
// closing brackets) unless a single cell is.
inline std::string block(const print_layout& layout, const std::vector<std::string>& cells,
                         std::size_t& next, std::size_t axis, const std::string& hanging,
                         std::ptrdiff_t width) {
  const std::size_t n = layout.extents[axis];
  const bool cut_here = cut(layout, n);
  const std::size_t lead = cut_here ? numpy_edgeitems : 0;
  const std::size_t trail = cut_here ? numpy_edgeitems : n;
  std::string s;
  if (axis + 1 == layout.rank) {
    const std::ptrdiff_t row_width = width - 1;  // room for the ']'
    std::string line = hanging;
    const auto extend = [&](const std::string& word) {
      if (line.size() > hanging.size() &&
          static_cast<std::ptrdiff_t>(line.size() + word.size()) > row_width) {
        line.erase(std::min(line.find_last_not_of(' ') + 1, line.size()));
        s += line + '\n';
        line = hanging;
      }
      line += word;
    };
    for (std::size_t k = 0; k < lead; ++k) {
      extend(cells[next++]);
      line += ' ';
    }
    if (cut_here) {
      extend("...");
      line += ' ';
    }
    for (std::size_t k = 1; k < trail; ++k) {
      extend(cells[next++]);
      line += ' ';
    }
    extend(cells[next++]);
    s += line;
  } else {
    // Between blocks: a newline plus one blank line per further axis.
    const std::string between(layout.rank - axis - 1, '\n');
    const std::string inner = hanging + ' ';
    for (std::size_t k = 0; k < lead; ++k)
      s += hanging + block(layout, cells, next, axis + 1, inner, width - 1) + between;
    if (cut_here) s += hanging + "..." + between;
    for (std::size_t k = 1; k < trail; ++k)
      s += hanging + block(layout, cells, next, axis + 1, inner, width - 1) + between;
    s += hanging + block(layout, cells, next, axis + 1, inner, width - 1);
  }
  return '[' + s.substr(hanging.size()) + ']';
}

// A tensor of rank 1 or more as numpy prints it (or with {fmt}'s spec for every entry).
template <class T>
std::string format_array(const T* data, const print_layout& layout, std::string_view spec) {
  std::vector<T> shown;
  collect(data, layout, shown, 0, 0);
  const std::vector<std::string> cells = format_cells(shown, spec);
  std::size_t next = 0;
  return block(layout, cells, next, 0, " ", numpy_linewidth);
}

}  // namespace ctnn::detail

/// \brief Prints a tensor as numpy 1.24's `str()` prints the same array with the default print
/// options (precision 8, floatmode `'maxprec'`, suppress off, threshold 1000, edgeitems 3,
/// linewidth 75).
///
/// With the empty spec `{}` the output is numpy's, character for character, for `float`,
/// `double`, integer and `bool` tensors of any rank; `tests/runtime/format_test.cpp` compares
/// it with strings printed by numpy itself (`tests/data/make_format_reference.py`). What numpy
/// does, and so what ctnn does:
/// - Layout: nested brackets, the entries of a row separated by one space, one row per line,
///   one blank line between the blocks of a rank-3 tensor (two between those of rank 4, ...),
///   each line indented to its depth.
/// - Line wrapping: a row continues on the next line, indented under its first entry, when the
///   next entry would take the line past 75 columns, counting its indentation (or opening
///   brackets) and room for the closing brackets of the row and of every block around it; a
///   line always holds at least one entry.
/// - Summary: past 1000 elements, each axis longer than 6 shows its first and last 3 entries
///   around a `...` (on a line of its own, between blank lines, for an outer axis); the
///   notation and the widths below are then chosen from the entries shown only.
/// - Integers right-aligned to the widest; `bool` as `True` and `False`, right-aligned in 5
///   columns; `char` types as numbers.
/// - Floating point: scientific notation for the whole tensor when, over its finite non-zero
///   magnitudes, max >= 1e8, min < 1e-4 or max / min > 1e3 (the quotient computed in `T`, the
///   comparisons in `double`, as numpy does); positional notation otherwise.
///   - Each value is its shortest round-trip decimal for its own type (`float` 0.1 is `0.1`,
///     not `0.10000000149`), or, when that needs more than 8 digits after the point (after the
///     mantissa's point in scientific notation), its exact value rounded to 8, half to even.
///     Trailing zeros are dropped but the point is kept: `4.`, `0.33333333`, `1.e-05`.
///   - Positional: every value padded on the left to the widest sign and integer part, and on
///     the right with spaces to the longest fraction: `[1.  2.5]`, `[-1.5   2.25]`. The digits
///     before the point are always exact, as numpy's are: `float` 53999568 prints as
///     `53999568.` although its shortest decimal is 53999570.
///   - Scientific: every mantissa gets as many digits after the point as the longest one needs,
///     the extra digits being the exact value's (numpy's `min_digits`: `float` 0.3 next to
///     1.2345678e-05 is `3.0000001e-01`); every exponent has a sign and as many digits as the
///     longest, at least two: `[1.e-005 1.e+100]`; mantissas are padded on the left to the
///     widest sign and integer part.
///   - `nan`, `inf` and `-inf` are right-aligned in the common width, which they widen if they
///     need to: `[ nan  1.5 -inf  inf]`.
/// - A rank-0 tensor prints as numpy prints a 0-d array, as its scalar: `4.0`, `1e-05`, `-7`.
///
/// What differs from numpy: nothing that is known for the types above. `long double` follows
/// the same rules, but has not been compared with numpy's `longdouble`.
///
/// A non-empty spec, e.g. `fmt::print("{:.3f}", t)`, is ctnn's own: {fmt} writes each entry
/// with that spec, and the entries are right-aligned to the widest one shown; brackets, line
/// wrapping and summary are as above (numpy's closest, `np.array2string(a, formatter=...)`, does
/// not align).
/// \snippet tests/runtime/format_test.cpp print
template <class T, std::size_t... Dims>
struct fmt::formatter<ctnn::Tensor<T, Dims...>> {
  /// Keeps the element spec, e.g. `.3f` from `{:.3f}`.
  constexpr auto parse(fmt::format_parse_context& ctx) {
    auto it = ctx.begin();
    while (it != ctx.end() && *it != '}') ++it;
    spec_ = std::string_view(ctx.begin(), static_cast<std::size_t>(it - ctx.begin()));
    return it;
  }

  /// Writes the tensor.
  template <class Context>
  auto format(const ctnn::Tensor<T, Dims...>& t, Context& ctx) const {
    // The text is built first and copied out: fmt::format_to(ctx.out(), ...) would compile all
    // of {fmt}'s formatting again for this output iterator (about 3 s at -O2 in every program).
    const std::string text = [&] {
      if constexpr (sizeof...(Dims) == 0) {  // numpy prints a 0-d array as its scalar
        const T x = t.data()[0];
        if (!spec_.empty()) return fmt::format(fmt::runtime("{:" + std::string(spec_) + "}"), x);
        if constexpr (std::is_floating_point_v<T>)
          return ctnn::detail::numpy_scalar(x);
        else if constexpr (std::is_same_v<T, bool>)
          return std::string(x ? "True" : "False");
        else
          return std::to_string(+x);
      } else {
        using tensor = ctnn::Tensor<T, Dims...>;
        const ctnn::detail::print_layout layout{tensor::extents.data(),
                                                tensor::memory_strides.data(), tensor::rank,
                                                tensor::size > ctnn::detail::numpy_threshold};
        return ctnn::detail::format_array(t.data(), layout, spec_);
      }
    }();
    return std::copy(text.begin(), text.end(), ctx.out());
  }

 private:
  std::string_view spec_;
};

#endif  // CTNN_FORMAT_HPP
