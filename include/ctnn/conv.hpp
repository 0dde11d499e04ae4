/// \file
/// \brief The convolution layer: `ctnn::conv_forward` (eq. (4)) and `ctnn::conv_backward` (eqs.
/// (5), (6), (8), (9)), with `ctnn::conv_gradients`. Their entry points, rules and kernels live in
/// ops/conv2d/; this is the header the tutorials include.
#ifndef CTNN_CONV_HPP
#define CTNN_CONV_HPP

#include "ctnn/ops/conv2d/conv2d.hpp"

#endif  // CTNN_CONV_HPP
