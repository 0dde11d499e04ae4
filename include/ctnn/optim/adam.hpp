/// \file
/// \brief `ctnn::optim::adam`: Adam (Kingma and Ba), with its bias correction computed as
/// `torch.optim.Adam` does, and post 0_4's learning-rate decay.
#ifndef CTNN_OPTIM_ADAM_HPP
#define CTNN_OPTIM_ADAM_HPP

#include <array>
#include <cmath>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "ctnn/optim/state.hpp"

namespace ctnn::optim {

/// \brief Adam: RMSProp's average of squares and a moving average of the gradients (momentum),
/// both corrected for starting at zero.
///
/// Post 0_4 names Adam in its title but stops before it (its optimizers.py has no Adam either):
/// this is Algorithm 1 of Kingma and Ba, "Adam: A Method for Stochastic Optimization" (2015),
/// computed in the order of `torch.optim.Adam` (PyTorch 1.13, `amsgrad=False`,
/// `weight_decay=0`), with the series' learning-rate decay added.
///
/// An aggregate: `ctnn::optim::adam opt{.lr = 1e-3, .beta1 = 0.9, .beta2 = 0.999};` (the members
/// in their order; the others keep their defaults, the paper's and PyTorch's). Step t = 1, 2,
/// ... updates every parameter w with its gradient g, elementwise:
/// \f[ m \leftarrow \beta_1 m + (1 - \beta_1) g, \qquad
///     v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \f]
/// \f[ w \leftarrow w - \frac{\eta_t}{1 - \beta_1^t} \cdot
///     \frac{m}{\sqrt{v} / \sqrt{1 - \beta_2^t} + \epsilon} \f]
/// with \f$ m_0 = v_0 = 0 \f$: the paper's \f$ w - \eta \hat m / (\sqrt{\hat v} + \epsilon) \f$,
/// \f$ \hat m = m / (1 - \beta_1^t) \f$, \f$ \hat v = v / (1 - \beta_2^t) \f$. The learning rate
/// is eq. (1)'s \f$ \eta_t = \eta / (1 + \mathrm{decay} \cdot (t - 1)) \f$ (t - 1 steps taken
/// before; PyTorch has no decay: decay = 0, the default, is PyTorch's Adam).
///
/// Unlike `adagrad` and `rmsprop` (the series'), \f$ \epsilon \f$ is outside the square root,
/// added to \f$ \sqrt{\hat v} \f$, as in the paper and PyTorch.
///
/// The state is m and v of each parameter (`state_names`: "first_moment", "second_moment"),
/// allocated by the first step; later steps allocate nothing. `reset()`, or copying a new `adam`
/// over this one, starts again from m = v = 0, t = 1.
struct adam {
  /// The initial learning rate \f$ \eta \f$ (default 1e-3).
  double lr = 1e-3;
  /// \f$ \beta_1 \f$, the decay of the moving average of gradients (default 0.9).
  double beta1 = 0.9;
  /// \f$ \beta_2 \f$, the decay of the moving average of squared gradients (default 0.999).
  double beta2 = 0.999;
  /// \f$ \epsilon \f$, added to \f$ \sqrt{\hat v} \f$ (outside the root; default 1e-8).
  double epsilon = 1e-8;
  /// The learning-rate decay of eq. (1) (default 0: a constant rate, as PyTorch).
  double decay = 0;
  /// The steps taken: the next step is t = `iterations` + 1 of the bias correction, and uses
  /// the learning rate of eq. (1) with `iterations`. Saved and restored with a checkpoint.
  std::size_t iterations = 0;
  /// The moments m and v of every parameter (empty before the first step).
  state_buffers<2> state{};

  /// The name of each state buffer of a parameter, for `for_each_state`: m, then v.
  static constexpr std::array<std::string_view, 2> state_names{"first_moment", "second_moment"};

  /// \brief The learning rate the next step uses before its bias correction:
  /// \f$ \eta / (1 + \mathrm{decay} \cdot \mathrm{iterations}) \f$.
  double learning_rate() const noexcept { return decayed_lr(lr, decay, iterations); }

  /// \brief One Adam step on every parameter of `params` (see above), then `iterations + 1`.
  ///
  /// The first step allocates the moments, zero, for `params`' parameters; later steps
  /// allocate nothing.
  /// \param params `params.for_each_parameter(f)` calls `f(value, gradient)` for each parameter,
  /// in the same order on every step (see ctnn::optim).
  /// \throws std::invalid_argument when `params` does not have the parameters of the first
  /// step, naming the parameter's index and both sizes; nothing is updated then.
  template <class Params>
  void step(Params& params) {
    const double t = static_cast<double>(iterations) + 1.0;
    const double step_size = learning_rate() / (1.0 - std::pow(beta1, t));
    const double correction2 = std::sqrt(1.0 - std::pow(beta2, t));
    state.update_each(params, "ctnn::optim::adam",
                      [&](auto* w, const auto* g, auto buffers, std::size_t n) {
                        update(w, g, buffers[0], buffers[1], n, step_size, correction2);
                      });
    ++iterations;
  }

  /// \brief Allocates the (zero) state for `params` without stepping, or checks it as `step`
  /// does: to restore a checkpoint into a new optimizer before its first step.
  template <class Params>
  void prepare(Params& params) {
    state.prepare(params, "ctnn::optim::adam");
  }

  /// \brief Calls `f(name, i, values)` for m, then v, of each parameter i, in the order of
  /// `for_each_parameter`: `name` is "first_moment" or "second_moment", `values` a
  /// `std::span<T>` over it (read and write). Does nothing before the first step (or
  /// `prepare`).
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

  /// \brief Forgets the moments and sets `iterations` to 0, keeping the hyperparameters: the
  /// next step is a first step (and allocates).
  void reset() noexcept {
    iterations = 0;
    state.clear();
  }

 private:
  // PyTorch's order: denom = sqrt(v) / sqrt(1 - beta2^t) + eps, w -= step_size * (m / denom).
  template <class T>
  void update(T* w, const T* g, T* m, T* v, std::size_t n, double step_size,
              double correction2) const {
    const T b1 = static_cast<T>(beta1), take1 = static_cast<T>(1.0 - beta1);
    const T b2 = static_cast<T>(beta2), take2 = static_cast<T>(1.0 - beta2);
    const T size = static_cast<T>(step_size), c2 = static_cast<T>(correction2);
    const T eps = static_cast<T>(epsilon);
    for (std::size_t j = 0; j < n; ++j) {
      m[j] = b1 * m[j] + take1 * g[j];
      v[j] = b2 * v[j] + take2 * (g[j] * g[j]);
      w[j] -= size * (m[j] / (std::sqrt(v[j]) / c2 + eps));
    }
  }
};

}  // namespace ctnn::optim

#endif  // CTNN_OPTIM_ADAM_HPP
