// Tutorial 1: shapes at compile time.
//
// In numpy a shape is a run-time tuple; a wrong one is found when the program crashes, or never,
// when broadcasting quietly makes it fit. In ctnn a shape is part of a type: Tensor<double, 3, 3,
// 28, 28> is z of the original experiment, (N, C, H, W), and the compiler knows every number.
#include <ctnn/conv.hpp>
#include <ctnn/format.hpp>
#include <ctnn/rules.hpp>
#include <ctnn/shape.hpp>
#include <ctnn/tensor.hpp>

#include <cstddef>

namespace {

// Prints eq. (4)'s output-size formula with the numbers of one example. H, K, P and S are
// template parameters, so the compiler evaluates the formula and checks its rules before the
// program runs; the program only prints what was already proved.
template <std::size_t H, std::size_t K, std::size_t P, std::size_t S>
void derive(const char* example) {
  //! [derive]
  static_assert(ctnn::rule::kernel_fits<H, P, K> && ctnn::rule::stride_divides<H, P, K, S>);
  constexpr std::size_t H_out = ctnn::output_extent(H, K, P, S);  // (H + 2P - k)/S + 1
  //! [derive]
  fmt::print("{}: H' = ({} + 2*{} - {})/{} + 1 = {}\n", example, H, P, K, S, H_out);
}

}  // namespace

int main() {
  //! [tensor]
  ctnn::Tensor<double, 3, 3, 28, 28> z;  // z is (N, C, H, W) = (3, 3, 28, 28), all zeros
  static_assert(z.rank == 4 && z.size == 3 * 3 * 28 * 28);
  fmt::print("z has shape {}: rank {}, {} elements\n", z.shape, z.rank, z.size);
  // Row-major, as numpy: the last axis is contiguous, each axis steps over everything after it.
  fmt::print("memory strides (in elements): ({})\n", fmt::join(z.memory_strides, ", "));
  //! [tensor]

  //! [formula]
  derive<28, 3, 0, 1>("the original experiment");
  derive<5, 3, 0, 2>("5x5 input, 3x3 kernel, stride 2");
  derive<7, 3, 1, 2>("7x7 input, 3x3 kernel, padding 1, stride 2");
  derive<32, 3, 1, 1>("'same' padding");
  derive<1, 3, 1, 1>("a 1x1 input, padded to 3x3");
  //! [formula]

  //! [types]
  // The result type of conv_forward carries the formula: no shape is computed at run time.
  ctnn::Tensor<double, 3, 4, 3, 3> K;  // (C, D, k1, k2)
  ctnn::Tensor<double, 4> b;           // (D,)
  const auto next_z = ctnn::conv_forward(z, K, b);
  static_assert(std::is_same_v<decltype(next_z), const ctnn::Tensor<double, 3, 4, 26, 26>>);
  fmt::print("conv_forward(z, K, b) has shape {}\n", next_z.shape);
  //! [types]

  //! [divides]
  // The stride must divide H + 2P - k (the original asserts it at run time). The common
  // "3x3, padding 1, stride 2" on a 28x28 image breaks it: 28 + 2 - 3 = 27 is odd, and the last
  // padded row would never be read. The rule is a plain constant, so it can be asked directly;
  // tutorial 6 shows the message the compiler prints when a call breaks it.
  static_assert(!ctnn::rule::stride_divides<28, 1, 3, 2>);
  static_assert(ctnn::rule::stride_divides<29, 1, 3, 2>);
  fmt::print(
      "stride 2, padding 1, 3x3 kernel: fits 29x29 ((29 + 2 - 3) % 2 = 0), not 28x28 "
      "((28 + 2 - 3) % 2 = 1)\n");
  //! [divides]
}
