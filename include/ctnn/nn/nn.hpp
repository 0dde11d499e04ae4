/// \file
/// \brief Networks the compiler checks, in one include: `ctnn::nn::sequential` and every layer
/// kind, and `nn::summary`.
#ifndef CTNN_NN_NN_HPP
#define CTNN_NN_NN_HPP

#include "ctnn/nn/activations.hpp"
#include "ctnn/nn/checkpoint.hpp"
#include "ctnn/nn/conv2d.hpp"
#include "ctnn/nn/dense.hpp"
#include "ctnn/nn/error.hpp"
#include "ctnn/nn/flatten.hpp"
#include "ctnn/nn/input.hpp"
#include "ctnn/nn/pool2d.hpp"
#include "ctnn/nn/sequential.hpp"
#include "ctnn/nn/stateless.hpp"
#include "ctnn/nn/summary.hpp"
#include "ctnn/nn/text.hpp"
#include "ctnn/nn/window.hpp"

#endif  // CTNN_NN_NN_HPP
