#define BOOST_TEST_MODULE batch
#include <boost/test/unit_test.hpp>
#include <ctnn/batch.hpp>

#include <cstddef>
#include <numeric>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

using ctnn::Tensor;

namespace {
bool says(const std::out_of_range& e, const std::string& message) {
  BOOST_TEST_MESSAGE(e.what());
  return e.what() == message;
}
}  // namespace

BOOST_AUTO_TEST_CASE(slice_copies_one_item) {
  Tensor<int, 3, 2, 2> batch;  // np.arange(12).reshape(3, 2, 2): item n holds 4n .. 4n + 3
  std::iota(batch.begin(), batch.end(), 0);
  const auto item = ctnn::slice<1>(batch);  // batch[1]
  static_assert(std::is_same_v<decltype(item), const Tensor<int, 2, 2>>);
  BOOST_TEST((item == Tensor<int, 2, 2>{4, 5, 6, 7}));
  BOOST_TEST((ctnn::slice<2>(batch) == Tensor<int, 2, 2>{8, 9, 10, 11}));
  for (std::size_t n = 0; n < 3; ++n) {
    const int first = 4 * static_cast<int>(n);
    BOOST_TEST(
        (ctnn::slice(batch, n) == Tensor<int, 2, 2>{first, first + 1, first + 2, first + 3}));
  }
  auto copy = ctnn::slice(batch, 0);
  copy(0, 0) = 100;
  BOOST_TEST(batch(0, 0, 0) == 0);  // a copy, not a view
}

BOOST_AUTO_TEST_CASE(a_run_time_index_is_checked) {
  const Tensor<double, 4, 3> batch;
  BOOST_CHECK_EXCEPTION(ctnn::slice(batch, 4), std::out_of_range, [](const auto& e) {
    return says(e, "ctnn: index 4 on axis 0 is out of range [0, 4)");
  });
  Tensor<double, 4, 3> target;
  BOOST_CHECK_EXCEPTION(
      ctnn::assign_slice(target, 7, Tensor<double, 3>::full(1.0)), std::out_of_range,
      [](const auto& e) { return says(e, "ctnn: index 7 on axis 0 is out of range [0, 4)"); });
  BOOST_TEST((target == Tensor<double, 4, 3>{}));  // nothing written
}

BOOST_AUTO_TEST_CASE(assign_slice_writes_one_item) {
  Tensor<int, 3, 2> batch;
  ctnn::assign_slice(batch, 2, Tensor<int, 2>{5, 6});
  ctnn::assign_slice(batch, 0, Tensor<int, 2>{1, 2});
  BOOST_TEST((batch == Tensor<int, 3, 2>{1, 2, 0, 0, 5, 6}));
  ctnn::assign_slice(batch, 2, Tensor<int, 2>{7, 8});  // overwrites
  BOOST_TEST((batch == Tensor<int, 3, 2>{1, 2, 0, 0, 7, 8}));
}

BOOST_AUTO_TEST_CASE(stack_builds_a_batch) {
  //! [stack]
  const Tensor<int, 2, 2> a{1, 2, 3, 4}, b{5, 6, 7, 8}, c{9, 10, 11, 12};
  const auto batch = ctnn::stack(a, b, c);  // np.stack([a, b, c]): shape (3, 2, 2)
  BOOST_TEST((batch == Tensor<int, 3, 2, 2>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  //! [stack]
  BOOST_TEST((ctnn::slice<1>(batch) == b));
  BOOST_TEST((ctnn::stack(a) == Tensor<int, 1, 2, 2>{1, 2, 3, 4}));
}

BOOST_AUTO_TEST_CASE(a_data_set_of_run_time_length_is_cut_into_batches) {
  // 10 images (1, 2, 2), image i filled with i; batches of 4: two full batches (items 0-3 and
  // 4-7), and items 8 and 9 left over (dropped here; numpy's loop would give a short batch).
  std::vector<Tensor<double, 1, 2, 2>> images;
  for (int i = 0; i < 10; ++i) images.push_back(Tensor<double, 1, 2, 2>::full(i));
  std::vector<double> first_pixels;
  //! [batches]
  constexpr std::size_t B = 4;  // the batch size is part of the type...
  for (std::size_t start = 0; start + B <= images.size(); start += B) {  // ...the count is not
    Tensor<double, B, 1, 2, 2> batch;
    for (std::size_t i = 0; i < B; ++i) ctnn::assign_slice(batch, i, images[start + i]);
    // ... conv_forward(batch, K, b, ...) ...
    for (std::size_t i = 0; i < B; ++i) first_pixels.push_back(ctnn::slice(batch, i)(0, 0, 0));
  }
  //! [batches]
  BOOST_TEST(first_pixels == (std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7}),
             boost::test_tools::per_element());
}
