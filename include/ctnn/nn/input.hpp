/// \file
/// \brief `ctnn::nn::input<T, N, ...>`: the first argument of a network, the batch it takes.
#ifndef CTNN_NN_INPUT_HPP
#define CTNN_NN_INPUT_HPP

#include <cstddef>
#include <type_traits>

#include "ctnn/nn/error.hpp"
#include "ctnn/nn/text.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn::nn {

/// \brief What a network takes: a batch of N images (N, C, H, W), `input<float, 64, 1, 28, 28>`,
/// or of N vectors (N, F), `input<double, 4, 2>`, in float or double. Every other shape follows.
/// \tparam T the element type of every tensor of the network.
/// \tparam Dims N first, then (C, H, W) or (F).
template <class T, std::size_t... Dims>
struct input {
  /// The tensor type of a batch.
  using type = Tensor<T, Dims...>;
  /// \brief How it appears in the summary: `input<float>`.
  /// \return the name.
  static constexpr text name() {
    return text(std::is_same_v<T, float> ? "input<float>" : "input<double>");
  }
};

namespace detail {

template <class X>
inline constexpr bool is_input = false;
template <class T, std::size_t... Dims>
inline constexpr bool is_input<input<T, Dims...>> = true;

// What is wrong with a network's first argument X, or void when it is a valid nn::input.
template <class X>
struct input_check {
  using type = error::input<X, why::first_argument_must_be_nn_input>;
};
template <class T, std::size_t... Dims>
struct input_check<input<T, Dims...>> {
  static constexpr std::size_t rank = sizeof...(Dims);
  using type = std::conditional_t<
      !std::is_same_v<T, float> && !std::is_same_v<T, double>,
      error::input<input<T, Dims...>, why::element_type_must_be_float_or_double>,
      std::conditional_t<
          rank != 2 && rank != 4,
          error::input<input<T, Dims...>, why::input_is_N_F_or_N_C_H_W_not_rank<rank>>,
          std::conditional_t<((Dims == 0) || ...),
                             error::input<input<T, Dims...>, why::input_extents_must_be_at_least_1>,
                             void>>>;
};

}  // namespace detail

}  // namespace ctnn::nn

#endif  // CTNN_NN_INPUT_HPP
