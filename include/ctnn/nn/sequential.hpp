/// \file
/// \brief `ctnn::nn::sequential<nn::input<...>, layers...>`: a network whose every shape the
/// compiler infers, layer after layer, and which names the first layer that does not fit.
#ifndef CTNN_NN_SEQUENTIAL_HPP
#define CTNN_NN_SEQUENTIAL_HPP

#include <boost/hana/append.hpp>
#include <boost/hana/at.hpp>
#include <boost/hana/back.hpp>
#include <boost/hana/fold_left.hpp>
#include <boost/hana/for_each.hpp>
#include <boost/hana/length.hpp>
#include <boost/hana/pair.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "ctnn/backend.hpp"
#include "ctnn/nn/error.hpp"
#include "ctnn/nn/input.hpp"
#include "ctnn/numpy_random.hpp"
#include "ctnn/rules.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn::nn {

namespace detail {

namespace hana = boost::hana;

// What layer kind L says of the input type In: its own verdict, or that it is no layer kind.
template <class L, class In>
constexpr auto verdict() {
  if constexpr (is_input<L>)
    return fails<why::input_comes_first_only>{};
  else if constexpr (requires { L::template infer<In>(); })
    return L::template infer<In>();
  else
    return fails<why::not_a_layer_kind>{};
}

template <class In>
struct gets_of;
template <class T, std::size_t... Dims>
struct gets_of<Tensor<T, Dims...>> {
  using type = gets<Dims...>;
};

// One step of the inference, for hana::fold_left: the state is the pair (the tensor types so
// far, the failure or void); a layer appends its output type, or records why it cannot, and the
// layers after a failure are not looked at (one error, about the first layer that does not fit).
inline constexpr auto infer_step = [](auto state, auto layer) {
  auto shapes = hana::first(state);
  using failure = typename decltype(+hana::second(state))::type;
  if constexpr (!std::is_void_v<failure>) {
    return state;
  } else {
    using In = typename std::remove_cvref_t<decltype(hana::back(shapes))>::type;
    using L = typename std::remove_cvref_t<decltype(layer)>::type;
    constexpr std::size_t index = decltype(hana::length(shapes))::value - 1;
    using V = decltype(verdict<L, In>());
    if constexpr (V::ok)
      return hana::make_pair(hana::append(shapes, hana::type_c<typename V::output>),
                             hana::type_c<void>);
    else
      return hana::make_pair(
          shapes,
          hana::type_c<error::layer<index, L, typename gets_of<In>::type, typename V::why>>);
  }
};

struct fits_everywhere {};

// Nothing, or the network's one compile error: V is then the error type, declared and never
// defined, and the compiler names it in full (not through an alias). Called from the network's
// constructors, not from its class body, so that the class itself stays valid and code that
// names its types adds no errors of its own.
template <class V>
constexpr void name_the_error() {
  static_cast<void>(sizeof(V));
}

// The whole inference: shape<I> is the type layer I gets (shape<size> what the network gives),
// and verdict is complete (fits_everywhere) or the incomplete error type naming the first
// layer that does not fit.
template <class Input, class... Layers>
struct chain {
  using input_error = typename input_check<Input>::type;
  static constexpr bool input_ok = std::is_void_v<input_error>;
  static constexpr auto result = [] {
    if constexpr (input_ok)
      return hana::fold_left(
          hana::tuple_t<Layers...>,
          hana::make_pair(hana::make_tuple(hana::type_c<typename Input::type>), hana::type_c<void>),
          infer_step);
    else
      return hana::make_pair(hana::make_tuple(hana::type_c<Tensor<double, 1>>),
                             hana::type_c<input_error>);
  }();
  using failure = typename decltype(+hana::second(result))::type;
  static constexpr bool ok = std::is_void_v<failure>;
  using verdict = std::conditional_t<ok, fits_everywhere, failure>;
  template <std::size_t I>
  using shape = typename decltype(+hana::at_c<I>(hana::first(result)))::type;
  static constexpr std::size_t known = decltype(hana::length(hana::first(result)))::value;
  using input_type = shape<0>;
  using output_type = shape<known - 1>;
};

// The states of the layers that fit, hana::tuple<L0::layer<shape 0>, L1::layer<shape 1>, ...>:
// all of them, or those before the first that does not fit (whose error has been given), so that
// code using those still compiles and the error stays the only one.
template <class Chain, class Kinds, class Indices>
struct states;
template <class Chain, class Kinds, std::size_t... I>
struct states<Chain, Kinds, std::index_sequence<I...>> {
  using type = hana::tuple<typename std::tuple_element_t<I, Kinds>::template layer<
      typename Chain::template shape<I>>...>;
};

}  // namespace detail

