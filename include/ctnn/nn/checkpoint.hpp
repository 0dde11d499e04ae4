/// \file
/// \brief `ctnn::nn::save_checkpoint` and `ctnn::nn::load_checkpoint`: a network's parameters
/// and its optimizer's state in a folder of `.npy` files that numpy reads, with a manifest.
///
/// A checkpoint is where training stops and starts again, so two promises matter: a checkpoint
/// on disk is always whole (it is written beside its place and renamed into it), and loading
/// either fills the whole network and optimizer or changes nothing (every file is read and
/// checked against the network's types before one number is copied).
#ifndef CTNN_NN_CHECKPOINT_HPP
#define CTNN_NN_CHECKPOINT_HPP

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include <unistd.h>  // fsync

#include "ctnn/npy.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn::nn {

/// \brief A checkpoint that cannot be written, or that does not belong to the network and
/// optimizer it is loaded into. The message names the folder, and the file or parameter.
class checkpoint_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// \brief The manifest's own lines, in order: `key value`, e.g. {"net", "lenet"}. Keys are one
/// word; values are the rest of the line.
using checkpoint_fields = std::vector<std::pair<std::string, std::string>>;

namespace detail::checkpoint {

inline constexpr std::string_view first_line = "ctnn checkpoint 1";

inline std::string file_name(std::size_t layer, std::string_view name, std::string_view state) {
  std::string file = "layer" + std::to_string(layer) + "." + std::string(name);
  if (!state.empty()) file += "." + std::string(state);
  return file + ".npy";
}

// One parameter's optimizer state: the name of each buffer and its values.
template <class T>
using states = std::vector<std::vector<std::pair<std::string_view, std::span<T>>>>;

template <class T, class Optimizer>
states<T> states_of(Optimizer& opt, std::size_t parameters) {
  states<T> all(parameters);
  opt.for_each_state([&](std::string_view name, std::size_t i, auto values) {
    if constexpr (std::is_same_v<typename decltype(values)::element_type, T>)
      if (i < parameters) all[i].emplace_back(name, values);
  });
  return all;
}

template <class Net>
std::size_t parameter_count(Net& net) {
  std::size_t count = 0;
  net.for_each_parameter([&](auto&, auto&) { ++count; });
  return count;
}

// io::load_npy for the tensor type P = Tensor<T, Dims...>.
template <class T, std::size_t... Dims>
Tensor<T, Dims...> load_as(const std::string& path, const Tensor<T, Dims...>*) {
  return io::load_npy<T, Dims...>(path);
}

inline std::size_t npy_files_in(const std::filesystem::path& dir) {
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".npy") ++count;
  return count;
}

}  // namespace detail::checkpoint

