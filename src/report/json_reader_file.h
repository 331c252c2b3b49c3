// Internal to report/json_reader*: a FILE read through a buffer as the input iterator the JSON lexer pulls from.
#pragma once

#include <cstddef>
#include <cstdio>
#include <iterator>

namespace ab::report::json_in {

// Reads a file through a 64 KiB buffer as a plain input iterator: the JSON lexer pulls ~90 MB one character at
// a time from a 10 000-test report, and std::istreambuf_iterator's per-character end check cost ~15 % of the
// time to regenerate the reports.
class BufferedFile {
 public:
  explicit BufferedFile(std::FILE* file) : file_(file) {}
  /// The next character, or EOF.
  int Peek() {
    if (pos_ == len_ && !Fill()) return EOF;
    return static_cast<unsigned char>(buf_[pos_]);
  }
  void Advance() { ++pos_; }

  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = char;
    Iterator() = default;
    explicit Iterator(BufferedFile* f) : f_(f) {}
    char operator*() const { return static_cast<char>(f_->Peek()); }
    Iterator& operator++() {
      f_->Advance();
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      f_->Advance();
      return before;
    }
    // Only "at the end or not" matters to the lexer: an iterator equals the end one when its file is exhausted.
    bool operator==(const Iterator& o) const { return AtEnd() == o.AtEnd(); }
    bool operator!=(const Iterator& o) const { return !(*this == o); }

   private:
    bool AtEnd() const { return f_ == nullptr || f_->Peek() == EOF; }
    BufferedFile* f_ = nullptr;
  };

 private:
  bool Fill() {
    len_ = std::fread(buf_, 1, sizeof buf_, file_);
    pos_ = 0;
    return len_ > 0;
  }
  std::FILE* file_;
  char buf_[64 * 1024];
  size_t pos_ = 0, len_ = 0;
};

}  // namespace ab::report::json_in
