// ctnn::nn::save_checkpoint and load_checkpoint: a network and its optimizer's state written to a
// folder of .npy files and read back bit for bit, for every optimizer and with every kind of
// parameter; training resumed from a checkpoint is training that never stopped (sgd and adam,
// float, compared with ==); the files are what numpy reads (their headers' dtype and shape); a
// checkpoint of another network, another optimizer, another element type, with a bad manifest or
// a damaged file throws checkpoint_error and changes nothing; a save that fails leaves the folder
// as it was and nothing beside it; a crash during a save's swap loses no checkpoint (what it
// leaves, ck.old, is never loaded as ck, kept by the next save until its own is in place, and
// named by its message when it cannot be put back); the manifest's fields are checked before
// anything is replaced.
//
// Failures are made structurally (a parent that is a regular file, a name longer than 255
// bytes), not with permissions: the tests may run as root, for whom chmod forbids nothing.
#define BOOST_TEST_MODULE checkpoint
#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>
#include <ctnn/nn/checkpoint.hpp>
#include <ctnn/nn/nn.hpp>
#include <ctnn/npy.hpp>
#include <ctnn/optim/optim.hpp>

#include "laws.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <unistd.h>  // getpid

namespace fs = std::filesystem;
namespace laws = ctnn_test::laws;
namespace nn = ctnn::nn;
namespace optim = ctnn::optim;

namespace {

// The network of most tests: a convolution's K and b and a dense layer's W and b, at layers 0
// and 4 (relu, pool and flatten between them have none). K is (1, 2, 3, 3); the pool leaves
// 2 x 3 x 3 = 18 features, so W is (18, 3).
template <class T>
using Small = nn::sequential<nn::input<T, 2, 1, 8, 8>, nn::conv2d<2, 3, 3>, nn::relu,
                             nn::max_pool2d<2, 2>, nn::flatten, nn::dense<3>>;
// With PReLU slopes: layer1.alpha per channel of the convolution, layer5.alpha after the dense
// (layer4: W (18, 3), b).
template <class T>
using WithPrelu = nn::sequential<nn::input<T, 2, 1, 8, 8>, nn::conv2d<2, 3, 3>, nn::prelu,
                                 nn::max_pool2d<2, 2>, nn::flatten, nn::dense<3>, nn::prelu>;
// Small with 3 filters: layer0.K is (1, 3, 3, 3) where the checkpoint has (1, 2, 3, 3).
using MoreFilters = nn::sequential<nn::input<double, 2, 1, 8, 8>, nn::conv2d<3, 3, 3>, nn::relu,
                                   nn::max_pool2d<2, 2>, nn::flatten, nn::dense<3>>;
// Small and one more dense layer: every file of Small fits, and layer6's are missing.
using OneMore =
    nn::sequential<nn::input<double, 2, 1, 8, 8>, nn::conv2d<2, 3, 3>, nn::relu,
                   nn::max_pool2d<2, 2>, nn::flatten, nn::dense<3>, nn::relu, nn::dense<2>>;
// Small's first layers only: its files fit, and the checkpoint holds layer4's besides.
using FirstOnly = nn::sequential<nn::input<double, 2, 1, 8, 8>, nn::conv2d<2, 3, 3>, nn::relu>;

// n steps of training. Batch k (k = opt.iterations: a resumed run goes on with the batches it
// had not seen) is x = projection(100 + k) with the gradient of |y - t|^2 / 2, t =
// projection(200 + k): each step's gradient depends on the parameters, so a resumed run that
// lost any number drifts away.
template <class Net, class Optimizer>
void train(Net& net, Optimizer& opt, std::size_t n) {
  using X = typename Net::input_type;
  using Y = typename Net::output_type;
  for (std::size_t step = 0; step < n; ++step) {
    const auto k = static_cast<std::uint32_t>(opt.iterations);
    const X x = laws::projection<X>(100 + k);
    const Y t = laws::projection<Y>(200 + k);
    Y dy = net.forward(x);
    for (std::size_t e = 0; e < Y::size; ++e) dy.data()[e] -= t.data()[e];
    net.backward(dy);
    opt.step(net);
  }
}

// Every number a checkpoint holds: each parameter in visiting order, each optimizer buffer
// ("velocity 0": the velocity of parameter 0) and the step count.
template <class T>
struct snapshot {
  std::vector<std::vector<T>> parameters;
  std::vector<std::pair<std::string, std::vector<T>>> states;
  std::size_t iterations = 0;
};

template <class Net, class Optimizer>
snapshot<typename Net::element_type> snapshot_of(Net& net, const Optimizer& opt) {
  using T = typename Net::element_type;
  snapshot<T> s;
  net.for_each_parameter([&](auto& w, auto&) { s.parameters.emplace_back(w.begin(), w.end()); });
  opt.for_each_state([&](std::string_view name, std::size_t i, auto values) {
    if constexpr (std::is_same_v<typename decltype(values)::element_type, const T>)
      s.states.emplace_back(std::string(name) + " " + std::to_string(i),
                            std::vector<T>(values.begin(), values.end()));
  });
  s.iterations = opt.iterations;
  return s;
}

// Equal bit for bit (== would take -0 for 0; a copy must not even do that).
template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](T x, T y) { return std::bit_cast<Bits>(x) == std::bit_cast<Bits>(y); });
}