/// \brief Saves every parameter of `net` and the state of `opt` into the folder `dir`, with a
/// manifest: `layer<i>.<name>.npy` for each parameter (`layer0.K.npy`, `layer7.W.npy`),
/// `layer<i>.<name>.<state>.npy` for each of its optimizer buffers (`layer0.K.velocity.npy`),
/// each of the parameter's shape, and `manifest.txt`: "ctnn checkpoint 1", then
/// `steps <opt.iterations>`, then `fields`, one `key value` per line.
///
/// Whole or not at all: the files are written (each flushed to disk) into `dir` + ".partial",
/// which is then renamed to `dir`. An older `dir` is replaced only once the new one is complete:
/// it is moved aside to `dir` + ".old" meanwhile, and removed last. If anything fails, `dir` is
/// as it was, or, when even moving it back fails, the message says that it is in `dir` + ".old".
/// A save that crashed during that swap may leave `dir` + ".old" and no `dir`: the next save
/// keeps that `.old` as the previous checkpoint (never loaded as `dir`: a load of `dir` finds no
/// checkpoint) until its own is in place. A `dir` that exists but is not a checkpoint (has no
/// manifest.txt) is never replaced.
/// \param dir the checkpoint's folder; its parent must exist.
/// \param net the network (`nn::sequential`).
/// \param opt its optimizer (one of ctnn::optim), after at least one step or a `prepare`, or
/// before: then only the parameters are saved.
/// \param fields what else the manifest records (the program's settings, the epoch).
/// \throws checkpoint_error naming the folder and the system's reason; or when a field's key is
/// not one word other than `steps` or its value not one line, or when `opt`'s state was made for
/// other parameters (`dir` is then as it was, too).
template <class Net, class Optimizer>
void save_checkpoint(const std::filesystem::path& dir, Net& net, const Optimizer& opt,
                     const checkpoint_fields& fields = {}) {
  namespace fs = std::filesystem;
  using T = typename Net::element_type;
  // "ck/" is the folder ck: beside it ck.partial and ck.old, not ck/.partial inside it.
  const fs::path folder = dir.has_filename() ? dir : dir.parent_path();
  const fs::path partial = folder.string() + ".partial", old = folder.string() + ".old";
  const auto fail = [&](const std::string& what) {
    return checkpoint_error("checkpoint " + dir.string() + ": " + what);
  };
  std::error_code ec;
  // Replacing is for checkpoints only: a results folder given by mistake is not deleted.
  if (fs::exists(folder, ec) && !fs::exists(folder / "manifest.txt", ec))
    throw fail("exists and is not a checkpoint (it has no manifest.txt): not replaced");
  fs::remove_all(partial, ec);  // what a crash left
  if (!fs::create_directory(partial, ec))
    throw fail("cannot create " + partial.string() + ": " +
               (ec ? ec.message() : "it exists and cannot be removed"));
  try {
    const auto states =
        detail::checkpoint::states_of<const T>(opt, detail::checkpoint::parameter_count(net));
    // The state must be this network's: the same number of buffers for every parameter, none
    // left out (another element type, more parameters), each of its parameter's size.
    std::size_t buffers = 0, kept = 0;
    opt.for_each_state([&](std::string_view, std::size_t, auto) { ++buffers; });
    for (const auto& s : states) kept += s.size();
    const auto other_state = [&] {
      return fail(
          "the optimizer's state was made for other parameters (was it stepped on "
          "another network?)");
    };
    if (kept != buffers || std::any_of(states.begin(), states.end(), [&](const auto& s) {
          return s.size() != states.front().size();
        }))
      throw other_state();
    std::size_t i = 0;
    net.for_each_named_parameter([&](std::size_t layer, std::string_view name, auto& w, auto&) {
      io::save_npy((partial / detail::checkpoint::file_name(layer, name, {})).string(), w);
      for (const auto& [state, values] : states[i]) {
        std::remove_cvref_t<decltype(w)> copy;
        if (values.size() != copy.size) throw other_state();
        std::copy(values.begin(), values.end(), copy.begin());
        io::save_npy((partial / detail::checkpoint::file_name(layer, name, state)).string(), copy);
      }
      ++i;
    });
    std::string manifest = std::string(detail::checkpoint::first_line) + "\nsteps " +
                           std::to_string(opt.iterations) + "\n";
    for (const auto& [key, value] : fields) {
      if (key.empty() || key.find_first_of(" \n") != std::string::npos ||
          value.find('\n') != std::string::npos || key == "steps")
        throw fail("manifest field '" + key +
                   "' must be one word other than 'steps', its value one line");
      manifest += key + " " + value + "\n";
    }
    // flushed to disk as io::save_npy flushes the .npy files
    const std::string manifest_path = (partial / "manifest.txt").string();
    std::FILE* out = std::fopen(manifest_path.c_str(), "wb");
    const bool written = out != nullptr &&
                         std::fwrite(manifest.data(), 1, manifest.size(), out) == manifest.size() &&
                         std::fflush(out) == 0 && ::fsync(::fileno(out)) == 0;
    if ((out != nullptr && std::fclose(out) != 0) || !written)
      throw fail("cannot write " + manifest_path);
  } catch (const io::npy_error& e) {
    fs::remove_all(partial, ec);
    throw fail(e.what());
  } catch (...) {
    fs::remove_all(partial, ec);
    throw;
  }
  // The swap: the previous checkpoint steps aside to `old`, the new one takes its place, the
  // previous one goes. A save that crashed between the two renames left `old` a checkpoint and
  // no `folder`: that `old` is then the previous checkpoint, already aside, and is kept until
  // the new one is in place. Any other `old` (a crash after the second rename, or debris) goes.
  const bool previous_in_folder = fs::exists(folder, ec);
  const bool previous_aside = !previous_in_folder && fs::exists(old / "manifest.txt", ec);
  if (!previous_aside) fs::remove_all(old, ec);
  if (previous_in_folder) {
    fs::rename(folder, old, ec);
    if (ec) {
      const std::string reason = ec.message();
      fs::remove_all(partial, ec);
      throw fail("cannot move the previous checkpoint aside to " + old.string() + ": " + reason +
                 " (it is as it was)");
    }
  }
  fs::rename(partial, folder, ec);
  if (ec) {
    std::string what =
        "cannot rename " + partial.string() + " to " + folder.string() + ": " + ec.message();
    fs::remove_all(partial, ec);
    if (previous_in_folder || previous_aside) {
      // Put back where a load looks for it; where that fails too, say where it is: never lost
      // without a word.
      fs::rename(old, folder, ec);
      what += ec ? "; the previous checkpoint is in " + old.string() +
                       " (moving it back failed: " + ec.message() + ")"
                 : "; the previous checkpoint is back in " + folder.string();
    }
    throw fail(what);
  }
  fs::remove_all(old, ec);
}

/// \brief Reads the manifest of the checkpoint in `dir`: its fields, `steps` first.
/// \param dir the checkpoint's folder.
/// \throws checkpoint_error when there is no manifest or it is not one `save_checkpoint` wrote.
inline checkpoint_fields read_checkpoint_manifest(const std::filesystem::path& dir) {
  const std::string path = (dir / "manifest.txt").string();
  std::ifstream in(path);
  if (!in)
    throw checkpoint_error("checkpoint " + dir.string() +
                           ": no manifest.txt (is it a checkpoint folder?)");
  std::string line;
  if (!std::getline(in, line) || line != detail::checkpoint::first_line)
    throw checkpoint_error(path + ": the first line is not '" +
                           std::string(detail::checkpoint::first_line) + "'");
  checkpoint_fields fields;
  while (std::getline(in, line)) {
    const auto space = line.find(' ');
    if (space == 0 || space == std::string::npos)
      throw checkpoint_error(path + ": a line is not 'key value': '" + line + "'");
    fields.emplace_back(line.substr(0, space), line.substr(space + 1));
  }
  if (fields.empty() || fields.front().first != "steps")
    throw checkpoint_error(path + ": the second line must be 'steps N'");
  return fields;
}

