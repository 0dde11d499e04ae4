/// \file
/// \brief What every layer without parameters holds in a network (pools, flatten, activations):
/// its output and the gradient of its input; nothing to initialise, nothing to learn.
#ifndef CTNN_NN_STATELESS_HPP
#define CTNN_NN_STATELESS_HPP

#include <cstddef>

#include "ctnn/numpy_random.hpp"

namespace ctnn::nn::detail {

// A layer's kernels write into out (forward) and dz (backward); the network reads them.
template <class In, class Out>
struct stateless_layer {
  using input_type = In;
  using output_type = Out;
  static constexpr std::size_t parameters = 0;
  output_type out;  // the output of the last forward
  input_type dz;    // the gradient of the input, after backward

  void initialise(numpy::RandomState&) {}
  template <class F>
  void for_each_named_parameter(F&&) {}
};

}  // namespace ctnn::nn::detail

#endif  // CTNN_NN_STATELESS_HPP
