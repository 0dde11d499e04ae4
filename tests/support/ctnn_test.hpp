// Helpers shared by the runtime tests.
#ifndef CTNN_TEST_SUPPORT_HPP
#define CTNN_TEST_SUPPORT_HPP

#include <boost/test/unit_test.hpp>
#include <ctnn/tensor.hpp>

#include <cmath>
#include <cstddef>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ctnn_test {

// The largest |a - b| / max(|b|, floor) over all elements: a relative error that does not blow up
// where the reference is (nearly) zero. `floor` is the scale below which errors count as absolute.
// A NaN on either side is an infinite error.
template <class T, std::size_t... Dims>
double max_relative_error(const ctnn::Tensor<T, Dims...>& a, const ctnn::Tensor<T, Dims...>& b,
                          double floor = 1.0) {
  double worst = 0;
  for (std::size_t i = 0; i < a.size; ++i) {
    const double scale = std::max(std::abs(static_cast<double>(b.data()[i])), floor);
    const double error = std::abs(static_cast<double>(a.data()[i] - b.data()[i])) / scale;
    if (std::isnan(error)) return std::numeric_limits<double>::infinity();  // std::max skips NaN
    worst = std::max(worst, error);
  }
  return worst;
}

// A fixture written by tests/data/make_golden.py: "name: e0 e1 ..." then the values, one per
// line, row-major, with 17 significant digits.
struct fixture {
  std::vector<std::size_t> shape;
  std::vector<double> values;
};

inline std::vector<std::pair<std::string, fixture>> read_fixtures(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open fixture file " + path);
  std::vector<std::pair<std::string, fixture>> all;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) {
      if (all.empty()) throw std::runtime_error(path + ": value before any header");
      all.back().second.values.push_back(std::stod(line));
      continue;
    }
    fixture f;
    std::istringstream dims(line.substr(colon + 1));
    for (std::size_t d; dims >> d;) f.shape.push_back(d);
    all.emplace_back(line.substr(0, colon), std::move(f));
  }
  return all;
}

// The named fixture as a Tensor of the expected shape; throws if the shape or count differs.
template <class T, std::size_t... Dims>
ctnn::Tensor<T, Dims...> fixture_tensor(const std::vector<std::pair<std::string, fixture>>& all,
                                        const std::string& name) {
  for (const auto& [key, f] : all) {
    if (key != name) continue;
    const std::vector<std::size_t> want{Dims...};
    if (f.shape != want || f.values.size() != ctnn::Tensor<T, Dims...>::size)
      throw std::runtime_error("fixture " + name + " has another shape than the test expects");
    ctnn::Tensor<T, Dims...> t;
    for (std::size_t i = 0; i < t.size; ++i) t.data()[i] = static_cast<T>(f.values[i]);
    return t;
  }
  throw std::runtime_error("no fixture named " + name);
}

}  // namespace ctnn_test

#endif  // CTNN_TEST_SUPPORT_HPP
