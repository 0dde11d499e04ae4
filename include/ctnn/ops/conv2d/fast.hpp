/// \file
/// \brief The convolution's fast kernels: the same results as the reference versions, computed
/// as matrix products with packed panels, register tiles and SIMD.
///
/// All three products of a convolution layer are one matrix product each, once the window of
/// eq. (4) is read as a matrix without being copied out ("implicit im2col"):
///
/// - forward (4): z'(d, (n, i, j)) = sum over (c, m, l) of K(d, (c, m, l)) pz((c, m, l), (n, i, j))
/// - kernel gradient (5): dK(d, (c, m, l)) = sum over (n, i, j) of delta(d, (n, i, j)) pz((n, i, j), (c, m, l))
/// - input gradient (8), (9): dz(c, (n, h, w)) = sum over (d, m, l) of rot180(K)(c, (d, m, l))
///   sd((d, m, l), (n, h + P1, w + P2)), where sd is the gradient with zeros inserted and k - 1
///   zeros around it, as in the reference; reading only z's positions removes the padding.
///
/// Every operand is addressed as `base[row_offset[i] + column_offset[j]]`, so one product routine
/// serves all three. Where the layer allows (stride 1 along the rows, up to 64 output channels),
/// the convolutions are computed directly instead, reading the rows in place: nothing is packed.
/// Blocking and tile shapes are fixed at compile time from the extents and the target: vectors of
/// the widest width the compiler targets (4 doubles with AVX2, 8 with AVX-512: build with
/// `-march=native`), and direct tiles as large as its register file holds (4 channels x 3
/// vectors with 16 vector registers, 4 x 4 with AVX-512's 32).
#ifndef CTNN_OPS_CONV2D_FAST_HPP
#define CTNN_OPS_CONV2D_FAST_HPP

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "ctnn/backend.hpp"
#include "ctnn/ops/conv2d/fast/choose.hpp"
#include "ctnn/ops/conv2d/fast/direct.hpp"
#include "ctnn/ops/conv2d/fast/im2col.hpp"
#include "ctnn/ops/conv2d/fast/kernel_gradient.hpp"
#include "ctnn/ops/conv2d/input_gradient.hpp"
#include "ctnn/shape.hpp"
#include "ctnn/simd/gemm.hpp"
#include "ctnn/simd/sum.hpp"
#include "ctnn/tensor.hpp"
#include "ctnn/threads.hpp"

