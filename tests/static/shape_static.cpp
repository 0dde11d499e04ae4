// Compile-only checks of the shape arithmetic and the geometry rules of eq. (4).
#include <ctnn/ops/conv2d/rules.hpp>
#include <ctnn/rules.hpp>
#include <ctnn/shape.hpp>
#include <ctnn/tensor.hpp>

#include <type_traits>

namespace {

//! [tags]
// A tag says what its numbers are: padding<1, 1> is one row and one column of zeros each side.
constexpr auto pad = ctnn::padding<1, 2>;
static_assert(pad.rows == 1 && pad.cols == 2);
static_assert(std::is_same_v<decltype(ctnn::strides<2, 3>), const ctnn::strides_t<2, 3>>);
//! [tags]

// H' = (H + 2P - k)/S + 1
static_assert(ctnn::output_extent(28, 3, 0, 1) == 26);  // the original experiment
static_assert(ctnn::output_extent(5, 3, 0, 2) == 2);
static_assert(ctnn::output_extent(7, 3, 1, 2) == 4);
static_assert(ctnn::output_extent(32, 3, 1, 1) == 32);  // "same" padding
static_assert(ctnn::zero_inserted_extent(2, 2) == 3);
static_assert(ctnn::zero_inserted_extent(4, 3) == 10);

static_assert(ctnn::rule::kernel_fits<3, 0, 3> && !ctnn::rule::kernel_fits<2, 0, 3>);
static_assert(ctnn::rule::kernel_fits<1, 1, 3>);  // padding makes room
static_assert(ctnn::rule::stride_divides<28, 0, 3, 1> && ctnn::rule::stride_divides<5, 0, 3, 2>);
static_assert(!ctnn::rule::stride_divides<6, 0, 3, 2>);   // (6 - 3) % 2 == 1
static_assert(!ctnn::rule::stride_divides<32, 1, 3, 2>);  // the common 3x3, pad 1, stride 2
static_assert(ctnn::rule::stride_divides<6, 0, 3, 0>);    // a zero stride is another rule's job
static_assert(!ctnn::rule::stride_positive<0> && ctnn::rule::stride_positive<1>);
static_assert(ctnn::rule::padding_removable<5, 2> && !ctnn::rule::padding_removable<4, 2>);
static_assert(ctnn::rule::axes_exist<0, 3, 4> && !ctnn::rule::axes_exist<0, 4, 4>);

// The checked geometry of a convolution, and what it derives.
using original =
    ctnn::check::conv<ctnn::Tensor<double, 3, 3, 28, 28>, ctnn::Tensor<double, 3, 4, 3, 3>,
                      ctnn::Tensor<double, 4>, 0, 0, 1, 1>;
static_assert(original::ok && original::H_out == 26 && original::W_out == 26 && original::D == 4);

}  // namespace

// The geometry tags of a call, in either order, each optional: (0, 0) and (1, 1) when left out.
static_assert(ctnn::geometry<>::P1 == 0 && ctnn::geometry<>::P2 == 0 && ctnn::geometry<>::S1 == 1 &&
              ctnn::geometry<>::S2 == 1);
using strides_then_padding = ctnn::geometry<ctnn::strides_t<2, 3>, ctnn::padding_t<1, 4>>;
static_assert(strides_then_padding::P1 == 1 && strides_then_padding::P2 == 4 &&
              strides_then_padding::S1 == 2 && strides_then_padding::S2 == 3);
static_assert(ctnn::geometry<ctnn::strides_t<2, 2>, int>::others == 1);
static_assert(ctnn::rule::backward_geometry_given<1, 1, 0> &&
              !ctnn::rule::backward_geometry_given<1, 0, 0>);
