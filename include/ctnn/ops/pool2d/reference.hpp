/// \file
/// \brief The reference kernels of pooling: equations (1)-(12) of the series' post on pooling
/// backward, as plain loops over each window. The oracle of the tests.
#ifndef CTNN_OPS_POOL2D_REFERENCE_HPP
#define CTNN_OPS_POOL2D_REFERENCE_HPP

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

#include "ctnn/backend.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn::detail::pool2d {

// The geometry of one pooling layer: window (K1, K2), padding (P1, P2), strides (S1, S2).
template <std::size_t K1_, std::size_t K2_, std::size_t P1_, std::size_t P2_, std::size_t S1_,
          std::size_t S2_>
struct frame {
  static constexpr std::size_t K1 = K1_, K2 = K2_, P1 = P1_, P2 = P2_, S1 = S1_, S2 = S2_;
};

// Position p of the padded input (pz) along an axis of extent H padded by P: inside the input
// when P <= p < H + P.
constexpr bool inside(std::size_t p, std::size_t P, std::size_t H) { return p >= P && p < H + P; }

// Whether v, met later in a window's row-major order, takes the place of the maximum so far m:
// when it is larger, or when it is NaN and m is not. So NaN propagates, as with np.max and
// PyTorch: a network that diverges shows it after a max pool instead of hiding behind the
// window's numbers. Equal values (+0 and -0 among them) and later NaNs do not displace, so the
// first maximum or the first NaN stays, and its cell receives the gradient (np.argmax's rule).
// Written as !(v <= m), true when v > m or either is NaN, and m == m, false when m is NaN.
template <class T>
bool displaces(T v, T m) {
  return static_cast<bool>(static_cast<int>(!(v <= m)) & static_cast<int>(m == m));
}

// The first maximum of x[0, n) in that sense (n >= 1): the first NaN if there is one.
template <class T>
std::size_t first_max(const T* x, std::size_t n) {
  std::size_t at = 0;
  T best = x[0];
  for (std::size_t i = 1; i < n; ++i) {
    const bool take = displaces(x[i], best);
    best = take ? x[i] : best;
    at = take ? i : at;
  }
  return at;
}

// The cell of z that wins output (i, j)'s window in channel (n, c), in z's coordinates: the one a
// row-major scan keeps with displaces. The padding never wins, as in PyTorch (pz holds -infinity
// there): only cells inside z compete (2P <= k: every window reads some). The scan compares with
// a plain > and only notes whether it met a NaN; then, rarely, a second scan finds the first NaN
// (displaces at every step measured 5x slower: the compiler turns it into mispredicted branches).
template <class F, class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W>
std::array<std::size_t, 2> winner_cell(const Tensor<T, N, C, H, W>& z, std::size_t n, std::size_t c,
                                       std::size_t i, std::size_t j) {
  bool first = true, nan = false;
  T best{};
  std::size_t row = 0, col = 0;
  for (std::size_t m = i * F::S1; m < i * F::S1 + F::K1; ++m)
    for (std::size_t l = j * F::S2; l < j * F::S2 + F::K2; ++l) {
      if (!inside(m, F::P1, H) || !inside(l, F::P2, W)) continue;  // padding never wins
      const T v = z(n, c, m - F::P1, l - F::P2);
      if (first || v > best) {  // strictly greater: the first maximum stays
        best = v;
        row = m - F::P1;
        col = l - F::P2;
      }
      nan |= std::isnan(v);
      first = false;
    }
  if (nan)
    for (std::size_t m = i * F::S1; m < i * F::S1 + F::K1; ++m)
      for (std::size_t l = j * F::S2; l < j * F::S2 + F::K2; ++l)
        if (inside(m, F::P1, H) && inside(l, F::P2, W) && std::isnan(z(n, c, m - F::P1, l - F::P2)))
          return {m - F::P1, l - F::P2};
  return {row, col};
}

// eq. (1): z'_{n,c,i,j} = max over the window of pz: the first maximum in row-major window order
// (np.argmax's rule), or the first NaN, which is what the backward pass routes to.
template <class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W, std::size_t Ho,
          std::size_t Wo, class F>
void max_forward(backend::reference, const Tensor<T, N, C, H, W>& z, Tensor<T, N, C, Ho, Wo>& out,
                 F) {
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < C; ++c)
      for (std::size_t i = 0; i < Ho; ++i)
        for (std::size_t j = 0; j < Wo; ++j) {
          const auto [row, col] = winner_cell<F>(z, n, c, i, j);
          out(n, c, i, j) = z(n, c, row, col);  // its own bits: +0 or -0, which NaN
        }
}

// eqs. (5), (6): each output's gradient goes to the input that won its window, and adds up where
// overlapping windows (S < k) share a winner.
template <class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W, std::size_t Ho,
          std::size_t Wo, class F>
