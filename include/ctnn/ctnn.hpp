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
#include "ctnn/init.hpp"
#include "ctnn/insert_zeros.hpp"
#include "ctnn/loss.hpp"
#include "ctnn/math.hpp"
#include "ctnn/npy.hpp"
#include "ctnn/numpy_random.hpp"
#include "ctnn/ops/activations/activations.hpp"
#include "ctnn/ops/activations/reference.hpp"
#include "ctnn/ops/activations/rules.hpp"
#include "ctnn/ops/conv2d/conv2d.hpp"
#include "ctnn/ops/conv2d/fast.hpp"
#include "ctnn/ops/conv2d/fast/choose.hpp"
#include "ctnn/ops/conv2d/fast/direct.hpp"
#include "ctnn/ops/conv2d/fast/im2col.hpp"
#include "ctnn/ops/conv2d/fast/kernel_gradient.hpp"
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

/// \brief ctnn: a convolutional layer whose every shape, stride and padding the compiler checks.
namespace ctnn {}

#endif  // CTNN_CTNN_HPP
