// Tutorial 12: training on real data, Fashion-MNIST.
//
// The series ends (post 2_3) with a small CNN trained on MNIST in numpy: "numpy is slow, so only
// 2000 steps" of two images each, and a test accuracy of 0.8279. Here the same network, and then
// LeNet-5, learn Fashion-MNIST (70,000 28x28 greyscale photos of clothes, ten classes; Debian's
// package dataset-fashion-mnist) with every shape checked by the compiler, at full scale.
//
//   12_fashion_mnist --net series|lenet [--epochs E] [--steps S] [--seed S] [--lr X] [--f64]
//                    [--threads 1|2] [--data DIR] [--checkpoint DIR] [--resume DIR] [--log DIR]
//
//   --net series   the post's CNN and setting: conv 1 filter 3x3, relu, max pool 2x2, flatten,
//                  dense 64, relu, dense 10; batch 2; SGD lr 0.01, momentum 0.9, decay 1e-6;
//                  weights 0.01 randn; double. 2000 steps unless --epochs is given. On
//                  Fashion-MNIST its one filter's ReLU dies in every seed tried (the docs' page
//                  explains why; --lr 0.001 keeps it alive).
//   --net lenet    LeNet-5 (tutorial 11's) with batch 64 and Adam (lr 0.001); float, or double
//                  with --f64. 10 epochs unless --epochs or --steps is given.
//   --steps S      stop after S steps in all (a short run); --epochs E: after E epochs.
//   --checkpoint DIR   after each whole epoch, the parameters and the optimizer's state in
//                  DIR/epoch-<e>/ (.npy files and a manifest; see ctnn/nn/checkpoint.hpp): the
//                  series' 2000 steps, less than an epoch, write none.
//   --resume DIR   continue from the last checkpoint in DIR (or from DIR itself): the result is
//                  bit for bit that of a run that never stopped.
//   --threads 2    two threads, each on half of every batch (LeNet only); the same training up
//                  to the order of additions, not bit for bit that of one thread.
//   --log DIR      the training log as CSV for docs/figures_fashion_mnist.py: steps.csv,
//                  epochs.csv, confusion.csv, and filters.npy (the first layer's kernels). With
//                  --resume the log goes on from the checkpoint's step: rows past it are dropped.
//
// While it trains, a progress line on standard error (redrawn on a terminal); after each epoch
// the test accuracy; at the end the accuracy of each class, the confusion matrix, and last the
// line "test accuracy: 0.xxxx".
//
// This program checks the loss itself, to say more than the library's exception would: which
// step, and which layer first gave a NaN or an infinity.
#define CTNN_CHECK_FINITE 0
#include <ctnn/idx.hpp>
#include <ctnn/nn/nn.hpp>
#include <ctnn/numpy_random.hpp>
#include <ctnn/ops/cross_entropy/cross_entropy.hpp>
#include <ctnn/optim/optim.hpp>
#include <ctnn/threads.hpp>

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <unistd.h>  // isatty

namespace nn = ctnn::nn;
namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------------------------------------
// The data: four IDX files, read into tensors whose shapes are the types asked for. A file of
// another shape, a truncated download, a label of 10 or more: ctnn::io::idx_error names it.

