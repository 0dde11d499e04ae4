// Rule: the size in bytes fits in std::size_t. 2^31 x 2^31 doubles is 2^65 bytes.
// EXPECT-ERROR: size in bytes does not fit in std::size_t
// EXPECT-ALSO: size_fits<double, 2147483648(UL)?, 2147483648(UL)?>
#include <ctnn/tensor.hpp>

#include <cstddef>

#ifdef CTNN_COMPILE_FAIL_CONTROL
using huge = ctnn::Tensor<double, std::size_t{1} << 31, std::size_t{1} << 28>;  // 2^62 bytes
#else
using huge = ctnn::Tensor<double, std::size_t{1} << 31, std::size_t{1} << 31>;
#endif
static_assert(huge::rank == 2);  // uses the type; nothing is allocated
