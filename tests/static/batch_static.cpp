// Compile-only checks of ctnn/batch.hpp: building this file is the test.
#include <ctnn/batch.hpp>

#include <type_traits>

namespace {

using ctnn::Tensor;

// slice: item n of the first axis, at compile time or at run time.
static_assert(ctnn::slice<1>(Tensor<int, 3, 2>{1, 2, 3, 4, 5, 6}) == Tensor<int, 2>{3, 4});
static_assert(ctnn::slice(Tensor<int, 3, 2>{1, 2, 3, 4, 5, 6}, 2) == Tensor<int, 2>{5, 6});
static_assert(ctnn::slice<2>(Tensor<int, 3>{1, 2, 3})() == 3);  // rank 1: a rank-0 item
static_assert(std::is_same_v<decltype(ctnn::slice<0>(Tensor<double, 4, 3, 5, 5>{})),
                             Tensor<double, 3, 5, 5>>);

// assign_slice writes one item; stack builds a batch.
static_assert([] {
  Tensor<int, 3, 2> batch;
  ctnn::assign_slice(batch, 1, Tensor<int, 2>{7, 8});
  return batch == Tensor<int, 3, 2>{0, 0, 7, 8, 0, 0};
}());
static_assert(ctnn::stack(Tensor<int, 2>{1, 2}, Tensor<int, 2>{3, 4}, Tensor<int, 2>{5, 6}) ==
              Tensor<int, 3, 2>{1, 2, 3, 4, 5, 6});
static_assert(ctnn::stack(Tensor<int, 2>{1, 2}) == Tensor<int, 1, 2>{1, 2});
// Slicing a stack gives the items back.
static_assert([] {
  const Tensor<int, 2, 2> a{1, 2, 3, 4}, b{5, 6, 7, 8};
  const auto batch = ctnn::stack(a, b);
  return ctnn::slice<0>(batch) == a && ctnn::slice<1>(batch) == b;
}());

// The rules, as plain predicates.
static_assert(ctnn::rule::index_in_range<2, 3> && !ctnn::rule::index_in_range<3, 3>);
static_assert(ctnn::rule::one_tensor_type<Tensor<int, 2>, Tensor<int, 2>, Tensor<int, 2>>);
static_assert(ctnn::rule::one_tensor_type<Tensor<int, 2>>);
static_assert(!ctnn::rule::one_tensor_type<Tensor<int, 2>, Tensor<int, 3>>);
static_assert(!ctnn::rule::one_tensor_type<Tensor<int, 2>, Tensor<long, 2>>);

}  // namespace
