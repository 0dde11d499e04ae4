/// \file
/// \brief `ctnn::optim::state_buffers<K>`: what an optimizer remembers about each parameter
/// between steps (velocity, sums of squares, moments), and the learning-rate decay of post 0_4.
#ifndef CTNN_OPTIM_STATE_HPP
#define CTNN_OPTIM_STATE_HPP

#include <array>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "ctnn/tensor.hpp"

/// \brief The optimizers of post 0_4: `sgd`, `adagrad`, `rmsprop` and `adam`
/// (`ctnn/optim/optim.hpp`).
///
/// Each is an aggregate of its hyperparameters, its step count and its state, and has
/// `step(params)`, which updates every parameter of `params` once from its gradient. `params` is
/// anything with `params.for_each_parameter(f)` calling `f(value, gradient)` once per parameter,
/// in the same order on every call: `value` a `ctnn::Tensor<T, Dims...>&`, `gradient` a
/// `const ctnn::Tensor<T, Dims...>&` of the same type, T float or double and the same for every
/// parameter.
namespace ctnn::optim {

/// \brief The learning rate of step t, post 0_4's eq. (1):
/// \f$ \eta_t = \eta / (1 + \mathrm{decay} \cdot t) \f$.
///
/// t counts the steps taken before this one (0 on the first step), as in the series'
/// optimizers.py; `decay = 0` keeps \f$ \eta \f$ constant.
/// \param lr the initial learning rate \f$ \eta \f$.
/// \param decay the decay, \f$ \ge 0 \f$.
/// \param t the number of steps taken before this one.
constexpr double decayed_lr(double lr, double decay, std::size_t t) noexcept {
  return lr / (1.0 + decay * static_cast<double>(t));
}

namespace detail {

// True for a (value, gradient) pair as the optimizers take it: value a non-const lvalue
// Tensor<T, Dims...>, gradient a Tensor of the same type (the contract passes it as const&), T
// float or double. V and G are what decltype gives for forwarding references to them.
template <class V, class G>
inline constexpr bool optimizer_pair = false;
template <class T, std::size_t... Dims, class G>
inline constexpr bool optimizer_pair<Tensor<T, Dims...>&, G> =
    std::is_same_v<std::remove_cvref_t<G>, Tensor<T, Dims...>> &&
    (std::is_same_v<T, float> || std::is_same_v<T, double>);

template <class V, class G>
constexpr bool check_optimizer_pair() {
  constexpr bool ok = optimizer_pair<V, G>;
  static_assert(ok,
                "ctnn: an optimizer's params.for_each_parameter(f) must call f(value, gradient) "
                "with value a Tensor<T, Dims...>& and gradient a const Tensor<T, Dims...>& of the "
                "same type, T float or double");
  return ok;
}

}  // namespace detail

/// \brief The state an optimizer keeps for each parameter: K buffers of the parameter's size
/// (`sgd`'s velocity, `adam`'s two moments...), all zeros until the steps write them.
///
/// The buffers are allocated by the first `prepare` (the optimizer's first `step`), for the
/// parameters `params.for_each_parameter` visits then; afterwards `prepare` only checks that it
/// is given parameters of the same number, sizes and element type, and allocates nothing. All
/// the buffers of one element type (float or double, that of the parameters) lie in one vector:
/// buffer k of parameter i starts at \f$ k \cdot \mathrm{total} + \mathrm{offset}_i \f$.
///
/// A copy is an independent copy of the state; a default-constructed `state_buffers` is empty.
/// \tparam K the number of buffers per parameter.
template <std::size_t K>
class state_buffers {
 public:
  /// The number of buffers per parameter.
  static constexpr std::size_t buffers_per_parameter = K;

  /// \brief True before the first `prepare` (and after `clear`): no state yet.
  bool empty() const noexcept { return !prepared_; }

  /// \brief The number of parameters the state was made for (0 while `empty`).
  std::size_t parameter_count() const noexcept { return sizes_.size(); }

  /// \brief The number of elements of parameter `i` (and of each of its K buffers).
  /// \throws std::out_of_range when `i >= parameter_count()`.
  std::size_t parameter_size(std::size_t i) const { return sizes_.at(i); }

