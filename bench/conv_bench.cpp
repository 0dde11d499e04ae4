// Google Benchmark: the reference and the fast convolution, forward and backward, on the layers
// of the original experiment, two larger layers, LeNet's two and two layers that take the
// products (a ResNet-style k3 s2 p1 with floor strides, a 128-channel layer), in GFLOP/s.
//   cmake --preset release && cmake --build --preset release --target conv_bench
//   build/release/bench/conv_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <ctnn/conv.hpp>
#include <ctnn/fast.hpp>
#include <ctnn/loss.hpp>
#include <ctnn/nn/conv2d.hpp>
#include <ctnn/numpy_random.hpp>

#include <cstddef>
#include <memory>

namespace {

template <class T, std::size_t N_, std::size_t C_, std::size_t D_, std::size_t H_, std::size_t W_,
          std::size_t K_, std::size_t P_, std::size_t S_ = 1>
struct layer {
  using value_type = T;
  static constexpr std::size_t N = N_, C = C_, D = D_, H = H_, W = W_, K = K_, P = P_, S = S_;
  static constexpr std::size_t Ho = (H + 2 * P - K) / S + 1, Wo = (W + 2 * P - K) / S + 1;
  // forward: one multiply and one add per kernel tap, input channel and output value
  static constexpr double forward_flops = 2.0 * N * D * Ho * Wo * C * K * K;
  static constexpr double backward_flops = 2 * forward_flops;  // dK and dz
  static constexpr auto padding = ctnn::padding<P, P>;
  static constexpr auto strides = ctnn::floor_strides<S, S>;  // PyTorch's: what S leaves, unread

