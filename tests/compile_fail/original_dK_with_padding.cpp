// The original tutorial's dK, written as it computes it: the UNPADDED z correlated with the
// zero-inserted gradient. With padding (1, 1) its result is (C, D, k1 - 2, k2 - 2) = (3, 4, 1, 1),
// which numpy broadcasts silently into K -= 0.001 * dK. Here the (3, 4, 3, 3) dK refuses it.
// The control computes eq. (5) as written, from the padded input, and compiles.
// EXPECT-ERROR: element-wise operations need tensors of one shape
// EXPECT-ALSO: same_shape<ctnn::Tensor<double, 3, 4, 3, 3>, ctnn::Tensor<double, 3, 4, 1, 1> ?>
#include <ctnn/conv.hpp>

void original_update(ctnn::Tensor<double, 3, 4, 3, 3>& K,
                     const ctnn::Tensor<double, 3, 3, 28, 28>& z,
                     const ctnn::Tensor<double, 3, 4, 28, 28>& next_dz) {  // padding 1: H' = 28
  //! [original_dK]
  const auto spread = ctnn::insert_zeros(next_dz, ctnn::strides<1, 1>);  // (N, D, 28, 28)
#ifdef CTNN_COMPILE_FAIL_CONTROL
  const auto swap_z = ctnn::swap_axes<0, 1>(ctnn::pad(z, ctnn::padding<1, 1>));  // (C, N, 30, 30)
#else
  const auto swap_z = ctnn::swap_axes<0, 1>(z);  // (C, N, 28, 28): the original forgets the padding
#endif
  const auto dK = ctnn::conv_forward(swap_z, spread, ctnn::Tensor<double, 4>{});
  K -= 0.001 * dK;
  //! [original_dK]
}
