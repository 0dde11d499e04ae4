// Every allocation of the program, counted: include this in exactly one file of a test program
// (it replaces the global operator new and delete), then compare `ctnn_test::allocations` before
// and after what must not allocate; or reset `ctnn_test::largest_allocation` and read it after
// what must not allocate much (a file announcing a huge tensor must be refused first).
#ifndef CTNN_TEST_COUNT_ALLOCATIONS_HPP
#define CTNN_TEST_COUNT_ALLOCATIONS_HPP

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace ctnn_test {
inline std::atomic<std::size_t> allocations{0};
inline std::atomic<std::size_t> largest_allocation{0};
inline void count(std::size_t size) {
  ++allocations;
  for (std::size_t seen = largest_allocation; size > seen;)
    if (largest_allocation.compare_exchange_weak(seen, size)) break;
}
}  // namespace ctnn_test

void* operator new(std::size_t size) {
  ctnn_test::count(size);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc{};
}
void* operator new(std::size_t size, std::align_val_t align) {
  ctnn_test::count(size);
  const std::size_t a = static_cast<std::size_t>(align);
  if (void* p = std::aligned_alloc(a, (size + a - 1) / a * a)) return p;
  throw std::bad_alloc{};
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

#endif  // CTNN_TEST_COUNT_ALLOCATIONS_HPP
