// ctnn::nn::sequential: the shapes it infers, forward and backward as the composition of the
// layer functions (exactly, on the reference backend), the fast backend against the reference,
// the whole-network gradient law on a compile-time sweep of 22 small networks of every layer
// kind (every parameter and the input, f64), the series' initialisation against numpy's numbers,
// and a training step that allocates nothing.
#define BOOST_TEST_MODULE sequential
#include <fmt/format.h>
#include <boost/hana/append.hpp>
#include <boost/hana/for_each.hpp>
#include <boost/hana/length.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>
#include <boost/test/unit_test.hpp>
#include <ctnn/nn/nn.hpp>
#include <ctnn/ops/activations/activations.hpp>
#include <ctnn/ops/conv2d/conv2d.hpp>
#include <ctnn/ops/fc/fc.hpp>
#include <ctnn/ops/flatten/flatten.hpp>
#include <ctnn/ops/pool2d/pool2d.hpp>
#include <ctnn/optim/optim.hpp>

#include "count_allocations.hpp"
#include "laws.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace hana = boost::hana;
namespace laws = ctnn_test::laws;
namespace nn = ctnn::nn;
using ctnn::Tensor;
using ctnn::backend::fast;
using ctnn::backend::reference;

namespace {

//! [lenet]
// LeNet-5 as in the network issue: the user writes the layers, the compiler every shape.
template <class T, std::size_t N>
using LeNet = nn::sequential<nn::input<T, N, 1, 28, 28>,                // T, N, C, H, W
                             nn::conv2d<6, 5, 5, ctnn::padding<2, 2>>,  // D, k1, k2, padding
                             nn::relu, nn::max_pool2d<2, 2>,            // k1, k2
                             nn::conv2d<16, 5, 5>, nn::relu, nn::max_pool2d<2, 2>, nn::flatten,
                             nn::dense<120>, nn::relu, nn::dense<84>, nn::relu, nn::dense<10>>;
static_assert(std::is_same_v<LeNet<float, 64>::output_type, Tensor<float, 64, 10>>);
static_assert(std::is_same_v<LeNet<float, 64>::shape<3>, Tensor<float, 64, 6, 14, 14>>);
static_assert(std::is_same_v<LeNet<float, 64>::shape<7>, Tensor<float, 64, 400>>);
//! [lenet]
static_assert(LeNet<float, 64>::size == 12);
static_assert(std::is_same_v<LeNet<double, 2>::shape<1>, Tensor<double, 2, 6, 28, 28>>);
static_assert(std::is_same_v<LeNet<double, 2>::shape<5>, Tensor<double, 2, 16, 10, 10>>);
static_assert(std::is_same_v<LeNet<double, 2>::kind<7>, nn::dense<120>>);

template <class T, std::size_t... Dims>
Tensor<T, Dims...> random(std::uint32_t seed) {
  return laws::projection<Tensor<T, Dims...>>(seed);
}

// Every parameter from a normal distribution (biases and prelu slopes too, so that they matter).
template <class Net>
void randomise(Net& net, std::uint32_t seed) {
  ctnn::numpy::RandomState rng{seed};
  net.for_each_parameter([&](auto& w, auto&) {
    for (auto& x : w)
      x = static_cast<std::remove_reference_t<decltype(x)>>(0.5 * rng.standard_normal());
  });
}

}  // namespace

// The summary, at compile time. Parameters by hand: conv 1*6*5*5 + 6 = 156, conv 6*16*5*5 + 16 =
// 2416, dense 400*120 + 120 = 48120, 120*84 + 84 = 10164, 84*10 + 10 = 850; 61706 in all.
static_assert(nn::summary<LeNet<float, 64>>.parameters == 61706);
static_assert(nn::summary<LeNet<float, 64>>.rows[0].parameters == 156);
static_assert(nn::summary<LeNet<float, 64>>.rows[3].parameters == 2416);
static_assert(nn::summary<LeNet<float, 64>>.rows[0].kind.view() ==
              "conv2d<6, 5, 5, padding<2, 2>>");
static_assert(nn::summary<LeNet<float, 64>>.rows[3].gets.extents[2] == 14);
static_assert(nn::summary<LeNet<float, 64>>.rows[6].gives.rank == 2);

