/// \file
/// \brief `ctnn::nn::conv2d<D, k1, k2, geometry...>`: a convolution layer of a network (the
/// series' `Conv2D`), its parameters K, b and their gradients dK, db.
#ifndef CTNN_NN_CONV2D_HPP
#define CTNN_NN_CONV2D_HPP

#include <cmath>
#include <cstddef>

#include "ctnn/backend.hpp"
#include "ctnn/nn/error.hpp"
#include "ctnn/nn/text.hpp"
#include "ctnn/nn/window.hpp"
#include "ctnn/numpy_random.hpp"
#include "ctnn/ops/conv2d/conv2d.hpp"
#include "ctnn/ops/conv2d/fast.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn::nn {

/// \brief A convolution layer: D output channels, k1 x k2 kernels, and `ctnn::padding<P1, P2>`,
/// `ctnn::strides<S1, S2>` or `ctnn::floor_strides<S1, S2>` written as in `ctnn::conv_forward`
/// ((0, 0) and (1, 1) when left out). The input channels C come from the layer before.
///
/// Takes (N, C, H, W), gives (N, D, H', W') with eq. (4), H' = (H + 2P - k) / S + 1; its
/// forward is `ctnn::conv_forward`, its backward `ctnn::conv_backward` (dK and db divided by N).
/// \tparam D the output channels.
/// \tparam K1 the kernel's rows.
/// \tparam K2 the kernel's columns.
/// \tparam Geometry `ctnn::padding<P1, P2>` and `ctnn::strides<S1, S2>` (or floor_strides), each
/// at most once, in either order.
template <std::size_t D, std::size_t K1, std::size_t K2, auto... Geometry>
struct conv2d {
  /// \brief What the layer gives for an input of type In: `nn::fits<Output>` or
  /// `nn::fails<Why>`.
  /// \tparam In the tensor type the layer gets.
  template <class In>
  static constexpr auto infer() {
    if constexpr (!detail::geometry_valid<Geometry...>) {
      return fails<why::geometry_is_one_padding_and_one_strides_at_most>{};
    } else if constexpr (D == 0) {
      return fails<why::outputs_must_be_at_least_1<D>>{};
    } else {
      using G = detail::geometry_of<Geometry...>;
      return detail::slide<false, K1, K2, G::P1, G::P2, G::S1, G::S2, G::floor, D, In>();
    }
  }

  /// \brief The kind's name as the summary prints it, e.g. `conv2d<6, 5, 5, padding<2, 2>>`.
  /// \return the name.
  static constexpr text name() {
    text t("conv2d<");
    t.append(D).append(", ").append_pair(K1, K2);
    return detail::append_geometry<Geometry...>(t).append(">");
  }

  /// \brief One conv2d layer of a network that gets In: its parameters, their gradients, its
  /// output and the gradient of its input, allocated once.
  /// \tparam In the tensor type the layer gets, (N, C, H, W).
  template <class In>
  struct layer;

  /// \brief The layer for an input (N, C, H, W) of element type T.
  /// \tparam T the element type.
  /// \tparam N the batch size.
  /// \tparam C the input channels.
  /// \tparam H the input rows.
  /// \tparam W the input columns.
  template <class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W>
  struct layer<Tensor<T, N, C, H, W>> {
    /// The tensor type the layer gets.
    using input_type = Tensor<T, N, C, H, W>;
    /// The tensor type it gives, (N, D, H', W').
    using output_type = typename decltype(infer<input_type>())::output;
    /// How many numbers it learns: C D k1 k2 + D.
    static constexpr std::size_t parameters = C * D * K1 * K2 + D;

    Tensor<T, C, D, K1, K2> K;   ///< the kernels, ctnn's (C, D, k1, k2) layout.
    Tensor<T, D> b;              ///< the biases.
    Tensor<T, C, D, K1, K2> dK;  ///< eq. (5) divided by N, after backward.
    Tensor<T, D> db;             ///< eq. (6) divided by N, after backward.
    output_type out;             ///< the output of the last forward.
    input_type dz;               ///< the gradient of the input, after backward (not divided).

    /// \brief The series' initialisation: K from randn times sqrt(2 / (fan_in + fan_out)),
    /// fan_in = C k1 k2, fan_out = D k1 k2; b zeros.
    /// \param rng numpy's generator, drawn in K's memory order.
    void initialise(numpy::RandomState& rng) {
      const double scale = std::sqrt(2.0 / static_cast<double>((C + D) * K1 * K2));
      for (T& x : K) x = static_cast<T>(rng.standard_normal() * scale);
      for (T& x : b) x = T{0};
    }
    /// \brief out = conv_forward(z, K, b, geometry...).
    /// \tparam Backend `ctnn::backend::reference` or `ctnn::backend::fast`.
    /// \param z the input.
    template <class Backend>
    void forward(const input_type& z) {
      ctnn::detail::conv2d::forward<detail::geometry_of<Geometry...>>(Backend{}, z, K, b, out);
    }
    /// \brief dK, db, dz = conv_backward(next_dz, K, z, geometry...).
    /// \tparam Backend `ctnn::backend::reference` or `ctnn::backend::fast`.
    /// \param next_dz the gradient of the output.
    /// \param z the input of the forward.
    template <class Backend>
    void backward(const output_type& next_dz, const input_type& z) {
      struct {
        Tensor<T, C, D, K1, K2>& dK;
        Tensor<T, D>& db;
        input_type& dz;
      } g{dK, db, dz};
      ctnn::detail::conv2d::backward<detail::geometry_of<Geometry...>>(Backend{}, next_dz, K, z, g);
    }
    /// \brief dK, db as `backward`, without dz (eqs. (8), (9), as much work as the forward
    /// pass): what a network's first layer does in training, where nothing reads dz.
    /// \tparam Backend `ctnn::backend::reference` or `ctnn::backend::fast`.
    /// \param next_dz the gradient of the output.
    /// \param z the input of the forward.
    template <class Backend>
    void backward_parameters(const output_type& next_dz, const input_type& z) {
      struct {
        Tensor<T, C, D, K1, K2>& dK;
        Tensor<T, D>& db;
      } g{dK, db};
      ctnn::detail::conv2d::backward<detail::geometry_of<Geometry...>>(Backend{}, next_dz, K, z, g);
    }
    /// \brief Calls f("K", K, dK), then f("b", b, db).
    /// \param f what to call with each parameter's name, the parameter and its gradient.
    template <class F>
    void for_each_named_parameter(F&& f) {
      f("K", K, dK);
      f("b", b, db);
    }
  };
};

}  // namespace ctnn::nn

#endif  // CTNN_NN_CONV2D_HPP
