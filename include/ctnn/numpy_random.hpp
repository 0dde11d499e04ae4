/// \file
/// \brief `ctnn::numpy::RandomState`: numpy's legacy random numbers, value for value.
#ifndef CTNN_NUMPY_RANDOM_HPP
#define CTNN_NUMPY_RANDOM_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

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
///
/// `shuffle` and `permutation` are numpy's too, so a program and a numpy script given one seed
/// visit a data set in the same order.
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

  /// \brief A uniform integer in [0, max], `random_interval` of numpy's C code: the smallest
  /// all-ones mask covering max, and 32-bit draws masked by it until one is at most max (no
  /// modulo, so no bias). For max = 0 it returns 0 and draws nothing, as numpy.
  /// \param max the largest value; at most 2^32 - 1.
  /// \throws std::length_error when max needs more than 32 bits (numpy then draws 64-bit
  /// numbers, which ctnn does not reproduce).
  std::uint32_t random_interval(std::uint64_t max) {
    if (max == 0) return 0;  // numpy draws nothing then
    if (max > 0xffffffffULL)
      throw std::length_error("ctnn::numpy::RandomState: intervals above 2^32 are not supported");
    auto mask = static_cast<std::uint32_t>(max);
    for (int shift = 1; shift < 32; shift *= 2) mask |= mask >> shift;
    std::uint32_t value;
    do value = static_cast<std::uint32_t>(engine_()) & mask;
    while (value > max);
    return value;
  }

  /// \brief Shuffles `values` in place as `np.random.shuffle` does: Fisher-Yates from the last
  /// element down, element i swapped with `random_interval(i)`.
  /// \param values what to shuffle; at most 2^32 elements.
  template <class T>
  void shuffle(std::span<T> values) {
    for (std::size_t i = values.size(); i-- > 1;) std::swap(values[i], values[random_interval(i)]);
  }

  /// \brief 0, 1, ..., n - 1 in a random order: `np.random.permutation(n)`.
  /// \param n how many; at most 2^32.
  std::vector<std::size_t> permutation(std::size_t n) {
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    shuffle(std::span<std::size_t>(order));
    return order;
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
