/// \file
/// \brief `ctnn::nn::summary<Net>`: a network's shape table, computed at compile time and printed
/// with fmt: each layer's kind, the shape it gets and the shape it gives (read upwards, the
/// backward pass: next_dz has the shape it gives, dz the shape it gets), and its parameters.
#ifndef CTNN_NN_SUMMARY_HPP
#define CTNN_NN_SUMMARY_HPP

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <utility>

#include "ctnn/nn/sequential.hpp"
#include "ctnn/nn/text.hpp"

namespace ctnn::nn {

/// \brief A tensor's extents, as a summary shows them.
struct summary_shape {
  std::array<std::size_t, 4> extents{};  ///< the extents, batch first.
  std::size_t rank = 0;                  ///< how many of them there are.
};

/// \brief One row of a summary: a layer.
struct summary_row {
  text kind;                   ///< the kind, as written in the network's type.
  summary_shape gets;          ///< the shape it gets (its dz in the backward pass).
  summary_shape gives;         ///< the shape it gives (its next_dz in the backward pass).
  std::size_t parameters = 0;  ///< how many numbers it learns.
};

/// \brief A network's shape table: its input, then one row per layer, and the parameters in all.
/// \tparam Layers how many layers the network has.
template <std::size_t Layers>
struct summary_table {
  text input;                            ///< the input's kind, `input<float>`.
  summary_shape input_shape;             ///< the batch the network takes.
  std::array<summary_row, Layers> rows;  ///< the layers, from 0.
  std::size_t parameters = 0;            ///< the parameters of every layer.
};

namespace detail {

template <class T>
constexpr summary_shape shape_of() {
  summary_shape s;
  s.rank = T::rank;
  for (std::size_t i = 0; i < T::rank; ++i) s.extents[i] = T::extents[i];
  return s;
}

template <class Net, std::size_t... I>
constexpr auto make_summary(std::index_sequence<I...>) {
  summary_table<Net::size> table;
  if constexpr (!Net::fits) {
    // The network's own error, the layer that does not fit: its address instantiates verify()
    // without calling it here, in a constant expression, which would be a second error.
    static_cast<void>(&Net::verify);
    return table;
  } else {
    table.input =
        text(std::is_same_v<typename Net::element_type, float> ? "input<float>" : "input<double>");
    table.input_shape = shape_of<typename Net::input_type>();
    ((table.rows[I] =
          summary_row{
              Net::template kind<I>::name(), shape_of<typename Net::template shape<I>>(),
              shape_of<typename Net::template shape<I + 1>>(),
              Net::template kind<I>::template layer<typename Net::template shape<I>>::parameters}),
     ...);
    for (const summary_row& row : table.rows) table.parameters += row.parameters;
    return table;
  }
}

inline std::string to_string(const summary_shape& s) {
  std::string out = "(";
  for (std::size_t i = 0; i < s.rank; ++i) out += (i ? ", " : "") + std::to_string(s.extents[i]);
  return out + (s.rank == 1 ? ",)" : ")");
}

}  // namespace detail

/// \brief The shape table of network Net, computed at compile time:
/// `fmt::print("{}\n", nn::summary<Net>)` prints it.
/// \tparam Net a `ctnn::nn::sequential`.
template <class Net>
inline constexpr summary_table<Net::size> summary =
    detail::make_summary<Net>(std::make_index_sequence<Net::size>{});

}  // namespace ctnn::nn

/// \brief Prints a network's shape table, one line per layer.
/// \tparam Layers how many layers.
template <std::size_t Layers>
struct fmt::formatter<ctnn::nn::summary_table<Layers>> {
  /// Accepts only the empty format spec `{}`.
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  /// Writes the table.
  template <class Context>
  auto format(const ctnn::nn::summary_table<Layers>& t, Context& ctx) const {
    using ctnn::nn::detail::to_string;
    std::size_t kind_width = t.input.view().size();
    for (const auto& row : t.rows) kind_width = std::max(kind_width, row.kind.view().size());
    const auto pad = [](std::string s, std::size_t width, bool right) {
      const std::string fill(width > s.size() ? width - s.size() : 0, ' ');
      return right ? fill + s : s + fill;
    };
    const auto line = [&](std::string index, std::string_view kind, std::string gets,
                          std::string gives, std::string parameters) {
      std::string l = pad(std::move(index), 5, true) + "  " +
                      pad(std::string(kind), kind_width, false) + "  " +
                      pad(std::move(gets), 17, false) + "  " + pad(std::move(gives), 17, false) +
                      "  " + pad(std::move(parameters), 10, true);
      l.erase(l.find_last_not_of(' ') + 1);
      return l + "\n";
    };
    std::string text = line("layer", "kind", "gets (dz)", "gives (next_dz)", "parameters");
    text += line("", t.input.view(), "", to_string(t.input_shape), "");
    for (std::size_t i = 0; i < Layers; ++i)
      text += line(std::to_string(i), t.rows[i].kind.view(), to_string(t.rows[i].gets),
                   to_string(t.rows[i].gives), std::to_string(t.rows[i].parameters));
    text += "parameters in all: " + std::to_string(t.parameters);
    // Copied, not formatted: see ctnn/format.hpp.
    return std::copy(text.begin(), text.end(), ctx.out());
  }
};

#endif  // CTNN_NN_SUMMARY_HPP
