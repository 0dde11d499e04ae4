// Compile-only checks of Tensor: building this file is the test.
#include <ctnn/tensor.hpp>

#include <type_traits>

namespace {

using ctnn::Tensor;

//! [tensor]
using Z = Tensor<double, 3, 3, 28, 28>;  // z of the original experiment: (N, C, H, W)
static_assert(Z::rank == 4);
static_assert(Z::size == 3 * 3 * 28 * 28);
static_assert(Z::extents[2] == 28);
static_assert(Z::memory_strides[0] == 3 * 28 * 28 && Z::memory_strides[3] == 1);  // row-major
//! [tensor]

// A new tensor is zeros; values go in row-major order; access reads them back.
static_assert([] {
  Tensor<int, 2, 3> t{1, 2, 3, 4, 5, 6};
  return Tensor<int, 2, 3>{}(1, 2) == 0 && t(0, 0) == 1 && t(0, 2) == 3 && t(1, 0) == 4 &&
         t(1, 2) == 6;
}());

// Element-wise arithmetic and equality work in constant expressions.
static_assert([] {
  const Tensor<double, 2, 2> a{1, 2, 3, 4};
  const Tensor<double, 2, 2> b{10, 20, 30, 40};
  return (a + b == Tensor<double, 2, 2>{11, 22, 33, 44}) &&
         (b - a == Tensor<double, 2, 2>{9, 18, 27, 36}) && (2.0 * a == a * 2.0) &&
         (2.0 * a == Tensor<double, 2, 2>{2, 4, 6, 8}) && !(a == b);
}());

// Copies are deep; a move leaves the source empty.
static_assert([] {
  Tensor<int, 3> a{1, 2, 3};
  Tensor<int, 3> b = a;
  b(0) = 7;
  Tensor<int, 3> c = std::move(a);
  return a.data() == nullptr && c(0) == 1 && b(0) == 7;
}());

static_assert(Tensor<float, 2, 2>::full(1.5f) == Tensor<float, 2, 2>{1.5f, 1.5f, 1.5f, 1.5f});

// Shapes are types.
static_assert(std::is_same_v<Z::shape_type, ctnn::shape<3, 3, 28, 28>>);
static_assert(std::is_nothrow_move_constructible_v<Z>);

// The rules, as plain predicates.
static_assert(ctnn::rule::nonzero_extents<1, 2, 3> && !ctnn::rule::nonzero_extents<1, 0, 3>);
static_assert(ctnn::rule::one_index_per_axis<4, 4> && !ctnn::rule::one_index_per_axis<4, 3>);
static_assert(ctnn::rule::same_shape<Tensor<float, 2, 3>, Tensor<float, 2, 3>>);
static_assert(!ctnn::rule::same_shape<Tensor<float, 2, 3>, Tensor<float, 3, 2>>);
static_assert(ctnn::rule::size_fits<double, 1000, 1000, 1000>);
static_assert(!ctnn::rule::size_fits<double, std::size_t{1} << 31, std::size_t{1} << 31>);
static_assert(!ctnn::rule::size_fits<char, std::size_t{1} << 32, std::size_t{1} << 32>);
static_assert(ctnn::rule::size_fits<char, std::size_t{1} << 32, (std::size_t{1} << 32) - 1>);

}  // namespace

// Scalars meet tensors without losing value: the same type, an integer into floating point, or
// an integer type whose every value fits.
static_assert(ctnn::rule::scalar_without_narrowing<float, float> &&
              ctnn::rule::scalar_without_narrowing<int, double> &&
              ctnn::rule::scalar_without_narrowing<unsigned char, int> &&
              ctnn::rule::scalar_without_narrowing<int, long> &&
              ctnn::rule::scalar_without_narrowing<float, double>);
static_assert(!ctnn::rule::scalar_without_narrowing<double, float> &&
              !ctnn::rule::scalar_without_narrowing<double, int> &&
              !ctnn::rule::scalar_without_narrowing<long, int> &&
              !ctnn::rule::scalar_without_narrowing<int, unsigned> &&
              !ctnn::rule::scalar_without_narrowing<unsigned, int> &&
              !ctnn::rule::scalar_without_narrowing<long double, double>);