constexpr std::size_t train_count = 60000, test_count = 10000, classes = 10;
constexpr std::array<std::string_view, classes> class_names{
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

struct fashion_mnist {
  ctnn::Tensor<std::uint8_t, train_count, 28, 28> train_images;
  ctnn::Tensor<std::uint8_t, train_count> train_labels;
  ctnn::Tensor<std::uint8_t, test_count, 28, 28> test_images;
  ctnn::Tensor<std::uint8_t, test_count> test_labels;
};

// Debian installs the files gzip'd; an unpacked copy (the same name without .gz) works too.
std::string data_file(const fs::path& dir, const std::string& name) {
  const fs::path gz = dir / (name + ".gz");
  return (fs::exists(gz) || !fs::exists(dir / name) ? gz : dir / name).string();
}

//! [data]
std::unique_ptr<fashion_mnist> load_fashion_mnist(const fs::path& dir) {
  namespace io = ctnn::io;
  auto data = std::make_unique<fashion_mnist>();
  data->train_images =
      io::load_idx<std::uint8_t, train_count, 28, 28>(data_file(dir, "train-images-idx3-ubyte"));
  data->train_labels =
      io::load_idx_labels<train_count>(data_file(dir, "train-labels-idx1-ubyte"), classes);
  data->test_images =
      io::load_idx<std::uint8_t, test_count, 28, 28>(data_file(dir, "t10k-images-idx3-ubyte"));
  data->test_labels =
      io::load_idx_labels<test_count>(data_file(dir, "t10k-labels-idx1-ubyte"), classes);
  return data;
  //! [data]
}

// Batch b of an epoch: the images order[b N + i], pixels divided by 255 as the series does, and
// one-hot targets. With N = 64, 60000 = 937 batches and 32 images left over: an epoch skips them
// (different ones each epoch, as the order changes).
template <class X, class Y, class Images, class Labels>
void fill_batch(X& x, Y& t, const Images& images, const Labels& labels,
                const std::vector<std::size_t>& order, std::size_t first) {
  using T = typename X::value_type;
  constexpr std::size_t N = X::extents[0], pixels = 28 * 28;
  std::fill(t.begin(), t.end(), T{0});
  for (std::size_t i = 0; i < N; ++i) {
    const std::size_t sample = order[first + i];
    const std::uint8_t* from = images.data() + sample * pixels;
    T* to = x.data() + i * pixels;
    for (std::size_t p = 0; p < pixels; ++p) to[p] = static_cast<T>(from[p]) / T{255};
    t(i, labels(sample)) = T{1};
  }
}

// ---------------------------------------------------------------------------------------------
// The two networks. Only the input's shape is written: the compiler infers the rest (tutorial 11
// works LeNet's shapes out by hand) and refuses a layer that does not fit, naming it.

// Post 2_3: 28 - 3 + 1 = 26, pooled to 13; 1 * 13 * 13 = 169 features into dense 64.
//! [nets]
template <class T, std::size_t N>
using SeriesCnn =
    nn::sequential<nn::input<T, N, 1, 28, 28>, nn::conv2d<1, 3, 3>, nn::relu, nn::max_pool2d<2, 2>,
                   nn::flatten, nn::dense<64>, nn::relu, nn::dense<10>>;

template <class T, std::size_t N>
using LeNet =
    nn::sequential<nn::input<T, N, 1, 28, 28>, nn::conv2d<6, 5, 5, ctnn::padding<2, 2>>, nn::relu,
                   nn::max_pool2d<2, 2>, nn::conv2d<16, 5, 5>, nn::relu, nn::max_pool2d<2, 2>,
                   nn::flatten, nn::dense<120>, nn::relu, nn::dense<84>, nn::relu, nn::dense<10>>;
//! [nets]

// What a run needs to know about its network: the type, its optimizer, how it starts.
struct series_setup {
  using net = SeriesCnn<double, 2>;
  using half = SeriesCnn<double, 1>;  // (not used: --threads 2 refuses a batch of 2)
  static constexpr std::string_view name = "series";
  static constexpr std::size_t default_steps = 2000;  // the post's; --epochs overrides it
  static ctnn::optim::sgd optimizer(std::optional<double> lr) {
    return {.lr = lr.value_or(0.01), .momentum = 0.9, .decay = 1e-6};
  }
  // The post: weights_scale * randn for K1, W2 and W3, in that order; the biases zero.
  static void initialise(net& n, ctnn::numpy::RandomState& rng) {
    for (double& w : n.get<0>().K) w = 0.01 * rng.standard_normal();
    for (double& w : n.get<4>().W) w = 0.01 * rng.standard_normal();
    for (double& w : n.get<6>().W) w = 0.01 * rng.standard_normal();
  }
};

template <class T>
struct lenet_setup {
  using net = LeNet<T, 64>;
  using half = LeNet<T, 32>;  // --threads 2: each thread half of the batch
  static constexpr std::string_view name = "lenet";
  static constexpr std::size_t default_steps = 0;  // none: 10 epochs
  static ctnn::optim::adam optimizer(std::optional<double> lr) {
    return {.lr = lr.value_or(0.001)};
  }
  // The library's: each layer kind as the series initialises it (ctnn/nn/conv2d.hpp, dense.hpp).
  static void initialise(net& n, ctnn::numpy::RandomState& rng) { n.initialise(rng); }
};

// ---------------------------------------------------------------------------------------------
// Options.

struct options {
  std::string net;
  std::optional<std::size_t> epochs, steps;
  std::uint32_t seed = 0;
  std::optional<double> lr;
  bool f64 = false;
  fs::path data = "/usr/share/datasets/fashion-mnist";
  std::optional<fs::path> checkpoint, resume, log;
  std::size_t threads = 1;
};

constexpr std::string_view usage =
    "usage: 12_fashion_mnist --net series|lenet [--epochs E] [--steps S] [--seed S] [--lr X]\n"
    "                        [--f64] [--threads 1|2] [--data DIR] [--checkpoint DIR]\n"
    "                        [--resume DIR] [--log DIR]";

struct bad_option : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <class U>
U number(std::string_view option, const std::string& text) {
  try {
    std::size_t used = 0;
    U value{};
    if constexpr (std::is_floating_point_v<U>)
      value = static_cast<U>(std::stod(text, &used));
    else if (text.empty() || text[0] == '-')
      throw std::invalid_argument(text);
    else
      value = static_cast<U>(std::stoull(text, &used));
    if (used != text.size() || (std::is_integral_v<U> && std::to_string(value) != text))
      throw std::invalid_argument(text);
    return value;
  } catch (const std::logic_error&) {
    throw bad_option(fmt::format("{} needs a {}, not '{}'", option,
                                 std::is_floating_point_v<U> ? "number" : "whole number", text));
  }
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--f64") {
      o.f64 = true;
      continue;
    }
    constexpr std::array<std::string_view, 10> valued{
        "--net",     "--epochs", "--steps",      "--seed",   "--lr",
        "--threads", "--data",   "--checkpoint", "--resume", "--log"};
    if (std::find(valued.begin(), valued.end(), arg) == valued.end())
      throw bad_option(fmt::format("unknown option '{}'", arg));
    if (i + 1 == argc) throw bad_option(fmt::format("{} needs a value", arg));
    const std::string value = argv[++i];
    if (arg == "--net")
      o.net = value;
    else if (arg == "--epochs")
      o.epochs = number<std::size_t>(arg, value);
    else if (arg == "--steps")
      o.steps = number<std::size_t>(arg, value);
    else if (arg == "--seed")
      o.seed = number<std::uint32_t>(arg, value);
    else if (arg == "--lr")
      o.lr = number<double>(arg, value);
    else if (arg == "--data")
      o.data = value;
    else if (arg == "--checkpoint")
      o.checkpoint = value;
    else if (arg == "--resume")
      o.resume = value;
    else if (arg == "--threads")
      o.threads = number<std::size_t>(arg, value);
    else
      o.log = value;
  }
  if (o.net != "series" && o.net != "lenet")
    throw bad_option(o.net.empty() ? "--net is required" : "unknown net '" + o.net + "'");
  if (o.f64 && o.net == "series") throw bad_option("--net series is always double");
  if (o.epochs == 0u || o.steps == 0u) throw bad_option("--epochs and --steps must be at least 1");
  if (o.threads != 1 && o.threads != 2) throw bad_option("--threads must be 1 or 2");
  if (o.threads == 2 && o.net == "series")
    throw bad_option("--threads 2 splits a batch in two: the series' batch of 2 is too small");
  if (o.lr && !(*o.lr > 0 && std::isfinite(*o.lr)))
    throw bad_option("--lr must be a positive number");
  return o;
}

