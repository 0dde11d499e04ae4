// Rule: a Tensor holds arithmetic values. A std::complex element (or a half-precision type the
// compiler does not count as arithmetic) is refused with one sentence.
// EXPECT-ERROR: a Tensor holds arithmetic values: use float, double or an integer type
// EXPECT-ALSO: arithmetic_element<std::complex<double> ?>
#include <complex>
#include <ctnn/tensor.hpp>

#ifdef CTNN_COMPILE_FAIL_CONTROL
using element = double;
#else
using element = std::complex<double>;
#endif
void make() {
  const ctnn::Tensor<element, 2, 2> t;
  (void)t;
}