template <class T>
void check_same(const snapshot<T>& a, const snapshot<T>& b) {
  BOOST_TEST_REQUIRE(a.parameters.size() == b.parameters.size());
  for (std::size_t i = 0; i < a.parameters.size(); ++i)
    BOOST_TEST(same_bits(a.parameters[i], b.parameters[i]), "parameter " << i);
  BOOST_TEST_REQUIRE(a.states.size() == b.states.size());
  for (std::size_t i = 0; i < a.states.size(); ++i) {
    BOOST_TEST(a.states[i].first == b.states[i].first);
    BOOST_TEST(same_bits(a.states[i].second, b.states[i].second), a.states[i].first);
  }
  BOOST_TEST(a.iterations == b.iterations);
}

// A folder of its own under the system's temporary folder, removed after the test case (the
// process id and a counter in its name: parallel runs do not meet).
struct scratch {
  fs::path dir = fs::temp_directory_path() / ("ctnn_checkpoint_test_" + std::to_string(::getpid()) +
                                              "_" + std::to_string(count++));
  scratch() {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  static inline int count = 0;
};

// The names in a folder, sorted: what a save left behind.
std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  BOOST_TEST_REQUIRE(static_cast<bool>(in), file.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& file, std::string_view bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  BOOST_TEST_REQUIRE(static_cast<bool>(out), file.string());
}

// Every file of a folder with its bytes: to see that a checkpoint was not touched.
std::vector<std::pair<std::string, std::string>> contents_of(const fs::path& dir) {
  std::vector<std::pair<std::string, std::string>> all;
  for (const std::string& name : names_in(dir)) all.emplace_back(name, read_bytes(dir / name));
  return all;
}

bool has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// The message of the checkpoint_error that f throws; the test fails if it throws none.
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const nn::checkpoint_error& e) {
    BOOST_TEST_MESSAGE(e.what());
    return e.what();
  }
  BOOST_ERROR("no checkpoint_error was thrown");
  return {};
}

// Loading `dir` into net and opt must throw checkpoint_error and leave both as they were (the
// message is returned for the test to read).
template <class Net, class Optimizer>
std::string refused(const fs::path& dir, Net& net, Optimizer& opt) {
  const auto before = snapshot_of(net, opt);
  const std::string message = error_of([&] { nn::load_checkpoint(dir, net, opt); });
  check_same(before, snapshot_of(net, opt));
  return message;
}

const optim::sgd sgd_settings{.lr = 0.05, .momentum = 0.9, .decay = 0.1};
const optim::adam adam_settings{.lr = 0.01, .decay = 0.1};

// Small<double> after 3 sgd steps, saved to dir.
void write_small(const fs::path& dir, const nn::checkpoint_fields& fields = {}) {
  Small<double> net{ctnn::numpy::RandomState{1}};
  optim::sgd opt = sgd_settings;
  train(net, opt, 3);
  nn::save_checkpoint(dir, net, opt, fields);
}

