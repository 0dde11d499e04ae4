/// \file
/// \brief `ctnn::fast::threads`: two threads for the fast convolutions, when asked for.
#ifndef CTNN_THREADS_HPP
#define CTNN_THREADS_HPP

#include <atomic>
#include <chrono>
#include <cstddef>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <type_traits>

namespace ctnn::fast {

/// \brief While an object of this type lives, the fast convolutions that the thread which made
/// it calls (`ctnn::fast::conv_forward`, `conv_backward`, `nn::conv2d` with `backend::fast`) split
/// their batch between that thread and one helper thread: images 0 to N/2 - 1 on the helper, the
/// rest on the caller. Nothing else changes: the results are those of one thread, except that
/// dK is the sum of two halves' sums (the last bits may differ).
///
/// Only the convolutions computed directly (stride 1 along the rows; up to 64 output channels for
/// the forward pass and the kernel gradient, up to 64 input channels for the input gradient
/// when it takes the gather form), with a batch of at least 2 images; the products stay on one
/// thread. The helper
/// thread starts with the first convolution that uses it and ends with the calling thread.
/// Scopes nest; the innermost decides.
/// \snippet tests/runtime/fast_direct_test.cpp threads
class threads {
 public:
  /// \brief Asks for `count` threads, 1 or 2 (a machine with two cores gains nothing from more).
  /// \param count 1 (the default of every thread) or 2.
  /// \throws std::invalid_argument for any other count.
  explicit threads(std::size_t count) : previous_(current()) {
    if (count != 1 && count != 2)
      throw std::invalid_argument("ctnn::fast::threads: 1 or 2 threads, not " +
                                  std::to_string(count));
    current() = count;
  }
  /// \brief Gives back the count that held before.
  ~threads() { current() = previous_; }
  threads(const threads&) = delete;
  threads& operator=(const threads&) = delete;

  /// \brief The count the calling thread's fast convolutions use now: 1 unless a `threads`
  /// object of this thread asked for 2.
  static std::size_t count() { return current(); }

 private:
  static std::size_t& current() {
    thread_local std::size_t n = 1;
    return n;
  }
  std::size_t previous_;
};

}  // namespace ctnn::fast

namespace ctnn::detail {

// One helper thread per calling thread, kept between calls (starting a thread per call would
// cost as much as a small layer). It waits spinning for a while, then sleeping, and runs one job
// at a time; the caller spins until the job is done, as the two halves take about as long.
class helper_thread {
 public:
  // Runs `job` on the calling thread's helper while the caller runs `mine` (both callable
  // objects, not const), and returns when both are done; an exception of either is thrown here
  // (the helper's first). Neither is copied: both live until then. Called from inside a job (from `mine`, whose helper is busy,
  // or on a helper thread, which gets no helper of its own), or where the system would not
  // start a thread, both run here, one after the other.
  template <class Job, class Mine>
  static void both(Job& job, Mine& mine) {
    if (helper_thread* helper = on_a_helper() ? nullptr : instance())
      helper->run(job, mine);
    else
      one_after_the_other(job, mine);
  }

  helper_thread(const helper_thread&) = delete;
  helper_thread& operator=(const helper_thread&) = delete;
  ~helper_thread() {
    state_.store(stopping, std::memory_order_release);
    state_.notify_one();
    thread_.join();
  }

 private:
  // Not in the template above: each of its instances would have a helper of its own.
  static helper_thread* instance() {
    try {
      thread_local helper_thread h;
      return &h;
    } catch (const std::system_error&) {  // no thread to be had: tried again at the next call
      return nullptr;
    }
  }
  template <class Job, class Mine>
  static void one_after_the_other(Job& job, Mine& mine) {
    std::exception_ptr job_error;
    try {
      job();
    } catch (...) {
      job_error = std::current_exception();
    }
    try {
      mine();
    } catch (...) {
      if (job_error) std::rethrow_exception(job_error);  // the job's, if both threw
      throw;
    }
    if (job_error) std::rethrow_exception(job_error);
  }
  template <class Job, class Mine>
  void run(Job& job, Mine& mine) {
    if (running_) {
      one_after_the_other(job, mine);
      return;
    }
    running_ = true;
    struct done {
      bool& running;
      ~done() { running = false; }
    } guard{running_};
    job_ = std::addressof(job);
    call_ = [](void* j) { (*static_cast<Job*>(j))(); };
    error_ = nullptr;
    state_.store(posted, std::memory_order_release);
    state_.notify_one();
    std::exception_ptr mine_error;
    try {
      mine();
    } catch (...) {
      mine_error = std::current_exception();
    }
    // Spin while the helper works, yielding now and then: with more threads than cores (a test
    // runner's other jobs), the helper may be waiting for this core.
    for (unsigned spin = 1; state_.load(std::memory_order_acquire) != idle; ++spin)
      if (spin % 4096 == 0)
        std::this_thread::yield();
      else
        pause();
    if (error_) std::rethrow_exception(error_);
    if (mine_error) std::rethrow_exception(mine_error);
  }

