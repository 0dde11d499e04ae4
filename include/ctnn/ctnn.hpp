/// \file
/// \brief Everything in ctnn, in one include: every public header (the test
/// `headers.umbrella_includes_every_header` fails when one is missing). Tutorials include only
/// the headers they use, which compiles faster; this one is for trying things out.
#ifndef CTNN_CTNN_HPP
#define CTNN_CTNN_HPP

#include "ctnn/backend.hpp"
#include "ctnn/batch.hpp"
#include "ctnn/conv.hpp"
#include "ctnn/fast.hpp"
#include "ctnn/flip_hw.hpp"
#include "ctnn/format.hpp"
#if __has_include(<zlib.h>)
// IDX files need zlib's header here, and zlib itself only where io::load_idx is called: link
// ctnn::idx there (or -lz). Without zlib1g-dev, the rest of the umbrella still compiles.
#include "ctnn/idx.hpp"
#endif
#include "ctnn/init.hpp"
#include "ctnn/insert_zeros.hpp"
#include "ctnn/loss.hpp"
#include "ctnn/math.hpp"
#include "ctnn/nn/activations.hpp"
#include "ctnn/nn/checkpoint.hpp"
#include "ctnn/nn/conv2d.hpp"
#include "ctnn/nn/dense.hpp"
#include "ctnn/nn/error.hpp"
#include "ctnn/nn/flatten.hpp"
#include "ctnn/nn/input.hpp"
#include "ctnn/nn/nn.hpp"
#include "ctnn/nn/pool2d.hpp"
#include "ctnn/nn/sequential.hpp"
#include "ctnn/nn/stateless.hpp"
#include "ctnn/nn/summary.hpp"
#include "ctnn/nn/text.hpp"
#include "ctnn/nn/window.hpp"
#include "ctnn/npy.hpp"
#include "ctnn/numpy_random.hpp"
#include "ctnn/ops/activations/activations.hpp"
#include "ctnn/ops/activations/fast.hpp"
#include "ctnn/ops/activations/reference.hpp"
#include "ctnn/ops/activations/rules.hpp"
#include "ctnn/ops/conv2d/conv2d.hpp"
#include "ctnn/ops/conv2d/fast.hpp"
#include "ctnn/ops/conv2d/fast/choose.hpp"
#include "ctnn/ops/conv2d/fast/direct.hpp"
#include "ctnn/ops/conv2d/fast/im2col.hpp"
#include "ctnn/ops/conv2d/fast/kernel_gradient.hpp"
#include "ctnn/ops/conv2d/input_gradient.hpp"
#include "ctnn/ops/conv2d/reference.hpp"
#include "ctnn/ops/conv2d/rules.hpp"
#include "ctnn/ops/cross_entropy/cross_entropy.hpp"
#include "ctnn/ops/cross_entropy/rules.hpp"
#include "ctnn/ops/fc/fast.hpp"
#include "ctnn/ops/fc/fc.hpp"
#include "ctnn/ops/fc/reference.hpp"
#include "ctnn/ops/fc/rules.hpp"
#include "ctnn/ops/flatten/flatten.hpp"
#include "ctnn/ops/pool2d/fast.hpp"
#include "ctnn/ops/pool2d/pool2d.hpp"
#include "ctnn/ops/pool2d/reference.hpp"
#include "ctnn/ops/pool2d/rules.hpp"
#include "ctnn/optim/adagrad.hpp"
#include "ctnn/optim/adam.hpp"
#include "ctnn/optim/optim.hpp"
#include "ctnn/optim/rmsprop.hpp"
#include "ctnn/optim/sgd.hpp"
#include "ctnn/optim/state.hpp"
#include "ctnn/pad.hpp"
#include "ctnn/reductions.hpp"
#include "ctnn/reshape.hpp"
#include "ctnn/rules.hpp"
#include "ctnn/shape.hpp"
#include "ctnn/simd/gemm.hpp"
#include "ctnn/simd/sum.hpp"
#include "ctnn/simd/vector.hpp"
#include "ctnn/swap_axes.hpp"
#include "ctnn/tensor.hpp"
#include "ctnn/threads.hpp"

/// \brief ctnn: a convolutional layer whose every shape, stride and padding the compiler checks.
namespace ctnn {}

#endif  // CTNN_CTNN_HPP
