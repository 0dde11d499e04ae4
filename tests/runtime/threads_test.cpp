// ctnn::fast::in_two_threads and ctnn::fast::threads: two jobs run on two threads and both
// finish before the call returns; exceptions come back to the caller; nested calls run one after
// the other; the count of a scope. (The convolutions' results on two threads are checked against
// the reference at every vector width in fast_direct_test.)
#define BOOST_TEST_MODULE threads
#include <boost/test/unit_test.hpp>
#include <ctnn/threads.hpp>

#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

BOOST_AUTO_TEST_CASE(both_jobs_run_on_two_threads_and_finish) {
  //! [in_two_threads]
  std::thread::id first_id, second_id;
  long first_sum = 0, second_sum = 0;
  ctnn::fast::in_two_threads(
      [&] {  // on the helper thread
        first_id = std::this_thread::get_id();
        for (long i = 0; i < 1000; ++i) first_sum += i;
      },
      [&] {  // on this thread, meanwhile
        second_id = std::this_thread::get_id();
        for (long i = 0; i < 100; ++i) second_sum += i;
      });
  // both done here
  //! [in_two_threads]
  BOOST_TEST(first_sum == 499500);
  BOOST_TEST(second_sum == 4950);
  BOOST_TEST((second_id == std::this_thread::get_id()));
  BOOST_TEST((first_id != std::this_thread::get_id()));
  // The helper is kept: a second call runs on the same thread.
  std::thread::id again;
  ctnn::fast::in_two_threads([&] { again = std::this_thread::get_id(); }, [] {});
  BOOST_TEST((again == first_id));
}

BOOST_AUTO_TEST_CASE(the_jobs_run_at_the_same_time) {
  // Each job waits for the other to have started (at most 10 s, so that a failure does not hang
  // the suite): both see 2 only if they overlap.
  std::atomic<int> started = 0, met = 0;
  const auto meet = [&] {
    ++started;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (started.load() < 2 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::yield();
    if (started.load() == 2) ++met;
  };
  ctnn::fast::in_two_threads(meet, meet);
  BOOST_TEST(met.load() == 2);
}

BOOST_AUTO_TEST_CASE(exceptions_come_back_to_the_caller) {
  bool second_ran = false;
  BOOST_CHECK_THROW(ctnn::fast::in_two_threads([] { throw std::runtime_error("first"); },
                                               [&] { second_ran = true; }),
                    std::runtime_error);
  BOOST_TEST(second_ran);  // the caller's job ran all the same
  try {
    ctnn::fast::in_two_threads([] { throw std::runtime_error("first"); },
                               [] { throw std::logic_error("second"); });
    BOOST_FAIL("no exception");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()) == "first");  // the helper's, when both threw
  }
  BOOST_CHECK_THROW(ctnn::fast::in_two_threads([] {}, [] { throw std::logic_error("second"); }),
                    std::logic_error);
  // The helper is still there after its job threw.
  bool first_ran = false, second_ran_again = false;  // one each: the two run at the same time
  ctnn::fast::in_two_threads([&] { first_ran = true; }, [&] { second_ran_again = true; });
  BOOST_TEST((first_ran && second_ran_again));
}

BOOST_AUTO_TEST_CASE(a_nested_call_runs_its_jobs_one_after_the_other) {
  std::thread::id inner_first, inner_second;
  ctnn::fast::in_two_threads([] {},
                             [&] {
                               ctnn::fast::in_two_threads(
                                   [&] { inner_first = std::this_thread::get_id(); },
                                   [&] { inner_second = std::this_thread::get_id(); });
                             });
  BOOST_TEST((inner_first == std::this_thread::get_id()));
  BOOST_TEST((inner_second == std::this_thread::get_id()));
  // From the helper's job: there too (a helper thread gets no helper of its own), and both run
  // when the first throws.
  std::thread::id helper, on_helper_first, on_helper_second;
  bool second_ran = false;
  std::string inner_error;
  ctnn::fast::in_two_threads(
      [&] {
        helper = std::this_thread::get_id();
        ctnn::fast::in_two_threads([&] { on_helper_first = std::this_thread::get_id(); },
                                   [&] { on_helper_second = std::this_thread::get_id(); });
        try {
          ctnn::fast::in_two_threads([] { throw std::runtime_error("inner"); },
                                     [&] { second_ran = true; });
        } catch (const std::runtime_error& e) {
          inner_error = e.what();
        }
      },
      [] {});
  BOOST_TEST((helper != std::this_thread::get_id()));
  BOOST_TEST((on_helper_first == helper));
  BOOST_TEST((on_helper_second == helper));
  BOOST_TEST(second_ran);
  BOOST_TEST(inner_error == "inner");
  // Nested, with both throwing: the first's comes back, as from two threads.
  std::string both_threw;
  ctnn::fast::in_two_threads([] {},
                             [&] {
                               try {
                                 ctnn::fast::in_two_threads(
                                     [] { throw std::runtime_error("first"); },
                                     [] { throw std::logic_error("second"); });
                               } catch (const std::exception& e) {
                                 both_threw = e.what();
                               }
                             });
  BOOST_TEST(both_threw == "first");
}

void nothing() {}

BOOST_AUTO_TEST_CASE(the_jobs_are_not_copied) {
  // A move-only job (it owns its data), const, runs in place.
  auto data = std::make_unique<int>(40);
  int first = 0, second = 0;
  const auto forty = [&, owned = std::move(data)] { first = *owned; };
  ctnn::fast::in_two_threads(forty, [&] { second = 2; });
  BOOST_TEST(first + second == 42);
  // and a plain function
  ctnn::fast::in_two_threads(nothing, nothing);
}

BOOST_AUTO_TEST_CASE(a_scope_sets_the_count_of_its_thread_only) {
  BOOST_TEST(ctnn::fast::threads::count() == 1u);
  const ctnn::fast::threads two(2);
  BOOST_TEST(ctnn::fast::threads::count() == 2u);
  std::size_t on_the_helper = 0;
  ctnn::fast::in_two_threads([&] { on_the_helper = ctnn::fast::threads::count(); }, [] {});
  BOOST_TEST(on_the_helper == 1u);  // thread_local: another thread's scope is its own
}
