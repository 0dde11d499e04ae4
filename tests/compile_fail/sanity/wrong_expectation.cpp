// Harness sanity: this case fails to build, but not with the text it expects, so the harness must
// report a mismatch (its test passes only when it does).
// EXPECT-ERROR: this text never appears in any diagnostic
#include <ctnn/tensor.hpp>

#ifdef CTNN_COMPILE_FAIL_CONTROL
ctnn::Tensor<double, 1> z;
#else
ctnn::Tensor<double, 0> z;
#endif