// ---------------------------------------------------------------------------------------------
// Evaluation: the test set in batches of the network's N; the last batch is topped up with the
// first images again, which are not counted. Accuracy, the mean loss, and the confusion matrix
// (rows: the true class, columns: the predicted one).

struct evaluation {
  double loss = 0, accuracy = 0;
  std::array<std::array<std::size_t, classes>, classes> confusion{};
};

template <class Net>
evaluation evaluate(Net& net, const fashion_mnist& data) {
  using T = typename Net::element_type;
  constexpr std::size_t N = Net::input_type::extents[0];
  typename Net::input_type x;
  ctnn::Tensor<T, N, classes> t;
  std::vector<std::size_t> order(test_count + N);
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i % test_count;
  evaluation e;
  double loss_sum = 0;
  std::size_t right = 0;
  for (std::size_t first = 0; first < test_count; first += N) {
    fill_batch(x, t, data.test_images, data.test_labels, order, first);
    const auto& y = net.forward(x);
    for (std::size_t i = 0; i < N && first + i < test_count; ++i) {
      std::size_t best = 0;
      double top = static_cast<double>(y(i, 0)), sum = 0;
      for (std::size_t k = 1; k < classes; ++k)
        if (static_cast<double>(y(i, k)) > top) top = static_cast<double>(y(i, k)), best = k;
      for (std::size_t k = 0; k < classes; ++k) sum += std::exp(static_cast<double>(y(i, k)) - top);
      const std::size_t label = data.test_labels(first + i);
      loss_sum += std::log(sum) - (static_cast<double>(y(i, label)) - top);  // eq. (23), stable
      right += best == label;
      ++e.confusion[label][best];
    }
  }
  e.loss = loss_sum / test_count;
  e.accuracy = static_cast<double>(right) / test_count;
  return e;
}

