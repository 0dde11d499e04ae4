/// \file
/// \brief The vector width the compiler targets, a load that stays in a register, and how many sets of
/// running sums hide a multiply-add's latency: what every fast kernel is written with.
#ifndef CTNN_SIMD_VECTOR_HPP
#define CTNN_SIMD_VECTOR_HPP

#include <cstddef>
#include <cstring>

namespace ctnn::simd {

// The widest vectors the compiler targets, in bytes: what std::experimental::native_simd picks on
// x86 (its header alone took 1.4 s to compile in every file that included this one); 16 elsewhere.
inline constexpr std::size_t vector_bytes =
#if defined(__AVX512F__)
    64;
#elif defined(__AVX__)
    32;
#else
    16;
#endif

template <class Vec, class T>
[[gnu::always_inline]] inline Vec load(const T* p) {
  Vec v;
  std::memcpy(&v, p, sizeof(Vec));
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  // Keep it in a register: left alone, GCC folds a vector that several multiply-adds use into
  // each of them as a memory operand, which reloads it every time (see tile_product).
  asm("" : "+x"(v));
#endif
  return v;
}

// Copies Count values, with vector loads and stores (the last vector moved back to end the run,
// overlapping the one before) where Count is at least a vector. The fast kernels copy many short
// rows: as std::copy_n, each was a call to memmove, a seventh of the original experiment's step.
// `from` and `to` must not overlap.
template <std::size_t Count, class T>
[[gnu::always_inline]] inline void copy(const T* from, T* to) {
  constexpr std::size_t V = vector_bytes / sizeof(T);
  if constexpr (Count >= V) {
    using vec [[gnu::vector_size(vector_bytes)]] = T;
    for (std::size_t j = 0; j < Count; j += V) {
      const std::size_t at = j + V <= Count ? j : Count - V;
      const vec v = load<vec>(from + at);
      std::memcpy(to + at, &v, sizeof(vec));
    }
  } else {
#pragma GCC unroll 16
    for (std::size_t j = 0; j < Count; ++j) to[j] = from[j];
  }
}

// How many vector registers the compiler may use: AVX-512 doubles x86-64's 16 to 32, which lets a
// register tile hold more running sums and read each loaded vector more times.
inline constexpr std::size_t vector_registers =
#if defined(__AVX512F__)
    32;
#else
    16;
#endif

// `count` things (vectors of a row, channels) cut into as few pieces of at most `widest` as
// possible, as equal as can be: the first `larger` pieces have `smaller + 1`, the rest `smaller`.
// A narrow piece left over runs slower than two of middling width (4 = 2 + 2, not 3 + 1).
struct pieces {
  std::size_t count, smaller, larger;
};
constexpr pieces cut(std::size_t count, std::size_t widest) {
  if (count == 0 || widest == 0) throw "simd::cut: nothing to cut, or pieces of width 0";
  const std::size_t n = (count + widest - 1) / widest;
  return {n, count / n, count % n};
}

// How many sets of running sums a tile of `sums` vectors keeps: a multiply-add takes about 4
// cycles and two start per cycle, so fewer than 8 running sums would wait on each other; small
// tiles alternate two sets.
constexpr std::size_t sets_of_sums(std::size_t sums) { return 2 * sums <= 12 ? 2 : 1; }

}  // namespace ctnn::simd

#endif  // CTNN_SIMD_VECTOR_HPP
