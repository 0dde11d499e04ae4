/// \file
/// \brief `ctnn::nn::text`: a short string built at compile time, for the names of layer kinds
/// (`conv2d<6, 5, 5, padding<2, 2>>`) in the summary table.
#ifndef CTNN_NN_TEXT_HPP
#define CTNN_NN_TEXT_HPP

#include <array>
#include <cstddef>
#include <string_view>

namespace ctnn::nn {

/// \brief Up to 63 characters, built in constant expressions (what does not fit is cut).
class text {
 public:
  /// \brief Empty text.
  constexpr text() = default;
  /// \brief The characters of s.
  /// \param s what to hold.
  constexpr text(std::string_view s) { append(s); }  // NOLINT: implicit from a literal on purpose

  /// \brief Appends s.
  /// \param s what to add.
  /// \return this text.
  constexpr text& append(std::string_view s) {
    for (char c : s)
      if (size_ + 1 < chars_.size()) chars_[size_++] = c;
    return *this;
  }
  /// \brief Appends the decimal digits of n.
  /// \param n the number to write.
  /// \return this text.
  constexpr text& append(std::size_t n) {
    std::array<char, 20> digits{};
    std::size_t count = 0;
    do {
      digits[count++] = static_cast<char>('0' + n % 10);
      n /= 10;
    } while (n != 0);
    while (count != 0) append(std::string_view(&digits[--count], 1));
    return *this;
  }
  /// \brief Appends the numbers `a, b` (a comma and a space between).
  /// \param a the first number.
  /// \param b the second number.
  /// \return this text.
  constexpr text& append_pair(std::size_t a, std::size_t b) {
    return append(a).append(", ").append(b);
  }
  /// \brief The characters held.
  /// \return a view of them.
  constexpr std::string_view view() const { return {chars_.data(), size_}; }

 private:
  std::array<char, 64> chars_{};
  std::size_t size_ = 0;
};

}  // namespace ctnn::nn

#endif  // CTNN_NN_TEXT_HPP