  /// \brief Allocates zero buffers for `params`' parameters when empty; otherwise checks that
  /// `params` has the parameters the buffers were made for, and allocates nothing.
  /// \param params visited once with `params.for_each_parameter(f)`.
  /// \param who the optimizer's name, for the message.
  /// \throws std::invalid_argument when the number of parameters, a parameter's number of
  /// elements or the element type differs from the state's, naming the parameter's index and
  /// both sizes. The state is then unchanged.
  template <class Params>
  void prepare(Params& params, std::string_view who) {
    if (prepared_)
      check(params, who);
    else
      allocate(params);
  }

  /// \brief `prepare(params, who)`, then `update(w, g, buffers, n)` for each parameter i in the
  /// order of `for_each_parameter`: w and g point at its n values and gradients, `buffers` is a
  /// `std::array<T*, K>` of its K state buffers. The loop every optimizer's `step` runs.
  /// \param params the parameters, as for `prepare`.
  /// \param who the optimizer's name, for `prepare`'s message.
  /// \param update the optimizer's elementwise update.
  template <class Params, class Update>
  void update_each(Params& params, std::string_view who, Update&& update) {
    prepare(params, who);
    std::size_t i = 0;
    params.for_each_parameter([&](auto&& value, auto&& gradient) {
      if constexpr (detail::optimizer_pair<decltype(value), decltype(gradient)>) {
        using T = typename std::remove_cvref_t<decltype(value)>::value_type;
        std::array<T*, K> buffers{};
        for (std::size_t k = 0; k < K; ++k) buffers[k] = buffer<T>(k, i).data();
        update(value.data(), gradient.data(), buffers, value.size);
      }
      ++i;
    });
  }

  /// \brief Buffer `k` of parameter `i`, as `T` (the parameters' element type).
  ///
  /// Valid after `prepare`, with `k < K`, `i < parameter_count()` and `T` the element type
  /// `prepare` saw; nothing is checked.
  template <class T>
  std::span<T> buffer(std::size_t k, std::size_t i) noexcept {
    return {storage<T>().data() + k * total_ + offsets_[i], sizes_[i]};
  }

  /// \brief Calls `f(names[k], i, values)` for every buffer: parameter by parameter in the order
  /// of `for_each_parameter`, and for each its K buffers in order; `values` is a
  /// `std::span<T>` of the parameter's size, T the parameters' element type. Does nothing while
  /// `empty`.
  ///
  /// For checkpoints: read (or write) each buffer, e.g. to a `.npy` file named after `names[k]`
  /// and `i`. The element type is known at run time only, so a generic `f` (`auto values`) is
  /// compiled for `std::span<float>` and `std::span<double>`; an `f` that takes only one of them
  /// is called when the state has that type.
  /// \throws std::invalid_argument when `f` does not take the state's element type.
  template <class F>
  void for_each(const std::array<std::string_view, K>& names, F&& f) {
    static_assert(takes_a_span<F, float> || takes_a_span<F, double>,
                  "ctnn: for_each_state(f) calls f(name, parameter, values) with values a "
                  "std::span<float> or std::span<double>");
    visit<float>(storage<float>().data(), names, f);
    visit<double>(storage<double>().data(), names, f);
  }
  /// \brief As the other overload, with `values` a `std::span<const T>`.
  template <class F>
  void for_each(const std::array<std::string_view, K>& names, F&& f) const {
    static_assert(takes_a_span<F, const float> || takes_a_span<F, const double>,
                  "ctnn: for_each_state(f) calls f(name, parameter, values) with values a "
                  "std::span<const float> or std::span<const double>");
    visit<const float>(storage<float>().data(), names, f);
    visit<const double>(storage<double>().data(), names, f);
  }

  /// \brief Forgets the state and frees its memory: the next `prepare` allocates again.
  void clear() noexcept { *this = state_buffers{}; }

 private:
  template <class T>
  auto& storage() noexcept {
    if constexpr (std::is_same_v<std::remove_const_t<T>, float>)
      return floats_;
    else
      return doubles_;
  }
  template <class T>
  const auto& storage() const noexcept {
    if constexpr (std::is_same_v<std::remove_const_t<T>, float>)
      return floats_;
    else
      return doubles_;
  }

