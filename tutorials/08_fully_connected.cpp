// Tutorial 8: the fully connected layer and the losses of post 0_1, equations (5) to (25).
//
// A sample is a row vector, and a layer computes z^{l+1} = z^l W^l + b^l with W^l (I, O), inputs
// first (the post's convention c). Given delta^{l+1} = dL/dz^{l+1}, the layer needs its weight
// gradient (8), its bias gradient (9) and the delta of the layer below (15); the last layer's
// delta comes from the loss: y - y* for the squared error (21), softmax(y) - y* for softmax
// cross-entropy (25). Every number below is small enough to check by hand, and the comments do.
#include <ctnn/format.hpp>
#include <ctnn/loss.hpp>
#include <ctnn/ops/cross_entropy/cross_entropy.hpp>
#include <ctnn/ops/fc/fc.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>

int main() {
  //! [forward]
  // Two samples (N = 2) of three inputs (I = 3), two outputs (O = 2).
  const ctnn::Tensor<double, 2, 3> z{1, 2, 3,   //
                                     4, 5, 6};  // (N, I): one sample per row
  const ctnn::Tensor<double, 3, 2> W{1, 0,      //
                                     0, 1,      //
                                     1, -1};    // (I, O): W_{i,j} joins input i to output j
  const ctnn::Tensor<double, 2> b{10, 20};      // (O,)
  // z^{l+1} = z^l W^l + b^l. Row 0: (1*1 + 3*1, 2*1 - 3*1) + (10, 20) = (14, 19);
  // row 1: (4 + 6, 5 - 6) + (10, 20) = (20, 19).
  const auto out = ctnn::fc_forward(z, W, b);
  fmt::print("z W + b =\n{}\n", out);
  //! [forward]

  //! [backward]
  // delta^{l+1} = dL/dz^{l+1}, one row per sample: 1 on output 0 of sample 0, 2 on output 1 of
  // sample 1.
  const ctnn::Tensor<double, 2, 2> delta{1, 0,  //
                                         0, 2};
  const auto [dW, db, dz] = ctnn::fc_backward(delta, W, z);
  // eq. (8): dL/dW = (z^l)^T delta^{l+1}: dW_{i,j} = sum_n z_{n,i} delta_{n,j}. Column 0 is
  // z's row 0 times 1 = (1, 2, 3), column 1 is z's row 1 times 2 = (8, 10, 12); the series
  // divides by N = 2 (the mean over the batch): (0.5, 1, 1.5) and (4, 5, 6).
  fmt::print("eq. (8), dW = z^T delta / N =\n{}\n", dW);
  // eq. (9): dL/db = delta^{l+1}, summed over the batch: (1, 2), divided by N: (0.5, 1).
  fmt::print("eq. (9), db = sum of delta / N = {}\n", db);
  // eq. (15): delta^l = delta^{l+1} (W^l)^T: sample 0 gets W's column 0, (1, 0, 1); sample 1
  // twice W's column 1, (0, 2, -2). Not divided: each sample's delta is its own.
  fmt::print("eq. (15), dz = delta W^T =\n{}\n", dz);
  //! [backward]

  //! [chain]
  // eq. (16): delta^l = delta^n (W^{n-1})^T ... (W^l)^T. Two layers, 3 -> 2 -> 2: the delta of
  // the input is delta^3 (W^2)^T (W^1)^T, fc_backward applied twice (the biases do not enter).
  const ctnn::Tensor<double, 2, 2> W2{2, 0,  //
                                      1, 1};
  const auto z2 = ctnn::fc_forward(z, W, b);
  const auto back2 = ctnn::fc_backward(delta, W2, z2);   // delta^2 = delta^3 (W^2)^T
  const auto back1 = ctnn::fc_backward(back2.dz, W, z);  // delta^1 = delta^2 (W^1)^T
  // By hand: delta^3 (W^2)^T = [[2, 1], [0, 2]]; times (W^1)^T = [[2, 1, 1], [0, 2, -2]].
  fmt::print("eq. (16), delta^1 = delta^3 (W^2)^T (W^1)^T =\n{}\n", back1.dz);
  //! [chain]

  //! [update]
  // eqs. (17), (18): one step of gradient descent with eta = 0.1: b - 0.1 db =
  // (10 - 0.05, 20 - 0.1) = (9.95, 19.9).
  const double eta = 0.1;
  const auto b_next = b - eta * db;
  fmt::print("eq. (18), b - eta db = {}\n", b_next);
  //! [update]

  //! [mse]
  // eqs. (19)-(21): the squared error L = 1/2 (y - y*)^2 has dL/dy = y - y*. ctnn's
  // mean_squared_loss, as the series', returns dy = y - y* but reports sum (y - y*)^2 without
  // the 1/2, averaged over the rows: for y = (1, 2), y* = (0, 0) it reports 1 + 4 = 5, twice
  // eq. (19)'s 2.5.
  const ctnn::Tensor<double, 1, 2> y_mse{1, 2};
  const ctnn::Tensor<double, 1, 2> target_mse{0, 0};
  const auto [reported, dy_mse] = ctnn::mean_squared_loss(y_mse, target_mse);
  fmt::print("eq. (21), dy = y - y* = {}; reported {}, eq. (19) {}\n", dy_mse, reported,
             reported / 2);
  //! [mse]

  //! [cross_entropy]
  // eqs. (22)-(25): softmax a_i = e^{y_i} / sum_k e^{y_k}, loss -sum_i y*_i log a_i, and
  // dL/dy = a - y*. Sample 0: logits (0, 0), a = (1/2, 1/2), class 0: L = log 2 = 0.6931.
  // Sample 1: logits (log 3, 0), a = (3/4, 1/4), class 1: L = log 4 = 1.3863.
  // The loss is their mean, (log 2 + log 4) / 2 = 1.5 log 2 = 1.0397;
  // dy = a - y* = (0.5 - 1, 0.5) and (0.75, 0.25 - 1), per sample, not divided by N.
  const ctnn::Tensor<double, 2, 2> logits{0.0, 0.0, std::log(3.0), 0.0};
  const ctnn::Tensor<double, 2, 2> one_hot{1, 0,  //
                                           0, 1};
  const auto [loss, dy] = ctnn::cross_entropy_loss(logits, one_hot);
  fmt::print("eq. (23), mean loss = {:.4f}\neq. (25), dy = a - y* =\n{}\n", loss, dy);
  //! [cross_entropy]

  //! [extreme]
  // The maximum of each row is subtracted before exp (a_i is unchanged: e^{-m} cancels), and the
  // loss is computed as log(sum_k e^{y_k - m}) - (y_i - m), never as log of a rounded 0. Logits
  // (1000, -1000) with class 1: e^{1000} would overflow and a_1 = e^{-2000} rounds to 0, but the
  // loss is 0 - (-2000) = 2000 exactly, and dy = (1 - 0, 0 - 1) = (1, -1).
  const auto [big_loss, big_dy] = ctnn::cross_entropy_loss(ctnn::Tensor<double, 1, 2>{1000, -1000},
                                                           ctnn::Tensor<double, 1, 2>{0, 1});
  fmt::print("logits (1000, -1000), class 1: loss {}, dy = {}\n", big_loss, big_dy);
  //! [extreme]

  //! [one_over_n]
  // Where the 1/N goes: the loss is the mean over the batch, dy is each sample's own a - y*,
  // and fc_backward divides dW and db by N. Together they give exactly the gradient of the mean
  // loss. Check it for W with central differences (L is smooth: h = 1e-5).
  // The layer of the first step, its logits (14, 19) and (20, 19), and the classes 0 and 1.
  auto W_check = W;
  const auto mean_loss = [&] {
    return ctnn::cross_entropy_loss(ctnn::fc_forward(z, W_check, b), one_hot).loss;
  };
  const auto dy_fc = ctnn::cross_entropy_loss(ctnn::fc_forward(z, W, b), one_hot).dy;
  const auto grads = ctnn::fc_backward(dy_fc, W, z);
  double worst = 0;
  for (std::size_t i = 0; i < W_check.size; ++i) {
    const double keep = W_check.data()[i], h = 1e-5;
    W_check.data()[i] = keep + h;
    const double up = mean_loss();
    W_check.data()[i] = keep - h;
    const double down = mean_loss();
    W_check.data()[i] = keep;
    worst = std::max(worst, std::abs((up - down) / (2 * h) - grads.dW.data()[i]));
  }
  fmt::print("dW from dy = a - y* and fc_backward is the mean loss's gradient (within 1e-8): {}\n",
             worst < 1e-8 ? "yes" : "no");
  //! [one_over_n]
}