// ---------------------------------------------------------------------------------------------
// Progress: one line on standard error, redrawn in place on a terminal, a line per tenth of an
// epoch otherwise (a log file, a CI job).

class progress {
 public:
  explicit progress(std::size_t total_steps)
      : terminal_(::isatty(2) != 0), total_(total_steps), start_(clock::now()) {}

  void step(std::size_t epoch, std::size_t epochs, std::size_t batch, std::size_t batches,
            std::size_t done, double running_loss, std::size_t samples_per_step) {
    const auto now = clock::now();
    const bool every_tenth = batch % std::max<std::size_t>(1, batches / 10) == 0;
    const bool last = batch == batches || done == total_;  // the end of an epoch, or of the run
    if (terminal_ ? now - last_ < std::chrono::milliseconds(200) && !last : !every_tenth && !last)
      return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = static_cast<double>(done_since_start(done) * samples_per_step) / seconds;
    const double eta = static_cast<double>((total_ - done) * samples_per_step) / rate;
    const std::string line =
        fmt::format("epoch {}/{}  batch {}/{}  loss {:.4f}  {:.0f} samples/s  ETA {}:{:02}", epoch,
                    epochs, batch, batches, running_loss, rate, static_cast<long>(eta) / 60,
                    static_cast<long>(eta) % 60);
    std::fprintf(stderr, terminal_ ? "\r\033[K%s" : "%s\n", line.c_str());
    std::fflush(stderr);
  }
  // Before anything else is printed: end the redrawn line.
  void interrupt() const {
    if (terminal_) std::fputs("\r\033[K", stderr);
  }
  void started_at(std::size_t done) { first_ = done; }

 private:
  using clock = std::chrono::steady_clock;
  std::size_t done_since_start(std::size_t done) const {
    return std::max<std::size_t>(1, done - first_);
  }
  bool terminal_;
  std::size_t total_, first_ = 0;
  clock::time_point start_, last_{};
};

// ---------------------------------------------------------------------------------------------
// The log for the pictures: CSV files any plotting tool reads.

// Resuming: the log may hold rows past the checkpoint (its run went on after it, then stopped),
// and the resumed run writes those steps again. So only the header and the complete rows up to
// the checkpoint's step count (the second column of both files) are kept; a last line without
// its newline, cut short by a crash, goes too. Rewritten beside and renamed: a crash meanwhile
// leaves the old log, not half of it.
void keep_rows_up_to(const fs::path& file, std::size_t steps) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return;  // no log yet
  std::string kept, line;
  for (bool header = true; std::getline(in, line) && !in.eof(); header = false) {
    const auto a = line.find(','), b = line.find(',', a + 1);
    std::size_t step = 0;
    const bool row =
        a != std::string::npos && b != std::string::npos &&
        std::from_chars(line.data() + a + 1, line.data() + b, step).ptr == line.data() + b;
    if (header || (row && step <= steps)) kept += line + '\n';
  }
  const fs::path rewritten = file.string() + ".partial";
  std::ofstream out(rewritten, std::ios::binary | std::ios::trunc);
  out << kept;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + rewritten.string());
  fs::rename(rewritten, file);
}

