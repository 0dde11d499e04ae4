// The machine's limit for one core at the vector width ctnn::fast is built with (the same flags as
// conv_bench: 512-bit vectors with AVX-512, 256-bit with AVX2, 128-bit otherwise): twelve
// independent chains of fused multiply-adds, more than a core can keep in flight, in f64 and f32.
// Prints the width, then GFLOP/s for each type.
//
// The vectors are the compiler's vector types of ctnn::fast's width, pinned in registers as the
// tiles pin theirs (through std::experimental::simd the same loop measured 45 instead of 67
// GFLOP/s, so that is not used here).
#include <ctnn/fast.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <vector>

namespace {

constexpr std::size_t bytes = ctnn::simd::vector_bytes;

template <class T>
double run() {
  using vec [[gnu::vector_size(bytes)]] = T;
  const vec zero{};
  // Twelve different starting values: equal chains would be computed once.
  vec a0 = zero + T(0), a1 = zero + T(1), a2 = zero + T(2), a3 = zero + T(3), a4 = zero + T(4),
      a5 = zero + T(5), a6 = zero + T(6), a7 = zero + T(7), a8 = zero + T(8), a9 = zero + T(9),
      a10 = zero + T(10), a11 = zero + T(11);
  vec x = zero + T(0.999), y = zero + T(0.001);
  constexpr long steps = 20'000'000;
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < steps; ++i) {
    a0 = a0 * x + y, a1 = a1 * x + y, a2 = a2 * x + y, a3 = a3 * x + y;
    a4 = a4 * x + y, a5 = a5 * x + y, a6 = a6 * x + y, a7 = a7 * x + y;
    a8 = a8 * x + y, a9 = a9 * x + y, a10 = a10 * x + y, a11 = a11 * x + y;
    asm volatile("" : "+x"(x), "+x"(y));  // opaque: the chains can be neither folded nor hoisted
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  volatile vec sink = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
  (void)sink;
  return 12.0 * steps * (2 * bytes / sizeof(T)) / seconds * 1e-9;
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
  std::printf("vectors %zu-bit\npeak f64 %.1f GFLOP/s\npeak f32 %.1f GFLOP/s\n", 8 * bytes, f64[2],
              f32[2]);
}
