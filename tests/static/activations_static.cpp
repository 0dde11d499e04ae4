// Compile-only checks of ctnn/ops/activations: building this file is the test. The result types
// of every activation (z's type, whatever the rank and the backend; prelu's gradients the types
// of z and alpha) and the predicates of its rules. The kernels call exp, which is not constexpr:
// tests/runtime/activations_test.cpp runs them.
#include <ctnn/ops/activations/activations.hpp>

#include <type_traits>
#include <utility>

namespace {

using ctnn::Tensor;
using F = ctnn::backend::fast;

template <class T>
T value() {
  return std::declval<T>();
}

using Z4 = Tensor<float, 2, 3, 4, 4>;
using Z1 = Tensor<double, 7>;
using Z0 = Tensor<double>;

// Forward and backward return z's type, at every rank, on both backends.
static_assert(std::is_same_v<decltype(ctnn::relu_forward(value<Z4>())), Z4>);
static_assert(std::is_same_v<decltype(ctnn::relu_forward<F>(value<Z4>())), Z4>);
static_assert(std::is_same_v<decltype(ctnn::relu_backward(value<Z1>(), value<Z1>())), Z1>);
static_assert(std::is_same_v<decltype(ctnn::lrelu_forward(value<Z4>())), Z4>);
static_assert(std::is_same_v<decltype(ctnn::lrelu_forward(value<Z4>(), 0.2f)), Z4>);
static_assert(std::is_same_v<decltype(ctnn::lrelu_backward<F>(value<Z4>(), value<Z4>(), 1)), Z4>);
static_assert(std::is_same_v<decltype(ctnn::elu_forward(value<Z0>())), Z0>);
static_assert(std::is_same_v<decltype(ctnn::elu_backward(value<Z1>(), value<Z1>(), 0.5f)), Z1>);
static_assert(std::is_same_v<decltype(ctnn::selu_forward(value<Z4>())), Z4>);
static_assert(std::is_same_v<decltype(ctnn::selu_backward<F>(value<Z4>(), value<Z4>())), Z4>);
static_assert(std::is_same_v<decltype(ctnn::sigmoid_forward(value<Z1>())), Z1>);
static_assert(std::is_same_v<decltype(ctnn::sigmoid_backward(value<Z4>(), value<Z4>())), Z4>);
static_assert(std::is_same_v<decltype(ctnn::tanh_forward<F>(value<Z0>())), Z0>);
static_assert(std::is_same_v<decltype(ctnn::tanh_backward(value<Z1>(), value<Z1>())), Z1>);

// prelu: alpha (C,) or (1,); the gradients have the types of z and alpha.
using A3 = Tensor<float, 3>;
using A1 = Tensor<float, 1>;
static_assert(std::is_same_v<decltype(ctnn::prelu_forward(value<Z4>(), value<A3>())), Z4>);
static_assert(std::is_same_v<decltype(ctnn::prelu_forward<F>(value<Z4>(), value<A1>())), Z4>);
static_assert(std::is_same_v<decltype(ctnn::prelu_backward(value<Z4>(), value<Z4>(), value<A3>())),
                             ctnn::prelu_gradients<Z4, A3>>);
static_assert(std::is_same_v<decltype(ctnn::prelu_backward(value<Z1>(), value<Z1>(),
                                                           value<Tensor<double, 1>>())),
                             ctnn::prelu_gradients<Z1, Tensor<double, 1>>>);
static_assert(std::is_same_v<decltype(value<ctnn::prelu_gradients<Z4, A3>>().dz), Z4>);
static_assert(std::is_same_v<decltype(value<ctnn::prelu_gradients<Z4, A3>>().dalpha), A3>);

// The rules' predicates.
static_assert(ctnn::rule::alpha_per_channel<3, 3>);
static_assert(ctnn::rule::alpha_per_channel<3, 1>);
static_assert(not ctnn::rule::alpha_per_channel<3, 2>);
static_assert(not ctnn::rule::alpha_per_channel<3, 2, 3, 4, 4>);  // the series' z-shaped alpha
static_assert(not ctnn::rule::alpha_per_channel<3, 1, 3>);
static_assert(not ctnn::rule::alpha_per_channel<3>);  // a rank-0 alpha
static_assert(ctnn::check::channels_of<Z4> == 3);
static_assert(ctnn::check::channels_of<Z1> == 1);  // no channel axis below rank 2
static_assert(ctnn::check::channels_of<Z0> == 1);
static_assert(ctnn::check::batch_of<Z4> == 2);
static_assert(ctnn::check::batch_of<Z1> == 7);
static_assert(ctnn::check::batch_of<Z0> == 1);
static_assert(ctnn::rule::floating_element<float> && not ctnn::rule::floating_element<int>);
static_assert(ctnn::rule::scalar_without_narrowing<float, double>);
static_assert(not ctnn::rule::scalar_without_narrowing<double, float>);

// SELU's constants, rounded into each type.
static_assert(ctnn::selu_lambda<double> == 1.0507009873554804934193349852946);
static_assert(ctnn::selu_alpha<float> == 1.6732632423543772848170429916717f);

}  // namespace
