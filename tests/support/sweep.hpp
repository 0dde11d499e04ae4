// The sweep of convolution layers that the gradient checks and the fast-path tests run over,
// generated at compile time as a Hana tuple of types.
#ifndef CTNN_TEST_SWEEP_HPP
#define CTNN_TEST_SWEEP_HPP

#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>
#include <ctnn/numpy_random.hpp>
#include <ctnn/shape.hpp>
#include <ctnn/tensor.hpp>

#include <cstddef>

namespace ctnn_test {

// ctnn::floor_strides<S1, S2> when Floor, ctnn::strides<S1, S2> otherwise: a layer's strides tag.
template <bool Floor, std::size_t S1, std::size_t S2>
inline constexpr auto strides_tag = [] {
  if constexpr (Floor)
    return ctnn::floor_strides<S1, S2>;
  else
    return ctnn::strides<S1, S2>;
}();

template <std::size_t N_, std::size_t C_, std::size_t D_, std::size_t H_, std::size_t W_,
          std::size_t K1, std::size_t K2, std::size_t P1, std::size_t P2, std::size_t S1,
          std::size_t S2, bool Floor = false>
struct layer {
  static constexpr std::size_t N = N_;
  static constexpr auto padding = ctnn::padding<P1, P2>;
  static constexpr auto strides = strides_tag<Floor, S1, S2>;
  static constexpr std::size_t H_out = (H_ + 2 * P1 - K1) / S1 + 1;
  static constexpr std::size_t W_out = (W_ + 2 * P2 - K2) / S2 + 1;

  // Random operands from numpy's generator: z, K, b and an upstream gradient g.
  template <class T>
  struct operands {
    ctnn::Tensor<T, N_, C_, H_, W_> z;
    ctnn::Tensor<T, C_, D_, K1, K2> K;
    ctnn::Tensor<T, D_> b;
    ctnn::Tensor<T, N_, D_, H_out, W_out> g;
    explicit operands(std::uint32_t seed) {
      ctnn::numpy::RandomState rng{seed};
      z = rng.randn<T, N_, C_, H_, W_>();
      K = rng.randn<T, C_, D_, K1, K2>();
      b = rng.randn<T, D_>();
      g = rng.randn<T, N_, D_, H_out, W_out>();
    }
  };
};

// padding 0/1/2, strides 1/2/3, kernels 1/2/3/4, everything asymmetric somewhere; the last five
// with floor_strides that leave the last rows or columns unread (marked F; H' and W' above round
// down, as PyTorch's): the ResNet-style 3 x 3, stride 2, padding 1 on an even size among them,
// and one with stride 1 along the rows and 16 outputs per row, which ctnn::fast computes directly.
//                                N  C  D   H  W  k1 k2 P1 P2 S1 S2
inline constexpr auto sweep = boost::hana::tuple_t<
    layer<1, 1, 1, 5, 5, 3, 3, 0, 0, 1, 1>, layer<2, 3, 2, 5, 5, 3, 3, 0, 0, 2, 2>,
    layer<2, 2, 3, 6, 7, 3, 2, 1, 0, 1, 1>, layer<1, 2, 2, 7, 7, 3, 3, 1, 1, 2, 2>,
    layer<2, 1, 2, 8, 6, 3, 2, 2, 0, 3, 2>, layer<1, 3, 1, 5, 4, 1, 1, 0, 0, 2, 3>,
    layer<2, 2, 2, 4, 4, 4, 4, 0, 0, 1, 1>, layer<1, 2, 3, 3, 4, 4, 2, 1, 2, 1, 3>,
    layer<3, 1, 1, 6, 6, 2, 2, 2, 2, 2, 2>, layer<1, 4, 2, 9, 7, 3, 3, 0, 1, 3, 2>,
    layer<2, 3, 4, 5, 6, 2, 4, 2, 1, 1, 2>, layer<1, 1, 2, 1, 1, 3, 3, 1, 1, 1, 1>,
    layer<2, 2, 1, 10, 8, 4, 3, 1, 2, 2, 3>, layer<1, 2, 2, 6, 6, 3, 3, 1, 1, 2, 2, true>,  // F
    layer<2, 1, 2, 7, 5, 2, 3, 0, 1, 3, 2, true>, layer<1, 3, 2, 8, 8, 3, 3, 1, 1, 2, 2, true>,
    layer<2, 2, 3, 5, 6, 4, 2, 0, 0, 3, 3, true>,    // F F F
    layer<2, 2, 3, 8, 16, 3, 3, 1, 1, 2, 1, true>>;  // F

}  // namespace ctnn_test

#endif  // CTNN_TEST_SWEEP_HPP
