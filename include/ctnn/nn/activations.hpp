/// \file
/// \brief The activation layers of a network (the series' post 0_3): `nn::relu`, `nn::lrelu`,
/// `nn::prelu`, `nn::elu`, `nn::selu`, `nn::sigmoid`, `nn::tanh`. Each gives the shape it gets.
#ifndef CTNN_NN_ACTIVATIONS_HPP
#define CTNN_NN_ACTIVATIONS_HPP

#include <cstddef>

#include "ctnn/backend.hpp"
#include "ctnn/nn/error.hpp"
#include "ctnn/nn/stateless.hpp"
#include "ctnn/nn/text.hpp"
#include "ctnn/numpy_random.hpp"
#include "ctnn/ops/activations/activations.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn::nn {

namespace detail {

// What every activation kind shares: it takes any shape and gives the same.
struct same_shape {
  template <class In>
  static constexpr auto infer() {
    return fits<In>{};
  }
};

// The state of an activation layer without parameters: out, dz, and the kernels Kernels names.
template <class Kernels, class In>
struct activation_layer : stateless_layer<In, In> {
  template <class Backend>
  void forward(const In& z) {
    Kernels::forward(Backend{}, z, this->out);
  }
  template <class Backend>
  void backward(const In& next_dz, const In& z) {
    Kernels::backward(Backend{}, next_dz, z, this->dz);
  }
};

namespace act = ctnn::detail::activations;

struct relu_kernels {
  static void forward(auto backend, const auto& z, auto& out) {
    act::relu_forward(backend, z, out);
  }
  static void backward(auto backend, const auto& g, const auto& z, auto& dz) {
    act::relu_backward(backend, g, z, dz);
  }
};
struct sigmoid_kernels {
  static void forward(auto backend, const auto& z, auto& out) {
    act::sigmoid_forward(backend, z, out);
  }
  static void backward(auto backend, const auto& g, const auto& z, auto& dz) {
    act::sigmoid_backward(backend, g, z, dz);
  }
};
struct tanh_kernels {
  static void forward(auto backend, const auto& z, auto& out) {
    act::tanh_forward(backend, z, out);
  }
  static void backward(auto backend, const auto& g, const auto& z, auto& dz) {
    act::tanh_backward(backend, g, z, dz);
  }
};
struct selu_kernels {
  template <class B, class T, std::size_t... D>
  static void forward(B backend, const Tensor<T, D...>& z, Tensor<T, D...>& out) {
    act::selu_forward(backend, z, selu_lambda<T>, selu_alpha<T>, out);
  }
  template <class B, class T, std::size_t... D>
  static void backward(B backend, const Tensor<T, D...>& g, const Tensor<T, D...>& z,
                       Tensor<T, D...>& dz) {
    act::selu_backward(backend, g, z, selu_lambda<T>, selu_alpha<T>, dz);
  }
};

// lrelu and elu: a slope alpha chosen at run time (0.1 unless changed, as the series).
template <bool Elu, class In>
struct alpha_layer : stateless_layer<In, In> {
  using T = typename In::value_type;
  T alpha = static_cast<T>(0.1);  // the negative part's slope (lrelu) or scale (elu)

  template <class Backend>
  void forward(const In& z) {
    if constexpr (Elu)
      act::elu_forward(Backend{}, z, alpha, this->out);
    else
      act::lrelu_forward(Backend{}, z, alpha, this->out);
  }
  template <class Backend>
  void backward(const In& next_dz, const In& z) {
    if constexpr (Elu)
      act::elu_backward(Backend{}, next_dz, z, alpha, this->dz);
    else
      act::lrelu_backward(Backend{}, next_dz, z, alpha, this->dz);
  }
};

}  // namespace detail

/// \brief ReLU, max(z, 0) (`ctnn::relu_forward`). Its layer holds `out` and `dz`.
struct relu : detail::same_shape {
  /// \brief The kind's name as the summary prints it. \return "relu".
  static constexpr text name() { return text("relu"); }
  /// \brief The relu layer of a network that gets In. \tparam In the tensor type it gets.
  template <class In>
  struct layer : detail::activation_layer<detail::relu_kernels, In> {};
};

/// \brief The logistic sigmoid, 1 / (1 + e^-z) (`ctnn::sigmoid_forward`).
struct sigmoid : detail::same_shape {
  /// \brief The kind's name as the summary prints it. \return "sigmoid".
  static constexpr text name() { return text("sigmoid"); }
  /// \brief The sigmoid layer of a network that gets In. \tparam In the tensor type it gets.
  template <class In>
  struct layer : detail::activation_layer<detail::sigmoid_kernels, In> {};
};