namespace ctnn::detail::conv2d {

// The gradient spread for eqs. (8), (9): `planes` planes of Ho x Wo values placed S1 rows and S2
// columns apart inside planes of Hq x Wq zeros, after Top rows and Left columns. `buffer` holds
// it (what it held is no longer needed). With strides 1 every element is written once, row by
// row: zeroing all of it first then copying costs a third more (the original experiment).
template <std::size_t Planes, std::size_t Ho, std::size_t Wo, std::size_t Hq, std::size_t Wq,
          std::size_t Top, std::size_t Left, std::size_t S1, std::size_t S2, class T>
T* spread(const T* delta, std::vector<T>& buffer) {
  buffer.resize(Planes * Hq * Wq);
  T* sd = buffer.data();
  if constexpr (S1 == 1 && S2 == 1) {
    for (std::size_t plane = 0; plane < Planes; ++plane) {
      T* out = sd + plane * Hq * Wq;
      std::fill_n(out, Top * Wq + Left, T{});  // rows above, and the first row's left margin
      for (std::size_t i = 0; i < Ho; ++i) {
        T* row = out + (Top + i) * Wq + Left;
        simd::copy<Wo>(delta + (plane * Ho + i) * Wo, row);
        // this row's right margin and the next row's left one, or every row below the last
        if (i + 1 < Ho) {
#pragma GCC unroll 8
          for (std::size_t j = Wo; j < Wq; ++j) row[j] = T{};
        } else {
          std::fill(row + Wo, out + Hq * Wq, T{});
        }
      }
    }
  } else {
    std::fill(buffer.begin(), buffer.end(), T{});
    for (std::size_t plane = 0; plane < Planes; ++plane)
      for (std::size_t i = 0; i < Ho; ++i)
        for (std::size_t j = 0; j < Wo; ++j)
          sd[(plane * Hq + Top + i * S1) * Wq + Left + j * S2] = delta[(plane * Ho + i) * Wo + j];
  }
  return sd;
}

// dK of eq. (5) from kernel_gradient(first image, images, dK, scratch), which writes the sum
// over its images into dK and may use the scratch's buffer and packed_b: once over the batch, or
// as two halves on two threads (split_batch), each with its own thread's scratch, the helper's
// half written into its packed_a (unused there) and added after.
template <std::size_t N, class T, class Kernel, class KernelGradient>
void kernel_gradient_of_halves(Kernel& dK, KernelGradient kernel_gradient) {
  T* helper_half = nullptr;
  detail::split_batch<N>([&](auto n0, auto n) {
    auto& mine = simd::scratch<T>::get();  // of the thread this half runs on
    if constexpr (decltype(n0)::value == 0 && decltype(n)::value < N) {  // the helper's half
      mine.packed_a.resize(Kernel::size);
      helper_half = mine.packed_a.data();
      kernel_gradient(n0, n, helper_half, mine);
    } else {
      kernel_gradient(n0, n, dK.data(), mine);
    }
  });
  if (helper_half != nullptr)
    for (std::size_t i = 0; i < Kernel::size; ++i) dK.data()[i] += helper_half[i];
}

// `direct` over a batch of N images, as two halves on two threads when asked for (split_batch):
// images(n0, n) gives the input of images [n0, n0 + n), padded (or spread) by the thread that
// reads it. With Flat (see use_flat_direct) each plane is computed as one row at the input's pitch
// into `flat`, then copied out.
template <class T, std::size_t N, std::size_t Cin, std::size_t Dout, std::size_t Hin,
          std::size_t Win, std::size_t K1, std::size_t K2, std::size_t Hout, std::size_t Wout,
          std::size_t S1, bool Flat, class Images>
void direct_batch(Images images, const T* w, const T* bias, T* out, std::vector<T>& flat) {
  if constexpr (Flat) {
    constexpr std::size_t length = (Hout - 1) * Win + Wout;  // a plane read as one row
    flat.resize(N * Dout * length);
    detail::split_batch<N>([&](auto n0, auto n) {
      direct<T, n, Cin, Dout, Hin, Win, K1, K2, 1, length, 1>(images(n0, n), w, bias,
                                                              flat.data() + n0 * Dout * length);
    });
    unflatten<N * Dout, Hout, Wout, Win>(flat.data(), out);
  } else {
    detail::split_batch<N>([&](auto n0, auto n) {
      direct<T, n, Cin, Dout, Hin, Win, K1, K2, Hout, Wout, S1>(images(n0, n), w, bias,
                                                                out + n0 * Dout * Hout * Wout);
    });
  }
}

// eq. (4) for the geometry G (a ctnn::geometry<Tags...>), computed directly in register tiles
// (stride 1 along the rows, up to 64 output channels) or as one matrix product; every element of
// out written.
template <class G, class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W,
          std::size_t D, std::size_t K1, std::size_t K2, std::size_t Ho, std::size_t Wo>
void forward(backend::fast, const Tensor<T, N, C, H, W>& z, const Tensor<T, C, D, K1, K2>& K,
             const Tensor<T, D>& b, Tensor<T, N, D, Ho, Wo>& out) {
  constexpr std::size_t P1 = G::P1, P2 = G::P2, S1 = G::S1, S2 = G::S2;
  constexpr std::size_t Hp = H + 2 * P1, Wp = W + 2 * P2;
  auto& s = simd::scratch<T>::get();
  constexpr std::size_t KK = K1 * K2;
  // n images of z from image n0, padded by the thread that reads them, into its own scratch
  const auto padded_images = [&](auto n0, auto n) {
    return padded<T, n, C, H, W, P1, P2>(z.data() + n0 * C * H * W, simd::scratch<T>::get().buffer);
  };
  constexpr bool flat = use_flat_direct<T>(D, C * KK, S1, S2, Ho, Wo, Wp, C * Hp * Wp * sizeof(T));
  if constexpr (flat || use_direct<T>(D, S2, Wo)) {
    const T* w = direct_weights<T, C * KK, D>(s.packed_a, [&](std::size_t q, std::size_t d) {
                   return K.data()[((q / KK) * D + d) * KK + q % KK];
                 }).data();
    direct_batch<T, N, C, D, Hp, Wp, K1, K2, Ho, Wo, S1, flat>(padded_images, w, b.data(),
                                                               out.data(), s.flat);
  } else {
    const T* pz = padded<T, N, C, H, W, P1, P2>(z.data(), s.buffer);
    for (std::size_t n = 0; n < N; ++n)  // the product adds to the bias
      for (std::size_t d = 0; d < D; ++d)
        std::fill_n(out.data() + (n * D + d) * Ho * Wo, Ho * Wo, b(d));
    using offsets = layer_offsets<N, C, D, Hp, Wp, K1, K2, Ho, Wo, S1, S2>;
    const offsets at(s.offsets);
    // out(d, (n, i, j)) += K(d, (c, m, l)) pz((c, m, l), (n, i, j))
    simd::product<T, D, offsets::P, offsets::Q>(
        {K.data(), at[at.kernel_channels], at[at.kernel_taps]},
        {pz, at[at.input_taps], at[at.input_positions]},
        {out.data(), at[at.output_channels], at[at.output_positions]});
  }
}

// eqs. (5), (6), (8), (9) for the geometry G, with the kernel and input gradients computed
// directly in register tiles where the layer allows (as forward) or as matrix products: g.dK and
// g.db divided by N, g.dz not; every element written. Without a member dz, eqs. (8), (9) are
// skipped (see the reference).
template <class G, class T, std::size_t N, std::size_t C, std::size_t H, std::size_t W,
          std::size_t D, std::size_t K1, std::size_t K2, std::size_t Ho, std::size_t Wo,
          class Gradients>
void backward(backend::fast, const Tensor<T, N, D, Ho, Wo>& next_dz,
              const Tensor<T, C, D, K1, K2>& K, const Tensor<T, N, C, H, W>& z, Gradients& g) {
  constexpr std::size_t P1 = G::P1, P2 = G::P2, S1 = G::S1, S2 = G::S2;
  constexpr std::size_t Hp = H + 2 * P1, Wp = W + 2 * P2;
  auto& s = simd::scratch<T>::get();
  // n images of z from image n0, padded by the thread that reads them, into its own scratch
  const auto padded_images = [&](auto n0, auto n, simd::scratch<T>& mine) {
    return padded<T, n, C, H, W, P1, P2>(z.data() + n0 * C * H * W, mine.buffer);
  };
  // The offset lists are built only by the branches that run a product (direct ones need none).
  using offsets = layer_offsets<N, C, D, Hp, Wp, K1, K2, Ho, Wo, S1, S2>;
  // The products add to what they write: start from zeros (dz below, where a product adds to it).
  std::fill(g.dK.begin(), g.dK.end(), T{});
  std::fill(g.db.begin(), g.db.end(), T{});

  if constexpr (use_flat<T>(D, C * K1 * K2, S1, S2, Ho, Wo, Wp)) {
    // delta at the flattened plane's pitch, zeros in the columns a flattened plane drops: they
    // then add nothing to eq. (5) (unless z holds an infinity or a NaN, which 0 times makes NaN
    // in taps where the reference, which never pairs them, would not)
    constexpr std::size_t length = (Ho - 1) * Wp + Wo;
    s.flat.resize(N * D * length);
    T* flat = s.flat.data();
    kernel_gradient_of_halves<N, T>(g.dK, [&](auto n0, auto n, T* dK, simd::scratch<T>& mine) {
      flatten<n * D, Ho, Wo, Wp>(next_dz.data() + n0 * D * Ho * Wo, flat + n0 * D * length);
      direct_kernel_gradient<T, n, C, D, Hp, Wp, K1, K2, 1, length, 1>(
          flat + n0 * D * length, padded_images(n0, n, mine), dK, mine.packed_b);
    });
  } else if constexpr (use_direct<T>(D, S2, Wo)) {
    kernel_gradient_of_halves<N, T>(g.dK, [&](auto n0, auto n, T* dK, simd::scratch<T>& mine) {
      direct_kernel_gradient<T, n, C, D, Hp, Wp, K1, K2, Ho, Wo, S1>(
          next_dz.data() + n0 * D * Ho * Wo, padded_images(n0, n, mine), dK, mine.packed_b);
    });
  } else {
    const T* pz = padded<T, N, C, H, W, P1, P2>(z.data(), s.buffer);
    const offsets at(s.offsets);
    // eq. (5): dK(d, (c, m, l)) = delta(d, (n, i, j)) pz((n, i, j), (c, m, l))
    simd::product<T, D, offsets::Q, offsets::P>(
        {next_dz.data(), at[at.output_channels], at[at.output_positions]},
        {pz, at[at.input_positions], at[at.input_taps]},
        {g.dK.data(), at[at.kernel_channels], at[at.kernel_taps]});
  }
  // eq. (6)
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t d = 0; d < D; ++d)
      g.db(d) += simd::sum<T, Ho * Wo>(next_dz.data() + (n * D + d) * Ho * Wo);
  for (T& x : g.dK) x /= static_cast<T>(N);
  for (T& x : g.db) x /= static_cast<T>(N);

