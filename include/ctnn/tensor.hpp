/// \file
/// \brief `ctnn::Tensor<T, Dims...>`: an owning, row-major array whose shape is part of its type.
#ifndef CTNN_TENSOR_HPP
#define CTNN_TENSOR_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "ctnn/rules.hpp"
#include "ctnn/shape.hpp"

/// \brief Bounds-checks element access when 1 (the default unless `NDEBUG` is defined).
///
/// A failed check throws `std::out_of_range` naming the axis, the index and the extent; in a
/// constant expression it is a compile error.
#ifndef CTNN_CHECK_BOUNDS
#ifdef NDEBUG
#define CTNN_CHECK_BOUNDS 0
#else
#define CTNN_CHECK_BOUNDS 1
#endif
#endif

namespace ctnn {

namespace detail {
[[noreturn]] inline void index_out_of_range(std::size_t axis, std::size_t index,
                                            std::size_t extent) {
  throw std::out_of_range("ctnn: index " + std::to_string(index) + " on axis " +
                          std::to_string(axis) + " is out of range [0, " + std::to_string(extent) +
                          ")");
}
}  // namespace detail

/// \brief An owning N-dimensional array of `T` whose extents are template parameters.
///
/// Row-major (the last axis is contiguous, as numpy's default C order), 64-byte aligned storage on
/// the heap (a 3x3x28x28 double tensor is 56 KiB: too big for the stack), value semantics: a copy
/// is deep, a move steals the buffer. A new tensor is all zeros.
///
/// Because the shape is the type, the compiler refuses what numpy would broadcast or discover
/// at run time: `a + b` on tensors of different shapes, `t(i, j)` on a rank-4 tensor, a zero
/// extent. Every member is `constexpr`, so small computations run inside `static_assert`.
///
/// Shapes: `Tensor<double, 3, 3, 28, 28>` is z (N, C, H, W) of the original experiment.
/// \snippet tests/static/tensor_static.cpp tensor
/// \tparam T an arithmetic element type.
/// \tparam Dims the extents, outermost first; each at least 1.
template <class T, std::size_t... Dims>
class Tensor {
  // sizeof needs the complete check, so its static_asserts fire as soon as this type is used.
  static_assert(sizeof(check::tensor<T, Dims...>) > 0);

 public:
  /// The element type.
  using value_type = T;
  /// The shape as a type: `shape<Dims...>`.
  using shape_type = ctnn::shape<Dims...>;
  /// Number of axes.
  static constexpr std::size_t rank = sizeof...(Dims);
  /// Number of elements: the product of the extents.
  static constexpr std::size_t size = (std::size_t{1} * ... * Dims);
  /// The extents, outermost first.
  static constexpr std::array<std::size_t, rank> extents{Dims...};
  /// The shape as a value, printable with fmt: `(3, 3, 28, 28)`.
  static constexpr shape_type shape{};
  /// Distance in elements between neighbours along each axis (row-major): the last is 1.
  static constexpr std::array<std::size_t, rank> memory_strides = [] {
    std::array<std::size_t, rank> s{};
    std::size_t step = 1;
    for (std::size_t axis = rank; axis-- > 0;) {
      s[axis] = step;
      step *= extents[axis];
    }
    return s;
  }();
  /// Alignment of the storage in bytes (a cache line, and an AVX-512 vector).
  static constexpr std::size_t alignment = 64;

  /// \brief A tensor of zeros.
  constexpr Tensor() : data_(allocate()) {}

  /// \brief A tensor holding `values` in row-major order: `Tensor<double, 2, 2> t{1, 2, 3, 4};`.
  ///
  /// The number of values must equal `size`, and no value may narrow into `T` (`0.5` into an
  /// `int` tensor, a `double` into a `float` one: write `0.5f`), both checked at compile time.
  template <class... Vs>
  requires(sizeof...(Vs) > 0 &&
           (std::is_arithmetic_v<Vs> && ...)) constexpr explicit Tensor(Vs... values)
      : data_(allocate()) {
    if constexpr (check::value_count<size, sizeof...(Vs)>() && (check::scalar<Vs, T>() && ...)) {
      std::size_t i = 0;
      ((data_[i++] = static_cast<T>(values)), ...);
    }
  }

