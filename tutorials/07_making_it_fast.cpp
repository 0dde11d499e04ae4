// Tutorial 7: making it fast.
//
// The original author compiled the numpy loops with Cython and saw only 20% gained. This tutorial
// explains why, and how ctnn::fast computes the same layer thousands of times faster than those
// loops: not by running the loops faster, but by reading eq. (4) as a matrix product and
// computing it in register tiles (docs/tutorial_07_making_it_fast.md has each step's effect).
#include <ctnn/conv.hpp>
#include <ctnn/fast.hpp>
#include <ctnn/format.hpp>
#include <ctnn/numpy_random.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace {

//! [as_matrices]
// eq. (4) as a matrix product, written out: the kernels as a (D, C k1 k2) matrix, every window of
// the input as one column of a (C k1 k2, N H' W') matrix ("im2col"), and the output as their
// product, (D, N H' W'). No padding and stride 1 here, to keep the indices short.
template <std::size_t N, std::size_t C, std::size_t H, std::size_t W, std::size_t D, std::size_t K1,
          std::size_t K2>
auto forward_as_product(const ctnn::Tensor<double, N, C, H, W>& z,
                        const ctnn::Tensor<double, C, D, K1, K2>& K) {
  constexpr std::size_t Ho = H - K1 + 1, Wo = W - K2 + 1;
  constexpr std::size_t Q = C * K1 * K2, P = N * Ho * Wo;
  ctnn::Tensor<double, D, Q> kernels;  // row d: the C k1 k2 weights of output channel d
  ctnn::Tensor<double, Q, P>
      windows;  // column (n, i, j): the window that output (i, j) of image n reads
  for (std::size_t c = 0; c < C; ++c)
    for (std::size_t m = 0; m < K1; ++m)
      for (std::size_t l = 0; l < K2; ++l) {
        const std::size_t q = (c * K1 + m) * K2 + l;
        for (std::size_t d = 0; d < D; ++d) kernels(d, q) = K(c, d, m, l);
        for (std::size_t n = 0; n < N; ++n)
          for (std::size_t i = 0; i < Ho; ++i)
            for (std::size_t j = 0; j < Wo; ++j)
              windows(q, (n * Ho + i) * Wo + j) = z(n, c, i + m, j + l);
      }
  ctnn::Tensor<double, D, P> product;  // (D, Q) x (Q, P): every output value is one dot product
  for (std::size_t d = 0; d < D; ++d)
    for (std::size_t q = 0; q < Q; ++q)
      for (std::size_t p = 0; p < P; ++p) product(d, p) += kernels(d, q) * windows(q, p);
  return product;
}
//! [as_matrices]

template <class A, class B>
double worst_relative(const A& a, const B& b) {
  double worst = 0;
  for (std::size_t i = 0; i < a.size; ++i)
    worst =
        std::max(worst, std::abs(a.data()[i] - b.data()[i]) / std::max(std::abs(b.data()[i]), 1.0));
  return worst;
}

// The matrix sizes of eq. (4) for one layer: (D, C k1 k2) x (C k1 k2, N H' W').
void sizes(const char* name, std::size_t N, std::size_t C, std::size_t D, std::size_t H,
           std::size_t k, std::size_t P) {
  const std::size_t Ho = H + 2 * P - k + 1, Q = C * k * k;
  fmt::print("{}: ({}, {}) x ({}, {}), {} multiply-adds per output value\n", name, D, Q, Q,
             N * Ho * Ho, Q);
}

}  // namespace

int main() {
  //! [same_numbers]
  ctnn::numpy::RandomState rng{0};
  const auto z = rng.randn<double, 3, 3, 28, 28>();  // the original experiment
  const auto K = rng.randn<double, 3, 4, 3, 3>();
  const ctnn::Tensor<double, 4> b;
  const auto reference = ctnn::conv_forward(z, K, b);  // (3, 4, 26, 26)
  const auto product = forward_as_product(z, K);       // (4, 3 * 26 * 26)
  double worst = 0;
  for (std::size_t n = 0; n < 3; ++n)
    for (std::size_t d = 0; d < 4; ++d)
      for (std::size_t p = 0; p < 26 * 26; ++p)
        worst = std::max(
            worst, std::abs(product(d, n * 676 + p) - reference.data()[(n * 4 + d) * 676 + p]));
  fmt::print("the matrix product equals eq. (4)'s loops: {}\n", worst < 1e-12 ? "yes" : "no");
  //! [same_numbers]

  //! [sizes]
  sizes("the original experiment", 3, 3, 4, 28, 3, 0);
  sizes("layer i (N=8, C=16, D=32, 32x32, k=3, padding 1)", 8, 16, 32, 32, 3, 1);
  sizes("layer ii (N=16, C=64, D=64, 56x56, k=3, padding 1)", 16, 64, 64, 56, 3, 1);
  //! [sizes]

  //! [fast]
  // ctnn::fast: the same call and the same result type, computed in register tiles.
  const auto fast = ctnn::fast::conv_forward(z, K, b);
  const auto g = rng.randn<double, 3, 4, 26, 26>();
  const auto fast_grads =
      ctnn::fast::conv_backward(g, K, z, ctnn::padding<0, 0>, ctnn::strides<1, 1>);
  const auto grads = ctnn::conv_backward(g, K, z, ctnn::padding<0, 0>, ctnn::strides<1, 1>);
  const bool same = worst_relative(fast, reference) < 1e-12 &&
                    worst_relative(fast_grads.dK, grads.dK) < 1e-12 &&
                    worst_relative(fast_grads.db, grads.db) < 1e-12 &&
                    worst_relative(fast_grads.dz, grads.dz) < 1e-12;
  fmt::print("ctnn::fast equals the reference within 1e-12, forward and backward: {}\n",
             same ? "yes" : "no");
  //! [fast]
}