/// \brief Loads a checkpoint written by `save_checkpoint` into `net` and `opt`: every
/// parameter, every optimizer buffer, and `opt.iterations`.
///
/// All or nothing: each file is read and checked against the type of what it fills (its shape
/// and element type, through `io::load_npy`), and the folder must hold no other parameter files,
/// before anything is copied; on any mismatch `net` and `opt` are unchanged. The optimizer is
/// given a new state for `net` (`reset`, then `prepare(net)`), which the files fill; a
/// checkpoint saved before the optimizer's first step (steps 0, no state files) leaves that new
/// state zero, as it was.
/// \param dir the checkpoint's folder.
/// \param net the network to fill.
/// \param opt its optimizer, of the kind that wrote the checkpoint (its buffers' names are in
/// the file names); its hyperparameters are kept, its state replaced.
/// \return the manifest's fields, `steps` first.
/// \throws checkpoint_error naming the folder and the first parameter that does not fit, e.g.
/// "checkpoint ck: parameter layer0.K does not fit this network: ck/layer0.K.npy: shape
/// (1, 1, 3, 3) does not match Tensor<float, 1, 6, 5, 5>".
template <class Net, class Optimizer>
checkpoint_fields load_checkpoint(const std::filesystem::path& dir, Net& net, Optimizer& opt) {
  using T = typename Net::element_type;
  const auto fail = [&](const std::string& what) {
    return checkpoint_error("checkpoint " + dir.string() + ": " + what);
  };
  checkpoint_fields fields = read_checkpoint_manifest(dir);
  std::size_t steps = 0;
  try {
    const std::string& text = fields.front().second;
    // digits only: std::stoull also takes a sign ("-1" as 2^64 - 1) and leading blanks
    if (text.empty() ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
      throw std::invalid_argument("steps");
    steps = std::stoull(text);
  } catch (const std::exception&) {
    throw fail("manifest.txt: 'steps " + fields.front().second + "' is not a step count");
  }

  Optimizer ready =
      opt;  // filled aside, with its hyperparameters: opt changes only when all is read
  ready.reset();
  ready.prepare(net);
  const std::size_t parameters = detail::checkpoint::parameter_count(net);
  const auto states = detail::checkpoint::states_of<T>(ready, parameters);
  // Saved before the optimizer's first step (steps 0, no state file): the parameters alone, and
  // the optimizer starts afresh, with the zero state `prepare` gave it.
  bool with_state = steps != 0;
  std::size_t i = 0;
  net.for_each_named_parameter([&](std::size_t layer, std::string_view name, auto&, auto&) {
    for (const auto& state : states[i++])
      if (std::filesystem::exists(dir / detail::checkpoint::file_name(layer, name, state.first)))
        with_state = true;
  });
  std::vector<std::vector<T>> values;  // each parameter's values, in visiting order
  std::size_t files = 0;
  i = 0;
  net.for_each_named_parameter([&](std::size_t layer, std::string_view name, auto& w, auto&) {
    using P = std::remove_cvref_t<decltype(w)>;
    const auto load = [&](std::string_view state) {
      const auto file = dir / detail::checkpoint::file_name(layer, name, state);
      if (!std::filesystem::exists(file))
        throw fail("has no " + file.filename().string() + ": it was written for another " +
                   (state.empty() ? "network" : "optimizer"));
      ++files;
      try {
        return detail::checkpoint::load_as(file.string(), static_cast<const P*>(nullptr));
      } catch (const io::npy_error& e) {
        throw fail("parameter layer" + std::to_string(layer) + "." + std::string(name) +
                   " does not fit this network: " + e.what());
      }
    };
    const P p = load({});
    values.emplace_back(p.begin(), p.end());
    if (with_state)
      for (const auto& [state, buffer] : states[i]) {
        const P s = load(state);
        std::copy(s.begin(), s.end(), buffer.begin());  // into `ready`, not yet opt
      }
    ++i;
  });
  if (const std::size_t present = detail::checkpoint::npy_files_in(dir); present != files)
    throw fail("holds " + std::to_string(present) +
               " .npy files, but this network and optimizer have " + std::to_string(files) +
               ": it was written for another network");

  i = 0;
  net.for_each_parameter([&](auto& w, auto&) {
    std::copy(values[i].begin(), values[i].end(), w.begin());
    ++i;
  });
  ready.iterations = steps;
  opt = std::move(ready);
  return fields;
}

}  // namespace ctnn::nn

#endif  // CTNN_NN_CHECKPOINT_HPP
