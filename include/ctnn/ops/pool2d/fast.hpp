/// \file
/// \brief The fast kernels of max and average pooling (`backend::fast`): the same windows as the
/// reference, computed in two passes so that the inner loop runs over contiguous memory in SIMD
/// vectors. (Global pooling has one kernel for both backends, in reference.hpp.)
#ifndef CTNN_OPS_POOL2D_FAST_HPP
#define CTNN_OPS_POOL2D_FAST_HPP

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "ctnn/backend.hpp"
#include "ctnn/ops/pool2d/reference.hpp"
#include "ctnn/simd/vector.hpp"
#include "ctnn/tensor.hpp"

namespace ctnn::detail::pool2d {

// What is vectorised, and why: a window is separable. For output row i, a VERTICAL pass combines
// the k1 input rows that the window rows cover, column by column: one vector op handles V
// neighbouring columns of contiguous memory, whatever the stride (a stride along the columns
// would need gathers if we vectorised over output columns instead). The HORIZONTAL pass then
// combines k2 of those column results per output, in scalar code: it touches W values where the
// vertical pass touched k1 W. On LeNet's pooling (2 x 2, stride 2) that halves the scalar work.

// The input rows [begin, end) that window i reads along an axis of extent H padded by P with
// window K and stride S: the padded cells are left out (2P <= k keeps the range non-empty).
struct span {
  std::size_t begin, end;
};
constexpr span covered(std::size_t i, std::size_t S, std::size_t P, std::size_t K, std::size_t H) {
  const std::size_t start = i * S;  // in the padded input's coordinates
  return {std::max(start, P) - P, std::min(start + K, H + P) - P};
}

// 16-byte vectors (4 floats, 2 doubles), whatever wider ones the target has: pooling rows are
// short (28 and 10 columns in LeNet), and a 64-byte vector of 16 floats would leave most of a row
// to the scalar tail. Measured with -march=native (AVX-512) on LeNet's pooling layers, float max
// pooling forward: 0.24x-0.68x the reference's speed with simd::vector_bytes (64), 2x-3.9x with 16.
template <class T>
struct lanes {
  static constexpr std::size_t bytes = std::min<std::size_t>(16, simd::vector_bytes);
  static constexpr std::size_t V = bytes / sizeof(T);
  using vec [[gnu::vector_size(bytes)]] = T;
  using mask = decltype(vec{} > vec{});  // the integers of a comparison, as wide as T
  using index = std::conditional_t<sizeof(T) == 8, std::int64_t, std::int32_t>;  // a lane of mask
  static_assert(sizeof(mask) == V * sizeof(index));
};

// Vertical pass of max pooling over input rows [r.begin, r.end) of one channel (W columns):
// best[x] = max over those rows of z(r, x), row[x] = the first row holding it, by the
// reference's displaces (a larger value or a NaN over a number replaces, so ties keep the upper
// row and the upper NaN stays: row-major order within a column). Returns whether it met a NaN.
template <class T, std::size_t W>
bool column_max(const T* channel, span r, std::array<T, W>& best,
                std::array<typename lanes<T>::index, W>& row) {
  using L = lanes<T>;
  using index = typename L::index;
  using mask = typename L::mask;
  constexpr std::size_t whole = W / L::V * L::V;  // the columns that fill whole vectors
  mask nan{};
  for (std::size_t x = 0; x < whole; x += L::V) {
    auto b = simd::load<typename L::vec>(channel + r.begin * W + x);
    mask at = mask{} + static_cast<index>(r.begin);
    nan |= b != b;  // NaN is the only value unequal to itself (std::isnan has no vector form)
    for (std::size_t y = r.begin + 1; y < r.end; ++y) {
      const auto v = simd::load<typename L::vec>(channel + y * W + x);
      const mask v_nan = v != v;
      const mask takes = (v > b) | (v_nan & (b == b));  // displaces(v, b), lane by lane
      b = takes ? v : b;
      at = takes ? mask{} + static_cast<index>(y) : at;
      nan |= v_nan;
    }
    std::memcpy(best.data() + x, &b, sizeof b);
    std::memcpy(row.data() + x, &at, sizeof at);
  }
  bool any = false;
  for (std::size_t k = 0; k < L::V; ++k) any = any || nan[k] != 0;
  for (std::size_t x = whole; x < W; ++x) {  // the columns left over, one at a time
    best[x] = channel[r.begin * W + x];
    row[x] = static_cast<index>(r.begin);
    for (std::size_t y = r.begin + 1; y < r.end; ++y)
      if (displaces(channel[y * W + x], best[x])) {
        best[x] = channel[y * W + x];
        row[x] = static_cast<index>(y);
      }
    any = any || std::isnan(best[x]);  // a NaN in a column is its best
  }
  return any;
}

// Vertical pass of average pooling: sum[x] = the sum over rows [r.begin, r.end) of z(r, x).
template <class T, std::size_t W>
void column_sum(const T* channel, span r, std::array<T, W>& sum) {
  using L = lanes<T>;
  constexpr std::size_t whole = W / L::V * L::V;
  for (std::size_t x = 0; x < whole; x += L::V) {
    auto s = simd::load<typename L::vec>(channel + r.begin * W + x);
    for (std::size_t y = r.begin + 1; y < r.end; ++y)
      s += simd::load<typename L::vec>(channel + y * W + x);
    std::memcpy(sum.data() + x, &s, sizeof s);
  }
  for (std::size_t x = whole; x < W; ++x) {
    sum[x] = channel[r.begin * W + x];
    for (std::size_t y = r.begin + 1; y < r.end; ++y) sum[x] += channel[y * W + x];
  }
}

// The winner of one window from the vertical pass, the column x whose (best[x], row[x]) the
// reference's row-major scan keeps: the largest value, and among equals (+0 and -0 too) the
// smallest row, then the smallest column; with Nan (the vertical pass met one), a NaN first, the
// smallest row and column among NaNs. A plain left-to-right scan of the column maxima would
// prefer the leftmost column, which is column-major order: another cell among ties, -0 for +0.
template <class T, class Index>
struct winner {
  std::size_t x;  // its column
  T value;        // best[x], its bits
  Index row;      // row[x]
};

// `take ? a : b` for a bit mask `take` (all ones or zeros) as wide as `a`: GCC 12 compiles a
// select between two values into branches, and which of two random values is larger is a coin
// toss that a branch predictor loses half the time (measured: max pooling backward 4x slower).
template <class U, class Mask>
[[gnu::always_inline]] inline U select(Mask take, U a, U b) {
  if constexpr (std::is_floating_point_v<U>) {
    using bits = std::conditional_t<sizeof(U) == 8, std::uint64_t, std::uint32_t>;
    const auto a_bits = std::bit_cast<bits>(a), b_bits = std::bit_cast<bits>(b);
    return std::bit_cast<U>(
        static_cast<bits>(b_bits ^ ((a_bits ^ b_bits) & static_cast<bits>(take))));
  } else {
    return static_cast<U>(b ^ ((a ^ b) & static_cast<U>(take)));
  }
}

template <bool Nan, class T, std::size_t W, class Index>
[[gnu::always_inline]] inline winner<T, Index> window_winner(span cols,
                                                             const std::array<T, W>& best,
                                                             const std::array<Index, W>& row) {
  // The winner so far stays in registers (no load through its column, which would wait for it).
  winner<T, Index> w{cols.begin, best[cols.begin], row[cols.begin]};
  for (std::size_t x = cols.begin + 1; x < cols.end; ++x) {
    const T v = best[x];
    const Index r = row[x];
    int above = static_cast<int>(v > w.value);
    int level = static_cast<int>(v == w.value);
    if constexpr (Nan) {
      const int nan = static_cast<int>(std::isnan(v));
      const int win_nan = static_cast<int>(std::isnan(w.value));
      above |= nan & (1 - win_nan);
      level |= nan & win_nan;
    }
    const std::uint64_t take =
        std::uint64_t{0} -
        static_cast<std::uint64_t>(above | (level & static_cast<int>(r < w.row)));
    w.x = select(take, x, w.x);
    w.value = select(take, v, w.value);
    w.row = select(take, r, w.row);
  }
  return w;
}

// The winner of window column span cols, NaN-aware only on rows where the vertical pass met a
// NaN: a branch taken the same way all along a row, and rarely.
template <class T, std::size_t W, class Index>
[[gnu::always_inline]] inline winner<T, Index> window_winner(bool nan, span cols,
                                                             const std::array<T, W>& best,
                                                             const std::array<Index, W>& row) {
  return nan ? window_winner<true>(cols, best, row) : window_winner<false>(cols, best, row);
}

template <class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W, std::size_t Ho,
          std::size_t Wo, class F>
void max_forward(backend::fast, const Tensor<T, N, C, H, W>& z, Tensor<T, N, C, Ho, Wo>& out, F) {
  std::array<T, W> best;
  std::array<typename lanes<T>::index, W> row;
  for (std::size_t nc = 0; nc < N * C; ++nc) {
    const T* channel = z.data() + nc * H * W;
    for (std::size_t i = 0; i < Ho; ++i) {
      const bool nan = column_max(channel, covered(i, F::S1, F::P1, F::K1, H), best, row);
      for (std::size_t j = 0; j < Wo; ++j) {
        const span cols = covered(j, F::S2, F::P2, F::K2, W);
        T m = best[cols.begin];  // the largest value: equal values are the same bits, but for
        for (std::size_t x = cols.begin + 1; x < cols.end; ++x) m = best[x] > m ? best[x] : m;
        if (nan || m == T{})  // NaN, or +0 and -0: then the winner's own bits, as the reference
          m = window_winner(nan, cols, best, row).value;
        out.data()[(nc * Ho + i) * Wo + j] = m;
      }
    }
  }
}

// The search for the winners, written once for max_backward and max_forward_winners (so that a
// backward after a kept forward and one that searches again route to the same cells): for each
// output, in their order, visit(nc, o, w) with the channel nc (n C + c), the output's offset o
// in (N, C, Ho, Wo), and its window's winner w (column w.x, row w.row, its value's own bits).
// Inlined into each caller with its visitor, as the loops were once written out in each: as a
// function of its own (GCC 12, -O2) max_backward ran 30% slower on LeNet's first pool.
template <std::size_t Ho, std::size_t Wo, class F, class T, std::size_t N, std::size_t C,
          std::size_t H, std::size_t W, class Visit>
[[gnu::always_inline]] inline void for_each_winner(const Tensor<T, N, C, H, W>& z, Visit visit) {
  std::array<T, W> best;
  std::array<typename lanes<T>::index, W> row;
  for (std::size_t nc = 0; nc < N * C; ++nc) {
    const T* channel = z.data() + nc * H * W;
    for (std::size_t i = 0; i < Ho; ++i) {
      const bool nan = column_max(channel, covered(i, F::S1, F::P1, F::K1, H), best, row);
      for (std::size_t j = 0; j < Wo; ++j) {
        const auto w = window_winner(nan, covered(j, F::S2, F::P2, F::K2, W), best, row);
        visit(nc, (nc * Ho + i) * Wo + j, w);
      }
    }
  }
}

template <class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W, std::size_t Ho,
          std::size_t Wo, class F>
void max_backward(backend::fast, const Tensor<T, N, C, Ho, Wo>& next_dz,
                  const Tensor<T, N, C, H, W>& z, Tensor<T, N, C, H, W>& dz, F) {
  std::fill(dz.begin(), dz.end(), T{});
  for_each_winner<Ho, Wo, F>(z, [&](std::size_t nc, std::size_t o, const auto& w) {
    dz.data()[nc * H * W + static_cast<std::size_t>(w.row) * W + w.x] += next_dz.data()[o];
  });
}

// Max pooling forward that also keeps each window's winner, the cell the backward pass routes
// its gradient to, as its offset in the channel (row W + column): the cell max_backward finds
// (for_each_winner), so that a backward after this forward, on the same z, need not search again
// (nn::max_pool2d keeps them). out as max_forward's, bit for bit: the winner's own bits.
template <class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W, std::size_t Ho,
          std::size_t Wo, class F>
void max_forward_winners(backend::fast, const Tensor<T, N, C, H, W>& z,
                         Tensor<T, N, C, Ho, Wo>& out, Tensor<std::uint32_t, N, C, Ho, Wo>& winners,
                         F) {
  static_assert(H * W <= 0xffffffffu, "ctnn: a channel's cells are counted in 32 bits");
  T* const to = out.data();
  std::uint32_t* const at = winners.data();
  for_each_winner<Ho, Wo, F>(z, [to, at](std::size_t, std::size_t o, const auto& w) {
    to[o] = w.value;
    at[o] = static_cast<std::uint32_t>(static_cast<std::size_t>(w.row) * W + w.x);
  });
}

// Max pooling backward from the winners max_forward_winners kept: each output's gradient added to
// its window's winner, in the order of the windows (as max_backward adds them where overlapping
// windows share a winner); every element of dz written.
template <class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W, std::size_t Ho,
          std::size_t Wo, class F>
void max_backward_winners(backend::fast, const Tensor<T, N, C, Ho, Wo>& next_dz,
                          const Tensor<std::uint32_t, N, C, Ho, Wo>& winners,
                          Tensor<T, N, C, H, W>& dz, F) {
  // Channel by channel, zeros then the scatter, while the channel is in the L1 cache (one zero
  // fill of all of dz first would stream it through memory twice: 1.2 MB for LeNet's pool 1).
  for (std::size_t nc = 0; nc < N * C; ++nc) {
    T* grad = dz.data() + nc * H * W;
    const T* g = next_dz.data() + nc * Ho * Wo;
    const std::uint32_t* at = winners.data() + nc * Ho * Wo;
    std::fill_n(grad, H * W, T{});
    for (std::size_t k = 0; k < Ho * Wo; ++k) grad[at[k]] += g[k];
  }
}

template <class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W, std::size_t Ho,
          std::size_t Wo, class F>
void avg_forward(backend::fast, const Tensor<T, N, C, H, W>& z, Tensor<T, N, C, Ho, Wo>& out, F) {
  const T count = static_cast<T>(F::K1 * F::K2);
  std::array<T, W> sum;
  for (std::size_t nc = 0; nc < N * C; ++nc) {
    const T* channel = z.data() + nc * H * W;
    for (std::size_t i = 0; i < Ho; ++i) {
      column_sum(channel, covered(i, F::S1, F::P1, F::K1, H), sum);
      for (std::size_t j = 0; j < Wo; ++j) {
        const span cols = covered(j, F::S2, F::P2, F::K2, W);
        T s{};
        for (std::size_t x = cols.begin; x < cols.end; ++x) s += sum[x];
        out.data()[(nc * Ho + i) * Wo + j] = s / count;
      }
    }
  }
}

// The backward pass in the same two passes, reversed: spread each output row's gradient over
// the columns its windows cover (scalar), then add that row into every input row the windows
// cover (vectors, contiguous).
template <class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W, std::size_t Ho,
          std::size_t Wo, class F>
void avg_backward(backend::fast, const Tensor<T, N, C, Ho, Wo>& next_dz,
                  const Tensor<T, N, C, H, W>&, Tensor<T, N, C, H, W>& dz, F) {
  using L = lanes<T>;
  const T count = static_cast<T>(F::K1 * F::K2);
  std::fill(dz.begin(), dz.end(), T{});
  std::array<T, W> spread;
  for (std::size_t nc = 0; nc < N * C; ++nc) {
    T* grad = dz.data() + nc * H * W;
    for (std::size_t i = 0; i < Ho; ++i) {
      spread.fill(T{});
      for (std::size_t j = 0; j < Wo; ++j) {
        const span cols = covered(j, F::S2, F::P2, F::K2, W);
        const T share = next_dz.data()[(nc * Ho + i) * Wo + j] / count;
        for (std::size_t x = cols.begin; x < cols.end; ++x) spread[x] += share;
      }
      const span rows = covered(i, F::S1, F::P1, F::K1, H);
      for (std::size_t y = rows.begin; y < rows.end; ++y) {
        T* target = grad + y * W;
        constexpr std::size_t whole = W / L::V * L::V;
        for (std::size_t x = 0; x < whole; x += L::V) {
          const auto v = simd::load<typename L::vec>(target + x) +
                         simd::load<typename L::vec>(spread.data() + x);
          std::memcpy(target + x, &v, sizeof v);
        }
        for (std::size_t x = whole; x < W; ++x) target[x] += spread[x];
      }
    }
  }
}

}  // namespace ctnn::detail::pool2d

#endif  // CTNN_OPS_POOL2D_FAST_HPP