  enum : int { idle, posted, stopping };
  helper_thread() : thread_([this] { loop(); }) {}
  // Between two convolutions of a training step there are microseconds to a millisecond of other
  // work: the helper spins that long before it sleeps, since waking a sleeping thread takes
  // longer than half of layer i's forward pass.
  void loop() {
    on_a_helper() = true;
    for (;;) {
      int s = state_.load(std::memory_order_acquire);
      const auto start = std::chrono::steady_clock::now();
      for (unsigned spin = 1; s == idle; ++spin) {
        pause();
        s = state_.load(std::memory_order_acquire);
        if (spin % 1024 == 0 && std::chrono::steady_clock::now() - start > spin_time) break;
      }
      if (s == idle) {
        state_.wait(idle, std::memory_order_acquire);
        continue;
      }
      if (s == stopping) return;
      try {
        call_(job_);
      } catch (...) {
        error_ = std::current_exception();
      }
      int done = posted;  // idle again, unless the destructor has asked it to stop meanwhile
      state_.compare_exchange_strong(done, idle, std::memory_order_acq_rel);
    }
  }
  static bool& on_a_helper() {
    thread_local bool helper = false;
    return helper;
  }
  static void pause() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();  // tells the core this is a spin: less power, the sibling runs
#endif
  }
  static constexpr std::chrono::milliseconds spin_time{5};
  void* job_ = nullptr;  // the job posted, called as call_(job_)
  void (*call_)(void*) = nullptr;
  bool running_ = false;  // read and written by the calling thread only
  std::exception_ptr error_;
  std::atomic<int> state_{idle};
  std::thread thread_;
};

// Calls f(first image, images) for the images [0, N): as two halves when fast::threads asked
// for 2 and N >= 2 (on two threads, or one after the other when called from inside a job of
// helper_thread), else once. Both arguments are std::integral_constant, so
// that f can pass them on as template arguments.
template <std::size_t N, class F>
void split_batch(F&& f) {
  using all = std::integral_constant<std::size_t, N>;
  using zero = std::integral_constant<std::size_t, 0>;
  if constexpr (N >= 2) {
    if (fast::threads::count() == 2) {
      using half = std::integral_constant<std::size_t, N / 2>;
      using rest = std::integral_constant<std::size_t, N - N / 2>;
      auto first = [&] { f(zero{}, half{}); };
      auto second = [&] { f(half{}, rest{}); };
      helper_thread::both(first, second);
      return;
    }
  }
  f(zero{}, all{});
}

}  // namespace ctnn::detail

namespace ctnn::fast {

/// \brief Runs `first` on the calling thread's helper thread (the one `ctnn::fast::threads`
/// uses) while the calling thread runs `second`, and returns when both are done: for work a
/// training loop splits in two itself, such as tutorial 12's two replicas of a network, each on
/// half of every batch. The helper waits for the next job spinning for a few milliseconds before
/// it sleeps: waking a sleeping thread for every step cost tutorial 12 a fifth of its speed.
///
/// An exception thrown by either is thrown here, `first`'s if both threw (both always run).
/// Neither is copied (a move-only callable will do). Called again from inside `first` or `second`, the
/// two run one after the other on the thread that called (the helper is busy); so do the
/// convolutions that `first` or `second` runs under `ctnn::fast::threads two(2)`.
/// \param first what the helper thread runs.
/// \param second what the calling thread runs meanwhile.
/// \snippet tests/runtime/threads_test.cpp in_two_threads
template <class First, class Second>
void in_two_threads(First&& first, Second&& second) {
  // called through lambdas of one kind: functions, const and move-only objects alike
  auto run_first = [&first] { first(); };
  auto run_second = [&second] { second(); };
  detail::helper_thread::both(run_first, run_second);
}

}  // namespace ctnn::fast

#endif  // CTNN_THREADS_HPP
