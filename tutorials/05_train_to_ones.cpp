// Tutorial 5: the original experiment.
//
// One convolution layer, random input z and kernels K, zero bias, trained by plain gradient
// descent until its output is all ones. The numpy original does exactly this; with the same seed
// this program prints the same losses, step for step (numpy's generator is reproduced by
// ctnn::numpy::RandomState).
//
//   05_train_to_ones [--seed S]      S defaults to 0, like np.random.seed(0)
#include <ctnn/conv.hpp>
#include <ctnn/loss.hpp>
#include <ctnn/numpy_random.hpp>
#include <ctnn/reductions.hpp>

#include <fmt/core.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

// The seed from "--seed S"; 0 when absent. Anything else is refused with a usage line.
std::uint32_t parse_seed(int argc, char** argv) {
  if (argc == 1) return 0;
  if (argc == 3 && std::string_view(argv[1]) == "--seed") {
    char* end = nullptr;
    const unsigned long long seed = std::strtoull(argv[2], &end, 10);
    if (*argv[2] != '\0' && *argv[2] != '-' && *end == '\0' && seed <= 0xFFFFFFFFull)
      return static_cast<std::uint32_t>(seed);
  }
  fmt::print(stderr, "usage: {} [--seed S]   (S an integer in [0, 2^32))\n", argv[0]);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  //! [setup]
  ctnn::numpy::RandomState rng{parse_seed(argc, argv)};  // np.random.seed(S)
  auto z = rng.randn<double, 3, 3, 28, 28>();            // z is (N, C, H, W) = (3, 3, 28, 28)
  auto K = rng.randn<double, 3, 4, 3, 3>();              // K is (C, D, k1, k2) = (3, 4, 3, 3)
  ctnn::Tensor<double, 4> b;                             // b is (D,) = (4,), zeros

  // No padding, stride 1: H' = (28 + 2*0 - 3)/1 + 1 = 26, so the target is (3, 4, 26, 26).
  const auto y_true = ctnn::Tensor<double, 3, 4, 26, 26>::full(1.0);
  //! [setup]

  //! [train]
  // The layer's geometry, kept in one place: backward must be given what forward was given (it
  // has no defaults, so that a forgotten padding cannot go unnoticed).
  constexpr auto padding = ctnn::padding<0, 0>;
  constexpr auto strides = ctnn::strides<1, 1>;
  constexpr double learning_rate = 0.001;
  ctnn::Tensor<double, 3, 4, 26, 26> next_z;  // (N, D, H', W')
  for (int i = 0; i < 1000; ++i) {
    next_z = ctnn::conv_forward(z, K, b, padding, strides);               // eq. (4)
    auto [loss, dy] = ctnn::mean_squared_loss(next_z, y_true);            // dy = y - t
    auto [dK, db, dz] = ctnn::conv_backward(dy, K, z, padding, strides);  // (5), (6), (8), (9)
    K -= learning_rate * dK;
    b -= learning_rate * db;
    fmt::print("step:{},loss:{}\n", i, loss);
    if (ctnn::allclose(y_true, next_z)) {  // np.allclose: rtol 1e-5, atol 1e-8
      fmt::print("yes\n");
      break;
    }
  }
  fmt::print("min:{},max:{},avg:{}\n", ctnn::min(next_z), ctnn::max(next_z), ctnn::mean(next_z));
  //! [train]
}