  /// \brief A tensor with every element equal to `value` (numpy's `np.full`); the value may not
  /// narrow into `T`.
  template <class S>
  requires std::is_arithmetic_v<S>
  static constexpr Tensor full(S value) {
    Tensor t;
    if constexpr (check::scalar<S, T>())
      for (T& x : t) x = static_cast<T>(value);
    return t;
  }

  /// \brief Deep copy.
  constexpr Tensor(const Tensor& other) : data_(allocate()) {
    for (std::size_t i = 0; i < size; ++i) data_[i] = other.data_[i];
  }

  /// \brief Steals the buffer; `other` is left empty (only assigning to it or destroying it is
  /// allowed).
  constexpr Tensor(Tensor&& other) noexcept : data_(std::exchange(other.data_, nullptr)) {}

  /// \brief Refuses a tensor of another shape or element type, with the rule's message.
  ///
  /// This is what stops the original's dK formula with padding: its result has shape
  /// (C, D, k1 - 2p, k2 - 2p), and initialising a (C, D, k1, k2) tensor from it does not compile.
  template <class U, std::size_t... Other>
  constexpr Tensor(const Tensor<U, Other...>& other) : data_(allocate()) {
    if constexpr (check::initialise<Tensor, Tensor<U, Other...>>()) *this = other;
  }

  /// \brief Deep copy assignment.
  constexpr Tensor& operator=(const Tensor& other) {
    if (this != &other) {
      if (data_ == nullptr) data_ = allocate();
      for (std::size_t i = 0; i < size; ++i) data_[i] = other.data_[i];
    }
    return *this;
  }

  /// \brief Move assignment: swaps buffers.
  constexpr Tensor& operator=(Tensor&& other) noexcept {
    std::swap(data_, other.data_);
    return *this;
  }

  constexpr ~Tensor() { deallocate(data_); }

  /// \brief Element `t(i, j, ...)`, one index per axis (checked at compile time); bounds-checked
  /// when `CTNN_CHECK_BOUNDS` is 1.
  /// \param indices one integer per axis, outermost first.
  template <class... Is>
  constexpr T& operator()(Is... indices) {
    return data_[offset(indices...)];
  }
  /// \brief Element `t(i, j, ...)` of a const tensor, checked as the other overload.
  template <class... Is>
  constexpr const T& operator()(Is... indices) const {
    return data_[offset(indices...)];
  }

  /// \brief Pointer to the first element; the elements follow in row-major order.
  constexpr T* data() noexcept { return data_; }
  /// \copydoc data()
  constexpr const T* data() const noexcept { return data_; }
  /// \brief Iterator to the first element (row-major).
  constexpr T* begin() noexcept { return data_; }
  /// \copydoc begin()
  constexpr const T* begin() const noexcept { return data_; }
  /// \brief Iterator past the last element.
  constexpr T* end() noexcept { return data_ + size; }
  /// \copydoc end()
  constexpr const T* end() const noexcept { return data_ + size; }

