/// \file
/// \brief The window rules that a network's convolutions and poolings share, checked on the
/// shape a layer gets: eq. (4), H' = (H + 2P - k) / S + 1, and what makes it hold.
#ifndef CTNN_NN_WINDOW_HPP
#define CTNN_NN_WINDOW_HPP

#include <cstddef>
#include <type_traits>

#include "ctnn/nn/error.hpp"
#include "ctnn/nn/text.hpp"
#include "ctnn/rules.hpp"
#include "ctnn/shape.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn::nn::detail {

// The geometry written after a layer's numbers: the values ctnn::padding<..>, ctnn::strides<..>
// or ctnn::floor_strides<..>, as template arguments of the layer kind.
template <auto... Tags>
using geometry_of = ctnn::geometry<std::remove_cvref_t<decltype(Tags)>...>;

template <auto... Tags>
inline constexpr bool geometry_valid =
    rule::geometry_tags_valid<geometry_of<Tags...>::paddings, geometry_of<Tags...>::strides,
                              geometry_of<Tags...>::others>;

// One window (a kernel, or a pooling window when Pooling) of extents K1 x K2 sliding over the
// (N, C, H, W) that In is, with padding (P1, P2) and strides (S1, S2), giving Out channels: the
// output (N, Out, H', W') or the first rule that fails, rows before columns.
template <bool Pooling, std::size_t K1, std::size_t K2, std::size_t P1, std::size_t P2,
          std::size_t S1, std::size_t S2, bool Floor, std::size_t Out, class In>
constexpr auto slide() {
  if constexpr (In::rank != 4) {
    return fails<why::needs_N_C_H_W_not_rank<In::rank>>{};
  } else {
    constexpr std::size_t N = In::extents[0], H = In::extents[2], W = In::extents[3];
    using T = typename In::value_type;
    if constexpr (K1 == 0 || K2 == 0)
      return fails<why::kernel_extents_must_be_at_least_1<K1, K2>>{};
    else if constexpr (S1 == 0 || S2 == 0)
      return fails<why::strides_must_be_at_least_1<S1, S2>>{};
    else if constexpr (Pooling && 2 * P1 > K1)
      return fails<why::padding_P_exceeds_half_the_window_k<P1, K1>>{};
    else if constexpr (Pooling && 2 * P2 > K2)
      return fails<why::padding_P_exceeds_half_the_window_k<P2, K2>>{};
    else if constexpr (!rule::kernel_fits<H, P1, K1>)
      return std::conditional_t<Pooling, fails<why::window_k_does_not_fit_in_H_plus_2P<K1, H, P1>>,
                                fails<why::kernel_k_does_not_fit_in_H_plus_2P<K1, H, P1>>>{};
    else if constexpr (!Floor && !rule::stride_divides<H, P1, K1, S1>)
      return fails<why::stride_S_does_not_divide_H_plus_2P_minus_k<S1, H, P1, K1>>{};
    else if constexpr (!rule::kernel_fits<W, P2, K2>)
      return std::conditional_t<Pooling, fails<why::window_k_does_not_fit_in_W_plus_2P<K2, W, P2>>,
                                fails<why::kernel_k_does_not_fit_in_W_plus_2P<K2, W, P2>>>{};
    else if constexpr (!Floor && !rule::stride_divides<W, P2, K2, S2>)
      return fails<why::stride_S_does_not_divide_W_plus_2P_minus_k<S2, W, P2, K2>>{};
    else
      return fits<Tensor<T, N, Out, output_extent(H, K1, P1, S1), output_extent(W, K2, P2, S2)>>{};
  }
}

// ", padding<1, 1>, strides<2, 2>" for the tags given, in their order: a layer kind's name.
template <auto... Tags>
constexpr text& append_geometry(text& t) {
  auto one = [&t](auto tag) {
    using G = ctnn::geometry<std::remove_cvref_t<decltype(tag)>>;
    if constexpr (G::paddings == 1)
      t.append(", padding<").append_pair(G::P1, G::P2).append(">");
    else if constexpr (G::floor)
      t.append(", floor_strides<").append_pair(G::S1, G::S2).append(">");
    else if constexpr (G::strides == 1)
      t.append(", strides<").append_pair(G::S1, G::S2).append(">");
  };
  static_cast<void>(one);  // no tags: nothing to append
  (one(Tags), ...);
  return t;
}

}  // namespace ctnn::nn::detail

#endif  // CTNN_NN_WINDOW_HPP
