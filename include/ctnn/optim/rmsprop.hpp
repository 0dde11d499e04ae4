/// \file
/// \brief `ctnn::optim::rmsprop`: RMSProp as post 0_4 has it, eqs. (6) and (5), epsilon inside
/// the square root.
#ifndef CTNN_OPTIM_RMSPROP_HPP
#define CTNN_OPTIM_RMSPROP_HPP

#include <array>
#include <cmath>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "ctnn/optim/state.hpp"

namespace ctnn::optim {

/// \brief RMSProp, post 0_4's eqs. (6) and (5): AdaGrad with a moving average of the squared
/// gradients in place of their sum, so that the learning rates stop shrinking.
///
/// An aggregate: `ctnn::optim::rmsprop opt{.lr = 0.001, .gamma = 0.9};` (the members in their
/// order; the others keep their defaults, the series'). Each `step(params)` updates every
/// parameter w with its gradient g, elementwise:
/// \f[ s \leftarrow \gamma s + (1 - \gamma) g^2, \qquad
///     w \leftarrow w - \frac{\eta_t}{\sqrt{s + \epsilon}} \, g \f]
/// with \f$ s_0 = 0 \f$, \f$ 0 < \gamma < 1 \f$ and
/// \f$ \eta_t = \eta / (1 + \mathrm{decay} \cdot t) \f$ (eq. (1)), t the steps taken before this
/// one.
///
/// \f$ \epsilon \f$ is inside the square root, as in the series (and the Gluon book it cites);
/// PyTorch's `torch.optim.RMSprop` adds it outside, \f$ \sqrt{s} + \epsilon \f$, calls
/// \f$ \gamma \f$ `alpha` with the default 0.99, and has no decay: the two agree for
/// \f$ \epsilon = 0 \f$, alpha = \f$ \gamma \f$, decay = 0.
///
/// The state is the average of squares s of each parameter (`state_names`:
/// "square_average"), allocated by the first step; later steps allocate nothing. `reset()`, or
/// copying a new `rmsprop` over this one, starts again from s = 0, t = 0.
struct rmsprop {
  /// The initial learning rate \f$ \eta \f$ (the series' default 0.01).
  double lr = 0.01;
  /// The decay \f$ \gamma \f$ of the moving average of squares (the series' default 0.9).
  double gamma = 0.9;
  /// \f$ \epsilon \f$, added to s under the square root (the series' default 1e-6).
  double epsilon = 1e-6;
  /// The learning-rate decay of eq. (1) (the series' default 0: a constant rate).
  double decay = 0;
  /// The steps taken: t of eq. (1) for the next step. Saved and restored with a checkpoint.
  std::size_t iterations = 0;
  /// The moving average of squared gradients s of every parameter (empty before the first step).
  state_buffers<1> state{};

  /// The name of each state buffer of a parameter, for `for_each_state`.
  static constexpr std::array<std::string_view, 1> state_names{"square_average"};

  /// \brief The learning rate the next step uses: \f$ \eta / (1 + \mathrm{decay} \cdot t) \f$,
  /// t = `iterations`.
  double learning_rate() const noexcept { return decayed_lr(lr, decay, iterations); }

  /// \brief One RMSProp step on every parameter of `params`,
  /// \f$ s \leftarrow \gamma s + (1 - \gamma) g^2 \f$,
  /// \f$ w \leftarrow w - \eta_t g / \sqrt{s + \epsilon} \f$, then `iterations + 1`.
  ///
  /// The first step allocates the averages, zero, for `params`' parameters; later steps
  /// allocate nothing.
  /// \param params `params.for_each_parameter(f)` calls `f(value, gradient)` for each parameter,
  /// in the same order on every step (see ctnn::optim).
  /// \throws std::invalid_argument when `params` does not have the parameters of the first
  /// step, naming the parameter's index and both sizes; nothing is updated then.
  template <class Params>
  void step(Params& params) {
    const double lr_t = learning_rate();
    state.update_each(params, "ctnn::optim::rmsprop",
                      [&](auto* w, const auto* g, auto buffers, std::size_t n) {
                        update(w, g, buffers[0], n, lr_t);
                      });
    ++iterations;
  }

  /// \brief Allocates the (zero) state for `params` without stepping, or checks it as `step`
  /// does: to restore a checkpoint into a new optimizer before its first step.
  template <class Params>
  void prepare(Params& params) {
    state.prepare(params, "ctnn::optim::rmsprop");
  }

  /// \brief Calls `f(name, i, values)` for the average of squares of each parameter i, in the
  /// order of `for_each_parameter`: `name` is "square_average", `values` a `std::span<T>` over
  /// it (read and write). Does nothing before the first step (or `prepare`).
  ///
  /// T is known at run time only: a generic `f` (`auto values`) is compiled for float and
  /// double; see state_buffers::for_each.
  template <class F>
  void for_each_state(F&& f) {
    state.for_each(state_names, f);
  }
  /// \brief As the other overload, with `values` a `std::span<const T>`.
  template <class F>
  void for_each_state(F&& f) const {
    state.for_each(state_names, f);
  }

  /// \brief Forgets the averages and sets `iterations` to 0, keeping the hyperparameters: the
  /// next step is a first step (and allocates).
  void reset() noexcept {
    iterations = 0;
    state.clear();
  }

 private:
  template <class T>
  void update(T* w, const T* g, T* s, std::size_t n, double lr_t) const {
    const T lr_ = static_cast<T>(lr_t), eps = static_cast<T>(epsilon);
    const T keep = static_cast<T>(gamma), take = static_cast<T>(1.0 - gamma);
    for (std::size_t j = 0; j < n; ++j) {
      s[j] = keep * s[j] + take * (g[j] * g[j]);
      w[j] -= lr_ * g[j] / std::sqrt(s[j] + eps);
    }
  }
};

}  // namespace ctnn::optim

#endif  // CTNN_OPTIM_RMSPROP_HPP