  /// \brief Adds `other` element by element; the shapes must match (no broadcasting).
  template <class U, std::size_t... Other>
  constexpr Tensor& operator+=(const Tensor<U, Other...>& other) {
    if constexpr (check::same_tensor_type<Tensor, Tensor<U, Other...>>())
      for (std::size_t i = 0; i < size; ++i) data_[i] += other.data()[i];
    return *this;
  }
  /// \brief Subtracts `other` element by element; the shapes must match (no broadcasting).
  template <class U, std::size_t... Other>
  constexpr Tensor& operator-=(const Tensor<U, Other...>& other) {
    if constexpr (check::same_tensor_type<Tensor, Tensor<U, Other...>>())
      for (std::size_t i = 0; i < size; ++i) data_[i] -= other.data()[i];
    return *this;
  }
  /// \brief Multiplies element by element (numpy's `a *= b`); the shapes must match.
  template <class U, std::size_t... Other>
  constexpr Tensor& operator*=(const Tensor<U, Other...>& other) {
    if constexpr (check::same_tensor_type<Tensor, Tensor<U, Other...>>())
      for (std::size_t i = 0; i < size; ++i) data_[i] *= other.data()[i];
    return *this;
  }
  /// \brief Divides element by element (numpy's `a /= b`); the shapes must match.
  template <class U, std::size_t... Other>
  constexpr Tensor& operator/=(const Tensor<U, Other...>& other) {
    if constexpr (check::same_tensor_type<Tensor, Tensor<U, Other...>>())
      for (std::size_t i = 0; i < size; ++i) data_[i] /= other.data()[i];
    return *this;
  }
  /// \brief Multiplies every element by `factor`, which may not narrow into `T`.
  template <class S>
  requires std::is_arithmetic_v<S>
  constexpr Tensor& operator*=(S factor) {
    if constexpr (check::scalar<S, T>())
      for (T& x : *this) x *= static_cast<T>(factor);
    return *this;
  }
  /// \brief Divides every element by `divisor`, which may not narrow into `T`.
  template <class S>
  requires std::is_arithmetic_v<S>
  constexpr Tensor& operator/=(S divisor) {
    if constexpr (check::scalar<S, T>())
      for (T& x : *this) x /= static_cast<T>(divisor);
    return *this;
  }

  /// \brief The sum of `a` and `b`, element by element; the shapes must match.
  template <class U, std::size_t... Other>
  friend constexpr Tensor operator+(Tensor a, const Tensor<U, Other...>& b) {
    a += b;
    return a;
  }
  /// \brief The difference of `a` and `b`, element by element; the shapes must match.
  template <class U, std::size_t... Other>
  friend constexpr Tensor operator-(Tensor a, const Tensor<U, Other...>& b) {
    a -= b;
    return a;
  }
  /// \brief The product of `a` and `b`, element by element (numpy's `a * b`, not a matrix
  /// product); the shapes must match.
  template <class U, std::size_t... Other>
  friend constexpr Tensor operator*(Tensor a, const Tensor<U, Other...>& b) {
    a *= b;
    return a;
  }
  /// \brief The quotient of `a` and `b`, element by element; the shapes must match.
  template <class U, std::size_t... Other>
  friend constexpr Tensor operator/(Tensor a, const Tensor<U, Other...>& b) {
    a /= b;
    return a;
  }
  /// \brief Every element of `a` negated: `-a`.
  friend constexpr Tensor operator-(Tensor a) {
    for (T& x : a) x = -x;
    return a;
  }
  /// \brief Every element of `a` times `factor` (which may not narrow into `T`).
  template <class S>
  requires std::is_arithmetic_v<S>
  friend constexpr Tensor operator*(Tensor a, S factor) {
    a *= factor;
    return a;
  }
  /// \brief `factor` times every element of `a`: `0.001 * dK` (the factor may not narrow into
  /// `T`: `0.5 * Tensor<int, ...>` does not compile).
  template <class S>
  requires std::is_arithmetic_v<S>
  friend constexpr Tensor operator*(S factor, Tensor a) {
    a *= factor;
    return a;
  }
  /// \brief Every element of `a` divided by `divisor` (which may not narrow into `T`).
  template <class S>
  requires std::is_arithmetic_v<S>
  friend constexpr Tensor operator/(Tensor a, S divisor) {
    a /= divisor;
    return a;
  }
  /// \brief True when every element is equal; the shapes must match.
  template <class U, std::size_t... Other>
  friend constexpr bool operator==(const Tensor& a, const Tensor<U, Other...>& b) {
    if constexpr (check::same_tensor_type<Tensor, Tensor<U, Other...>>()) {
      for (std::size_t i = 0; i < size; ++i)
        if (a.data_[i] != b.data()[i]) return false;
      return true;
    } else {
      return false;
    }
  }

