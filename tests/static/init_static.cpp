// Compile-only checks of ctnn/init.hpp: building this file is the test. The random initialisers
// are not constexpr; tests/runtime/init_test.cpp runs them.
#include <ctnn/init.hpp>

namespace {

using ctnn::Tensor;

static_assert(ctnn::zeros<double, 2, 3>() == Tensor<double, 2, 3>{0, 0, 0, 0, 0, 0});
static_assert(ctnn::ones<int, 2, 2>() == Tensor<int, 2, 2>{1, 1, 1, 1});
static_assert(ctnn::ones<float>()() == 1.0f);

// fan_in and fan_out in ctnn's layouts.
// K (C, D, k1, k2) = (3, 8, 5, 5): each output reads 3 channels of 5 x 5, each input feeds 8.
static_assert(ctnn::fan_in<3, 8, 5, 5> == 3 * 5 * 5);
static_assert(ctnn::fan_out<3, 8, 5, 5> == 8 * 5 * 5);
// W (I, O) = (784, 10).
static_assert(ctnn::fan_in<784, 10> == 784 && ctnn::fan_out<784, 10> == 10);
static_assert(ctnn::fan_in<7> == 0 && ctnn::fan_out<2, 3, 4> == 0);  // no layout: refused

static_assert(ctnn::rule::weight_rank<2> && ctnn::rule::weight_rank<4>);
static_assert(!ctnn::rule::weight_rank<1> && !ctnn::rule::weight_rank<3>);

}  // namespace