struct csv_log {
  std::ofstream steps, epochs;
  // resumed_at: the checkpoint's step count when resuming, which appends to the log there.
  csv_log(const fs::path& dir, std::optional<std::size_t> resumed_at) {
    fs::create_directories(dir);
    if (resumed_at)
      for (const char* name : {"steps.csv", "epochs.csv"}) keep_rows_up_to(dir / name, *resumed_at);
    const auto mode = resumed_at ? std::ios::app : std::ios::trunc;
    steps.open(dir / "steps.csv", std::ios::out | mode);
    epochs.open(dir / "epochs.csv", std::ios::out | mode);
    if (!steps || !epochs) throw std::runtime_error("cannot write the log in " + dir.string());
    if (fs::file_size(dir / "steps.csv") == 0) steps << "epoch,step,loss\n";  // a new log
    if (fs::file_size(dir / "epochs.csv") == 0)
      epochs << "epoch,steps,train_loss,test_loss,test_accuracy,seconds,samples_per_second\n";
  }
};

void write_confusion(const fs::path& dir, const evaluation& e) {
  std::ofstream out(dir / "confusion.csv");
  out << "true\\predicted";
  for (auto name : class_names) out << ',' << name;
  out << '\n';
  for (std::size_t i = 0; i < classes; ++i) {
    out << class_names[i];
    for (std::size_t j = 0; j < classes; ++j) out << ',' << e.confusion[i][j];
    out << '\n';
  }
}

// ---------------------------------------------------------------------------------------------
// Checkpoints: DIR/epoch-<e>, each written whole or not at all by nn::save_checkpoint.

// A count written in decimal digits, all of them, and no more than a std::size_t holds; nothing
// otherwise. (std::stoull would take "-1" and " 1", and its errors say only "stoull".)
std::optional<std::size_t> count_in(std::string_view text) {
  std::size_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc{} || stop != end) return std::nullopt;
  return value;
}

std::optional<fs::path> last_checkpoint(const fs::path& dir) {
  if (fs::exists(dir / "manifest.txt")) return dir;
  std::optional<fs::path> last;
  std::size_t best = 0;
  if (!fs::is_directory(dir)) return last;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_directory() || name.rfind("epoch-", 0) != 0 ||
        name.find_first_not_of("0123456789", 6) != std::string::npos || name.size() == 6)
      continue;  // not a name this program gives (epoch-2.old, epoch-2.partial, notes)
    const auto epoch = count_in(std::string_view(name).substr(6));
    if (!epoch)  // our names' form, and no epoch this program could have counted to
      throw nn::checkpoint_error("--resume " + dir.string() + ": " + entry.path().string() +
                                 ": the epoch in its name is too large to be a checkpoint's");
    if (!last || *epoch > best) last = entry.path(), best = *epoch;
  }
  return last;
}

std::string field(const nn::checkpoint_fields& fields, std::string_view key) {
  for (const auto& [k, v] : fields)
    if (k == key) return v;
  return {};
}

// ---------------------------------------------------------------------------------------------
// One step's gradients: the batch `first` of `order`, forward, loss, backward. The loss comes
// back with, when it is not finite, the first layer whose output is not.

struct step_loss {
  double loss = 0;
  std::optional<std::size_t> bad_layer;
  bool finite() const { return std::isfinite(loss); }
};

template <class Net>
struct batch_of {
  typename Net::input_type x;
  ctnn::Tensor<typename Net::element_type, Net::input_type::extents[0], classes> t;
};

template <class Net>
step_loss gradients(Net& net, batch_of<Net>& b, const fashion_mnist& data,
                    const std::vector<std::size_t>& order, std::size_t first) {
  //! [step]
  fill_batch(b.x, b.t, data.train_images, data.train_labels, order, first);
  const auto& y = net.forward(b.x);
  const auto loss = ctnn::cross_entropy_loss<ctnn::backend::fast>(y, b.t);
  if (!std::isfinite(static_cast<double>(loss.loss)))  // stop before learning from garbage
    return {static_cast<double>(loss.loss), net.first_non_finite_output()};
  net.backward_parameters(loss.dy);  // dK, db, dW...; not the gradient of the images
  //! [step]
  return {static_cast<double>(loss.loss), {}};
}