void max_backward(backend::reference, const Tensor<T, N, C, Ho, Wo>& next_dz,
                  const Tensor<T, N, C, H, W>& z, Tensor<T, N, C, H, W>& dz, F) {
  std::fill(dz.begin(), dz.end(), T{});
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < C; ++c)
      for (std::size_t i = 0; i < Ho; ++i)
        for (std::size_t j = 0; j < Wo; ++j) {
          const auto [row, col] = winner_cell<F>(z, n, c, i, j);
          dz(n, c, row, col) += next_dz(n, c, i, j);
        }
}

// eq. (2): z'_{n,c,i,j} = sum over the window of pz / (k1 k2). The padding holds zeros and
// counts in the divisor (PyTorch's count_include_pad=True, the series' np.mean over pz).
template <class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W, std::size_t Ho,
          std::size_t Wo, class F>
void avg_forward(backend::reference, const Tensor<T, N, C, H, W>& z, Tensor<T, N, C, Ho, Wo>& out,
                 F) {
  const T count = static_cast<T>(F::K1 * F::K2);
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < C; ++c)
      for (std::size_t i = 0; i < Ho; ++i)
        for (std::size_t j = 0; j < Wo; ++j) {
          T sum{};
          for (std::size_t m = i * F::S1; m < i * F::S1 + F::K1; ++m)
            for (std::size_t l = j * F::S2; l < j * F::S2 + F::K2; ++l)
              if (inside(m, F::P1, H) && inside(l, F::P2, W))  // a padded zero adds nothing
                sum += z(n, c, m - F::P1, l - F::P2);
          out(n, c, i, j) = sum / count;
        }
}

// eq. (9): every cell of a window receives 1/(k1 k2) of the window's gradient; a cell in several
// windows (S < k) sums them, and the padded cells' share is dropped (eq. (9)'s range of m, n).
template <class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W, std::size_t Ho,
          std::size_t Wo, class F>
void avg_backward(backend::reference, const Tensor<T, N, C, Ho, Wo>& next_dz,
                  const Tensor<T, N, C, H, W>&, Tensor<T, N, C, H, W>& dz, F) {
  const T count = static_cast<T>(F::K1 * F::K2);
  std::fill(dz.begin(), dz.end(), T{});
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < C; ++c)
      for (std::size_t i = 0; i < Ho; ++i)
        for (std::size_t j = 0; j < Wo; ++j) {
          const T share = next_dz(n, c, i, j) / count;
          for (std::size_t m = i * F::S1; m < i * F::S1 + F::K1; ++m)
            for (std::size_t l = j * F::S2; l < j * F::S2 + F::K2; ++l)
              if (inside(m, F::P1, H) && inside(l, F::P2, W))
                dz(n, c, m - F::P1, l - F::P2) += share;
        }
}

// eq. (3): the maximum of each channel, the first in row-major order (np.argmax) for eq. (10),
// NaN if the channel holds one (np.max).
// One kernel for both backends: a whole channel is one contiguous run, already the fast case.
template <class Backend, class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W>
void global_max_forward(Backend, const Tensor<T, N, C, H, W>& z, Tensor<T, N, C>& out) {
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < C; ++c) {
      const T* channel = z.data() + (n * C + c) * H * W;
      out(n, c) = channel[first_max(channel, H * W)];
    }
}

// eq. (10): the channel's gradient goes to its first maximum (or first NaN), every other cell 0.
template <class Backend, class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W>
void global_max_backward(Backend, const Tensor<T, N, C>& next_dz, const Tensor<T, N, C, H, W>& z,
                         Tensor<T, N, C, H, W>& dz) {
  std::fill(dz.begin(), dz.end(), T{});
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < C; ++c) {
      const T* channel = z.data() + (n * C + c) * H * W;
      dz.data()[(n * C + c) * H * W + first_max(channel, H * W)] = next_dz(n, c);
    }
}

// eq. (4): the mean of each channel, a sum divided by H W.
template <class Backend, class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W>
void global_avg_forward(Backend, const Tensor<T, N, C, H, W>& z, Tensor<T, N, C>& out) {
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < C; ++c) {
      T sum{};
      for (std::size_t i = 0; i < H; ++i)
        for (std::size_t j = 0; j < W; ++j) sum += z(n, c, i, j);
      out(n, c) = sum / static_cast<T>(H * W);
    }
}

// eq. (12): every cell of a channel receives 1/(H W) of its gradient (the post writes H^l for
// the first factor; the input's H^{l-1} is meant, as its code divides by H W of z).
template <class Backend, class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W>
void global_avg_backward(Backend, const Tensor<T, N, C>& next_dz, const Tensor<T, N, C, H, W>&,
                         Tensor<T, N, C, H, W>& dz) {
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < C; ++c) {
      const T share = next_dz(n, c) / static_cast<T>(H * W);
      for (std::size_t i = 0; i < H; ++i)
        for (std::size_t j = 0; j < W; ++j) dz(n, c, i, j) = share;
    }
}

}  // namespace ctnn::detail::pool2d

#endif  // CTNN_OPS_POOL2D_REFERENCE_HPP
