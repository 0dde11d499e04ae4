// Harness sanity: the "broken" variant compiles, so the harness must report that it built.
// EXPECT-ERROR: error
#include <ctnn/tensor.hpp>

ctnn::Tensor<double, 1> z;