BOOST_AUTO_TEST_CASE(summary_prints_the_shape_table) {
  const std::string table = fmt::format("{}", nn::summary<LeNet<float, 64>>);
  BOOST_TEST_MESSAGE(table);
  // the header, the input, one line per layer (kind, gets, gives, parameters), the total
  BOOST_TEST(std::count(table.begin(), table.end(), '\n') == 14);
  BOOST_TEST(table.find("input<float>") != std::string::npos);
  BOOST_TEST(table.find("    3  conv2d<16, 5, 5>") != std::string::npos);
  BOOST_TEST(table.find("(64, 6, 14, 14)    (64, 16, 10, 10)         2416\n") != std::string::npos);
  BOOST_TEST(table.find("    6  flatten") != std::string::npos);
  BOOST_TEST(table.find("(64, 16, 5, 5)     (64, 400)") != std::string::npos);
  BOOST_TEST(table.find("parameters in all: 61706") != std::string::npos);
  BOOST_TEST(table.find(" \n") == std::string::npos);  // no trailing blanks
}

BOOST_AUTO_TEST_CASE(initialised_as_the_series) {
  // Numbers from numpy: np.random.seed(0); randn(1, 6, 5, 5) * sqrt(2 / (25 + 150)), then
  // randn(6, 16, 5, 5) * sqrt(2 / (150 + 400)), randn(400, 120) * sqrt(2 / 400). Biases zeros.
  LeNet<double, 2> net{ctnn::numpy::RandomState{0}};
  BOOST_TEST(net.get<0>().K.data()[0] == 0.18858512831273744, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(net.get<0>().K.data()[149] == -0.0493454698921739,
             boost::test_tools::tolerance(1e-15));
  BOOST_TEST(net.get<3>().K.data()[0] == -0.004115123635514927,
             boost::test_tools::tolerance(1e-15));
  BOOST_TEST(net.get<7>().W.data()[0] == -0.1033605094101827, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(net.get<7>().W.data()[400 * 120 - 1] == 0.10724567790680163,
             boost::test_tools::tolerance(1e-15));
  BOOST_TEST(
      std::all_of(net.get<7>().b.begin(), net.get<7>().b.end(), [](double x) { return x == 0; }));
}

BOOST_AUTO_TEST_CASE(forward_and_backward_compose_the_layer_functions) {
  // The network on the reference backend is exactly the layer functions called one after the
  // other (same kernels, same order of operations): equality, no tolerance.
  LeNet<double, 2> net{ctnn::numpy::RandomState{1}};
  randomise(net, 2);
  const auto x = random<double, 2, 1, 28, 28>(3);
  const auto dy = random<double, 2, 10>(4);
  const auto& y = net.forward<reference>(x);
  const auto& dx = net.backward<reference>(dy);

  auto& c1 = net.get<0>();
  auto& c2 = net.get<3>();
  auto& d1 = net.get<7>();
  auto& d2 = net.get<9>();
  auto& d3 = net.get<11>();
  const auto z1 = ctnn::conv_forward(x, c1.K, c1.b, ctnn::padding<2, 2>);
  const auto a1 = ctnn::relu_forward(z1);
  const auto p1 = ctnn::max_pooling_forward(a1, ctnn::pooling<2, 2>);
  const auto z2 = ctnn::conv_forward(p1, c2.K, c2.b);
  const auto a2 = ctnn::relu_forward(z2);
  const auto p2 = ctnn::max_pooling_forward(a2, ctnn::pooling<2, 2>);
  const auto f = ctnn::flatten_forward(p2);
  const auto z3 = ctnn::fc_forward(f, d1.W, d1.b);
  const auto a3 = ctnn::relu_forward(z3);
  const auto z4 = ctnn::fc_forward(a3, d2.W, d2.b);
  const auto a4 = ctnn::relu_forward(z4);
  const auto z5 = ctnn::fc_forward(a4, d3.W, d3.b);
  BOOST_TEST((y == z5));
  BOOST_TEST((net.get<5>().out == p2));

  const auto g5 = ctnn::fc_backward(dy, d3.W, a4);
  const auto g4 = ctnn::fc_backward(ctnn::relu_backward(g5.dz, z4), d2.W, a3);
  const auto g3 = ctnn::fc_backward(ctnn::relu_backward(g4.dz, z3), d1.W, f);
  const auto gp2 =
      ctnn::max_pooling_backward(ctnn::flatten_backward(g3.dz, p2), a2, ctnn::pooling<2, 2>,
                                 ctnn::strides<2, 2>, ctnn::padding<0, 0>);
  const auto g2 = ctnn::conv_backward(ctnn::relu_backward(gp2, z2), c2.K, p1, ctnn::padding<0, 0>,
                                      ctnn::strides<1, 1>);
  const auto gp1 = ctnn::max_pooling_backward(g2.dz, a1, ctnn::pooling<2, 2>, ctnn::strides<2, 2>,
                                              ctnn::padding<0, 0>);
  const auto g1 = ctnn::conv_backward(ctnn::relu_backward(gp1, z1), c1.K, x, ctnn::padding<2, 2>,
                                      ctnn::strides<1, 1>);
  BOOST_TEST((d3.dW == g5.dW && d3.db == g5.db));
  BOOST_TEST((d2.dW == g4.dW && d2.db == g4.db));
  BOOST_TEST((d1.dW == g3.dW && d1.db == g3.db));
  BOOST_TEST((c2.dK == g2.dK && c2.db == g2.db));
  BOOST_TEST((c1.dK == g1.dK && c1.db == g1.db));
  BOOST_TEST((dx == g1.dz));
}

namespace {

using I4 = nn::input<double, 2, 2, 6, 6>;
using V = nn::input<double, 3, 5>;
using I7 = nn::input<double, 2, 1, 7, 7>;
template <std::size_t A, std::size_t B>
constexpr auto pad = ctnn::padding<A, B>;
template <std::size_t A, std::size_t B>
constexpr auto step = ctnn::strides<A, B>;
template <std::size_t A, std::size_t B>
constexpr auto floor_step = ctnn::floor_strides<A, B>;

// Small networks of every layer kind, every geometry tag, both input ranks (written out: 22
// types in one hana::tuple_t, swept at compile time).
constexpr auto sweep = hana::tuple_t<
    nn::sequential<I4, nn::conv2d<3, 3, 3>, nn::relu, nn::flatten, nn::dense<4>>,
    nn::sequential<I4, nn::conv2d<3, 3, 3, pad<1, 1>>, nn::tanh, nn::max_pool2d<2, 2>, nn::flatten,
                   nn::dense<3>>,
    nn::sequential<I4, nn::conv2d<2, 3, 3, step<3, 3>>, nn::sigmoid, nn::flatten, nn::dense<2>>,
    nn::sequential<I4, nn::conv2d<2, 3, 3, floor_step<2, 2>, pad<1, 1>>, nn::elu,
                   nn::global_avg_pool2d, nn::dense<3>>,
    nn::sequential<I4, nn::avg_pool2d<2, 2>, nn::conv2d<3, 2, 2>, nn::selu, nn::flatten,
                   nn::dense<2>>,
    nn::sequential<I4, nn::max_pool2d<3, 3, step<1, 1>, pad<1, 1>>, nn::conv2d<2, 3, 3>, nn::lrelu,
                   nn::global_max_pool2d, nn::dense<2>>,
    nn::sequential<I4, nn::conv2d<3, 1, 1>, nn::prelu, nn::flatten, nn::dense<3>, nn::tanh,
                   nn::dense<2>>,
    nn::sequential<V, nn::dense<4>, nn::relu, nn::dense<3>>,
    nn::sequential<V, nn::dense<4>, nn::sigmoid, nn::dense<2>, nn::prelu>,
    nn::sequential<V, nn::dense<6>, nn::elu, nn::dense<4>, nn::selu, nn::dense<2>>,
    nn::sequential<V, nn::dense<3>, nn::lrelu, nn::dense<3>, nn::tanh>,
    nn::sequential<I4, nn::conv2d<4, 3, 3>, nn::relu, nn::conv2d<2, 3, 3>, nn::relu, nn::flatten,
                   nn::dense<2>>,
    nn::sequential<I4, nn::conv2d<2, 2, 3, step<2, 3>>, nn::tanh, nn::flatten, nn::dense<2>>,
    nn::sequential<I4, nn::conv2d<3, 5, 5, pad<2, 2>>, nn::avg_pool2d<2, 2, pad<1, 1>>, nn::flatten,
                   nn::dense<2>>,
    nn::sequential<I4, nn::max_pool2d<2, 2>, nn::flatten, nn::dense<3>, nn::prelu, nn::dense<2>>,
    nn::sequential<I4, nn::conv2d<2, 3, 3>, nn::max_pool2d<2, 2>, nn::sigmoid,
                   nn::global_avg_pool2d, nn::dense<2>>,
    nn::sequential<I7, nn::conv2d<2, 3, 3, floor_step<2, 2>>, nn::relu, nn::flatten, nn::dense<2>>,
    // (7 - 2) % 2 = 1: floor strides leave the last row and column unread (zero gradient)
    nn::sequential<I7, nn::conv2d<2, 2, 2, floor_step<2, 2>>, nn::tanh, nn::flatten, nn::dense<2>>,
    nn::sequential<I7, nn::conv2d<2, 3, 3, pad<1, 1>, step<2, 2>>, nn::elu, nn::flatten,
                   nn::dense<2>>,
    nn::sequential<I4, nn::global_max_pool2d, nn::dense<3>, nn::relu, nn::dense<2>>,
    nn::sequential<I4, nn::flatten, nn::dense<3>, nn::selu, nn::dense<2>>,
    nn::sequential<I4, nn::conv2d<2, 3, 3>, nn::prelu, nn::avg_pool2d<3, 3, floor_step<2, 2>>,
                   nn::flatten, nn::dense<2>>>;
static_assert(decltype(hana::length(sweep))::value >= 20);

}  // namespace

BOOST_AUTO_TEST_CASE(gradient_law_for_whole_networks) {
  // L = <net(x), g>. backward(g) gives dL/dx and (1/N) dL/dw for every parameter w (the layers
  // divide by the batch size, as the series). Central differences with h = 1e-5 err by O(h^2)
  // times the third derivative through a few layers: 1e-8 measured at worst on these networks,
  // smooth almost everywhere (random inputs stay away from the kinks of relu and max).
  // Tolerance 1e-6 relative (floor 1e-3). The gradients are first filled with NaN: an element
  // backward forgot fails.
  double worst = 0;
  std::size_t networks = 0;
  hana::for_each(sweep, [&](auto type) {
    using Net = typename decltype(type)::type;
    using X = typename Net::input_type;
    using Y = typename Net::output_type;
    constexpr double N = static_cast<double>(X::extents[0]);
    Net net{ctnn::numpy::RandomState{7}};
    randomise(net, 8);
    X input = laws::projection<X>(10);
    const Y g = laws::projection<Y>(11);
    net.for_each_parameter([](auto&, auto& dw) {
      for (auto& v : dw) v = std::numeric_limits<double>::quiet_NaN();
    });
    net.template forward<reference>(input);
    const X dx = net.template backward<reference>(g);
    const auto loss = [&] { return laws::inner(net.template forward<reference>(input), g); };
    double net_worst = laws::worst_gradient_error(input, dx, loss);
    net.for_each_parameter([&](auto& w, auto& dw) {
      std::remove_reference_t<decltype(dw)> scaled = dw;
      for (auto& v : scaled) v *= N;
      net_worst = std::max(net_worst, laws::worst_gradient_error(w, scaled, loss));
    });
    BOOST_TEST_MESSAGE("network " << networks << ": worst relative error " << net_worst);
    BOOST_TEST(net_worst < 1e-6, "network " << networks << ": " << net_worst);
    worst = std::max(worst, net_worst);
    ++networks;
  });
  BOOST_TEST_MESSAGE("whole-network gradient law, " << networks << " networks, worst " << worst);
  BOOST_TEST(networks == 22u);
}

BOOST_AUTO_TEST_CASE(fast_agrees_with_reference) {
  // The same network, the same parameters, both backends: forward output, every gradient and the
  // input's within 1e-10 relative (floor 1e-12): the kernels sum in different orders, and
  // through a dozen layers the last bits differ (4e-12 seen on LeNet).
  hana::for_each(hana::append(sweep, hana::type_c<LeNet<double, 3>>), [&](auto type) {
    using Net = typename decltype(type)::type;
    using X = typename Net::input_type;
    using Y = typename Net::output_type;
    Net a{ctnn::numpy::RandomState{3}}, b{ctnn::numpy::RandomState{3}};
    const X x = laws::projection<X>(4);
    const Y g = laws::projection<Y>(5);
    const Y ya = a.template forward<reference>(x);
    const Y yb = b.template forward<fast>(x);
    const X da = a.template backward<reference>(g);
    const X db = b.template backward<fast>(g);
    double worst = 0;
    const auto compare = [&worst](const auto& p, const auto& q) {
      for (std::size_t i = 0; i < p.size; ++i)
        worst = std::max(worst, laws::relative_error(p.data()[i], q.data()[i], 1e-12));
    };
    compare(ya, yb);
    compare(da, db);
    std::vector<double> ga, gb;
    a.for_each_parameter([&](auto&, auto& d) { ga.insert(ga.end(), d.begin(), d.end()); });
    b.for_each_parameter([&](auto&, auto& d) { gb.insert(gb.end(), d.begin(), d.end()); });
    BOOST_TEST(ga.size() == gb.size());
    for (std::size_t i = 0; i < ga.size(); ++i)
      worst = std::max(worst, laws::relative_error(ga[i], gb[i], 1e-12));
    BOOST_TEST(worst < 1e-10);
  });
}

BOOST_AUTO_TEST_CASE(parameters_are_named_by_layer_and_visited_in_one_order) {
  LeNet<float, 2> net{ctnn::numpy::RandomState{0}};
  std::string names;
  std::vector<const float*> named, plain;
  net.for_each_named_parameter([&](std::size_t layer, std::string_view name, auto& w, auto& dw) {
    names += std::to_string(layer) + "." + std::string(name) + " ";
    BOOST_TEST(w.size == dw.size);
    named.push_back(w.data());
  });
  net.for_each_parameter([&](auto& w, auto&) { plain.push_back(w.data()); });
  BOOST_TEST(names == "0.K 0.b 3.K 3.b 7.W 7.b 9.W 9.b 11.W 11.b ");
  BOOST_TEST(named == plain, boost::test_tools::per_element());
  BOOST_TEST(named.front() == net.get<0>().K.data());
  BOOST_TEST(named.back() == net.get<11>().b.data());
  nn::sequential<nn::input<double, 2, 3>, nn::prelu, nn::dense<2>> p;
  names.clear();
  p.for_each_named_parameter([&](std::size_t layer, std::string_view name, auto&, auto&) {
    names += std::to_string(layer) + "." + std::string(name) + " ";
  });
  BOOST_TEST(names == "0.alpha 1.W 1.b ");
}

BOOST_AUTO_TEST_CASE(first_non_finite_output_names_where_a_nan_starts) {
  nn::sequential<nn::input<double, 2, 3>, nn::dense<4>, nn::relu, nn::dense<2>> net{
      ctnn::numpy::RandomState{0}};
  Tensor<double, 2, 3> x{1, 2, 3, 4, 5, 6};
  net.forward(x);
  BOOST_TEST(!net.first_non_finite_output().has_value());
  net.get<2>().W(1, 1) = std::numeric_limits<double>::infinity();  // only the last layer
  net.forward(x);
  BOOST_TEST(net.first_non_finite_output().value() == 2u);
  net.get<0>().b(3) = std::numeric_limits<double>::quiet_NaN();  // now from the first on
  net.forward(x);
  BOOST_TEST(net.first_non_finite_output().value() == 0u);
}

// backward_parameters skips only the first layer's input gradient: every parameter gradient is
// the one backward computes, bit for bit (the same kernels, in the same order), whatever the
// first layer's kind.
template <class Net, class Backend>
void check_backward_parameters() {
  Net a{ctnn::numpy::RandomState{3}}, b{ctnn::numpy::RandomState{3}};
  ctnn::numpy::RandomState rng{4};
  typename Net::input_type x;
  typename Net::output_type dy;
  for (auto& v : x) v = static_cast<typename Net::element_type>(rng.standard_normal());
  for (auto& v : dy) v = static_cast<typename Net::element_type>(rng.standard_normal());
  a.template forward<Backend>(x);
  a.template backward<Backend>(dy);
  b.template forward<Backend>(x);
  b.template backward_parameters<Backend>(dy);
  std::vector<double> ga, gb;
  a.for_each_parameter([&](auto&, auto& d) { ga.insert(ga.end(), d.begin(), d.end()); });
  b.for_each_parameter([&](auto&, auto& d) { gb.insert(gb.end(), d.begin(), d.end()); });
  BOOST_TEST(ga == gb, boost::test_tools::per_element());
  BOOST_TEST(!ga.empty());
}

BOOST_AUTO_TEST_CASE(backward_parameters_gives_the_gradients_of_backward) {
  check_backward_parameters<LeNet<float, 2>, fast>();
  check_backward_parameters<LeNet<double, 2>, reference>();
  using DenseFirst = nn::sequential<nn::input<double, 2, 5>, nn::dense<4>, nn::relu, nn::dense<3>>;
  check_backward_parameters<DenseFirst, fast>();
  using ReluFirst = nn::sequential<nn::input<double, 2, 1, 6, 6>, nn::relu, nn::conv2d<2, 3, 3>,
                                   nn::flatten, nn::dense<3>>;
  check_backward_parameters<ReluFirst, fast>();
  check_backward_parameters<ReluFirst, reference>();
  using PreluFirst = nn::sequential<nn::input<float, 2, 3>, nn::prelu, nn::dense<2>>;
  check_backward_parameters<PreluFirst, fast>();
  nn::sequential<nn::input<double, 2, 3>, nn::dense<2>> net;
  BOOST_CHECK_THROW(net.backward_parameters(Tensor<double, 2, 2>{}), std::logic_error);
}

BOOST_AUTO_TEST_CASE(backward_needs_a_forward_first) {
  nn::sequential<nn::input<double, 2, 3>, nn::dense<2>> net{ctnn::numpy::RandomState{0}};
  const Tensor<double, 2, 2> dy;
  BOOST_CHECK_THROW(net.backward(dy), std::logic_error);
  net.forward(Tensor<double, 2, 3>{});
  BOOST_CHECK_NO_THROW(net.backward(dy));
}

BOOST_AUTO_TEST_CASE(a_network_without_layers_passes_both_ways) {
  // The identity: forward gives x, backward gives dy.
  nn::sequential<nn::input<double, 1, 3>> net;
  const Tensor<double, 1, 3> x{1, 2, 3}, dy{10, 20, 30};
  BOOST_TEST((net.forward(x) == x));
  BOOST_TEST((net.backward(dy) == dy));
}

BOOST_AUTO_TEST_CASE(a_training_step_allocates_nothing) {
  // Forward, backward and an SGD step with the fast backend, after a first step (which sizes the
  // kernels' scratch space and the optimizer's state): no allocation at all.
  LeNet<float, 8> net{ctnn::numpy::RandomState{0}};
  ctnn::optim::sgd opt{.lr = 0.01, .momentum = 0.9, .decay = 1e-6};
  const auto x = random<float, 8, 1, 28, 28>(1);
  const auto dy = random<float, 8, 10>(2);
  net.forward(x);
  net.backward(dy);
  opt.step(net);
  const std::size_t before = ctnn_test::allocations.load();
  for (int i = 0; i < 3; ++i) {
    net.forward(x);
    net.backward(dy);
    opt.step(net);
  }
  BOOST_TEST(ctnn_test::allocations.load() - before == 0u);
}

// nn::max_pool2d on the fast backend routes its gradient to the winners its forward kept: the
// same dz, bit for bit, as the op-level kernel that searches the windows again, on ties, signed
// zeros and NaNs, with padded overlapping windows and floor strides; and after a reference
// forward, or for another z than the forward's, the fast backward searches again.
BOOST_AUTO_TEST_CASE(max_pool_backward_from_the_forwards_winners) {
  namespace k = ctnn::detail::pool2d;
  const auto check = [](auto net_type, auto value_type) {
    using Net = typename decltype(net_type)::type;
    using T = typename decltype(value_type)::type;
    using Z = typename Net::input_type;
    using Frame = typename nn::detail::pool2d<true, 3, 3, floor_step<2, 2>, pad<1, 1>>::frame;
    Net net;
    const T nan = std::numeric_limits<T>::quiet_NaN();
    const T values[8] = {T{0}, -T{0}, T{1}, T{1}, T{-1}, nan, -nan, T{2}};
    ctnn::numpy::RandomState rng{21};
    Z x;
    for (auto& v : x) v = values[static_cast<std::size_t>(rng.random_sample() * 8)];
    const auto g = laws::projection<typename Net::output_type>(22);
    Z want;
    k::max_backward(reference{}, g, x, want, Frame{});
    const auto same = [](const Z& a, const Z& b) {
      return std::memcmp(a.data(), b.data(), sizeof(T) * Z::size) == 0;
    };
    net.template forward<fast>(x);
    BOOST_TEST(same(net.template backward<fast>(g), want));
    net.template forward<reference>(x);  // no winners: the fast backward searches
    BOOST_TEST(same(net.template backward<fast>(g), want));
    net.template forward<fast>(x);
    auto& pool = net.template get<0>();
    const Z copy = x;  // another z than the forward's (the same values): searched again
    pool.dz = laws::nan_filled<Z>();
    pool.template backward<fast>(g, copy);
    BOOST_TEST(same(pool.dz, want));
  };
  check(hana::type_c<nn::sequential<nn::input<float, 2, 3, 9, 8>,
                                    nn::max_pool2d<3, 3, floor_step<2, 2>, pad<1, 1>>>>,
        hana::type_c<float>);
  check(hana::type_c<nn::sequential<nn::input<double, 2, 3, 9, 8>,
                                    nn::max_pool2d<3, 3, floor_step<2, 2>, pad<1, 1>>>>,
        hana::type_c<double>);
}