/// \brief A network: `nn::input<T, N, ...>`, then its layers in order; every shape in between
/// is inferred at compile time, and a layer that cannot take what the one before gives is one
/// compile error naming it (see ctnn/nn/error.hpp).
///
/// The network owns, allocated once, every layer's parameters and their gradients, every
/// layer's output and the gradient of every layer's input: after the first step (which sizes
/// the fast kernels' scratch space), forward and backward allocate nothing with the fast backend
/// (the reference kernels build temporaries; `cross_entropy_loss` returns a new dy).
/// \snippet tests/runtime/sequential_test.cpp lenet
/// \tparam Input `nn::input<T, N, C, H, W>` or `nn::input<T, N, F>`.
/// \tparam Layers the layer kinds: `nn::conv2d`, `nn::max_pool2d`, `nn::avg_pool2d`,
/// `nn::global_max_pool2d`, `nn::global_avg_pool2d`, `nn::flatten`, `nn::dense`, and the
/// activations `nn::relu`, `nn::lrelu`, `nn::prelu`, `nn::elu`, `nn::selu`, `nn::sigmoid`,
/// `nn::tanh`.
template <class Input, class... Layers>
class sequential {
  using chain = detail::chain<Input, Layers...>;

 public:
  /// The tensor type the network takes.
  using input_type = typename chain::input_type;
  /// The tensor type it gives.
  using output_type = typename chain::output_type;
  /// The element type of every tensor of the network.
  using element_type = typename input_type::value_type;
  /// How many layers it has, the input not counted.
  static constexpr std::size_t size = sizeof...(Layers);
  /// True when every layer fits; otherwise constructing the network is the compile error that
  /// names the first layer that does not.
  static constexpr bool fits = chain::ok;
  /// \brief The type layer I gets (I = size: what the network gives).
  /// \tparam I the layer, from 0.
  template <std::size_t I>
  using shape = typename chain::template shape<I>;
  /// \brief The kind of layer I, as written in the network's type.
  /// \tparam I the layer, from 0.
  template <std::size_t I>
  using kind = std::tuple_element_t<I, std::tuple<Layers...>>;

  /// \brief Every parameter zero (load or set them before training).
  sequential() { verify(); }
  /// \brief Parameters initialised as the series does (see each layer kind), drawn from rng in
  /// layer order.
  /// \param rng numpy's generator; `nn::sequential net{ctnn::numpy::RandomState{0}}`.
  explicit sequential(numpy::RandomState& rng) {
    verify();
    initialise(rng);
  }
  /// \brief As the constructor above, from a generator of its own.
  /// \param rng numpy's generator.
  explicit sequential(numpy::RandomState&& rng) : sequential(rng) {}

  /// \brief Draws every parameter again, as the constructor does.
  /// \param rng numpy's generator.
  void initialise(numpy::RandomState& rng) {
    boost::hana::for_each(layers_, [&rng](auto& layer) { layer.initialise(rng); });
  }

  /// \brief The forward pass: every layer's output, from x to the network's.
  /// \tparam Backend `ctnn::backend::fast` (the default) or `ctnn::backend::reference`.
  /// \param x the batch.
  /// \return the network's output, held by the network until the next forward.
  template <class Backend = backend::fast>
  const output_type& forward(const input_type& x) {
    static_assert(check::known_backend<Backend>());
    input_ = x;
    forwarded_ = true;
    if constexpr (chain::ok) forward_layers<Backend>(std::make_index_sequence<size>{});
    return output();
  }

