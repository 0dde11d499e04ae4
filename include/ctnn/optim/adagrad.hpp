/// \file
/// \brief `ctnn::optim::adagrad`: AdaGrad as post 0_4 has it, eqs. (4)-(5), epsilon inside the
/// square root.
#ifndef CTNN_OPTIM_ADAGRAD_HPP
#define CTNN_OPTIM_ADAGRAD_HPP

#include <array>
#include <cmath>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "ctnn/optim/state.hpp"

namespace ctnn::optim {

/// \brief AdaGrad, post 0_4's eqs. (4) and (5): every element gets a learning rate of its own,
/// which shrinks as its squared gradients add up.
///
/// An aggregate: `ctnn::optim::adagrad opt{.lr = 0.1, .epsilon = 1e-6};` (the members in their
/// order; the others keep their defaults, the series'). Each `step(params)` updates every
/// parameter w with its gradient g, elementwise:
/// \f[ s \leftarrow s + g^2, \qquad w \leftarrow w - \frac{\eta_t}{\sqrt{s + \epsilon}} \, g \f]
/// with \f$ s_0 = 0 \f$ and \f$ \eta_t = \eta / (1 + \mathrm{decay} \cdot t) \f$ (eq. (1)), t the
/// steps taken before this one.
///
/// \f$ \epsilon \f$ is inside the square root, as in the series (and the Gluon book it cites);
/// PyTorch's `torch.optim.Adagrad` adds it outside, \f$ \sqrt{s} + \epsilon \f$, so the two
/// agree only for \f$ \epsilon = 0 \f$. PyTorch's `lr_decay` is this `decay` (the same
/// eq. (1)).
///
/// The state is the sum of squares s of each parameter (`state_names`: "square_sum"),
/// allocated by the first step; later steps allocate nothing. `reset()`, or copying a new
/// `adagrad` over this one, starts again from s = 0, t = 0.
struct adagrad {
  /// The initial learning rate \f$ \eta \f$ (the series' default 0.01).
  double lr = 0.01;
  /// \f$ \epsilon \f$, added to s under the square root (the series' default 1e-6).
  double epsilon = 1e-6;
  /// The learning-rate decay of eq. (1) (the series' default 0: a constant rate).
  double decay = 0;
  /// The steps taken: t of eq. (1) for the next step. Saved and restored with a checkpoint.
  std::size_t iterations = 0;
  /// The sum of squared gradients s of every parameter (empty before the first step).
  state_buffers<1> state{};

  /// The name of each state buffer of a parameter, for `for_each_state`.
  static constexpr std::array<std::string_view, 1> state_names{"square_sum"};

  /// \brief The learning rate the next step uses: \f$ \eta / (1 + \mathrm{decay} \cdot t) \f$,
  /// t = `iterations`.
  double learning_rate() const noexcept { return decayed_lr(lr, decay, iterations); }

  /// \brief One AdaGrad step on every parameter of `params`,
  /// \f$ s \leftarrow s + g^2 \f$, \f$ w \leftarrow w - \eta_t g / \sqrt{s + \epsilon} \f$, then
  /// `iterations + 1`.
  ///
  /// The first step allocates the sums, zero, for `params`' parameters; later steps allocate
  /// nothing.
  /// \param params `params.for_each_parameter(f)` calls `f(value, gradient)` for each parameter,
  /// in the same order on every step (see ctnn::optim).
  /// \throws std::invalid_argument when `params` does not have the parameters of the first
  /// step, naming the parameter's index and both sizes; nothing is updated then.
  template <class Params>
  void step(Params& params) {
    const double lr_t = learning_rate();
    state.update_each(params, "ctnn::optim::adagrad",
                      [&](auto* w, const auto* g, auto buffers, std::size_t n) {
                        update(w, g, buffers[0], n, lr_t);
                      });
    ++iterations;
  }

  /// \brief Allocates the (zero) state for `params` without stepping, or checks it as `step`
  /// does: to restore a checkpoint into a new optimizer before its first step.
  template <class Params>
  void prepare(Params& params) {
    state.prepare(params, "ctnn::optim::adagrad");
  }

  /// \brief Calls `f(name, i, values)` for the sum of squares of each parameter i, in the order
  /// of `for_each_parameter`: `name` is "square_sum", `values` a `std::span<T>` over it (read
  /// and write). Does nothing before the first step (or `prepare`).
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

  /// \brief Forgets the sums of squares and sets `iterations` to 0, keeping the
  /// hyperparameters: the next step is a first step (and allocates).
  void reset() noexcept {
    iterations = 0;
    state.clear();
  }

 private:
  template <class T>
  void update(T* w, const T* g, T* s, std::size_t n, double lr_t) const {
    const T lr_ = static_cast<T>(lr_t), eps = static_cast<T>(epsilon);
    for (std::size_t j = 0; j < n; ++j) {
      s[j] += g[j] * g[j];
      w[j] -= lr_ * g[j] / std::sqrt(s[j] + eps);
    }
  }
};

}  // namespace ctnn::optim

#endif  // CTNN_OPTIM_ADAGRAD_HPP
