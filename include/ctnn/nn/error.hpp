/// \file
/// \brief What the compiler says when a network does not fit: `ctnn::nn::error::layer`, the shape
/// a layer gets (`nn::gets`) and the rule it breaks (`ctnn::nn::why`), each carrying its numbers.
///
/// A network's shapes are inferred layer by layer (ctnn/nn/sequential.hpp). The first layer that
/// cannot take what the layer before it gives stops the inference, and the network names it in
/// one compile error, whose first line reads, with g++,
///
///     error: invalid application of 'sizeof' to incomplete type 'ctnn::nn::error::layer<3,
///       ctnn::nn::conv2d<16, 5, 5>, ctnn::nn::gets<64, 6, 4, 4>,
///       ctnn::nn::why::kernel_k_does_not_fit_in_H_plus_2P<5, 4, 0> >'
///
/// that is: layer 3 (counted from 0, as `net.get<3>()` and the summary count), a conv2d with 16
/// outputs and a 5 x 5 kernel, gets a batch of shape (64, 6, 4, 4), and its kernel k = 5 does not
/// fit in H + 2P = 4 + 2*0. The types below exist only to be named in that line: the error is
/// the use of a type that is declared and never defined.
#ifndef CTNN_NN_ERROR_HPP
#define CTNN_NN_ERROR_HPP

#include <cstddef>

namespace ctnn::nn {

/// \brief The shape a layer gets from the layer before it, as it appears in an error.
/// \tparam Dims the extents, batch first.
template <std::size_t... Dims>
struct gets {};

namespace error {

/// \brief Layer `Index` (from 0) of kind `Kind` cannot take the shape `Gets`: `Why` says which
/// rule fails, with its numbers. Never defined: naming it is the error.
template <std::size_t Index, class Kind, class Gets, class Why>
struct layer;

/// \brief A network's first argument must be `nn::input<T, N, ...>`; `Why` says what is wrong
/// with the one given. Never defined: naming it is the error.
template <class Given, class Why>
struct input;

}  // namespace error

/// \brief The rules a layer of a network can break, named so that the error reads as a sentence;
/// the template arguments are the numbers in the order the name gives them.
namespace why {

/// \brief The kernel k does not fit in the padded rows: H + 2P < k.
template <std::size_t k, std::size_t H, std::size_t P>
struct kernel_k_does_not_fit_in_H_plus_2P {};
/// \brief The kernel k does not fit in the padded columns: W + 2P < k.
template <std::size_t k, std::size_t W, std::size_t P>
struct kernel_k_does_not_fit_in_W_plus_2P {};
/// \brief The pooling window k does not fit in the padded rows: H + 2P < k.
template <std::size_t k, std::size_t H, std::size_t P>
struct window_k_does_not_fit_in_H_plus_2P {};
/// \brief The pooling window k does not fit in the padded columns: W + 2P < k.
template <std::size_t k, std::size_t W, std::size_t P>
struct window_k_does_not_fit_in_W_plus_2P {};
/// \brief With `ctnn::strides`, S must divide H + 2P - k (eq. (4) is exact); `ctnn::floor_strides`
/// rounds H' down instead.
template <std::size_t S, std::size_t H, std::size_t P, std::size_t k>
struct stride_S_does_not_divide_H_plus_2P_minus_k {};
/// \brief As `stride_S_does_not_divide_H_plus_2P_minus_k`, along the columns.
template <std::size_t S, std::size_t W, std::size_t P, std::size_t k>
struct stride_S_does_not_divide_W_plus_2P_minus_k {};
/// \brief Strides are at least 1.
template <std::size_t S1, std::size_t S2>
struct strides_must_be_at_least_1 {};
/// \brief Kernel and window extents are at least 1.
template <std::size_t k1, std::size_t k2>
struct kernel_extents_must_be_at_least_1 {};
/// \brief A layer has at least one output (channel or feature).
template <std::size_t D>
struct outputs_must_be_at_least_1 {};
/// \brief Pooling pads at most half the window, 2P <= k, so that every window reads the input.
template <std::size_t P, std::size_t k>
struct padding_P_exceeds_half_the_window_k {};
/// \brief The geometry arguments are `ctnn::padding<P1, P2>` and `ctnn::strides<S1, S2>` (or
/// `ctnn::floor_strides<S1, S2>`), each at most once.
struct geometry_is_one_padding_and_one_strides_at_most {};
/// \brief A convolution or a pooling takes a batch of images (N, C, H, W), not one of this rank.
template <std::size_t Rank>
struct needs_N_C_H_W_not_rank {};
/// \brief A dense layer takes (N, F): put `nn::flatten` before it to turn (N, C, H, W) into
/// (N, C*H*W).
template <std::size_t Rank>
struct needs_N_F_put_nn_flatten_before_it_not_rank {};
/// \brief Flatten keeps the batch axis: it needs rank 2 or more.
template <std::size_t Rank>
struct needs_a_batch_N_and_features_not_rank {};
/// \brief This type is not a layer kind of ctnn::nn (conv2d, dense, relu, ...).
struct not_a_layer_kind {};
/// \brief `nn::input` comes first, and only there.
struct input_comes_first_only {};
/// \brief A network's first argument is `nn::input<T, N, ...>`.
struct first_argument_must_be_nn_input {};
/// \brief A network computes in float or double.
struct element_type_must_be_float_or_double {};
/// \brief The input is (N, F) or (N, C, H, W), every extent at least 1.
template <std::size_t Rank>
struct input_is_N_F_or_N_C_H_W_not_rank {};
/// \brief Every extent of the input is at least 1.
struct input_extents_must_be_at_least_1 {};

}  // namespace why

/// \brief What a layer kind says of the shape it gets: it fits and gives `Output`.
/// \tparam Output the tensor type of the layer's output.
template <class Output>
struct fits {
  /// The layer takes the shape it gets.
  static constexpr bool ok = true;
  /// The tensor type it gives.
  using output = Output;
};

/// \brief What a layer kind says of the shape it gets: it does not fit, because of `Why`.
/// \tparam Why a rule of ctnn::nn::why with its numbers.
template <class Why>
struct fails {
  /// The layer does not take the shape it gets.
  static constexpr bool ok = false;
  /// The rule it breaks.
  using why = Why;
};

}  // namespace ctnn::nn

#endif  // CTNN_NN_ERROR_HPP
