/// \file
/// \brief Printing shapes and tensors with {fmt}: `fmt::print("{}", t)` looks like numpy.
///
/// Kept out of the other headers on purpose: `<fmt/format.h>` costs about 0.35 s per translation
/// unit, so only the files that print pay for it.
#ifndef CTNN_FORMAT_HPP
#define CTNN_FORMAT_HPP

#include <fmt/format.h>

#include <algorithm>
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
    constexpr auto& e = ctnn::shape<Dims...>::extents;
    if constexpr (e.size() == 1)
      return fmt::format_to(ctx.out(), "({},)", e[0]);
    else
      return fmt::format_to(ctx.out(), "({})", fmt::join(e, ", "));
  }
};

/// \brief Prints a tensor the way numpy's `str()` does: nested brackets, columns aligned, and,
/// past 1000 elements, only the first and last 3 entries of each long axis around a `...`.
///
/// The format spec applies to each element: `fmt::print("{:.3f}", t)`; the default is `g` for
/// floating point and fmt's default for integers.
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
    std::vector<std::string> cells(t.size);
    const std::string spec =
        "{:" + std::string(spec_.empty() && std::is_floating_point_v<T> ? "g" : spec_) + "}";
    for (std::size_t i = 0; i < t.size; ++i)
      cells[i] = fmt::format(fmt::runtime(spec), t.data()[i]);
    std::size_t width = 0;
    for (const auto& c : cells) width = std::max(width, c.size());
    std::string out;
    write(out, cells, width, 0, 0);
    return fmt::format_to(ctx.out(), "{}", out);
  }

 private:
  using tensor = ctnn::Tensor<T, Dims...>;
  static constexpr std::size_t edge = 3;                  // numpy's edgeitems
  static constexpr bool summarise = tensor::size > 1000;  // numpy's threshold

  static void write(std::string& out, const std::vector<std::string>& cells, std::size_t width,
                    std::size_t axis, std::size_t offset) {
    const std::size_t n = tensor::extents[axis];
    const bool cut = summarise && n > 2 * edge;
    const bool innermost = axis + 1 == tensor::rank;
    // Between rows: a newline plus one blank line per further axis, then indentation.
    const std::string between =
        innermost ? " " : std::string(tensor::rank - axis - 1, '\n') + std::string(axis + 1, ' ');
    out += '[';
    for (std::size_t k = 0; k < n; ++k) {
      if (cut && k == edge) {
        out += "..." + between;
        k = n - edge;
      }
      if (innermost) {
        out += std::string(width - cells[offset + k].size(), ' ') + cells[offset + k];
      } else {
        write(out, cells, width, axis + 1, offset + k * tensor::memory_strides[axis]);
      }
      if (k + 1 < n) out += between;
    }
    out += ']';
  }

  std::string_view spec_;
};

#endif  // CTNN_FORMAT_HPP
