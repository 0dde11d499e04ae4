// Compile-only checks of ctnn/math.hpp: building this file is the test. exp, log and sqrt are
// not constexpr (the C library's are not, in C++20); tests/runtime/math_test.cpp runs them.
#include <ctnn/math.hpp>

#include <bit>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace {

using ctnn::Tensor;

// abs: the sign goes, -0.0 becomes +0.0, the most negative integer stays itself (numpy's too).
static_assert(ctnn::abs(Tensor<int, 4>{-3, 0, 5, -7}) == Tensor<int, 4>{3, 0, 5, 7});
static_assert(ctnn::abs(Tensor<double, 3>{-1.5, 2.5, -0.0}) == Tensor<double, 3>{1.5, 2.5, 0.0});
static_assert(std::bit_cast<std::uint64_t>(ctnn::abs(Tensor<double, 1>{-0.0})(0)) == 0);
static_assert(ctnn::abs(Tensor<std::int8_t, 2>{std::int8_t{-128}, std::int8_t{-127}}) ==
              Tensor<std::int8_t, 2>{std::int8_t{-128}, std::int8_t{127}});
static_assert(ctnn::abs(Tensor<unsigned, 2>{0u, 4000000000u}) ==
              Tensor<unsigned, 2>{0u, 4000000000u});

// maximum and minimum with a scalar: ReLU and clipping.
static_assert(ctnn::maximum(Tensor<double, 4>{-2, -0.5, 0, 3}, 0) == Tensor<double, 4>{0, 0, 0, 3});
static_assert(ctnn::maximum(Tensor<float, 3>{-1, 1, 2}, 0.0f) == Tensor<float, 3>{0, 1, 2});
static_assert(ctnn::maximum(Tensor<float, 3>{-1, 1, 2}, 0) == Tensor<float, 3>{0, 1, 2});  // int
static_assert(ctnn::minimum(Tensor<int, 3>{-1, 1, 2}, 1) == Tensor<int, 3>{-1, 1, 1});
// ... and of two tensors.
static_assert(ctnn::maximum(Tensor<int, 2, 2>{1, 5, -3, 0}, Tensor<int, 2, 2>{2, 4, -3, -1}) ==
              Tensor<int, 2, 2>{2, 5, -3, 0});
static_assert(ctnn::minimum(Tensor<int, 2, 2>{1, 5, -3, 0}, Tensor<int, 2, 2>{2, 4, -3, -1}) ==
              Tensor<int, 2, 2>{1, 4, -3, -1});

// sum of everything: 1 + 2 + ... + 6 = 21.
static_assert(ctnn::sum(Tensor<int, 2, 3>{1, 2, 3, 4, 5, 6}) == 21);
static_assert(ctnn::sum(Tensor<double, 2, 2>{0.5, 0.25, 0.125, 0.125}) == 1.0);
// numpy's pairwise order, in float: 2^24 + 1 rounds to 2^24 (a tie, to even), so one running sum
// loses all fifteen ones; eight running sums give 2^24 (the ones beside it lost), 2, 2, ..., 2,
// which add up exactly to 2^24 + 14 (np.sum gives 16777230.0 too).
static_assert(ctnn::sum(Tensor<float, 16>{16777216.0f, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                          1}) == 16777230.0f);
// Integers wrap around, as np.sum(t, dtype=np.int8): 300 - 256 = 44.
static_assert(ctnn::sum(Tensor<std::int8_t, 3>::full(std::int8_t{100})) == 44);

// sum<Axis>: the axis goes from the shape.
static_assert(
    std::is_same_v<decltype(ctnn::sum<0>(Tensor<double, 2, 3, 4>{})), Tensor<double, 3, 4>>);
static_assert(
    std::is_same_v<decltype(ctnn::sum<1>(Tensor<double, 2, 3, 4>{})), Tensor<double, 2, 4>>);
static_assert(
    std::is_same_v<decltype(ctnn::sum<2>(Tensor<double, 2, 3, 4>{})), Tensor<double, 2, 3>>);
static_assert(std::is_same_v<decltype(ctnn::sum<0>(Tensor<int, 5>{})), Tensor<int>>);  // rank 0
// [[1, 2, 3], [4, 5, 6]]: columns 5, 7, 9; rows 6, 15.
static_assert(ctnn::sum<0>(Tensor<int, 2, 3>{1, 2, 3, 4, 5, 6}) == Tensor<int, 3>{5, 7, 9});
static_assert(ctnn::sum<1>(Tensor<int, 2, 3>{1, 2, 3, 4, 5, 6}) == Tensor<int, 2>{6, 15});
static_assert(ctnn::sum<0>(Tensor<int, 3>{1, 2, 3})() == 6);

// The rules, as plain predicates.
static_assert(ctnn::rule::floating_element<float> && ctnn::rule::floating_element<double>);
static_assert(!ctnn::rule::floating_element<int> && !ctnn::rule::floating_element<bool>);
static_assert(ctnn::rule::axis_exists<2, 3> && !ctnn::rule::axis_exists<3, 3>);

}  // namespace