// Copies every parameter of `from` into `to`: networks whose parameters have the same shapes
// (here LeNet on batches of 64 and of 32: a parameter's shape does not depend on the batch).
template <class From, class To>
void copy_parameters(From& from, To& to) {
  std::vector<typename From::element_type*> values;
  from.for_each_parameter([&](auto& w, auto&) { values.push_back(w.data()); });
  std::size_t i = 0;
  to.for_each_parameter([&](auto& w, auto&) { std::copy_n(values[i++], w.size, w.data()); });
}

// --threads 2: two replicas of the network, each on half of every batch, one on ctnn's helper
// thread (ctnn::fast::in_two_threads), one on this thread.
// The mean loss of a batch is the mean of the halves' mean losses, so its gradient is the mean of
// their gradients: averaged into the first replica, which the optimizer steps; the second then
// copies its parameters. The same numbers as one thread up to the order of the additions (not
// bit for bit), and reproducible: each thread always computes the same half.
template <class Half>
class two_replicas {
 public:
  static constexpr std::size_t M = Half::input_type::extents[0];

  two_replicas() = default;
  two_replicas(const two_replicas&) = delete;
  two_replicas& operator=(const two_replicas&) = delete;

  Half& first() { return *a_; }

  // Batch `first` of order: the first M images here, the next M on the helper thread.
  step_loss gradients(const fashion_mnist& data, const std::vector<std::size_t>& order,
                      std::size_t first) {
    step_loss a;
    ctnn::fast::in_two_threads(
        [&] { b_loss_ = ::gradients(*b_, batch_b_, data, order, first + M); },
        [&] { a = ::gradients(*a_, batch_a_, data, order, first); });
    if (!a.finite()) return a;
    if (!b_loss_.finite()) return {b_loss_.loss, b_loss_.bad_layer};
    std::vector<typename Half::element_type*> gb;
    b_->for_each_parameter([&](auto&, auto& g) { gb.push_back(g.data()); });
    std::size_t i = 0;
    a_->for_each_parameter([&](auto&, auto& g) {
      const auto* other = gb[i++];
      for (std::size_t k = 0; k < g.size; ++k) g.data()[k] = (g.data()[k] + other[k]) / 2;
    });
    return {(a.loss + b_loss_.loss) / 2, {}};
  }
  // After the optimizer's step on first(): the second replica takes its parameters.
  void share() { copy_parameters(*a_, *b_); }

 private:
  std::unique_ptr<Half> a_ = std::make_unique<Half>(), b_ = std::make_unique<Half>();
  batch_of<Half> batch_a_, batch_b_;
  step_loss b_loss_;
};

// ---------------------------------------------------------------------------------------------
// Training.