// What a load must not change: a net and an optimizer of their own, trained (other seeds, other
// batches, a state of their own).
template <class Net, class Optimizer = optim::sgd>
struct target {
  Net net{ctnn::numpy::RandomState{9}};
  Optimizer opt;
  explicit target(Optimizer settings = Optimizer{}) : opt(settings) {
    opt.iterations = 50;  // batches the checkpoint's net never saw
    train(net, opt, 2);
  }
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Round trips

using round_trip_nets = boost::mpl::list<Small<double>, WithPrelu<double>, Small<float>>;

BOOST_FIXTURE_TEST_CASE_TEMPLATE(a_checkpoint_comes_back_bit_for_bit, Net, round_trip_nets,
                                 scratch) {
  Net net{ctnn::numpy::RandomState{1}};
  optim::sgd opt = sgd_settings;
  train(net, opt, 3);
  const nn::checkpoint_fields fields{
      {"net", "small"}, {"epoch", "3"}, {"note", "a value of several words"}, {"empty", ""}};
  nn::save_checkpoint(dir / "ck", net, opt, fields);

  Net loaded;  // every parameter zero
  optim::sgd fresh = sgd_settings;
  const nn::checkpoint_fields read = nn::load_checkpoint(dir / "ck", loaded, fresh);
  check_same(snapshot_of(net, opt), snapshot_of(loaded, fresh));
  BOOST_TEST(fresh.iterations == 3u);

  // The fields in their order, after steps; read_checkpoint_manifest says the same.
  nn::checkpoint_fields expected{{"steps", "3"}};
  expected.insert(expected.end(), fields.begin(), fields.end());
  BOOST_TEST((read == expected));
  BOOST_TEST((nn::read_checkpoint_manifest(dir / "ck") == expected));
}

using all_optimizers = boost::mpl::list<optim::sgd, optim::adagrad, optim::rmsprop, optim::adam>;

BOOST_FIXTURE_TEST_CASE_TEMPLATE(every_optimizer_s_buffers_come_back, Optimizer, all_optimizers,
                                 scratch) {
  // Each buffer has a file named after it (state_names), and comes back bit for bit.
  WithPrelu<float> net{ctnn::numpy::RandomState{2}};
  Optimizer opt{.lr = 0.01};
  train(net, opt, 4);
  nn::save_checkpoint(dir / "ck", net, opt);
  for (std::string_view state : Optimizer::state_names)
    for (const char* parameter :
         {"layer0.K", "layer0.b", "layer1.alpha", "layer4.W", "layer4.b", "layer5.alpha"})
      BOOST_TEST(fs::exists(dir / "ck" / (parameter + ("." + std::string(state)) + ".npy")),
                 parameter << "." << state);
  WithPrelu<float> loaded;
  Optimizer fresh{.lr = 0.01};
  nn::load_checkpoint(dir / "ck", loaded, fresh);
  const auto original = snapshot_of(net, opt);
  BOOST_TEST(original.states.size() == 6 * Optimizer::state_names.size());
  check_same(original, snapshot_of(loaded, fresh));
}

BOOST_FIXTURE_TEST_CASE(save_then_load_in_another_run, scratch) {
  //! [checkpoint]
  Small<float> net{ctnn::numpy::RandomState{0}};
  ctnn::optim::sgd opt{.lr = 0.05, .momentum = 0.9};
  train(net, opt, 3);  // forward, backward, opt.step(net), three times
  // The parameters, the optimizer's velocities and step count, and what else is worth keeping:
  nn::save_checkpoint(dir / "epoch1", net, opt, {{"net", "small"}, {"epoch", "1"}});

  // Later, in this run or another: a network and an optimizer of the same types take it back.
  Small<float> resumed;                                       // every parameter zero
  ctnn::optim::sgd resumed_opt{.lr = 0.05, .momentum = 0.9};  // hyperparameters are not saved
  const nn::checkpoint_fields fields = nn::load_checkpoint(dir / "epoch1", resumed, resumed_opt);
  // fields: {"steps", "3"}, {"net", "small"}, {"epoch", "1"}; resumed_opt.iterations is 3
  //! [checkpoint]
  BOOST_TEST((fields == nn::checkpoint_fields{{"steps", "3"}, {"net", "small"}, {"epoch", "1"}}));
  BOOST_TEST(resumed_opt.iterations == 3u);
  check_same(snapshot_of(net, opt), snapshot_of(resumed, resumed_opt));
}

BOOST_FIXTURE_TEST_CASE(the_optimizer_keeps_its_hyperparameters_and_gets_a_new_state, scratch) {
  // load_checkpoint resets the optimizer and prepares it for the net: one that was stepped on
  // another network takes the checkpoint, with its own lr.
  write_small(dir / "ck");
  OneMore other{ctnn::numpy::RandomState{3}};
  optim::sgd opt{.lr = 0.5, .momentum = 0.9};
  train(other, opt, 2);  // a state for OneMore's 6 parameters
  Small<double> net;
  nn::load_checkpoint(dir / "ck", net, opt);
  BOOST_TEST(opt.lr == 0.5);
  BOOST_TEST(opt.iterations == 3u);
  BOOST_TEST(snapshot_of(net, opt).states.size() == 4u);  // Small's 4 parameters, a velocity each
  train(net, opt, 1);                                     // and it steps: the state fits the net
  BOOST_TEST(opt.iterations == 4u);
}

BOOST_FIXTURE_TEST_CASE(a_checkpoint_saved_before_the_first_step_holds_the_parameters, scratch) {
  // Before any step (or prepare) the optimizer has no state: only the parameters are saved, and
  // loading gives a fresh optimizer (zero state, iterations 0), which is what it was.
  Small<double> net{ctnn::numpy::RandomState{4}};
  const optim::adam opt = adam_settings;
  nn::save_checkpoint(dir / "ck", net, opt);
  BOOST_TEST(names_in(dir / "ck").size() == 5u);  // 4 parameters and the manifest
  Small<double> loaded;
  target<Small<double>, optim::adam> other(adam_settings);
  nn::load_checkpoint(dir / "ck", loaded, other.opt);
  BOOST_TEST(other.opt.iterations == 0u);
  const auto s = snapshot_of(loaded, other.opt);
  BOOST_TEST(s.states.size() == 8u);  // m and v of 4 parameters, prepared for the net
  for (const auto& [name, values] : s.states)
    BOOST_TEST(std::all_of(values.begin(), values.end(), [](double v) { return v == 0; }), name);
  // the same steps from there as from the original
  optim::adam straight = adam_settings, resumed = other.opt;
  train(net, straight, 2);
  train(loaded, resumed, 2);
  check_same(snapshot_of(net, straight), snapshot_of(loaded, resumed));
}

// ---------------------------------------------------------------------------------------------
// Resuming

template <class Optimizer>
void check_resume(const fs::path& dir, const Optimizer& settings) {
  // 6 steps straight, against 3 steps, a checkpoint, new objects, 3 more steps: equal, ==, for
  // every parameter and every buffer. Learning-rate decay makes the steps depend on iterations
  // as well.
  Small<float> straight{ctnn::numpy::RandomState{5}};
  Optimizer straight_opt = settings;
  train(straight, straight_opt, 6);

  Small<float> first{ctnn::numpy::RandomState{5}};
  Optimizer first_opt = settings;
  train(first, first_opt, 3);
  nn::save_checkpoint(dir / "ck", first, first_opt);
  Small<float> resumed;
  Optimizer resumed_opt = settings;
  nn::load_checkpoint(dir / "ck", resumed, resumed_opt);
  train(resumed, resumed_opt, 3);

  const auto want = snapshot_of(straight, straight_opt), got = snapshot_of(resumed, resumed_opt);
  BOOST_TEST_REQUIRE(want.parameters.size() == 4u);
  for (std::size_t i = 0; i < want.parameters.size(); ++i)
    BOOST_TEST(want.parameters[i] == got.parameters[i], boost::test_tools::per_element());
  check_same(want, got);

  // The comparison can fail: the same resume with the optimizer's state zeroed (iterations
  // kept) ends elsewhere.
  Small<float> forgetful;
  Optimizer forgetful_opt = settings;
  nn::load_checkpoint(dir / "ck", forgetful, forgetful_opt);
  forgetful_opt.for_each_state([](std::string_view, std::size_t, auto values) {
    std::fill(values.begin(), values.end(), 0.0f);
  });
  train(forgetful, forgetful_opt, 3);
  BOOST_TEST(!same_bits(want.parameters[0], snapshot_of(forgetful, forgetful_opt).parameters[0]));
}

BOOST_FIXTURE_TEST_CASE(resuming_sgd_is_training_that_never_stopped, scratch) {
  check_resume(dir, sgd_settings);
}

BOOST_FIXTURE_TEST_CASE(resuming_adam_is_training_that_never_stopped, scratch) {
  check_resume(dir, adam_settings);  // two buffers: m and v
}

// ---------------------------------------------------------------------------------------------
// The files

BOOST_FIXTURE_TEST_CASE(the_files_are_npy_files_numpy_reads, scratch) {
  const char order = std::endian::native == std::endian::little ? '<' : '>';
  Small<double> net{ctnn::numpy::RandomState{6}};
  optim::adam opt = adam_settings;
  train(net, opt, 2);
  nn::save_checkpoint(dir / "ck", net, opt, {{"net", "small"}});

  // layer<i>.<name>.npy and layer<i>.<name>.<state>.npy, the manifest, and nothing else (no
  // temporary file).
  const std::vector<std::string> expected{"layer0.K.first_moment.npy",
                                          "layer0.K.npy",
                                          "layer0.K.second_moment.npy",
                                          "layer0.b.first_moment.npy",
                                          "layer0.b.npy",
                                          "layer0.b.second_moment.npy",
                                          "layer4.W.first_moment.npy",
                                          "layer4.W.npy",
                                          "layer4.W.second_moment.npy",
                                          "layer4.b.first_moment.npy",
                                          "layer4.b.npy",
                                          "layer4.b.second_moment.npy",
                                          "manifest.txt"};
  BOOST_TEST(names_in(dir / "ck") == expected, boost::test_tools::per_element());
  BOOST_TEST(names_in(dir) == std::vector<std::string>{"ck"}, boost::test_tools::per_element());

  // Each file's header: the parameter's dtype and shape, C order, for state files too.
  const auto check_header = [&](const std::string& file, std::vector<std::size_t> shape) {
    const ctnn::io::npy_info info = ctnn::io::read_npy_info((dir / "ck" / file).string());
    BOOST_TEST(info.dtype == std::string{order} + "f8", file);
    BOOST_TEST(info.shape == shape, boost::test_tools::per_element());
    BOOST_TEST(!info.fortran_order, file);
  };
  check_header("layer0.K.npy", {1, 2, 3, 3});
  check_header("layer0.K.second_moment.npy", {1, 2, 3, 3});
  check_header("layer0.b.npy", {2});
  check_header("layer4.W.npy", {18, 3});
  check_header("layer4.W.first_moment.npy", {18, 3});
  check_header("layer4.b.second_moment.npy", {3});

  // And their values are the parameters' and the buffers'.
  BOOST_TEST((ctnn::io::load_npy<double, 1, 2, 3, 3>((dir / "ck" / "layer0.K.npy").string()) ==
              net.get<0>().K));
  BOOST_TEST((ctnn::io::load_npy<double, 18, 3>((dir / "ck" / "layer4.W.npy").string()) ==
              net.get<4>().W));
  const auto m =
      ctnn::io::load_npy<double, 18, 3>((dir / "ck" / "layer4.W.first_moment.npy").string());
  const auto s = snapshot_of(net, opt);
  BOOST_TEST_REQUIRE(s.states[4].first == "first_moment 2");  // m, v of K, b, then W's
  BOOST_TEST(same_bits(std::vector<double>(m.begin(), m.end()), s.states[4].second));

  BOOST_TEST(read_bytes(dir / "ck" / "manifest.txt") == "ctnn checkpoint 1\nsteps 2\nnet small\n");

  // A float network writes '<f4'.
  Small<float> f{ctnn::numpy::RandomState{6}};
  optim::sgd f_opt = sgd_settings;
  train(f, f_opt, 1);
  nn::save_checkpoint(dir / "f", f, f_opt);
  BOOST_TEST(ctnn::io::read_npy_info((dir / "f" / "layer4.W.velocity.npy").string()).dtype ==
             std::string{order} + "f4");
}

// ---------------------------------------------------------------------------------------------
// What does not fit: checkpoint_error, and nothing changed

BOOST_FIXTURE_TEST_CASE(a_conv_with_another_number_of_filters, scratch) {
  write_small(dir / "ck");
  target<MoreFilters> t;
  const std::string message = refused(dir / "ck", t.net, t.opt);
  BOOST_TEST(has(message, (dir / "ck").string()), message);
  BOOST_TEST(has(message, "layer0.K"), message);
  BOOST_TEST(has(message, "(1, 2, 3, 3)"), message);                // the file's shape
  BOOST_TEST(has(message, "Tensor<double, 1, 3, 3, 3>"), message);  // the net's
}

BOOST_FIXTURE_TEST_CASE(a_net_with_one_more_layer, scratch) {
  // Small's four files fit and are read; layer6.W is missing.
  write_small(dir / "ck");
  target<OneMore> t;
  const std::string message = refused(dir / "ck", t.net, t.opt);
  BOOST_TEST(has(message, "layer6.W.npy"), message);
  BOOST_TEST(has(message, "another network"), message);
}

BOOST_FIXTURE_TEST_CASE(a_net_with_fewer_layers, scratch) {
  // FirstOnly's files are all there and fit; the checkpoint holds layer4's four besides.
  write_small(dir / "ck");
  target<FirstOnly> t;
  const std::string message = refused(dir / "ck", t.net, t.opt);
  BOOST_TEST(has(message, "holds 8 .npy files"), message);
  BOOST_TEST(has(message, "have 4"), message);
}

BOOST_FIXTURE_TEST_CASE(an_optimizer_of_another_kind, scratch) {
  write_small(dir / "ck");  // by sgd: velocities
  target<Small<double>, optim::adam> into_adam(adam_settings);
  const std::string message = refused(dir / "ck", into_adam.net, into_adam.opt);
  BOOST_TEST(has(message, "layer0.K.first_moment.npy"), message);
  BOOST_TEST(has(message, "another optimizer"), message);

  // And the other way: sgd's velocity is not among adam's moments.
  Small<double> net{ctnn::numpy::RandomState{1}};
  optim::adam opt = adam_settings;
  train(net, opt, 3);
  nn::save_checkpoint(dir / "adam", net, opt);
  target<Small<double>> into_sgd(sgd_settings);
  const std::string reverse = refused(dir / "adam", into_sgd.net, into_sgd.opt);
  BOOST_TEST(has(reverse, "layer0.K.velocity.npy"), reverse);
  BOOST_TEST(has(reverse, "another optimizer"), reverse);
}

BOOST_FIXTURE_TEST_CASE(another_element_type, scratch) {
  // A float checkpoint into the same layers in double: the dtype does not fit, no conversion.
  Small<float> net{ctnn::numpy::RandomState{1}};
  optim::sgd opt = sgd_settings;
  train(net, opt, 1);
  nn::save_checkpoint(dir / "ck", net, opt);
  target<Small<double>> t;
  const std::string message = refused(dir / "ck", t.net, t.opt);
  BOOST_TEST(has(message, "layer0.K"), message);
  BOOST_TEST((has(message, "'<f4'") || has(message, "'>f4'")), message);
}

BOOST_FIXTURE_TEST_CASE(a_folder_with_no_manifest, scratch) {
  target<Small<double>> t;
  fs::create_directory(dir / "empty");
  const std::string message = refused(dir / "empty", t.net, t.opt);
  BOOST_TEST(has(message, (dir / "empty").string()), message);
  BOOST_TEST(has(message, "no manifest.txt"), message);
  BOOST_TEST(has(refused(dir / "nowhere", t.net, t.opt), "no manifest.txt"));
  // The parameters' files alone are not a checkpoint either.
  write_small(dir / "ck");
  fs::remove(dir / "ck" / "manifest.txt");
  BOOST_TEST(has(refused(dir / "ck", t.net, t.opt), "no manifest.txt"));
}

BOOST_FIXTURE_TEST_CASE(a_manifest_that_save_checkpoint_did_not_write, scratch) {
  target<Small<double>> t;
  const auto with_manifest = [&](const std::string& text) {
    fs::remove_all(dir / "ck");
    write_small(dir / "ck");
    write_bytes(dir / "ck" / "manifest.txt", text);
    return refused(dir / "ck", t.net, t.opt);
  };
  BOOST_TEST(has(with_manifest("ctnn checkpoint 2\nsteps 3\n"), "first line"));
  BOOST_TEST(has(with_manifest("steps 3\n"), "first line"));
  BOOST_TEST(has(with_manifest(""), "first line"));
  BOOST_TEST(has(with_manifest("ctnn checkpoint 1\n"), "'steps N'"));
  BOOST_TEST(has(with_manifest("ctnn checkpoint 1\nnet small\nsteps 3\n"), "'steps N'"));
  BOOST_TEST(has(with_manifest("ctnn checkpoint 1\nsteps 3\nnospace\n"), "'key value'"));
  BOOST_TEST(has(with_manifest("ctnn checkpoint 1\nsteps 3\n leading\n"), "'key value'"));
}

BOOST_FIXTURE_TEST_CASE(a_manifest_whose_steps_is_not_a_number, scratch) {
  target<Small<double>> t;
  for (const std::string steps :
       {"three", "3x", "", "-1", "+3", " 3", "3.0", "99999999999999999999999999"}) {
    fs::remove_all(dir / "ck");
    write_small(dir / "ck");
    write_bytes(dir / "ck" / "manifest.txt", "ctnn checkpoint 1\nsteps " + steps + "\n");
    const std::string message = refused(dir / "ck", t.net, t.opt);
    BOOST_TEST(has(message, "is not a step count"), "'" << steps << "': " << message);
  }
}

BOOST_FIXTURE_TEST_CASE(a_damaged_npy_file, scratch) {
  // The last file read (layer4.b's velocity) cut in half: every other file has been read and
  // fits, and still nothing is copied. Then garbage over the first one.
  target<Small<double>> t;
  write_small(dir / "ck");
  const fs::path last = dir / "ck" / "layer4.b.velocity.npy";
  const std::string bytes = read_bytes(last);
  write_bytes(last, bytes.substr(0, bytes.size() - 8));  // one double short
  std::string message = refused(dir / "ck", t.net, t.opt);
  BOOST_TEST(has(message, "layer4.b"), message);
  BOOST_TEST(has(message, "truncated"), message);

  write_bytes(last, bytes);
  write_bytes(dir / "ck" / "layer0.K.npy", "this is not a .npy file");
  message = refused(dir / "ck", t.net, t.opt);
  BOOST_TEST(has(message, "layer0.K"), message);
  BOOST_TEST(has(message, "not a .npy file"), message);

  // With every file whole again, the same target loads it: the refusals were about the files.
  write_small(dir / "ck");
  nn::load_checkpoint(dir / "ck", t.net, t.opt);
  BOOST_TEST(t.opt.iterations == 3u);
}

// ---------------------------------------------------------------------------------------------
// Saving: whole or not at all

BOOST_FIXTURE_TEST_CASE(saving_where_the_parent_does_not_exist, scratch) {
  Small<double> net{ctnn::numpy::RandomState{1}};
  optim::sgd opt = sgd_settings;
  train(net, opt, 1);
  const fs::path ck = dir / "missing" / "ck";
  const std::string message = error_of([&] { nn::save_checkpoint(ck, net, opt); });
  BOOST_TEST(has(message, ck.string()), message);
  BOOST_TEST(names_in(dir).empty());  // no parent made, no .partial
}

BOOST_FIXTURE_TEST_CASE(saving_where_the_folder_cannot_be_created, scratch) {
  // A parent that is a regular file, and a name longer than a file name may be (255 bytes):
  // both fail at the start; an earlier checkpoint elsewhere is not touched.
  write_small(dir / "good");
  const auto good = contents_of(dir / "good");
  write_bytes(dir / "file", "a regular file");
  Small<double> net{ctnn::numpy::RandomState{2}};
  optim::sgd opt = sgd_settings;
  train(net, opt, 1);
  for (const fs::path& ck : {dir / "file" / "ck", dir / std::string(300, 'x')}) {
    const std::string message = error_of([&] { nn::save_checkpoint(ck, net, opt); });
    BOOST_TEST(has(message, ck.string()), message);
    BOOST_TEST(names_in(dir) == (std::vector<std::string>{"file", "good"}),
               boost::test_tools::per_element());
    BOOST_TEST(read_bytes(dir / "file") == "a regular file");
  }
  BOOST_TEST((contents_of(dir / "good") == good));
}

BOOST_FIXTURE_TEST_CASE(a_folder_that_is_not_a_checkpoint_is_never_replaced, scratch) {
  fs::create_directory(dir / "results");
  write_bytes(dir / "results" / "keep.txt", "three weeks of work");
  Small<double> net{ctnn::numpy::RandomState{2}};
  optim::sgd opt = sgd_settings;
  train(net, opt, 1);
  const std::string message = error_of([&] { nn::save_checkpoint(dir / "results", net, opt); });
  BOOST_TEST(has(message, "is not a checkpoint"), message);
  BOOST_TEST(read_bytes(dir / "results" / "keep.txt") == "three weeks of work");
  BOOST_TEST(names_in(dir) == std::vector<std::string>{"results"},
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(saving_over_a_checkpoint_replaces_it, scratch) {
  // An adam checkpoint, then an sgd one at the same place: the folder is the new one, not a
  // merge (adam's moments are gone, so sgd's load counts its files right), and nothing beside.
  Small<double> net{ctnn::numpy::RandomState{1}};
  optim::adam first = adam_settings;
  train(net, first, 2);
  nn::save_checkpoint(dir / "ck", net, first, {{"epoch", "1"}});
  optim::sgd second = sgd_settings;
  train(net, second, 3);
  nn::save_checkpoint(dir / "ck", net, second, {{"epoch", "2"}});
  BOOST_TEST(names_in(dir) == std::vector<std::string>{"ck"}, boost::test_tools::per_element());
  BOOST_TEST(names_in(dir / "ck").size() == 9u);  // 4 parameters, 4 velocities, the manifest
  Small<double> loaded;
  optim::sgd opt = sgd_settings;
  const auto fields = nn::load_checkpoint(dir / "ck", loaded, opt);
  BOOST_TEST((fields == nn::checkpoint_fields{{"steps", "3"}, {"epoch", "2"}}));
  check_same(snapshot_of(net, second), snapshot_of(loaded, opt));
}

BOOST_FIXTURE_TEST_CASE(what_a_crash_left_is_cleared, scratch) {
  // A crash during a save leaves "<dir>.partial" (and during the swap, "<dir>.old"): the next
  // save removes them, whatever they hold, and writes its own.
  for (const char* left : {"ck.partial", "ck.old"}) {
    fs::create_directories(dir / left / "sub");
    write_bytes(dir / left / "layer9.W.npy", "stale");
  }
  write_bytes(dir / "ck.partial" / "manifest.txt", "ctnn checkpoint 1\nsteps 77\n");
  write_small(dir / "ck");
  BOOST_TEST(names_in(dir) == std::vector<std::string>{"ck"}, boost::test_tools::per_element());
  BOOST_TEST(!fs::exists(dir / "ck" / "layer9.W.npy"));
  BOOST_TEST(!fs::exists(dir / "ck" / "sub"));
  Small<double> loaded;
  optim::sgd opt;
  BOOST_TEST(nn::load_checkpoint(dir / "ck", loaded, opt).front().second == "3");
}

BOOST_FIXTURE_TEST_CASE(a_crash_during_the_swap_loses_no_checkpoint, scratch) {
  // A save moves the previous checkpoint aside to ck.old, then renames ck.partial to ck. A crash
  // between the two leaves ck.old, the only checkpoint there is, and no ck.
  write_small(dir / "ck", {{"epoch", "1"}});
  fs::rename(dir / "ck", dir / "ck.old");
  const auto previous = contents_of(dir / "ck.old");
  // It is not taken for ck.
  Small<double> loaded;
  optim::sgd loaded_opt = sgd_settings;
  const std::string not_there =
      error_of([&] { nn::load_checkpoint(dir / "ck", loaded, loaded_opt); });
  BOOST_TEST(has(not_there, "no manifest.txt"), not_there);
  // The next save fails at its last rename (ck a dangling symbolic link, which a folder cannot
  // replace), and so does moving ck.old back: ck.old is kept, byte for byte, and the message
  // says where it is.
  fs::create_symlink(dir / "nowhere", dir / "ck");
  Small<double> net{ctnn::numpy::RandomState{2}};
  optim::sgd opt = sgd_settings;
  train(net, opt, 5);
  const std::string message = error_of([&] {
    nn::save_checkpoint(dir / "ck", net, opt, {{"epoch", "2"}});
  });
  BOOST_TEST(has(message, "the previous checkpoint is in " + (dir / "ck.old").string()), message);
  BOOST_TEST(names_in(dir) == (std::vector<std::string>{"ck", "ck.old"}),
             boost::test_tools::per_element());
  BOOST_TEST((contents_of(dir / "ck.old") == previous));
  // Without the link the save goes through: ck is the new checkpoint, ck.old is gone.
  fs::remove(dir / "ck");
  nn::save_checkpoint(dir / "ck", net, opt, {{"epoch", "2"}});
  BOOST_TEST(names_in(dir) == std::vector<std::string>{"ck"}, boost::test_tools::per_element());
  const auto fields = nn::load_checkpoint(dir / "ck", loaded, loaded_opt);
  BOOST_TEST((fields == nn::checkpoint_fields{{"steps", "5"}, {"epoch", "2"}}));
  check_same(snapshot_of(net, opt), snapshot_of(loaded, loaded_opt));
}

BOOST_FIXTURE_TEST_CASE(a_stale_old_checkpoint_beside_the_checkpoint_goes, scratch) {
  // A crash after the second rename leaves ck (the new checkpoint) and ck.old (the one it
  // replaced): the next save replaces ck and removes ck.old, and never restores it.
  write_small(dir / "ck.old", {{"epoch", "1"}});
  write_small(dir / "ck", {{"epoch", "2"}});
  Small<double> net{ctnn::numpy::RandomState{2}};
  optim::sgd opt = sgd_settings;
  train(net, opt, 4);
  nn::save_checkpoint(dir / "ck", net, opt, {{"epoch", "3"}});
  BOOST_TEST(names_in(dir) == std::vector<std::string>{"ck"}, boost::test_tools::per_element());
  Small<double> loaded;
  optim::sgd loaded_opt = sgd_settings;
  const auto fields = nn::load_checkpoint(dir / "ck", loaded, loaded_opt);
  BOOST_TEST((fields == nn::checkpoint_fields{{"steps", "4"}, {"epoch", "3"}}));
}

BOOST_FIXTURE_TEST_CASE(a_save_that_fails_leaves_the_checkpoint_as_it_was, scratch) {
  // The second save fails after its .npy files are written (at the manifest's fields): the
  // first checkpoint is there, byte for byte, and nothing beside it.
  write_small(dir / "ck", {{"epoch", "1"}});
  const auto before = contents_of(dir / "ck");
  Small<double> net{ctnn::numpy::RandomState{2}};
  optim::sgd opt = sgd_settings;
  train(net, opt, 5);
  const std::string message = error_of([&] {
    nn::save_checkpoint(dir / "ck", net, opt, {{"bad key", "2"}});
  });
  BOOST_TEST(has(message, (dir / "ck").string()), message);
  BOOST_TEST(names_in(dir) == std::vector<std::string>{"ck"}, boost::test_tools::per_element());
  BOOST_TEST((contents_of(dir / "ck") == before));
}

BOOST_FIXTURE_TEST_CASE(manifest_fields_are_one_word_and_one_line, scratch) {
  Small<double> net{ctnn::numpy::RandomState{1}};
  optim::sgd opt = sgd_settings;
  train(net, opt, 1);
  const nn::checkpoint_fields bad[] = {{{"two words", "x"}}, {{"steps", "9"}},
                                       {{"", "x"}},          {{"a\nb", "x"}},
                                       {{"ok", "x\ny"}},     {{"ok", "fine"}, {"then", "line\n"}}};
  for (const auto& fields : bad) {
    const std::string message =
        error_of([&] { nn::save_checkpoint(dir / "ck", net, opt, fields); });
    BOOST_TEST(has(message, "manifest field"), message);
    BOOST_TEST(names_in(dir).empty(), "'" << fields.back().first << "': something was left");
  }
}

BOOST_FIXTURE_TEST_CASE(saving_with_the_state_of_other_parameters, scratch) {
  // An optimizer stepped on another network: its state is not this network's (here layer0.K
  // has 27 velocities where Small's K has 18), and saving it would write a checkpoint no load
  // takes, or worse. Refused before anything is replaced.
  write_small(dir / "ck");
  const auto before = contents_of(dir / "ck");
  Small<double> net{ctnn::numpy::RandomState{2}};
  MoreFilters more{ctnn::numpy::RandomState{2}};
  optim::sgd opt = sgd_settings;
  train(more, opt, 1);
  BOOST_TEST(has(error_of([&] { nn::save_checkpoint(dir / "ck", net, opt); }), "other parameters"));
  // more parameters than the network has (OneMore's 6 for FirstOnly's 2)
  OneMore one_more{ctnn::numpy::RandomState{2}};
  FirstOnly first_only{ctnn::numpy::RandomState{2}};
  optim::adam adam = adam_settings;
  train(one_more, adam, 1);
  BOOST_TEST(has(error_of([&] { nn::save_checkpoint(dir / "ck", first_only, adam); }),
                 "other parameters"));
  // fewer (FirstOnly's 2 for OneMore's 6), and another element type (float for double)
  optim::adam few = adam_settings;
  train(first_only, few, 1);
  BOOST_TEST(
      has(error_of([&] { nn::save_checkpoint(dir / "ck", one_more, few); }), "other parameters"));
  Small<float> f{ctnn::numpy::RandomState{2}};
  optim::sgd floats = sgd_settings;
  train(f, floats, 1);
  BOOST_TEST(
      has(error_of([&] { nn::save_checkpoint(dir / "ck", net, floats); }), "other parameters"));
  BOOST_TEST(names_in(dir) == std::vector<std::string>{"ck"}, boost::test_tools::per_element());
  BOOST_TEST((contents_of(dir / "ck") == before));
  // after reset() it saves (the parameters alone)
  opt.reset();
  nn::save_checkpoint(dir / "ck", net, opt);
  BOOST_TEST(names_in(dir / "ck").size() == 5u);
}

BOOST_FIXTURE_TEST_CASE(a_folder_named_with_a_trailing_slash, scratch) {
  // "ck/" is the folder ck: saved there twice (the second replaces the first), loaded from it.
  const fs::path ck = dir / "ck" / "";
  Small<double> net{ctnn::numpy::RandomState{1}};
  optim::sgd opt = sgd_settings;
  train(net, opt, 1);
  nn::save_checkpoint(ck, net, opt);
  train(net, opt, 1);
  nn::save_checkpoint(ck, net, opt);
  BOOST_TEST(names_in(dir) == std::vector<std::string>{"ck"}, boost::test_tools::per_element());
  BOOST_TEST(names_in(dir / "ck").size() == 9u);
  Small<double> loaded;
  optim::sgd loaded_opt = sgd_settings;
  nn::load_checkpoint(ck, loaded, loaded_opt);
  check_same(snapshot_of(net, opt), snapshot_of(loaded, loaded_opt));
}
