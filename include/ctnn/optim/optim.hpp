/// \file
/// \brief The optimizers of post 0_4 in one include: `ctnn::optim::sgd`, `adagrad`, `rmsprop`,
/// `adam`, and their `state_buffers`.
#ifndef CTNN_OPTIM_OPTIM_HPP
#define CTNN_OPTIM_OPTIM_HPP

#include "ctnn/optim/adagrad.hpp"
#include "ctnn/optim/adam.hpp"
#include "ctnn/optim/rmsprop.hpp"
#include "ctnn/optim/sgd.hpp"
#include "ctnn/optim/state.hpp"

#endif  // CTNN_OPTIM_OPTIM_HPP