  /// \brief The backward pass after a forward: every parameter's gradient and every layer's
  /// input gradient, from dy back to the network's input.
  /// \tparam Backend `ctnn::backend::fast` (the default) or `ctnn::backend::reference`.
  /// \param dy the gradient of the loss with respect to the network's output (the `dy` of
  /// `ctnn::cross_entropy_loss`).
  /// \return the gradient with respect to the network's input.
  /// \throws std::logic_error when no forward pass came before.
  template <class Backend = backend::fast>
  const input_type& backward(const output_type& dy) {
    static_assert(check::known_backend<Backend>());
    if (!forwarded_)
      throw std::logic_error(
          "ctnn: net.backward(dy) needs a net.forward(x) first: it reads every layer's input "
          "from that pass");
    if constexpr (size == 0) {
      return dy;
    } else if constexpr (!chain::ok) {
      return input_;
    } else {
      backward_layers<Backend>(dy, std::make_index_sequence<size>{});
      return boost::hana::at_c<0>(layers_).dz;
    }
  }

  /// \brief The backward pass of training: every parameter's gradient, as `backward`, but not
  /// the gradient of the network's input, which no step reads. The first layer skips it: a
  /// `conv2d` computes dK and db only (its input gradient costs as much as its forward pass), a
  /// layer without parameters does nothing; `get<0>().dz` is then stale.
  /// \tparam Backend `ctnn::backend::fast` (the default) or `ctnn::backend::reference`.
  /// \param dy the gradient of the loss with respect to the network's output.
  /// \throws std::logic_error when no forward pass came before.
  template <class Backend = backend::fast>
  void backward_parameters(const output_type& dy) {
    static_assert(check::known_backend<Backend>());
    if (!forwarded_)
      throw std::logic_error(
          "ctnn: net.backward_parameters(dy) needs a net.forward(x) first: it reads every "
          "layer's input from that pass");
    if constexpr (size != 0 && chain::ok)
      backward_layers<Backend, false>(dy, std::make_index_sequence<size>{});
  }

  /// \brief The network's output after the last forward.
  /// \return it.
  const output_type& output() const {
    if constexpr (size == 0)
      return input_;
    else if constexpr (!chain::ok)
      return unreached_;
    else
      return boost::hana::at_c<size - 1>(layers_).out;
  }

  /// \brief The first layer whose output, after the last forward, holds a NaN or an infinity:
  /// where a diverging training first went wrong.
  /// \return its index (from 0), or no value when every output is finite.
  std::optional<std::size_t> first_non_finite_output() const {
    return first_non_finite(std::make_index_sequence<fitting>{});
  }

  /// \brief Layer I (from 0, the input not counted): its parameters (`K`, `b`, `W`, `alpha`),
  /// their gradients (`dK`, `db`, `dW`, `dalpha`), its output `out` and input gradient `dz`.
  /// \tparam I the layer.
  /// \return the layer.
  template <std::size_t I>
  auto& get() {
    static_assert(I < size, "ctnn: net.get<I>() counts the layers from 0, the input not counted");
    if constexpr (I >= fitting) {
      verify();  // this layer, or one before it, does not fit: that error
      return unreached_;
    } else {
      return boost::hana::at_c<I>(layers_);
    }
  }
  /// \brief Layer I, read only.
  /// \tparam I the layer.
  /// \return the layer.
  template <std::size_t I>
  const auto& get() const {
    static_assert(I < size, "ctnn: net.get<I>() counts the layers from 0, the input not counted");
    if constexpr (I >= fitting) {
      verify();
      return unreached_;
    } else {
      return boost::hana::at_c<I>(layers_);
    }
  }

