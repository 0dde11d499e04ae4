/// \file
/// \brief `ctnn::numpy::RandomState`: numpy's legacy random numbers, value for value.
#ifndef CTNN_NUMPY_RANDOM_HPP
#define CTNN_NUMPY_RANDOM_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>

#include "ctnn/tensor.hpp"

/// \brief What ctnn borrows from numpy to reproduce its results exactly.
namespace ctnn::numpy {

/// \brief numpy's legacy generator: `RandomState{s}.randn<double, 3, 3>()` returns the same
/// numbers as `np.random.seed(s); np.random.randn(3, 3)`.
///
/// Why it matches: numpy seeds its MT19937 with an integer exactly as `std::mt19937` does; a
/// double is built from two 32-bit draws (27 + 26 bits over 2^53); and a normal value comes from
/// the polar (Marsaglia) method, which makes two values per accepted pair and hands out the
/// second on the next call. The logarithm and square root are the C library's, as in numpy.
/// \snippet tests/runtime/numpy_random_test.cpp randn
class RandomState {
 public:
  /// \brief Seeds like `np.random.seed(seed)`.
  explicit RandomState(std::uint32_t seed) : engine_(seed) {}

  /// \brief A double uniform in [0, 1) from 53 random bits, `np.random.random_sample()`.
  double random_sample() {
    const auto high = static_cast<std::uint32_t>(engine_()) >> 5;  // 27 bits
    const auto low = static_cast<std::uint32_t>(engine_()) >> 6;   // 26 bits
    return (high * 67108864.0 + low) / 9007199254740992.0;         // (high * 2^26 + low) / 2^53
  }

  /// \brief One standard normal value, `np.random.standard_normal()`.
  double standard_normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double x1, x2, r2;
    do {  // a point uniform in the unit disc, not at its centre
      x1 = 2.0 * random_sample() - 1.0;
      x2 = 2.0 * random_sample() - 1.0;
      // Each square rounded on its own, as numpy's C code does: where FMA is enabled
      // (-march=native), a compiler may fuse x1 x1 + x2 x2 into one rounding, which changes
      // some values; a volatile square cannot be fused.
      const volatile double x1_squared = x1 * x1, x2_squared = x2 * x2;
      r2 = x1_squared + x2_squared;
    } while (r2 >= 1.0 || r2 == 0.0);
    const double f = std::sqrt(-2.0 * std::log(r2) / r2);
    spare_ = f * x1;
    has_spare_ = true;
    return f * x2;
  }

  /// \brief A tensor of standard normal values in row-major order, `np.random.randn(*Dims)`,
  /// converted to T afterwards (as `.astype(T)` would).
  template <class T, std::size_t... Dims>
  Tensor<T, Dims...> randn() {
    Tensor<T, Dims...> t;
    for (T& x : t) x = static_cast<T>(standard_normal());
    return t;
  }

 private:
  std::mt19937 engine_;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace ctnn::numpy

#endif  // CTNN_NUMPY_RANDOM_HPP