 private:
  // Row-major offset by Horner's rule, ((i0 E1 + i1) E2 + i2) E3 + i3, one axis after another.
  // Written as a chain of scalar operations on purpose: as a loop over an array of indices, GCC
  // tuned for Intel's AVX-512 cores turned it into vector code whose results went back to scalar
  // registers on every access, and the reference convolution ran 3 to 4 times slower with
  // -march=skylake-avx512 than without (measured on (8, 16, 32, 32) x (16, 32, 3, 3)).
  template <class... Is>
  static constexpr std::size_t offset(Is... indices) {
    if constexpr (check::element_access<rank, sizeof...(Is)>()) {
      std::size_t at = 0, axis = 0;
      ((at = at * extents[axis] + checked_index(axis, static_cast<std::size_t>(indices)), ++axis),
       ...);
      return at;
    } else {
      return 0;
    }
  }
  static constexpr std::size_t checked_index(std::size_t axis, std::size_t index) {
    if constexpr (CTNN_CHECK_BOUNDS)
      if (index >= extents[axis]) detail::index_out_of_range(axis, index, extents[axis]);
    return index;
  }

  // Constant evaluation cannot align storage, so there it comes from std::allocator (C++20
  // constexpr allocation); at run time it is 64-byte aligned. A buffer allocated during constant
  // evaluation is also freed there, so the two never meet.
  //
  // At run time the alignment is made here, in a block 64 bytes larger from the plain operator
  // new, whose address is kept just before the storage: glibc gives every large aligned block
  // (aligned operator new, aligned_alloc) fresh pages from the system, so each large tensor
  // returned by value took its page faults again (layer ii's 26 MB output, about 6,300 faults:
  // most of its forward pass on a virtual machine), where a plain block reuses freed memory.
  static constexpr T* allocate() {
    T* p;
    if (std::is_constant_evaluated()) {
      p = std::allocator<T>{}.allocate(size);
    } else {
      static_assert((alignment & (alignment - 1)) == 0 && alignment % alignof(T) == 0);
      static_assert(__STDCPP_DEFAULT_NEW_ALIGNMENT__ >= sizeof(void*), "room for the address");
      static_assert(size <= (SIZE_MAX - alignment) / sizeof(T), "a tensor too large to allocate");
      void* block = ::operator new(size * sizeof(T) + alignment);
      // the first 64-byte boundary past the block's start: at least
      // __STDCPP_DEFAULT_NEW_ALIGNMENT__ bytes past it, room for the block's address
      std::byte* const start = static_cast<std::byte*>(block);
      std::byte* const storage =
          start + (alignment - reinterpret_cast<std::uintptr_t>(start) % alignment);
      std::memcpy(storage - sizeof(void*), &block, sizeof(void*));
      p = reinterpret_cast<T*>(storage);
    }
    for (std::size_t i = 0; i < size; ++i) std::construct_at(p + i, T{});
    return p;
  }
  static constexpr void deallocate(T* p) {
    if (p == nullptr) return;
    if (std::is_constant_evaluated()) {
      std::allocator<T>{}.deallocate(p, size);
      return;
    }
    void* block;
    std::memcpy(&block, reinterpret_cast<std::byte*>(p) - sizeof(void*), sizeof(void*));
    ::operator delete(block);
  }

  T* data_;
};

/// \brief True for any `ctnn::Tensor<T, Dims...>`.
template <class X>
inline constexpr bool is_tensor = false;
/// \copydoc is_tensor
template <class T, std::size_t... Dims>
inline constexpr bool is_tensor<Tensor<T, Dims...>> = true;

}  // namespace ctnn

#endif  // CTNN_TENSOR_HPP
