/// \file
/// \brief The backend tags: which kernels an operation runs, `ctnn::backend::reference` (the
/// loops the tutorials teach, the default) or `ctnn::backend::fast` (register tiles and SIMD).
///
/// Every operation takes the backend as its first, defaulted template argument:
/// `ctnn::relu_forward(z)` runs the reference, `ctnn::relu_forward<ctnn::backend::fast>(z)` the
/// fast kernel. The rules are checked once, before the choice, so both backends accept and refuse
/// exactly the same calls and return the same types; tests run every op on both and compare.
#ifndef CTNN_BACKEND_HPP
#define CTNN_BACKEND_HPP

#include <type_traits>

namespace ctnn::backend {

/// \brief The reference kernels: the equations of the series written as plain loops, the oracle
/// of every test. The default everywhere.
struct reference {};

/// \brief The fast kernels: the same results up to the order of the additions, computed with
/// register tiles and the widest vectors the compiler targets.
struct fast {};

/// \brief True for the two backend tags.
template <class B>
inline constexpr bool is_backend = std::is_same_v<B, reference> || std::is_same_v<B, fast>;

}  // namespace ctnn::backend

#endif  // CTNN_BACKEND_HPP
