// The numpy idioms of the series beside their ctnn spelling: each snippet here is shown on the
// docs page "From numpy to ctnn" (docs/from_numpy.md), and each one's result is asserted, with
// the numbers worked out by hand in the comments.
#define BOOST_TEST_MODULE from_numpy
#include <boost/test/unit_test.hpp>
#include <ctnn/ctnn.hpp>

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

using ctnn::Tensor;

BOOST_AUTO_TEST_CASE(creating) {
  //! [create]
  ctnn::numpy::RandomState rng{0};                    // np.random.seed(0)
  auto z = rng.randn<double, 3, 3, 28, 28>();         // np.random.randn(3, 3, 28, 28)
  auto K = 1e-3 * rng.randn<double, 3, 4, 3, 3>();    // 1e-3 * np.random.randn(3, 4, 3, 3)
  auto b = ctnn::zeros<double, 4>();                  // np.zeros(4)
  auto t = Tensor<double, 3, 4, 26, 26>::full(1.0);   // np.full((3, 4, 26, 26), 1.0)
  auto o = ctnn::ones<float, 2, 3>();                 // np.ones((2, 3), dtype=np.float32)
  auto u = ctnn::uniform<double, 2, 2>(rng, -1, 1);   // np.random.uniform(-1, 1, (2, 2))
  const Tensor<double, 2, 2> m{1, 2, 3, 4};           // np.array([[1, 2], [3, 4]])
  fmt::print("{} {} {}\n", z.shape, z.rank, z.size);  // z.shape, z.ndim, z.size
  //! [create]
  BOOST_TEST(K.size == 108u);
  BOOST_TEST(ctnn::sum(b) == 0.0);
  BOOST_TEST(ctnn::sum(t) == 3.0 * 4 * 26 * 26);
  BOOST_TEST(ctnn::sum(o) == 6.0f);
  BOOST_TEST(ctnn::min(u) >= -1.0);
  BOOST_TEST(ctnn::max(u) < 1.0);
  BOOST_TEST(m(1, 0) == 3.0);
}

BOOST_AUTO_TEST_CASE(arithmetic) {
  //! [arithmetic]
  const Tensor<double, 2, 2> a{1, 2, 3, 4}, c{2, 2, 2, 2};
  const auto product = a * c;                  // a * c, element by element: 2 4 6 8
  const auto quotient = a / 2;                 // a / 2: 0.5 1 1.5 2
  const auto negated = -a;                     // -a
  const auto relu = ctnn::maximum(-a + c, 0);  // np.maximum(-a + c, 0): 1 0 0 0
  const auto root = ctnn::sqrt(a * a);         // np.sqrt(a * a): a again
  const double total = ctnn::sum(a);           // np.sum(a): 10
  const auto columns = ctnn::sum<0>(a);        // np.sum(a, axis=0): 4 6
  const double inner = ctnn::dot(a, c);        // np.sum(a * c): 20
  //! [arithmetic]
  BOOST_TEST((product == Tensor<double, 2, 2>{2, 4, 6, 8}));
  BOOST_TEST((quotient == Tensor<double, 2, 2>{0.5, 1, 1.5, 2}));
  BOOST_TEST((negated == Tensor<double, 2, 2>{-1, -2, -3, -4}));
  BOOST_TEST((relu == Tensor<double, 2, 2>{1, 0, 0, 0}));
  BOOST_TEST((root == a));
  BOOST_TEST(total == 10.0);
  BOOST_TEST((columns == Tensor<double, 2>{4, 6}));
  BOOST_TEST(inner == 20.0);
  BOOST_TEST(ctnn::allclose(ctnn::log(ctnn::exp(a)), a));  // tolerances: numpy's 1e-5, 1e-8
}

