// Google Benchmark: every op of the layers issue on the reference and the fast backend, on the
// shapes LeNet-5 gives them with a batch of 64 (float, as a network trains), so that each op's
// fast-over-reference ratio is measured side by side in one run.
//   cmake --preset release && cmake --build --preset release --target ops_bench
//   build/release/bench/ops_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// Names are <op>/<direction>/<backend>; bench/ops_ratios.py prints the ratios of the medians.
#include <benchmark/benchmark.h>
#include <ctnn/numpy_random.hpp>
#include <ctnn/ops/activations/activations.hpp>
#include <ctnn/ops/cross_entropy/cross_entropy.hpp>
#include <ctnn/ops/fc/fc.hpp>
#include <ctnn/ops/pool2d/pool2d.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>

namespace {

using ctnn::Tensor;
using reference = ctnn::backend::reference;
using fast = ctnn::backend::fast;

// Random operands on the heap: a benchmark's set-up must not fill the stack.
template <class T, std::size_t... Dims>
std::unique_ptr<Tensor<T, Dims...>> random(std::uint32_t seed) {
  ctnn::numpy::RandomState rng{seed};
  return std::make_unique<Tensor<T, Dims...>>(rng.randn<T, Dims...>());
}

// fc: LeNet's three dense layers, 400 -> 120 -> 84 -> 10.
template <class Backend, std::size_t I, std::size_t O>
void fc_forward(benchmark::State& state) {
  const auto z = random<float, 64, I>(1);
  const auto W = random<float, I, O>(2);
  const auto b = random<float, O>(3);
  for (auto _ : state) {
    auto out = ctnn::fc_forward<Backend>(*z, *W, *b);
    benchmark::DoNotOptimize(out.data());
  }
}
template <class Backend, std::size_t I, std::size_t O>
void fc_backward(benchmark::State& state) {
  const auto z = random<float, 64, I>(1);
  const auto W = random<float, I, O>(2);
  const auto dy = random<float, 64, O>(3);
  for (auto _ : state) {
    auto g = ctnn::fc_backward<Backend>(*dy, *W, *z);
    benchmark::DoNotOptimize(g.dz.data());
  }
}

// Pooling: LeNet's two 2 x 2 max pools, after conv1 (6, 28, 28) and conv2 (16, 10, 10).
template <class Backend, std::size_t C, std::size_t H>
void max_pool_forward(benchmark::State& state) {
  const auto z = random<float, 64, C, H, H>(1);
  for (auto _ : state) {
    auto out = ctnn::max_pooling_forward<Backend>(*z, ctnn::pooling<2, 2>);
    benchmark::DoNotOptimize(out.data());
  }
}
template <class Backend, std::size_t C, std::size_t H>
void max_pool_backward(benchmark::State& state) {
  const auto z = random<float, 64, C, H, H>(1);
  const auto dy = random<float, 64, C, H / 2, H / 2>(2);
  for (auto _ : state) {
    auto dz = ctnn::max_pooling_backward<Backend>(*dy, *z, ctnn::pooling<2, 2>, ctnn::strides<2, 2>,
                                                  ctnn::padding<0, 0>);
    benchmark::DoNotOptimize(dz.data());
  }
}
template <class Backend, std::size_t C, std::size_t H>
void avg_pool_forward(benchmark::State& state) {
  const auto z = random<float, 64, C, H, H>(1);
  for (auto _ : state) {
    auto out = ctnn::avg_pooling_forward<Backend>(*z, ctnn::pooling<2, 2>);
    benchmark::DoNotOptimize(out.data());
  }
}
template <class Backend, std::size_t C, std::size_t H>
void avg_pool_backward(benchmark::State& state) {
  const auto z = random<float, 64, C, H, H>(1);
  const auto dy = random<float, 64, C, H / 2, H / 2>(2);
  for (auto _ : state) {
    auto dz = ctnn::avg_pooling_backward<Backend>(*dy, *z, ctnn::pooling<2, 2>, ctnn::strides<2, 2>,
                                                  ctnn::padding<0, 0>);
    benchmark::DoNotOptimize(dz.data());
  }
}

// Activations on conv1's output (64, 6, 28, 28).
template <class Backend>
void relu_forward(benchmark::State& state) {
  const auto z = random<float, 64, 6, 28, 28>(1);
  for (auto _ : state) {
    auto out = ctnn::relu_forward<Backend>(*z);
    benchmark::DoNotOptimize(out.data());
  }
}
template <class Backend>
void relu_backward(benchmark::State& state) {
  const auto z = random<float, 64, 6, 28, 28>(1);
  const auto dy = random<float, 64, 6, 28, 28>(2);
  for (auto _ : state) {
    auto dz = ctnn::relu_backward<Backend>(*dy, *z);
    benchmark::DoNotOptimize(dz.data());
  }
}

// The loss on LeNet's output (64, 10), one-hot targets.
template <class Backend>
void cross_entropy(benchmark::State& state) {
  const auto y = random<float, 64, 10>(1);
  auto t = std::make_unique<Tensor<float, 64, 10>>();
  for (std::size_t n = 0; n < 64; ++n) (*t)(n, n % 10) = 1;
  for (auto _ : state) {
    auto [loss, dy] = ctnn::cross_entropy_loss<Backend>(*y, *t);
    benchmark::DoNotOptimize(dy.data());
  }
}

}  // namespace

// clang-format off
#define CTNN_OP(name, fn, ...)                                                           \
  BENCHMARK(fn<reference, __VA_ARGS__>)->Name(name "/reference")->Unit(benchmark::kMicrosecond); \
  BENCHMARK(fn<fast, __VA_ARGS__>)->Name(name "/fast")->Unit(benchmark::kMicrosecond)
CTNN_OP("fc_400_120/forward", fc_forward, 400, 120);
CTNN_OP("fc_400_120/backward", fc_backward, 400, 120);
CTNN_OP("fc_120_84/forward", fc_forward, 120, 84);
CTNN_OP("fc_120_84/backward", fc_backward, 120, 84);
CTNN_OP("fc_84_10/forward", fc_forward, 84, 10);
CTNN_OP("fc_84_10/backward", fc_backward, 84, 10);
CTNN_OP("max_pool_6_28/forward", max_pool_forward, 6, 28);
CTNN_OP("max_pool_6_28/backward", max_pool_backward, 6, 28);
CTNN_OP("max_pool_16_10/forward", max_pool_forward, 16, 10);
CTNN_OP("max_pool_16_10/backward", max_pool_backward, 16, 10);
CTNN_OP("avg_pool_6_28/forward", avg_pool_forward, 6, 28);
CTNN_OP("avg_pool_6_28/backward", avg_pool_backward, 6, 28);
// clang-format on
BENCHMARK(relu_forward<reference>)->Name("relu/forward/reference")->Unit(benchmark::kMicrosecond);
BENCHMARK(relu_forward<fast>)->Name("relu/forward/fast")->Unit(benchmark::kMicrosecond);
BENCHMARK(relu_backward<reference>)->Name("relu/backward/reference")->Unit(benchmark::kMicrosecond);
BENCHMARK(relu_backward<fast>)->Name("relu/backward/fast")->Unit(benchmark::kMicrosecond);
BENCHMARK(cross_entropy<reference>)
    ->Name("cross_entropy/loss/reference")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(cross_entropy<fast>)->Name("cross_entropy/loss/fast")->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
