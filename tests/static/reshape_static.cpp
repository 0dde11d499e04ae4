// Compile-only checks of ctnn/reshape.hpp: building this file is the test.
#include <ctnn/reshape.hpp>

#include <type_traits>

namespace {

using ctnn::Tensor;

// reshape keeps the row-major order of the elements.
static_assert(ctnn::reshape<3, 2>(Tensor<int, 2, 3>{1, 2, 3, 4, 5, 6}) ==
              Tensor<int, 3, 2>{1, 2, 3, 4, 5, 6});
static_assert(ctnn::reshape<6>(Tensor<int, 2, 3>{1, 2, 3, 4, 5, 6}) ==
              Tensor<int, 6>{1, 2, 3, 4, 5, 6});
static_assert(ctnn::reshape<>(Tensor<int, 1, 1>{7})() == 7);  // to rank 0
static_assert(
    std::is_same_v<decltype(ctnn::reshape<2, 12>(Tensor<float, 2, 3, 4>{})), Tensor<float, 2, 12>>);

// The rules, as plain predicates.
static_assert(ctnn::rule::same_size<24, 24> && !ctnn::rule::same_size<24, 25>);

}  // namespace
