/// \file
/// \brief `ctnn::optim::sgd`: mini-batch gradient descent with momentum and learning-rate decay,
/// post 0_4's eqs. (1)-(3), with PyTorch's momentum and Nesterov's as choices.
#ifndef CTNN_OPTIM_SGD_HPP
#define CTNN_OPTIM_SGD_HPP

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "ctnn/optim/state.hpp"

namespace ctnn::optim {

/// \brief Where `sgd` applies the learning rate: inside the velocity (the series) or to it
/// (PyTorch). With a constant learning rate both give the same steps; with `decay` they differ.
enum class momentum_form {
  /// Post 0_4's eqs. (2)-(3) (Keras 2's SGD has the same form):
  /// \f$ v \leftarrow \gamma v + \eta_t g \f$, \f$ w \leftarrow w - v \f$. The velocity carries
  /// the learning rates of the steps it remembers.
  series,
  /// `torch.optim.SGD`'s: \f$ v \leftarrow \gamma v + g \f$,
  /// \f$ w \leftarrow w - \eta_t v \f$. The velocity is in units of gradients, and the current
  /// learning rate scales all of it.
  pytorch,
};

/// \brief Mini-batch stochastic gradient descent with momentum, post 0_4's SGD.
///
/// An aggregate: `ctnn::optim::sgd opt{.lr = 0.01, .momentum = 0.9, .decay = 1e-6};` (the
/// members in their order; the others keep their defaults, the series'). Each `step(params)`
/// updates every parameter w with its gradient g, elementwise, with the learning rate of
/// eq. (1), \f$ \eta_t = \eta / (1 + \mathrm{decay} \cdot t) \f$, t the steps taken before:
///
/// | `form`, `nesterov` | velocity | update |
/// | --- | --- | --- |
/// | `series`, false (default; eqs. (2), (3)) | \f$ v \leftarrow \gamma v + \eta_t g \f$ | \f$ w \leftarrow w - v \f$ |
/// | `series`, true | \f$ v \leftarrow \gamma v + \eta_t g \f$ | \f$ w \leftarrow w - (\gamma v + \eta_t g) \f$ |
/// | `pytorch`, false | \f$ v \leftarrow \gamma v + g \f$ | \f$ w \leftarrow w - \eta_t v \f$ |
/// | `pytorch`, true | \f$ v \leftarrow \gamma v + g \f$ | \f$ w \leftarrow w - \eta_t (g + \gamma v) \f$ |
///
/// with \f$ v_0 = 0 \f$ and \f$ \gamma \f$ = `momentum`. Nesterov's update looks one step ahead:
/// it moves by the velocity the next step would have if the gradient stayed g. The `pytorch`
/// rows are `torch.optim.SGD(momentum=γ, nesterov=...)`'s (which has no decay); the Nesterov
/// `series` row is Keras 2's. With momentum 0 every row is \f$ w \leftarrow w - \eta_t g \f$.
///
/// The state is one velocity per parameter (`state_names`: "velocity"), allocated by the first
/// step; later steps allocate nothing. Copying a new `sgd` over this one, or `reset()`, starts
/// again from \f$ v = 0 \f$, t = 0.
struct sgd {
  /// The initial learning rate \f$ \eta \f$ (the series' default 0.01).
  double lr = 0.01;
  /// The momentum \f$ \gamma \f$ (the series' default 0.9); 0 for plain gradient descent.
  double momentum = 0.9;
  /// The learning-rate decay of eq. (1), \f$ \eta_t = \eta / (1 + \mathrm{decay} \cdot t) \f$
  /// (the series' default 1e-5; 0 for a constant rate, as PyTorch).
  double decay = 1e-5;
  /// Where the learning rate goes: `momentum_form::series` (eqs. (2), (3)) or
  /// `momentum_form::pytorch`.
  momentum_form form = momentum_form::series;
  /// Nesterov's momentum, in the chosen form (see the table above).
  bool nesterov = false;
  /// The steps taken: t of eq. (1) for the next step. Saved and restored with a checkpoint.
  std::size_t iterations = 0;
  /// The velocity v of every parameter (empty before the first step).
  state_buffers<1> state{};

  /// The name of each state buffer of a parameter, for `for_each_state`.
  static constexpr std::array<std::string_view, 1> state_names{"velocity"};

  /// \brief The learning rate the next step uses: \f$ \eta / (1 + \mathrm{decay} \cdot t) \f$,
  /// t = `iterations`.
  double learning_rate() const noexcept { return decayed_lr(lr, decay, iterations); }

  /// \brief One step of gradient descent on every parameter of `params` (see the table above),
  /// then `iterations + 1`.
  ///
  /// The first step allocates the velocities, zero, for `params`' parameters; later steps
  /// allocate nothing.
  /// \param params `params.for_each_parameter(f)` calls `f(value, gradient)` for each parameter,
  /// in the same order on every step (see ctnn::optim).
  /// \throws std::invalid_argument when `params` does not have the parameters of the first
  /// step (their number, a size or the element type differs), naming the parameter's index and
  /// both sizes; nothing is updated then.
  template <class Params>
  void step(Params& params) {
    const double lr_t = learning_rate();
    state.update_each(params, "ctnn::optim::sgd",
                      [&](auto* w, const auto* g, auto buffers, std::size_t n) {
                        update(w, g, buffers[0], n, lr_t);
                      });
    ++iterations;
  }

  /// \brief Allocates the (zero) state for `params` without stepping, or checks it as `step`
  /// does: to restore a checkpoint into a new optimizer before its first step.
  template <class Params>
  void prepare(Params& params) {
    state.prepare(params, "ctnn::optim::sgd");
  }

  /// \brief Calls `f(name, i, values)` for the velocity of each parameter i, in the order of
  /// `for_each_parameter`: `name` is "velocity", `values` a `std::span<T>` over it (read and
  /// write). Does nothing before the first step (or `prepare`).
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

  /// \brief Forgets the velocities and sets `iterations` to 0, keeping the hyperparameters: the
  /// next step is a first step (and allocates).
  void reset() noexcept {
    iterations = 0;
    state.clear();
  }

 private:
  template <class T>
  void update(T* w, const T* g, T* v, std::size_t n, double lr_t) const {
    const T lr_ = static_cast<T>(lr_t), m = static_cast<T>(momentum);
    if (form == momentum_form::series) {
      for (std::size_t j = 0; j < n; ++j) {
        v[j] = m * v[j] + lr_ * g[j];
        w[j] -= nesterov ? m * v[j] + lr_ * g[j] : v[j];
      }
    } else {
      for (std::size_t j = 0; j < n; ++j) {
        v[j] = m * v[j] + g[j];
        w[j] -= lr_ * (nesterov ? g[j] + m * v[j] : v[j]);
      }
    }
  }
};

}  // namespace ctnn::optim

#endif  // CTNN_OPTIM_SGD_HPP
