/// \file
/// \brief `ctnn::nn::dense<O>`: a fully connected layer of a network (the series' `Linear`), its
/// parameters W, b and their gradients dW, db.
#ifndef CTNN_NN_DENSE_HPP
#define CTNN_NN_DENSE_HPP

#include <cmath>
#include <cstddef>

#include "ctnn/backend.hpp"
#include "ctnn/nn/error.hpp"
#include "ctnn/nn/text.hpp"
#include "ctnn/numpy_random.hpp"
#include "ctnn/ops/fc/fast.hpp"
#include "ctnn/ops/fc/fc.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn::nn {

/// \brief A fully connected layer with O outputs: z (N, I) -> z W + b (N, O), W (I, O), b (O,),
/// as `ctnn::fc_forward`; its backward is `ctnn::fc_backward` (dW and db divided by N). The
/// input features I come from the layer before, which must give (N, I): after a convolution or
/// a pooling, put `nn::flatten` first.
/// \tparam O the outputs.
template <std::size_t O>
struct dense {
  /// \brief What the layer gives for an input of type In: `nn::fits<Output>` or `nn::fails<Why>`.
  /// \tparam In the tensor type the layer gets.
  template <class In>
  static constexpr auto infer() {
    if constexpr (In::rank != 2)
      return fails<why::needs_N_F_put_nn_flatten_before_it_not_rank<In::rank>>{};
    else if constexpr (O == 0)
      return fails<why::outputs_must_be_at_least_1<O>>{};
    else
      return fits<Tensor<typename In::value_type, In::extents[0], O>>{};
  }

  /// \brief The kind's name as the summary prints it, e.g. `dense<120>`.
  /// \return the name.
  static constexpr text name() { return text("dense<").append(O).append(">"); }

  /// \brief One dense layer of a network that gets In.
  /// \tparam In the tensor type the layer gets, (N, I).
  template <class In>
  struct layer;

  /// \brief The layer for an input (N, I) of element type T.
  /// \tparam T the element type.
  /// \tparam N the batch size.
  /// \tparam I the input features.
  template <class T, std::size_t N, std::size_t I>
  struct layer<Tensor<T, N, I>> {
    /// The tensor type the layer gets.
    using input_type = Tensor<T, N, I>;
    /// The tensor type it gives, (N, O).
    using output_type = Tensor<T, N, O>;
    /// How many numbers it learns: I O + O.
    static constexpr std::size_t parameters = I * O + O;

    Tensor<T, I, O> W;   ///< the weights, (I, O) as in the series.
    Tensor<T, O> b;      ///< the biases.
    Tensor<T, I, O> dW;  ///< eq. (8) divided by N, after backward.
    Tensor<T, O> db;     ///< eq. (9) divided by N, after backward.
    output_type out;     ///< the output of the last forward.
    input_type dz;       ///< eq. (15), the gradient of the input (not divided), after backward.

    /// \brief The series' initialisation: W from randn times sqrt(2 / I) (He), b zeros.
    /// \param rng numpy's generator, drawn in W's memory order.
    void initialise(numpy::RandomState& rng) {
      const double scale = std::sqrt(2.0 / static_cast<double>(I));
      for (T& x : W) x = static_cast<T>(rng.standard_normal() * scale);
      for (T& x : b) x = T{0};
    }
    /// \brief out = fc_forward(z, W, b).
    /// \tparam Backend `ctnn::backend::reference` or `ctnn::backend::fast`.
    /// \param z the input.
    template <class Backend>
    void forward(const input_type& z) {
      ctnn::detail::fc::forward(Backend{}, z, W, b, out);
    }
    /// \brief dW, db, dz = fc_backward(next_dz, W, z).
    /// \tparam Backend `ctnn::backend::reference` or `ctnn::backend::fast`.
    /// \param next_dz the gradient of the output.
    /// \param z the input of the forward.
    template <class Backend>
    void backward(const output_type& next_dz, const input_type& z) {
      ctnn::detail::fc::backward(Backend{}, next_dz, W, z, dW, db, dz);
    }
    /// \brief Calls f("W", W, dW), then f("b", b, db).
    /// \param f what to call with each parameter's name, the parameter and its gradient.
    template <class F>
    void for_each_named_parameter(F&& f) {
      f("W", W, dW);
      f("b", b, db);
    }
  };
};

}  // namespace ctnn::nn

#endif  // CTNN_NN_DENSE_HPP
