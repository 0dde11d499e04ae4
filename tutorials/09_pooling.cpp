// Tutorial 9: pooling, forward and backward, equations (1)-(12) of the series' post on pooling.
//
// A pooling layer has no weights: its backward pass only routes each output's gradient back to
// the inputs its window read. Max pooling sends it all to the input that won the window (eqs.
// (5), (6)); average pooling shares it out equally (eq. (9)). We compute each by hand on a 4 x 4
// image, then look at what padding, ties and floor strides do, and finish with global pooling and
// a gradient check.
#include <ctnn/format.hpp>
#include <ctnn/math.hpp>
#include <ctnn/numpy_random.hpp>
#include <ctnn/ops/pool2d/pool2d.hpp>
#include <ctnn/reductions.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>

int main() {
  //! [forward]
  // One image, one channel, 4 x 4. A 2 x 2 window with its default stride 2 (the window):
  // H' = (4 - 2)/2 + 1 = 2, so four windows, one per 2 x 2 block.
  const ctnn::Tensor<double, 1, 1, 4, 4> z{1, 3, 2, 1,  //
                                           4, 2, 0, 1,  //
                                           5, 6, 1, 2,  //
                                           7, 8, 3, 4};
  constexpr auto window = ctnn::pooling<2, 2>;
  // eq. (1): the largest of each block: max(1, 3, 4, 2) = 4, max(2, 1, 0, 1) = 2, 8, 4.
  const auto max_out = ctnn::max_pooling_forward(z, window);
  // eq. (2): the mean of each block: 10/4 = 2.5, 4/4 = 1, 26/4 = 6.5, 10/4 = 2.5.
  const auto avg_out = ctnn::avg_pooling_forward(z, window);
  fmt::print("z =\n{}\nmax pooling, eq. (1):\n{}\naverage pooling, eq. (2):\n{}\n", z, max_out,
             avg_out);
  //! [forward]

  //! [max_backward]
  // eqs. (5), (6): each window's gradient goes to the input that won it: 10 to the 4 at (1, 0),
  // 20 to the 2 at (0, 2), 30 to the 8 at (3, 1), 40 to the 4 at (3, 3). Every other input did not
  // change the output, so its gradient is 0. The backward call restates the whole geometry.
  const ctnn::Tensor<double, 1, 1, 2, 2> g{10, 20, 30, 40};
  const auto max_dz =
      ctnn::max_pooling_backward(g, z, window, ctnn::strides<2, 2>, ctnn::padding<0, 0>);
  fmt::print("max pooling backward, eqs. (5), (6):\n{}\n", max_dz);
  //! [max_backward]

  //! [avg_backward]
  // eq. (9): each input of a window receives a quarter of its gradient: 2.5, 5, 7.5 and 10.
  const auto avg_dz =
      ctnn::avg_pooling_backward(g, z, window, ctnn::strides<2, 2>, ctnn::padding<0, 0>);
  fmt::print("average pooling backward, eq. (9):\n{}\n", avg_dz);
  //! [avg_backward]

  //! [padding]
  // Padding 1 on an all-negative image: H' = (4 + 2 - 2)/2 + 1 = 3. The corner window holds three
  // padded cells and z(0, 0) = -1. ctnn's padding never wins a maximum (as PyTorch's -infinity),
  // so that window gives -1; the series pads with 0, and its 0 would win all eight edge windows.
  ctnn::Tensor<double, 1, 1, 4, 4> negative;
  for (std::size_t i = 0; i < 16; ++i) negative.data()[i] = -1.0 - static_cast<double>(i);
  const auto padded =
      ctnn::max_pooling_forward(negative, window, ctnn::padding<1, 1>, ctnn::strides<2, 2>);
  fmt::print("max pooling, padding 1, all-negative input:\n{}\n", padded);
  // Average pooling counts the padding in the divisor k1 k2 (the series and PyTorch's default):
  // the corner window averages -1 with three zeros, -1/4.
  const auto padded_avg =
      ctnn::avg_pooling_forward(negative, window, ctnn::padding<1, 1>, ctnn::strides<2, 2>);
  fmt::print("average pooling, the same corner: {}\n", padded_avg(0, 0, 0, 0));
  //! [padding]

  //! [ties]
  // Ties: in the window [[0, 5], [5, 0]] both 5s win; the gradient goes to the first in row-major
  // order, (0, 1), as np.argmax picks it.
  const ctnn::Tensor<double, 1, 1, 2, 2> tie{0, 5, 5, 0};
  const auto tie_dz = ctnn::max_pooling_backward(ctnn::Tensor<double, 1, 1, 1, 1>{1}, tie, window,
                                                 ctnn::strides<2, 2>, ctnn::padding<0, 0>);
  fmt::print("a tie goes to the first maximum:\n{}\n", tie_dz);
  //! [ties]

  //! [floor]
  // floor_strides: a 5 x 5 image holding 1..25 with a 2 x 2 window and stride 2. (5 - 2) % 2 = 1,
  // so ctnn::strides<2, 2> does not compile; floor_strides rounds down as PyTorch does:
  // H' = floor(3/2) + 1 = 2. The windows read rows and columns 0..3; row 4 and column 4 are never
  // read, and their gradient is 0.
  ctnn::Tensor<double, 1, 1, 5, 5> counting;
  for (std::size_t i = 0; i < 25; ++i) counting.data()[i] = static_cast<double>(i + 1);
  const auto floor_out = ctnn::max_pooling_forward(counting, window, ctnn::floor_strides<2, 2>);
  const auto floor_dz =
      ctnn::max_pooling_backward(ctnn::Tensor<double, 1, 1, 2, 2>::full(1.0), counting, window,
                                 ctnn::floor_strides<2, 2>, ctnn::padding<0, 0>);
  fmt::print("floor strides, 5 x 5 -> {}:\n{}\ngradient:\n{}\n", floor_out.shape, floor_out,
             floor_dz);
  //! [floor]

  //! [global]
  // eqs. (3), (4): global pooling reduces each channel to one number, (N, C, H, W) -> (N, C):
  // the largest value of z, 8, and its mean, 50/16 = 3.125.
  const auto global_max = ctnn::global_max_pooling_forward(z);
  const auto global_avg = ctnn::global_avg_pooling_forward(z);
  fmt::print("global max, eq. (3): {}; global average, eq. (4): {}\n", global_max, global_avg);
  // eq. (10): the gradient goes to the maximum, the 8 at (3, 1); eq. (12): every input gets 1/16.
  const ctnn::Tensor<double, 1, 1> g_global{16};
  fmt::print("global max backward, eq. (10):\n{}\nglobal average backward, eq. (12):\n{}\n",
             ctnn::global_max_pooling_backward(g_global, z),
             ctnn::global_avg_pooling_backward(g_global, z));
  //! [global]

  //! [gradcheck]
  // A gradient check: L = <forward(x), g> with a random g. Max pooling is linear in x as long as
  // no window changes its winner, so the inputs are distinct values 0.01 apart and the step is
  // 1e-3: the difference quotient is then exact up to rounding.
  ctnn::numpy::RandomState rng{0};
  auto x = rng.randn<double, 2, 3, 7, 7>();
  const auto drawn = x;
  for (std::size_t i = 0; i < x.size; ++i)  // the rank of each draw, times 0.01: distinct values
    x.data()[i] =
        0.01 * static_cast<double>(std::count_if(drawn.begin(), drawn.end(),
                                                 [&](double v) { return v < drawn.data()[i]; }));
  const auto gx = rng.randn<double, 2, 3, 4, 4>();
  constexpr auto big = ctnn::pooling<3, 3>;
  const auto loss = [&] {
    return ctnn::dot(ctnn::max_pooling_forward(x, big, ctnn::padding<1, 1>, ctnn::strides<2, 2>),
                     gx);
  };
  const auto dx = ctnn::max_pooling_backward(gx, x, big, ctnn::padding<1, 1>, ctnn::strides<2, 2>);
  double worst = 0;
  for (std::size_t i = 0; i < x.size; ++i) {
    const double keep = x.data()[i], h = 1e-3;
    x.data()[i] = keep + h;
    const double up = loss();
    x.data()[i] = keep - h;
    const double down = loss();
    x.data()[i] = keep;
    const double numeric = (up - down) / (2 * h);
    worst = std::max(worst, std::abs(numeric - dx.data()[i]) /
                                std::max({std::abs(numeric), std::abs(dx.data()[i]), 1e-3}));
  }
  fmt::print("gradient check over {} inputs: worst relative error below 1e-9: {}\n", x.size,
             worst < 1e-9 ? "yes" : "no");
  //! [gradcheck]

  //! [fast]
  // The fast kernels give the same maxima and route the same gradients (exactly), and the same
  // averages up to the order of the additions.
  const bool same =
      ctnn::max_pooling_forward<ctnn::backend::fast>(x, big, ctnn::padding<1, 1>,
                                                     ctnn::strides<2, 2>) ==
          ctnn::max_pooling_forward(x, big, ctnn::padding<1, 1>, ctnn::strides<2, 2>) &&
      ctnn::max_pooling_backward<ctnn::backend::fast>(gx, x, big, ctnn::padding<1, 1>,
                                                      ctnn::strides<2, 2>) == dx;
  fmt::print("backend::fast routes every gradient as the reference: {}\n", same ? "yes" : "no");
  //! [fast]
}
