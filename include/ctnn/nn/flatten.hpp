/// \file
/// \brief `ctnn::nn::flatten`: (N, C, H, W) -> (N, C*H*W) in a network (the series' `Flatten`).
#ifndef CTNN_NN_FLATTEN_HPP
#define CTNN_NN_FLATTEN_HPP

#include <algorithm>
#include <cstddef>

#include "ctnn/nn/error.hpp"
#include "ctnn/nn/stateless.hpp"
#include "ctnn/nn/text.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn::nn {

/// \brief Flatten (the series' `Flatten`, `ctnn::flatten_forward`): (N, C, H, W) -> (N, C*H*W),
/// any rank 2 or more to (N, the product of the others), in memory order.
struct flatten {
  /// \brief What the layer gives for an input of type In.
  /// \tparam In the tensor type the layer gets.
  template <class In>
  static constexpr auto infer() {
    if constexpr (In::rank < 2)
      return fails<why::needs_a_batch_N_and_features_not_rank<In::rank>>{};
    else
      return fits<Tensor<typename In::value_type, In::extents[0], In::size / In::extents[0]>>{};
  }

  /// \brief The kind's name as the summary prints it.
  /// \return "flatten".
  static constexpr text name() { return text("flatten"); }

  /// \brief The flatten layer of a network that gets In: a copy each way, into `out` and `dz`.
  /// \tparam In the tensor type the layer gets.
  template <class In>
  struct layer : detail::stateless_layer<In, typename decltype(infer<In>())::output> {
    /// The tensor type it gives, (N, the rest).
    using output_type = typename decltype(infer<In>())::output;
    /// \brief out = z in (N, the rest).
    /// \tparam Backend either backend: one copy.
    /// \param z the input.
    template <class Backend>
    void forward(const In& z) {
      std::copy(z.begin(), z.end(), this->out.begin());
    }
    /// \brief dz = next_dz in z's shape.
    /// \tparam Backend either backend: one copy.
    /// \param next_dz the gradient of the output.
    template <class Backend>
    void backward(const output_type& next_dz, const In&) {
      std::copy(next_dz.begin(), next_dz.end(), this->dz.begin());
    }
  };
};

}  // namespace ctnn::nn

#endif  // CTNN_NN_FLATTEN_HPP
