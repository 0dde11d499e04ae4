// Compile-only checks of pooling: the tags, the rules as predicates, and the shapes and element
// types the entry points return.
#include <ctnn/ops/pool2d/pool2d.hpp>

#include <type_traits>
#include <utility>

namespace {

//! [tags]
// The window is a tag, as padding and strides are: pooling<2, 3> is 2 rows by 3 columns.
constexpr auto window = ctnn::pooling<2, 3>;
static_assert(window.rows == 2 && window.cols == 3);
static_assert(std::is_same_v<decltype(ctnn::pooling<2, 2>), const ctnn::pooling_t<2, 2>>);
//! [tags]

// The predicates, with their numbers.
static_assert(ctnn::rule::window_positive<1> && !ctnn::rule::window_positive<0>);
static_assert(ctnn::rule::pooling_padding_fits<1, 2> && ctnn::rule::pooling_padding_fits<1, 3>);
static_assert(!ctnn::rule::pooling_padding_fits<2, 3>);  // PyTorch: pad <= kernel_size / 2
static_assert(ctnn::rule::pooling_tags_valid<true, 1, 1, 0>);
static_assert(ctnn::rule::pooling_tags_valid<true, 0, 0, 0>);    // strides and padding default
static_assert(!ctnn::rule::pooling_tags_valid<false, 0, 0, 0>);  // the window has no default
static_assert(!ctnn::rule::pooling_tags_valid<true, 2, 0, 0>);
static_assert(ctnn::rule::pooling_backward_geometry_given<true, 1, 1, 0>);
static_assert(!ctnn::rule::pooling_backward_geometry_given<true, 0, 1, 0>);

template <class Z, std::size_t K1, std::size_t K2, std::size_t P1, std::size_t P2, std::size_t S1,
          std::size_t S2, bool Floor>
using rules = ctnn::check::pool2d<Z, K1, K2, P1, P2, S1, S2, Floor>;
using lenet_c1 = ctnn::Tensor<float, 64, 6, 28, 28>;
static_assert(rules<lenet_c1, 2, 2, 0, 0, 2, 2, false>::ok);
static_assert(rules<lenet_c1, 2, 2, 0, 0, 2, 2, false>::H_out == 14);
// floor: (28 + 2 - 3)/2 = 13.5 rounds down to 13, so H' = 14 and the last padded row is unread
static_assert(rules<lenet_c1, 3, 3, 1, 1, 2, 2, true>::ok);
static_assert(rules<lenet_c1, 3, 3, 1, 1, 2, 2, true>::H_out == 14);
static_assert(rules<ctnn::Tensor<double, 1, 1, 7, 7>, 2, 2, 0, 0, 3, 3, true>::W_out == 2);

// What the entry points return: the element type is kept, the strides default to the window.
template <class T, std::size_t... D>
const ctnn::Tensor<T, D...>& tensor();
static_assert(std::is_same_v<decltype(ctnn::max_pooling_forward(tensor<float, 64, 6, 28, 28>(),
                                                                ctnn::pooling<2, 2>)),
                             ctnn::Tensor<float, 64, 6, 14, 14>>);
static_assert(std::is_same_v<decltype(ctnn::avg_pooling_forward<ctnn::backend::fast>(
                                 tensor<double, 2, 3, 7, 6>(), ctnn::pooling<3, 2>,
                                 ctnn::padding<1, 1>, ctnn::floor_strides<2, 3>)),
                             ctnn::Tensor<double, 2, 3, 4, 3>>);
static_assert(
    std::is_same_v<decltype(ctnn::max_pooling_backward(
                       tensor<double, 2, 3, 4, 3>(), tensor<double, 2, 3, 7, 6>(),
                       ctnn::pooling<3, 2>, ctnn::floor_strides<2, 3>, ctnn::padding<1, 1>)),
                   ctnn::Tensor<double, 2, 3, 7, 6>>);
static_assert(
    std::is_same_v<decltype(ctnn::global_max_pooling_forward(tensor<double, 2, 3, 7, 6>())),
                   ctnn::Tensor<double, 2, 3>>);
static_assert(std::is_same_v<decltype(ctnn::global_avg_pooling_backward<ctnn::backend::fast>(
                                 tensor<float, 2, 3>(), tensor<float, 2, 3, 7, 6>())),
                             ctnn::Tensor<float, 2, 3, 7, 6>>);

}  // namespace
