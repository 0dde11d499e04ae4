/// \file
/// \brief The pooling layers of a network: `nn::max_pool2d<k1, k2, geometry...>`,
/// `nn::avg_pool2d<k1, k2, geometry...>`, `nn::global_max_pool2d`, `nn::global_avg_pool2d`.
#ifndef CTNN_NN_POOL2D_HPP
#define CTNN_NN_POOL2D_HPP

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "ctnn/backend.hpp"
#include "ctnn/nn/error.hpp"
#include "ctnn/nn/stateless.hpp"
#include "ctnn/nn/text.hpp"
#include "ctnn/nn/window.hpp"
#include "ctnn/ops/pool2d/fast.hpp"
#include "ctnn/ops/pool2d/pool2d.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn::nn {

namespace detail {

// Max (Max) or average pooling with a k1 x k2 window: the strides default to the window, the
// padding to (0, 0), as in ctnn::max_pooling_forward.
template <bool Max, std::size_t K1, std::size_t K2, auto... Geometry>
struct pool2d {
  using G = geometry_of<Geometry...>;
  static constexpr std::size_t S1 = G::strides == 0 ? K1 : G::S1;
  static constexpr std::size_t S2 = G::strides == 0 ? K2 : G::S2;
  using frame = ctnn::detail::pool2d::frame<K1, K2, G::P1, G::P2, S1, S2>;

  template <class In>
  static constexpr auto infer() {
    if constexpr (!geometry_valid<Geometry...>)
      return fails<why::geometry_is_one_padding_and_one_strides_at_most>{};
    else if constexpr (In::rank != 4)
      return fails<why::needs_N_C_H_W_not_rank<In::rank>>{};
    else
      return slide<true, K1, K2, G::P1, G::P2, S1, S2, G::floor, In::extents[1], In>();
  }

  static constexpr text name() {
    text t(Max ? "max_pool2d<" : "avg_pool2d<");
    t.append_pair(K1, K2);
    return append_geometry<Geometry...>(t).append(">");
  }

  // What max pooling keeps between its fast forward and backward: each window's winner, and the
  // buffer of the z they were found in (null when the last forward was not a fast one).
  template <class Output>
  struct winners_of {
    Tensor<std::uint32_t, Output::extents[0], Output::extents[1], Output::extents[2],
           Output::extents[3]>
        cells;
    const void* z = nullptr;
  };
  struct no_winners {};

  template <class In>
  struct layer : stateless_layer<In, typename decltype(infer<In>())::output> {
    using output_type = typename decltype(infer<In>())::output;
    template <class Backend>
    void forward(const In& z) {
      if constexpr (Max && std::is_same_v<Backend, backend::fast>) {
        ctnn::detail::pool2d::max_forward_winners(Backend{}, z, this->out, winners.cells, frame{});
        winners.z = z.data();
      } else if constexpr (Max) {
        winners.z = nullptr;
        ctnn::detail::pool2d::max_forward(Backend{}, z, this->out, frame{});
      } else {
        ctnn::detail::pool2d::avg_forward(Backend{}, z, this->out, frame{});
      }
    }
    // The fast max pooling backward routes the gradients to the winners its forward found when
    // z is the forward's (the network's contract: backward reads the inputs of the last forward,
    // unchanged); otherwise it finds them again.
    template <class Backend>
    void backward(const output_type& next_dz, const In& z) {
      if constexpr (Max && std::is_same_v<Backend, backend::fast>) {
        if (winners.z != nullptr && winners.z == z.data())
          ctnn::detail::pool2d::max_backward_winners(Backend{}, next_dz, winners.cells, this->dz,
                                                     frame{});
        else
          ctnn::detail::pool2d::max_backward(Backend{}, next_dz, z, this->dz, frame{});
      } else if constexpr (Max) {
        ctnn::detail::pool2d::max_backward(Backend{}, next_dz, z, this->dz, frame{});
      } else {
        ctnn::detail::pool2d::avg_backward(Backend{}, next_dz, z, this->dz, frame{});
      }
    }

   private:
    [[no_unique_address]] std::conditional_t<Max, winners_of<output_type>, no_winners> winners;
  };
};

// Global max (Max) or average pooling: (N, C, H, W) -> (N, C).
template <bool Max>
struct global_pool2d {
  template <class In>
  static constexpr auto infer() {
    if constexpr (In::rank != 4)
      return fails<why::needs_N_C_H_W_not_rank<In::rank>>{};
    else
      return fits<Tensor<typename In::value_type, In::extents[0], In::extents[1]>>{};
  }

  static constexpr text name() { return text(Max ? "global_max_pool2d" : "global_avg_pool2d"); }

  template <class In>
  struct layer : stateless_layer<In, typename decltype(infer<In>())::output> {
    using output_type = typename decltype(infer<In>())::output;
    template <class Backend>
    void forward(const In& z) {
      if constexpr (Max)
        ctnn::detail::pool2d::global_max_forward(Backend{}, z, this->out);
      else
        ctnn::detail::pool2d::global_avg_forward(Backend{}, z, this->out);
    }
    template <class Backend>
    void backward(const output_type& next_dz, const In& z) {
      if constexpr (Max)
        ctnn::detail::pool2d::global_max_backward(Backend{}, next_dz, z, this->dz);
      else
        ctnn::detail::pool2d::global_avg_backward(Backend{}, next_dz, z, this->dz);
    }
  };
};

}  // namespace detail

/// \brief Max pooling (the series' `MaxPooling2D`, `ctnn::max_pooling_forward`): a k1 x k2
/// window, strides the window's unless `ctnn::strides<S1, S2>` (or floor_strides) is given,
/// padding `ctnn::padding<P1, P2>` (with -infinity: the padding never wins) or none.
///
/// Takes (N, C, H, W), gives (N, C, H', W'), H' = (H + 2P - k) / S + 1. Its layer (`net.get<I>()`)
/// holds `out` (the output) and `dz` (the gradient of its input); it has no parameters.
/// \tparam K1 the window's rows.
/// \tparam K2 the window's columns.
/// \tparam Geometry `ctnn::strides<S1, S2>` (or floor_strides) and `ctnn::padding<P1, P2>`.
template <std::size_t K1, std::size_t K2, auto... Geometry>
struct max_pool2d : detail::pool2d<true, K1, K2, Geometry...> {};

/// \brief Average pooling (`ctnn::avg_pooling_forward`): as `nn::max_pool2d`, with the mean of
/// each window (the padding counts, as in the series).
/// \tparam K1 the window's rows.
/// \tparam K2 the window's columns.
/// \tparam Geometry `ctnn::strides<S1, S2>` (or floor_strides) and `ctnn::padding<P1, P2>`.
template <std::size_t K1, std::size_t K2, auto... Geometry>
struct avg_pool2d : detail::pool2d<false, K1, K2, Geometry...> {};

/// \brief Global max pooling (`ctnn::global_max_pooling_forward`): (N, C, H, W) -> (N, C).
struct global_max_pool2d : detail::global_pool2d<true> {};

/// \brief Global average pooling (`ctnn::global_avg_pooling_forward`): (N, C, H, W) -> (N, C).
struct global_avg_pool2d : detail::global_pool2d<false> {};

}  // namespace ctnn::nn

#endif  // CTNN_NN_POOL2D_HPP