  if constexpr (!has_input_gradient<Gradients>) {
    return;
  } else if constexpr (dz_by_gather<T>(N, C, D, H, W, K1, K2, Ho, Wo)) {
    // eqs. (8), (9) as the reference writes them: the gradient spread onto the stride-1 grid and
    // surrounded by k - 1 zeros (sd, (N, D, Hq, Wq)), correlated with the rotated kernels, read
    // only at the positions of z, so that the padding needs no removing:
    //   dz(c, (n, h, w)) = sum over (d, m, l) of rot180(K)(c, (d, m, l)) sd((d, m, l), (n, h + P1, w + P2))
    // A reduction over D k1 k2 terms, not D: the products stay long even when D is small.
    constexpr std::size_t Hq = Hp + K1 - 1, Wq = Wp + K2 - 1;
    // sd of n images from image n0, spread by the thread that reads it, into its own scratch
    // (pz is no longer needed)
    const auto spread_images = [&](auto n0, auto n) {
      return spread<n * D, Ho, Wo, Hq, Wq, K1 - 1, K2 - 1, S1, S2>(
          next_dz.data() + n0 * D * Ho * Wo, simd::scratch<T>::get().buffer);
    };
    constexpr std::size_t DKK = D * K1 * K2, NHW = N * H * W;
    constexpr bool flat = use_flat_direct<T>(C, DKK, 1, 1, H, W, Wq, D * Hq * Wq * sizeof(T));
    if constexpr (flat || use_direct<T>(C, 1, W)) {
      // input channel d, output channel c, tap (m, l): rot180(K)(c, d, m, l) = K(c, d, k1-1-m, k2-1-l)
      constexpr std::size_t KK = K1 * K2;
      const T* w = direct_weights<T, DKK, C>(s.packed_a, [&](std::size_t q, std::size_t c) {
                     return K.data()[(c * D + q / KK) * KK + (KK - 1 - q % KK)];
                   }).data();
      const auto images = [&](auto n0, auto n) { return spread_images(n0, n) + P1 * Wq + P2; };
      direct_batch<T, N, D, C, Hq, Wq, K1, K2, H, W, 1, flat>(images, w, nullptr, g.dz.data(),
                                                              s.flat);
    } else {
      std::fill(g.dz.begin(), g.dz.end(), T{});  // the product adds to it
      const T* sd = spread_images(std::integral_constant<std::size_t, 0>{},
                                  std::integral_constant<std::size_t, N>{});
      auto& o = s.offsets;
      o.clear();
      const std::size_t rot = o.size();  // (c, (d, m, l)) of rot180(K): K(c, d, k1-1-m, k2-1-l)
      for (std::size_t c = 0; c < C; ++c) o.push_back(c * D * K1 * K2);
      for (std::size_t d = 0; d < D; ++d)
        for (std::size_t m = 0; m < K1; ++m)
          for (std::size_t l = 0; l < K2; ++l)
            o.push_back(d * K1 * K2 + (K1 - 1 - m) * K2 + (K2 - 1 - l));
      const std::size_t spread = o.size();  // ((d, m, l), (n, h, w)) of sd
      append_grid(o, 0, D, Hq * Wq, K1, Wq, K2, 1);
      append_grid(o, P1 * Wq + P2, N, D * Hq * Wq, H, Wq, W, 1);
      const std::size_t input = o.size();  // (c, (n, h, w)) of dz
      append_grid(o, 0, C, H * W, 1, 0, 1, 0);
      append_grid(o, 0, N, C * H * W, H, W, W, 1);
      simd::product<T, C, NHW, DKK>({K.data(), o.data() + rot, o.data() + rot + C},
                                    {sd, o.data() + spread, o.data() + spread + DKK},
                                    {g.dz.data(), o.data() + input, o.data() + input + C});
    }
  } else {
    // eqs. (8), (9) as one product scattered onto the padded input:
    //   dpz((c, m, l), (n, i, j)) += sum over d of K((c, m, l), d) delta(d, (n, i, j))
    // then the padding is dropped. No inserted zeros and no flipped kernel, but a reduction over
    // only D terms: chosen when D k1 k2 x (input positions) would be the larger amount of work.
    T* dpz = g.dz.data();
    if constexpr (P1 != 0 || P2 != 0) {
      s.buffer.assign(N * C * Hp * Wp, T{});  // pz is no longer needed
      dpz = s.buffer.data();
    } else {
      std::fill(g.dz.begin(), g.dz.end(), T{});  // the product adds to it
    }
    const offsets at(s.offsets);
    simd::product<T, offsets::Q, offsets::P, D>(
        {K.data(), at[at.kernel_taps], at[at.kernel_channels]},
        {next_dz.data(), at[at.output_channels], at[at.output_positions]},
        {dpz, at[at.input_taps], at[at.input_positions]});
    if constexpr (P1 != 0 || P2 != 0)
      for (std::size_t nc = 0; nc < N * C; ++nc)
        for (std::size_t h = 0; h < H; ++h)
          simd::copy<W>(dpz + (nc * Hp + h + P1) * Wp + P2, g.dz.data() + (nc * H + h) * W);
  }
}

}  // namespace ctnn::detail::conv2d

#endif  // CTNN_OPS_CONV2D_FAST_HPP