  // Heap-allocated so that a benchmark's set-up does not fill the stack.
  struct data {
    ctnn::Tensor<T, N, C, H, W> z;
    ctnn::Tensor<T, C, D, K, K> kernel;
    ctnn::Tensor<T, D> b;
    ctnn::Tensor<T, N, D, Ho, Wo> dy;
  };
  static std::unique_ptr<data> make() {
    ctnn::numpy::RandomState rng{0};
    auto d = std::make_unique<data>();
    d->z = rng.randn<T, N, C, H, W>();
    d->kernel = rng.randn<T, C, D, K, K>();
    d->b = rng.randn<T, D>();
    d->dy = rng.randn<T, N, D, Ho, Wo>();
    return d;
  }
};

using original = layer<double, 3, 3, 4, 28, 28, 3, 0>;
template <class T>
using layer_i = layer<T, 8, 16, 32, 32, 32, 3, 1>;
template <class T>
using layer_ii = layer<T, 16, 64, 64, 56, 56, 3, 1>;
template <class T>
using lenet1 = layer<T, 32, 1, 6, 28, 28, 5, 0>;
template <class T>
using lenet2 = layer<T, 32, 6, 16, 14, 14, 5, 0>;
// The products' layers: stride 2 along the rows (ResNet's downsampling 3 x 3, 56 -> 28, floor
// strides: (56 + 2 - 3) / 2 is 27.5) and more than 64 output channels.
template <class T>
using resnet = layer<T, 8, 64, 128, 56, 56, 3, 1, 2>;
template <class T>
using wide = layer<T, 8, 128, 128, 28, 28, 3, 1>;

struct reference {
  template <class... A>
  static auto forward(const A&... a) {
    return ctnn::conv_forward(a...);
  }
  template <class... A>
  static auto backward(const A&... a) {
    return ctnn::conv_backward(a...);
  }
};
struct fast {
  template <class... A>
  static auto forward(const A&... a) {
    return ctnn::fast::conv_forward(a...);
  }
  template <class... A>
  static auto backward(const A&... a) {
    return ctnn::fast::conv_backward(a...);
  }
};

template <class Impl, class L>
void forward(benchmark::State& state) {
  const auto d = L::make();
  for (auto _ : state) {
    auto out = Impl::forward(d->z, d->kernel, d->b, L::padding, L::strides);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(L::forward_flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

template <class Impl, class L>
void backward(benchmark::State& state) {
  const auto d = L::make();
  for (auto _ : state) {
    auto g = Impl::backward(d->dy, d->kernel, d->z, L::padding, L::strides);
    benchmark::DoNotOptimize(g.dz.data());
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(L::backward_flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

// The same two passes with ctnn::fast::threads(2): the batch split between two threads.
template <class L>
void forward_two_threads(benchmark::State& state) {
  const ctnn::fast::threads two(2);
  forward<fast, L>(state);
}
template <class L>
void backward_two_threads(benchmark::State& state) {
  const ctnn::fast::threads two(2);
  backward<fast, L>(state);
}

// One step of the original experiment: forward, loss, backward, update.
template <class Impl>
void training_step(benchmark::State& state) {
  auto d = original::make();
  const auto y_true = ctnn::Tensor<double, 3, 4, 26, 26>::full(1.0);
  for (auto _ : state) {
    const auto next_z = Impl::forward(d->z, d->kernel, d->b);
    auto [loss, dy] = ctnn::mean_squared_loss(next_z, y_true);
    auto [dK, db, dz] =
        Impl::backward(dy, d->kernel, d->z, ctnn::padding<0, 0>, ctnn::strides<1, 1>);
    d->kernel -= 1e-12 * dK;  // a tiny step: the numbers stay put, the work is all there
    d->b -= 1e-12 * db;
    benchmark::DoNotOptimize(loss);
  }
  state.counters["GFLOP/s"] = benchmark::Counter(3 * original::forward_flops * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

// The same step with nothing allocated: the layer object owns its output and gradients
// (nn::conv2d), the loss writes into a dy the loop owns, the update is in place.
void training_step_in_place(benchmark::State& state) {
  using conv = ctnn::nn::conv2d<4, 3, 3>::layer<ctnn::Tensor<double, 3, 3, 28, 28>>;
  const auto d = original::make();
  const auto layer = std::make_unique<conv>();
  layer->K = d->kernel;
  layer->b = d->b;
  const auto y_true = ctnn::Tensor<double, 3, 4, 26, 26>::full(1.0);
  ctnn::Tensor<double, 3, 4, 26, 26> dy;
  for (auto _ : state) {
    layer->forward<ctnn::backend::fast>(d->z);
    const double loss = ctnn::mean_squared_loss(layer->out, y_true, dy);
    layer->backward<ctnn::backend::fast>(dy, d->z);
    for (std::size_t i = 0; i < layer->K.size; ++i)
      layer->K.data()[i] -= 1e-12 * layer->dK.data()[i];
    for (std::size_t i = 0; i < layer->b.size; ++i)
      layer->b.data()[i] -= 1e-12 * layer->db.data()[i];
    benchmark::DoNotOptimize(loss);
  }
  state.counters["GFLOP/s"] = benchmark::Counter(3 * original::forward_flops * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK(training_step_in_place)->Name("step/original/layer")->Unit(benchmark::kMicrosecond);
BENCHMARK(training_step<reference>)->Name("step/original/reference")->Unit(benchmark::kMicrosecond);
BENCHMARK(training_step<fast>)->Name("step/original/fast")->Unit(benchmark::kMicrosecond);

#define CTNN_LAYER_BENCHMARKS(name, L, with_reference)                                         \
  BENCHMARK(forward<fast, L>)->Name("forward/" name "/fast")->Unit(benchmark::kMillisecond);   \
  BENCHMARK(backward<fast, L>)->Name("backward/" name "/fast")->Unit(benchmark::kMillisecond); \
  static_assert(true)

CTNN_LAYER_BENCHMARKS("original_f64", original, true);
CTNN_LAYER_BENCHMARKS("i_f64", layer_i<double>, true);
CTNN_LAYER_BENCHMARKS("ii_f64", layer_ii<double>, false);
CTNN_LAYER_BENCHMARKS("i_f32", layer_i<float>, true);
CTNN_LAYER_BENCHMARKS("ii_f32", layer_ii<float>, false);
CTNN_LAYER_BENCHMARKS("lenet1_f64", lenet1<double>, true);
CTNN_LAYER_BENCHMARKS("lenet2_f64", lenet2<double>, true);
CTNN_LAYER_BENCHMARKS("lenet1_f32", lenet1<float>, true);
CTNN_LAYER_BENCHMARKS("lenet2_f32", lenet2<float>, true);
CTNN_LAYER_BENCHMARKS("resnet_f64", resnet<double>, false);
CTNN_LAYER_BENCHMARKS("resnet_f32", resnet<float>, false);
CTNN_LAYER_BENCHMARKS("wide_f64", wide<double>, false);
CTNN_LAYER_BENCHMARKS("wide_f32", wide<float>, false);

// Two threads on layers i and ii (rows "forward2t" and "backward2t": bench/compare.py divides
// the one-thread rows by them).
#define CTNN_TWO_THREAD_BENCHMARKS(name, L) \
  BENCHMARK(forward_two_threads<L>)         \
      ->Name("forward2t/" name "/fast")     \
      ->Unit(benchmark::kMillisecond)       \
      ->UseRealTime();                      \
  BENCHMARK(backward_two_threads<L>)        \
      ->Name("backward2t/" name "/fast")    \
      ->Unit(benchmark::kMillisecond)       \
      ->UseRealTime()

CTNN_TWO_THREAD_BENCHMARKS("i_f64", layer_i<double>);
CTNN_TWO_THREAD_BENCHMARKS("i_f32", layer_i<float>);
CTNN_TWO_THREAD_BENCHMARKS("ii_f64", layer_ii<double>);
CTNN_TWO_THREAD_BENCHMARKS("ii_f32", layer_ii<float>);

// The reference loops on the smaller layers (layer ii would take seconds per call).
BENCHMARK(forward<reference, layer_i<double>>)
    ->Name("forward/i_f64/reference")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(backward<reference, layer_i<double>>)
    ->Name("backward/i_f64/reference")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(forward<reference, lenet2<double>>)
    ->Name("forward/lenet2_f64/reference")
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