struct stopped : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <class Setup>
double train(const options& o, const fashion_mnist& data) {
  using Net = typename Setup::net;
  using T = typename Net::element_type;
  constexpr std::size_t N = Net::input_type::extents[0], batches = train_count / N;
  const std::string type = std::is_same_v<T, float> ? "float" : "double";

  // One generator: the initial weights, then each epoch's order (np.random.permutation).
  ctnn::numpy::RandomState rng{o.seed};
  auto net = std::make_unique<Net>();
  Setup::initialise(*net, rng);
  auto opt = Setup::optimizer(o.lr);

  // --steps alone: as many epochs as those steps need; --epochs alone: whole epochs; both: the
  // first limit reached; neither: the net's default (2000 steps, or 10 epochs).
  const std::size_t epochs = o.epochs               ? *o.epochs
                             : o.steps              ? (*o.steps + batches - 1) / batches
                             : Setup::default_steps ? 1
                                                    : 10;
  const std::size_t max_steps =
      o.steps.value_or(o.epochs || !Setup::default_steps ? epochs * batches : Setup::default_steps);
  std::size_t epoch = 0;  // epochs done

  fmt::print("{}\n", nn::summary<Net>);
  fmt::print("--net {}: {}, batch {}, {} steps of {} per epoch, seed {}\n", Setup::name, type, N,
             batches, N, o.seed);

  if (o.resume) {
    const auto dir = last_checkpoint(*o.resume);
    if (!dir)
      throw nn::checkpoint_error("--resume " + o.resume->string() + ": no checkpoint there");
    const auto fields = nn::load_checkpoint(*dir, *net, opt);
    // The shapes fitted (load_checkpoint checked every one); the settings must match as well.
    for (const auto& [key, want] : {std::pair{"net", std::string(Setup::name)},
                                    {"type", type},
                                    {"seed", std::to_string(o.seed)},
                                    {"threads", std::to_string(o.threads)},
                                    {"lr", fmt::format("{}", opt.lr)}})
      if (field(fields, key) != want)
        throw nn::checkpoint_error(fmt::format("checkpoint {} was made with {} {}, not {}",
                                               dir->string(), key, field(fields, key), want));
    const auto epoch_field = std::find_if(fields.begin(), fields.end(),
                                          [](const auto& f) { return f.first == "epoch"; });
    if (epoch_field == fields.end())
      throw nn::checkpoint_error("checkpoint " + dir->string() +
                                 ": manifest.txt has no 'epoch' field (this program writes one)");
    const auto done = count_in(epoch_field->second);
    if (!done)
      throw nn::checkpoint_error("checkpoint " + dir->string() + ": manifest.txt: 'epoch " +
                                 epoch_field->second + "' is not an epoch count");
    // Checkpoints are written after whole epochs: another count is a manifest edited or mixed
    // up, and would replay that many epochs' orders (a huge one, for ever).
    if (opt.iterations % batches != 0 || opt.iterations / batches != *done)
      throw nn::checkpoint_error(fmt::format(
          "checkpoint {}: manifest.txt: 'epoch {}' does not match 'steps {}' ({} steps an epoch)",
          dir->string(), *done, opt.iterations, batches));
    epoch = *done;
    for (std::size_t e = 0; e < epoch; ++e) (void)rng.permutation(train_count);  // as if run
    fmt::print("resumed from {} after epoch {} ({} steps)\n", dir->string(), epoch, opt.iterations);
  }
  if (o.checkpoint) fs::create_directories(*o.checkpoint);  // fails now, not after an epoch
  std::optional<csv_log> log;
  if (o.log)
    log.emplace(*o.log, o.resume ? std::optional<std::size_t>(opt.iterations) : std::nullopt);

  auto batch_data = std::make_unique<batch_of<Net>>();
  std::unique_ptr<two_replicas<typename Setup::half>> replicas;
  if (o.threads == 2) {
    replicas = std::make_unique<two_replicas<typename Setup::half>>();
    copy_parameters(*net, replicas->first());
    replicas->share();
  }
  progress bar(max_steps);
  bar.started_at(opt.iterations);
  evaluation last{};
  bool evaluated = false;
  while (epoch < epochs && opt.iterations < max_steps) {
    const std::vector<std::size_t> order = rng.permutation(train_count);
    const auto start = std::chrono::steady_clock::now();
    std::vector<double> step_seconds;  // their median: a speed that a busy machine moves less
    step_seconds.reserve(batches);
    const std::size_t log_every =
        std::max<std::size_t>(1, std::min<std::size_t>(100, batches / 10));
    double epoch_loss = 0, interval_loss = 0;
    std::size_t batch = 0, interval = 0;
    for (; batch < batches && opt.iterations < max_steps; ++batch) {
      const auto step_start = std::chrono::steady_clock::now();
      const step_loss loss = replicas ? replicas->gradients(data, order, batch * N)
                                      : gradients(*net, *batch_data, data, order, batch * N);
      if (!loss.finite()) {
        bar.interrupt();
        throw stopped(fmt::format(
            "training stopped at epoch {}, step {}: the loss is {}; {}. Training on would learn "
            "from garbage: lower the learning rate (--lr).",
            epoch + 1, opt.iterations + 1, loss.loss,
            loss.bad_layer
                ? fmt::format("layer {} ({}) is the first whose output is not finite",
                              *loss.bad_layer, nn::summary<Net>.rows[*loss.bad_layer].kind.view())
                : std::string("every layer's output is finite, the loss overflowed")));
      }
      if (replicas) {
        opt.step(replicas->first());
        replicas->share();
      } else {
        opt.step(*net);
      }
      step_seconds.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - step_start).count());
      epoch_loss += loss.loss;
      interval_loss += loss.loss;
      ++interval;
      if (log && opt.iterations % log_every == 0) {
        log->steps << fmt::format("{},{},{:.6f}\n", epoch + 1, opt.iterations,
                                  interval_loss / static_cast<double>(interval));
        interval_loss = 0, interval = 0;
      }
      bar.step(epoch + 1, epochs, batch + 1, batches, opt.iterations,
               epoch_loss / static_cast<double>(batch + 1), N);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (replicas) copy_parameters(replicas->first(), *net);
    last = evaluate(*net, data);
    evaluated = true;
    bar.interrupt();
    const double rate = static_cast<double>(batch * N) / seconds;
    const bool whole = batch == batches;
    if (whole) ++epoch;
    const auto middle = step_seconds.begin() + static_cast<std::ptrdiff_t>(batch / 2);
    std::nth_element(step_seconds.begin(), middle, step_seconds.end());
    const double median_step = *middle;
    fmt::print(
        "{} {}: train loss {:.4f}, test loss {:.4f}, test accuracy {:.4f} ({:.1f} s, {:.0f} "
        "samples/s; median step {:.2f} ms)\n",
        whole ? "epoch" : "after step", whole ? epoch : opt.iterations,
        epoch_loss / static_cast<double>(batch), last.loss, last.accuracy, seconds, rate,
        1e3 * median_step);
    std::fflush(stdout);
    if (log) {
      log->epochs << fmt::format(
          "{},{},{:.6f},{:.6f},{:.4f},{:.2f},{:.0f}\n", whole ? epoch : epoch + 1, opt.iterations,
          epoch_loss / static_cast<double>(batch), last.loss, last.accuracy, seconds, rate);
      log->steps.flush(), log->epochs.flush();
    }
    if (o.checkpoint && whole)
      //! [checkpoint]
      nn::save_checkpoint(*o.checkpoint / ("epoch-" + std::to_string(epoch)), *net, opt,
                          {{"net", std::string(Setup::name)},
                           {"type", type},
                           {"seed", std::to_string(o.seed)},
                           {"threads", std::to_string(o.threads)},
                           {"lr", fmt::format("{}", opt.lr)},
                           {"epoch", std::to_string(epoch)}});
    //! [checkpoint]
  }
  if (!evaluated) last = evaluate(*net, data);  // resumed after the last epoch: nothing to train

  if (o.log) {
    write_confusion(*o.log, last);
    ctnn::io::save_npy((*o.log / "filters.npy").string(), net->template get<0>().K);
  }
  fmt::print("\nclass          accuracy\n");
  for (std::size_t i = 0; i < classes; ++i) {
    std::size_t total = 0;
    for (std::size_t n : last.confusion[i]) total += n;
    fmt::print("{:<13}  {:.4f}\n", class_names[i],
               static_cast<double>(last.confusion[i][i]) / static_cast<double>(total));
  }
  fmt::print("\nconfusion matrix (rows: true class, columns: predicted)\n");
  for (std::size_t i = 0; i < classes; ++i) {
    fmt::print("{:<13}", class_names[i]);
    for (std::size_t n : last.confusion[i]) fmt::print(" {:4}", n);
    fmt::print("\n");
  }
  fmt::print("test accuracy: {:.4f}\n", last.accuracy);
  return last.accuracy;
}

}  // namespace

int main(int argc, char** argv) {
  options o;
  try {
    o = parse(argc, argv);
  } catch (const bad_option& e) {
    std::fprintf(stderr, "12_fashion_mnist: %s\n%s\n", e.what(), usage.data());
    return 2;
  }
  try {
    const auto data = load_fashion_mnist(o.data);
    if (o.net == "series")
      train<series_setup>(o, *data);
    else if (o.f64)
      train<lenet_setup<double>>(o, *data);
    else
      train<lenet_setup<float>>(o, *data);
  } catch (const stopped& e) {
    std::fprintf(stderr, "12_fashion_mnist: %s\n", e.what());
    return 3;
  } catch (const std::exception& e) {  // idx_error, checkpoint_error, a folder we cannot write
    std::fprintf(stderr, "12_fashion_mnist: %s\n", e.what());
    return 1;
  }
  return 0;
}
