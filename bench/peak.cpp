// The machine's limit for one core: twelve independent chains of 256-bit fused multiply-adds
// (AVX2 + FMA), the most this core can start per cycle, in f64 and f32. Prints GFLOP/s.
// (Written with intrinsics on purpose: the same loop through std::experimental::simd measured
// 45 instead of 67 GFLOP/s here, so the tile's own code cannot be used to measure the peak.)
#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <type_traits>
#include <vector>

namespace {

template <class T>
double run() {
  const auto set1 = [](T v) {
    if constexpr (std::is_same_v<T, double>)
      return _mm256_set1_pd(v);
    else
      return _mm256_set1_ps(v);
  };
  using Vec = decltype(set1(T{}));
  const auto fma = [](Vec a, Vec b, Vec c) {
    if constexpr (std::is_same_v<T, double>)
      return _mm256_fmadd_pd(a, b, c);
    else
      return _mm256_fmadd_ps(a, b, c);
  };
  Vec a0 = set1(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0,
      a10 = a0, a11 = a0;
  Vec x = set1(T(0.999)), y = set1(T(0.001));
  constexpr long steps = 20'000'000;
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < steps; ++i) {
    a0 = fma(a0, x, y), a1 = fma(a1, x, y), a2 = fma(a2, x, y), a3 = fma(a3, x, y);
    a4 = fma(a4, x, y), a5 = fma(a5, x, y), a6 = fma(a6, x, y), a7 = fma(a7, x, y);
    a8 = fma(a8, x, y), a9 = fma(a9, x, y), a10 = fma(a10, x, y), a11 = fma(a11, x, y);
    asm volatile("" : "+x"(x));  // x is opaque: the chains cannot be folded
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  volatile Vec sink = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
  (void)sink;
  return 12.0 * steps * (2 * sizeof(Vec) / sizeof(T)) / seconds * 1e-9;
}

}  // namespace

int main() {
  std::vector<double> f64, f32;  // median of 5 runs each, interleaved
  for (int i = 0; i < 5; ++i) {
    f64.push_back(run<double>());
    f32.push_back(run<float>());
  }
  std::sort(f64.begin(), f64.end());
  std::sort(f32.begin(), f32.end());
  std::printf("peak f64 %.1f GFLOP/s\npeak f32 %.1f GFLOP/s\n", f64[2], f32[2]);
}