  template <class F, class T>
  static constexpr bool takes_a_span =
      std::is_invocable_v<F&, std::string_view, std::size_t, std::span<T>>;

  // Calls f on every buffer if they hold T (float or double, const or not), and f takes them.
  template <class T, class F>
  void visit(T* base, const std::array<std::string_view, K>& names, F& f) const {
    if (total_ == 0 || float_ != std::is_same_v<std::remove_const_t<T>, float>) return;
    if constexpr (takes_a_span<F, T>) {
      for (std::size_t i = 0; i < sizes_.size(); ++i)
        for (std::size_t k = 0; k < K; ++k)
          f(names[k], i, std::span<T>(base + k * total_ + offsets_[i], sizes_[i]));
    } else {
      throw std::invalid_argument(std::string("ctnn::optim: the state is ") +
                                  (float_ ? "float" : "double") +
                                  ", and for_each_state's f does not take a std::span of it");
    }
  }

  template <class Params>
  void allocate(Params& params) {
    std::vector<std::size_t> sizes, offsets;
    std::size_t total = 0;
    int kinds = 0;  // bit 0: a float parameter, bit 1: a double one
    params.for_each_parameter([&](auto&& value, auto&& gradient) {
      using V = decltype(value);
      if constexpr (detail::check_optimizer_pair<V, decltype(gradient)>()) {
        using T = typename std::remove_cvref_t<V>::value_type;
        kinds |= std::is_same_v<T, float> ? 1 : 2;
        sizes.push_back(std::remove_cvref_t<V>::size);
        offsets.push_back(total);
        total += std::remove_cvref_t<V>::size;
      }
    });
    if (kinds == 3)
      throw std::invalid_argument(
          "ctnn::optim: the parameters mix float and double tensors; an optimizer takes one "
          "element type");
    std::vector<float> floats(kinds == 1 ? K * total : 0, 0.0f);
    std::vector<double> doubles(kinds == 2 ? K * total : 0, 0.0);
    sizes_ = std::move(sizes);
    offsets_ = std::move(offsets);
    floats_ = std::move(floats);
    doubles_ = std::move(doubles);
    total_ = total;
    float_ = kinds == 1;
    prepared_ = true;
  }

  template <class Params>
  void check(Params& params, std::string_view who) const {
    std::size_t i = 0;
    params.for_each_parameter([&](auto&& value, auto&& gradient) {
      using V = decltype(value);
      if constexpr (detail::check_optimizer_pair<V, decltype(gradient)>()) {
        using T = typename std::remove_cvref_t<V>::value_type;
        constexpr std::size_t size = std::remove_cvref_t<V>::size;
        if (i >= sizes_.size())
          fail(who, "parameter " + std::to_string(i) + " (of " + std::to_string(size) +
                        " elements) has no state: the state was made for " +
                        std::to_string(sizes_.size()) + " parameters");
        if (size != sizes_[i])
          fail(who, "parameter " + std::to_string(i) + " has " + std::to_string(size) +
                        " elements, but its state has " + std::to_string(sizes_[i]));
        if (std::is_same_v<T, float> != float_)
          fail(who, "parameter " + std::to_string(i) + " is a " + (float_ ? "double" : "float") +
                        " tensor, but the state is " + (float_ ? "float" : "double"));
      }
      ++i;
    });
    if (i != sizes_.size())
      fail(who, std::to_string(i) + " parameters given, but the state was made for " +
                    std::to_string(sizes_.size()));
  }

  [[noreturn]] static void fail(std::string_view who, const std::string& what) {
    throw std::invalid_argument(std::string(who) + ": " + what +
                                " (another set of parameters: reset() the optimizer or use a new "
                                "one)");
  }

  std::vector<std::size_t> sizes_;    // elements of each parameter
  std::vector<std::size_t> offsets_;  // where each parameter starts within a buffer
  std::size_t total_ = 0;             // elements of all parameters
  std::vector<float> floats_;         // the K buffers, one after the other, if T is float
  std::vector<double> doubles_;       // ... if T is double
  bool float_ = false;
  bool prepared_ = false;
};

}  // namespace ctnn::optim

#endif  // CTNN_OPTIM_STATE_HPP