/// \brief The hyperbolic tangent (`ctnn::tanh_forward`).
struct tanh : detail::same_shape {
  /// \brief The kind's name as the summary prints it. \return "tanh".
  static constexpr text name() { return text("tanh"); }
  /// \brief The tanh layer of a network that gets In. \tparam In the tensor type it gets.
  template <class In>
  struct layer : detail::activation_layer<detail::tanh_kernels, In> {};
};

/// \brief SELU, lambda ELU(z) with the self-normalising constants (`ctnn::selu_forward`).
struct selu : detail::same_shape {
  /// \brief The kind's name as the summary prints it. \return "selu".
  static constexpr text name() { return text("selu"); }
  /// \brief The selu layer of a network that gets In. \tparam In the tensor type it gets.
  template <class In>
  struct layer : detail::activation_layer<detail::selu_kernels, In> {};
};

/// \brief Leaky ReLU, z or alpha z (`ctnn::lrelu_forward`); the layer's `alpha` is 0.1 unless set.
struct lrelu : detail::same_shape {
  /// \brief The kind's name as the summary prints it. \return "lrelu".
  static constexpr text name() { return text("lrelu"); }
  /// \brief The lrelu layer of a network that gets In: `alpha`, `out`, `dz`.
  /// \tparam In the tensor type it gets.
  template <class In>
  struct layer : detail::alpha_layer<false, In> {};
};

/// \brief ELU, z or alpha (e^z - 1) (`ctnn::elu_forward`); the layer's `alpha` is 0.1 unless set.
struct elu : detail::same_shape {
  /// \brief The kind's name as the summary prints it. \return "elu".
  static constexpr text name() { return text("elu"); }
  /// \brief The elu layer of a network that gets In: `alpha`, `out`, `dz`.
  /// \tparam In the tensor type it gets.
  template <class In>
  struct layer : detail::alpha_layer<true, In> {};
};

/// \brief PReLU (`ctnn::prelu_forward`): a learnt slope per channel, alpha (C,) for (N, C, ...),
/// 0.25 when the network is built from a RandomState (PyTorch's choice: the series never trains
/// one), 0 with `sequential()`; dalpha is divided by N.
struct prelu : detail::same_shape {
  /// \brief The kind's name as the summary prints it. \return "prelu".
  static constexpr text name() { return text("prelu"); }
  /// \brief The prelu layer of a network that gets In: `alpha`, `dalpha`, `out`, `dz`.
  /// \tparam In the tensor type it gets.
  template <class In>
  struct layer {
    /// The tensor type the layer gets.
    using input_type = In;
    /// The tensor type it gives: the same.
    using output_type = In;
    /// The element type.
    using T = typename In::value_type;
    /// How many numbers it learns: one slope per channel.
    static constexpr std::size_t parameters = check::channels_of<In>;
    Tensor<T, check::channels_of<In>> alpha;   ///< the slopes, one per channel.
    Tensor<T, check::channels_of<In>> dalpha;  ///< eq. (7) summed per channel, divided by N.
    output_type out;                           ///< the output of the last forward.
    input_type dz;                             ///< the gradient of the input, after backward.

    /// \brief alpha = 0.25 in every channel; draws nothing.
    void initialise(numpy::RandomState&) {
      for (T& a : alpha) a = static_cast<T>(0.25);
    }
    /// \brief out = prelu_forward(z, alpha).
    /// \tparam Backend either backend.
    /// \param z the input.
    template <class Backend>
    void forward(const input_type& z) {
      detail::act::prelu_forward(Backend{}, z, alpha, out);
    }
    /// \brief dz, dalpha = prelu_backward(next_dz, z, alpha).
    /// \tparam Backend either backend.
    /// \param next_dz the gradient of the output.
    /// \param z the input of the forward.
    template <class Backend>
    void backward(const output_type& next_dz, const input_type& z) {
      detail::act::prelu_backward(Backend{}, next_dz, z, alpha, check::batch_of<In>, dz, dalpha);
    }
    /// \brief Calls f("alpha", alpha, dalpha).
    /// \param f what to call with the parameter's name, the parameter and its gradient.
    template <class F>
    void for_each_named_parameter(F&& f) {
      f("alpha", alpha, dalpha);
    }
  };
};

}  // namespace ctnn::nn

#endif  // CTNN_NN_ACTIVATIONS_HPP
