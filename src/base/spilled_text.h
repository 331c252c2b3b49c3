// Texts parked in a temporary file instead of memory. A run keeps every test's converted JSON until the reports
// are written; for 10 000 tests that is ~45 MB of text that is read once at the end, so it waits on disk (in the
// page cache, usually) rather than on the heap. The file is unlinked at creation, so nothing is left behind even
// on kill -9, and it is closed when the last text referring to it goes away.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ab {

class TextSpill;

/// A text, held on disk when a temporary file could be made, in memory otherwise. Copies share the stored text.
/// Thread-safe: texts may be made and read from any thread.
class SpilledText {
 public:
  SpilledText() = default;
  /// Stores |text| (in the process's current spill file).
  static SpilledText Keep(std::string_view text);

  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  /// The text as stored. A read failure (the temporary file's disk vanished) gives an empty string.
  std::string str() const;
  void clear() { *this = SpilledText(); }

 private:
  std::shared_ptr<TextSpill> spill_;  // null: the text is in |inline_|
  int64_t offset_ = 0;
  size_t size_ = 0;
  std::string inline_;
};

}  // namespace ab