  /// \brief Nothing when every layer fits; otherwise the compile error that names the first
  /// layer that does not (see ctnn/nn/error.hpp). The constructors, `get` and `nn::summary` call
  /// it.
  static constexpr void verify() {
    if constexpr (!chain::ok) detail::name_the_error<typename chain::verdict>();
  }

  /// \brief Calls f(parameter, gradient) for every parameter, in layer order (within a layer:
  /// K or W, then b): what an optimizer's `step(net)` walks.
  /// \param f what to call.
  template <class F>
  void for_each_parameter(F&& f) {
    for_each_named_parameter([&f](std::size_t, std::string_view, auto& w, auto& g) { f(w, g); });
  }

  /// \brief Calls f(layer, name, parameter, gradient) for every parameter, in the order of
  /// `for_each_parameter`: `layer` its layer's index (from 0), `name` its name in that layer
  /// ("K", "b", "W", "alpha"). What a checkpoint names its files after.
  /// \param f what to call.
  template <class F>
  void for_each_named_parameter(F&& f) {
    for_each_layer_parameter(f, std::make_index_sequence<fitting>{});
  }

 private:
  template <std::size_t... I>
  std::optional<std::size_t> first_non_finite(std::index_sequence<I...>) const {
    std::optional<std::size_t> found;
    const auto finite = [](const auto& t) {
      for (const auto& x : t)
        if (!(x - x == x - x)) return false;  // x - x is nan for nan and for +-inf
      return true;
    };
    ((found || finite(boost::hana::at_c<I>(layers_).out) ? void() : void(found = I)), ...);
    return found;
  }
  template <class F, std::size_t... I>
  void for_each_layer_parameter(F& f, std::index_sequence<I...>) {
    (boost::hana::at_c<I>(layers_).for_each_named_parameter(
         [&f](std::string_view name, auto& w, auto& g) { f(I, name, w, g); }),
     ...);
  }
  template <std::size_t I>
  const auto& input_of() const {
    if constexpr (I == 0)
      return input_;
    else
      return boost::hana::at_c<I - 1>(layers_).out;
  }
  template <class Backend, std::size_t... I>
  void forward_layers(std::index_sequence<I...>) {
    (boost::hana::at_c<I>(layers_).template forward<Backend>(input_of<I>()), ...);
  }
  template <class Backend, bool InputGradient, std::size_t I>
  void backward_layer(const output_type& dy) {
    auto& layer = boost::hana::at_c<I>(layers_);
    const auto& next_dz = [&]() -> decltype(auto) {
      if constexpr (I + 1 == size)
        return dy;
      else
        return (boost::hana::at_c<I + 1>(layers_).dz);
    }();
    using state = std::remove_cvref_t<decltype(layer)>;
    if constexpr (I != 0 || InputGradient)
      layer.template backward<Backend>(next_dz, input_of<I>());
    else if constexpr (requires { layer.template backward_parameters<Backend>(next_dz, input_); })
      layer.template backward_parameters<Backend>(next_dz, input_of<I>());
    else if constexpr (state::parameters != 0)  // dense, prelu: dz comes with the rest
      layer.template backward<Backend>(next_dz, input_of<I>());
  }
  template <class Backend, bool InputGradient = true, std::size_t... I>
  void backward_layers(const output_type& dy, std::index_sequence<I...>) {
    (backward_layer<Backend, InputGradient, size - 1 - I>(dy), ...);
  }

  // How many layers fit: all of them, or those before the one that does not.
  static constexpr std::size_t fitting = chain::known - 1;
  using layers_type = typename detail::states<chain, std::tuple<Layers...>,
                                              std::make_index_sequence<fitting>>::type;
  input_type input_;
  bool forwarded_ = false;
  layers_type layers_;
  // What output() and get() refer to when a layer does not fit (the error has been given).
  struct none {};
  [[no_unique_address]] std::conditional_t<chain::ok, none, output_type> unreached_;
};

}  // namespace ctnn::nn

#endif  // CTNN_NN_SEQUENTIAL_HPP
