/// \file
/// \brief New tensors to start from: `zeros`, `ones`, and weights drawn from numpy's generator
/// (`uniform`, `he_normal`, `xavier_uniform`).
///
/// The random ones draw from ctnn::numpy::RandomState, so that a program seeded like a numpy
/// script starts from the same weights. fan_in and fan_out follow ctnn's layouts: a kernel K is
/// (C, D, k1, k2), input channels first, and a fully connected weight W is (I, O).
#ifndef CTNN_INIT_HPP
#define CTNN_INIT_HPP

#include <array>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

#include "ctnn/math.hpp"  // rule::floating_element
#include "ctnn/numpy_random.hpp"
#include "ctnn/rules.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn {

namespace rule {

/// \brief A weight has rank 2, W (I, O), or rank 4, K (C, D, k1, k2): the layouts whose fan_in
/// and fan_out ctnn knows.
template <std::size_t Rank>
inline constexpr bool weight_rank = Rank == 2 || Rank == 4;

}  // namespace rule

namespace check {

/// \brief The random initialisers fill floating-point tensors.
template <class T>
constexpr bool random_init() {
  static_assert(rule::floating_element<T>,
                "ctnn: uniform, he_normal and xavier_uniform fill floating-point tensors (float "
                "or double)");
  return rule::floating_element<T>;
}

/// \brief `he_normal` and `xavier_uniform`: a floating-point weight of a layout with a fan_in and
/// a fan_out (the rank is checked only once the element type holds, so that one error shows).
template <class T, std::size_t Rank>
constexpr bool fan_init() {
  if constexpr (!random_init<T>()) {
    return false;
  } else {
    static_assert(rule::weight_rank<Rank>,
                  "ctnn: he_normal and xavier_uniform need a weight W (I, O) or a kernel K (C, D, "
                  "k1, k2), whose fan_in and fan_out are known");
    return rule::weight_rank<Rank>;
  }
}

}  // namespace check

namespace detail {
// {fan_in, fan_out} of a weight with extents e: W (I, O) -> {I, O}; K (C, D, k1, k2) ->
// {C k1 k2, D k1 k2}; {0, 0} for other ranks, which the initialisers refuse.
template <std::size_t... Dims>
constexpr std::array<std::size_t, 2> fans() {
  constexpr std::array<std::size_t, sizeof...(Dims)> e{Dims...};
  if constexpr (e.size() == 2) {
    return {e[0], e[1]};
  } else if constexpr (e.size() == 4) {
    return {e[0] * e[2] * e[3], e[1] * e[2] * e[3]};
  } else {
    return {0, 0};
  }
}
}  // namespace detail

/// \brief The number of inputs each output of a layer with weight extents `Dims...` sums over.
///
/// For a kernel K (C, D, k1, k2), \f$ \mathrm{fan\_in} = C k_1 k_2 \f$ (one output value reads a
/// \f$ k_1 \times k_2 \f$ window of each of the C input channels); for a fully connected weight
/// W (I, O), \f$ \mathrm{fan\_in} = I \f$. 0 for other ranks. PyTorch's layout of a kernel is
/// (D, C, k1, k2), so its fan_in is computed from the second axis; the numbers are the same.
/// \tparam Dims the extents of the weight.
template <std::size_t... Dims>
inline constexpr std::size_t fan_in = detail::fans<Dims...>()[0];

/// \brief The number of outputs each input of a layer with weight extents `Dims...` feeds.
///
/// For a kernel K (C, D, k1, k2), \f$ \mathrm{fan\_out} = D k_1 k_2 \f$; for a fully connected
/// weight W (I, O), \f$ \mathrm{fan\_out} = O \f$. 0 for other ranks.
/// \tparam Dims the extents of the weight.
template <std::size_t... Dims>
inline constexpr std::size_t fan_out = detail::fans<Dims...>()[1];

/// \brief A tensor of zeros, `np.zeros(Dims)`; the same as `Tensor<T, Dims...>{}`.
/// \tparam T the element type.
/// \tparam Dims the extents.
template <class T, std::size_t... Dims>
constexpr Tensor<T, Dims...> zeros() {
  return Tensor<T, Dims...>{};
}

/// \brief A tensor of ones, `np.ones(Dims)`; the same as `Tensor<T, Dims...>::full(1)`.
/// \tparam T the element type.
/// \tparam Dims the extents.
template <class T, std::size_t... Dims>
constexpr Tensor<T, Dims...> ones() {
  return Tensor<T, Dims...>::full(T{1});
}

