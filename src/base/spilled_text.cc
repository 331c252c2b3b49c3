#include "base/spilled_text.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>

namespace ab {

class TextSpill {
 public:
  explicit TextSpill(int fd) : fd_(fd) {}
  ~TextSpill() { ::close(fd_); }
  TextSpill(const TextSpill&) = delete;
  TextSpill& operator=(const TextSpill&) = delete;

  /// The spill that new texts go to: the live one, or a new file when none is alive (null when none can be made).
  static std::shared_ptr<TextSpill> Current() {
    static std::mutex mu;
    static std::weak_ptr<TextSpill> current;
    std::lock_guard<std::mutex> lock(mu);
    if (auto live = current.lock()) return live;
    int fd = Open();
    if (fd < 0) return nullptr;
    auto made = std::make_shared<TextSpill>(fd);
    current = made;
    return made;
  }

  /// Appends |text|; its offset, or -1 when it could not be written whole.
  int64_t Append(std::string_view text) {
    int64_t at;
    {
      std::lock_guard<std::mutex> lock(mu_);
      at = end_;
      end_ += static_cast<int64_t>(text.size());
    }
    size_t done = 0;
    while (done < text.size()) {
      ssize_t n =
          ::pwrite(fd_, text.data() + done, text.size() - done, static_cast<off_t>(at) + static_cast<off_t>(done));
      if (n <= 0) return -1;
      done += static_cast<size_t>(n);
    }
    return at;
  }

  bool Read(int64_t offset, char* out, size_t size) const {
    size_t done = 0;
    while (done < size) {
      ssize_t n = ::pread(fd_, out + done, size - done, static_cast<off_t>(offset) + static_cast<off_t>(done));
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }

 private:
  static int Open() {
    const char* dir = std::getenv("TMPDIR");
    std::string where = dir && *dir ? dir : "/tmp";
    int fd = -1;
#ifdef O_TMPFILE
    fd = ::open(where.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) return fd;
#endif
    std::string path = where + "/agent-bench-spill-XXXXXX";
    fd = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd >= 0) ::unlink(path.c_str());
    return fd;
  }

  const int fd_;
  std::mutex mu_;
  int64_t end_ = 0;
};

SpilledText SpilledText::Keep(std::string_view text) {
  SpilledText out;
  out.size_ = text.size();
  if (text.empty()) return out;
  if (auto spill = TextSpill::Current()) {
    int64_t at = spill->Append(text);
    if (at >= 0) {
      out.spill_ = std::move(spill);
      out.offset_ = at;
      return out;
    }
  }
  out.inline_.assign(text);  // no usable temporary file: keep it in memory
  return out;
}

std::string SpilledText::str() const {
  if (!spill_) return inline_;
  std::string out(size_, '\0');
  if (!spill_->Read(offset_, out.data(), size_)) return std::string();
  return out;
}

}  // namespace ab