BOOST_AUTO_TEST_CASE(shapes_and_batches) {
  //! [shapes]
  ctnn::numpy::RandomState rng{1};
  const auto batch = rng.randn<double, 4, 3, 8, 8>();  // (N, C, H, W)
  const auto image = ctnn::slice<2>(batch);            // batch[2]: (3, 8, 8)
  const auto flat = ctnn::reshape<4, 192>(batch);      // batch.reshape(4, 192)
  const auto pair = ctnn::stack(image, image);         // np.stack([image, image])
  const auto K_torch = ctnn::swap_axes<0, 1>(rng.randn<double, 3, 4, 3, 3>());  // K.swapaxes(0, 1)
  const auto padded =
      ctnn::pad(batch, ctnn::padding<1, 1>);  // np.pad(batch, ((0,0),(0,0),(1,1),(1,1)))
  //! [shapes]
  static_assert(std::is_same_v<decltype(image), const Tensor<double, 3, 8, 8>>);
  static_assert(std::is_same_v<decltype(flat), const Tensor<double, 4, 192>>);
  static_assert(std::is_same_v<decltype(pair), const Tensor<double, 2, 3, 8, 8>>);
  static_assert(std::is_same_v<decltype(K_torch), const Tensor<double, 4, 3, 3, 3>>);
  static_assert(std::is_same_v<decltype(padded), const Tensor<double, 4, 3, 10, 10>>);
  BOOST_TEST(image(1, 2, 3) == batch(2, 1, 2, 3));
  BOOST_TEST(flat(3, 191) == batch(3, 2, 7, 7));  // the last element stays last
  BOOST_TEST(padded(0, 0, 0, 0) == 0.0);
  BOOST_TEST(padded(0, 0, 1, 1) == batch(0, 0, 0, 0));
  BOOST_TEST((ctnn::slice(pair, 1) == image));  // a run-time index, checked at run time
}

BOOST_AUTO_TEST_CASE(sizes_known_only_at_run_time) {
  ctnn::numpy::RandomState rng{2};
  std::vector<Tensor<double, 1, 6, 6>> images;  // a data set whose length is learnt at run time
  for (int i = 0; i < 10; ++i) images.push_back(rng.randn<double, 1, 6, 6>());
  const auto K = rng.randn<double, 1, 2, 3, 3>();
  const Tensor<double, 2> b{0.5, -0.5};
  //! [remainder]
  constexpr std::size_t B = 4;                   // the batch size is part of a type...
  std::vector<Tensor<double, 2, 4, 4>> outputs;  // one (D, H', W') output per image
  std::size_t n = 0;
  for (; n + B <= images.size(); n += B) {  // ...the number of batches is not
    Tensor<double, B, 1, 6, 6> batch;
    for (std::size_t i = 0; i < B; ++i) ctnn::assign_slice(batch, i, images[n + i]);
    const auto y = ctnn::conv_forward(batch, K, b);  // (B, 2, 4, 4)
    for (std::size_t i = 0; i < B; ++i) outputs.push_back(ctnn::slice(y, i));
  }
  for (; n < images.size(); ++n) {  // the rest, one image at a time: a batch of one
    const auto y = ctnn::conv_forward(ctnn::stack(images[n]), K, b);  // (1, 2, 4, 4)
    outputs.push_back(ctnn::slice<0>(y));
  }
  //! [remainder]
  BOOST_TEST(outputs.size() == 10u);               // 2 batches of 4, then 2 alone
  for (std::size_t i = 0; i < images.size(); ++i)  // batched or alone, the same numbers
    BOOST_TEST((outputs[i] == ctnn::slice<0>(ctnn::conv_forward(ctnn::stack(images[i]), K, b))));

  const std::filesystem::path folder = CTNN_TEST_OUTPUT_DIR;
  std::filesystem::create_directories(folder);
  const std::string path = (folder / "image_12x10.npy").string();
  ctnn::io::save_npy(path, Tensor<float, 12, 10>{});
  //! [another_size]
  // The program is compiled for 28x28 images; a file may hold another size. Ask the file first,
  // and say what is wrong, rather than fail inside load_npy.
  const auto info = ctnn::io::read_npy_info(path);
  const auto load_28x28 = [&] {
    if (info.shape != std::vector<std::size_t>{28, 28})
      throw std::runtime_error(path + ": the image is " + std::to_string(info.shape.at(0)) + "x" +
                               std::to_string(info.shape.at(1)) +
                               ", and this program was compiled for 28x28");
    return ctnn::io::load_npy<float, 28, 28>(path);
  };
  //! [another_size]
  BOOST_CHECK_EXCEPTION(load_28x28(), std::runtime_error, [](const std::runtime_error& e) {
    return std::string(e.what()).find(
               "the image is 12x10, and this program was compiled for "
               "28x28") != std::string::npos;
  });
}