/// \brief Values uniform in [low, high), `np.random.uniform(low, high, Dims)`, value for value.
///
/// numpy's legacy generator computes each value as
/// \f$ \mathrm{low} + (\mathrm{high} - \mathrm{low})\,u \f$ in double, u from
/// `random_sample()`, in row-major order; so does this, and converts to T afterwards (as
/// `.astype(T)` would). The generator advances as numpy's does, so calls to `randn` and
/// `uniform` can be mixed in numpy's order.
/// \snippet tests/runtime/init_test.cpp uniform
/// \tparam T float or double.
/// \tparam Dims the extents.
/// \param rng the generator, as seeded by `np.random.seed`.
/// \param low the smallest value that can be drawn.
/// \param high the bound the values stay below.
/// \throws std::invalid_argument unless low <= high and high - low is finite (numpy raises
/// OverflowError for an infinite range, and calls high < low "undefined").
template <class T, std::size_t... Dims>
Tensor<T, Dims...> uniform(numpy::RandomState& rng, double low, double high) {
  Tensor<T, Dims...> t;
  if constexpr (check::random_init<T>()) {
    const double range = high - low;
    if (!(low <= high) || !std::isfinite(range))
      throw std::invalid_argument(
          "ctnn: uniform needs low <= high and a finite high - low, not "
          "low = " +
          std::to_string(low) + ", high = " + std::to_string(high));
    for (T& x : t) {
      // Rounded before the addition, as numpy's: without the volatile, g++ may fuse the two into
      // one multiply-add where the CPU has FMA (-march=native), and the last bit would differ.
      const volatile double step = range * rng.random_sample();
      x = static_cast<T>(low + step);
    }
  }
  return t;
}

/// \brief He (Kaiming) normal weights for a layer followed by a ReLU: standard normal values times
/// \f$ \sqrt{2 / \mathrm{fan\_in}} \f$.
///
/// Exactly `np.random.randn(*Dims) * np.sqrt(2 / fan_in)` in double, converted to T afterwards,
/// with fan_in from ctnn's layouts (ctnn::fan_in): C k1 k2 for a kernel K (C, D, k1, k2), I for a
/// fully connected weight W (I, O). The variance \f$ 2 / \mathrm{fan\_in} \f$ keeps the variance
/// of the activations from shrinking or growing from layer to layer when half of them are cut
/// off by the ReLU.
/// \snippet tests/runtime/init_test.cpp he_normal
/// \tparam T float or double.
/// \tparam Dims the extents: (I, O) or (C, D, k1, k2).
/// \param rng the generator, as seeded by `np.random.seed`.
template <class T, std::size_t... Dims>
Tensor<T, Dims...> he_normal(numpy::RandomState& rng) {
  Tensor<T, Dims...> t;
  if constexpr (check::fan_init<T, sizeof...(Dims)>()) {
    const double scale = std::sqrt(2.0 / static_cast<double>(fan_in<Dims...>));
    for (T& x : t) x = static_cast<T>(rng.standard_normal() * scale);
  }
  return t;
}

/// \brief Xavier (Glorot) uniform weights: uniform in \f$ [-a, a) \f$ with
/// \f$ a = \sqrt{6 / (\mathrm{fan\_in} + \mathrm{fan\_out})} \f$.
///
/// Exactly `np.random.uniform(-a, a, Dims)` (see `uniform`), with fan_in and fan_out from ctnn's
/// layouts (ctnn::fan_in, ctnn::fan_out): for a kernel K (C, D, k1, k2), C k1 k2 and D k1 k2; for
/// a fully connected weight W (I, O), I and O. The variance is
/// \f$ a^2 / 3 = 2 / (\mathrm{fan\_in} + \mathrm{fan\_out}) \f$, a compromise between keeping the
/// activations' variance (forward) and the gradients' (backward).
/// \tparam T float or double.
/// \tparam Dims the extents: (I, O) or (C, D, k1, k2).
/// \param rng the generator, as seeded by `np.random.seed`.
template <class T, std::size_t... Dims>
Tensor<T, Dims...> xavier_uniform(numpy::RandomState& rng) {
  if constexpr (!check::fan_init<T, sizeof...(Dims)>()) {
    return Tensor<T, Dims...>{};
  } else {
    const double a = std::sqrt(6.0 / static_cast<double>(fan_in<Dims...> + fan_out<Dims...>));
    return uniform<T, Dims...>(rng, -a, a);
  }
}

}  // namespace ctnn

#endif  // CTNN_INIT_HPP
