#include "base/safe_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <streambuf>

namespace ab {
namespace {

namespace fs = std::filesystem;

Error IoError(const std::string& what, const std::string& path, int err) {
  return Error(ErrorCode::kIo, what + " '" + path + "': " + std::strerror(err));
}

Status CreateParent(const fs::path& p) {
  if (!p.has_parent_path()) return Status::Ok();
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  if (ec) return Error(ErrorCode::kIo, "cannot create directory '" + p.parent_path().string() + "': " + ec.message());
  return Status::Ok();
}

// The process umask, read without changing it (umask(2) cannot read without writing, which would race with
// other threads creating files). Linux reports it in /proc/self/status; elsewhere the usual 022.
mode_t CurrentUmask() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Umask:", 0) == 0) return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
  }
  return 022;
}

// A streambuf over a file descriptor: std::ofstream cannot open with O_EXCL or adopt mkstemp's descriptor.
class FdBuf final : public std::streambuf {
 public:
  explicit FdBuf(int fd) : fd_(fd) { setp(buf_, buf_ + sizeof buf_); }
  bool failed() const { return failed_; }
  int error() const { return errno_; }

 protected:
  int_type overflow(int_type c) override {
    if (!Drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return Drain() ? 0 : -1; }

 private:
  bool Drain() {
    const char* p = pbase();
    while (p < pptr()) {
      const ssize_t n = ::write(fd_, p, static_cast<size_t>(pptr() - p));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        failed_ = true;
        errno_ = errno;
        return false;
      }
      p += n;
    }
    setp(buf_, buf_ + sizeof buf_);
    return true;
  }

  int fd_;
  bool failed_ = false;
  int errno_ = 0;
  char buf_[1 << 16];
};

}  // namespace

Status WriteFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& render, mode_t mode) {
  const fs::path p(path);
  if (Status s = CreateParent(p); !s) return s;
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  // A hidden, random name next to the target: rename(2) is atomic only within one file system.
  std::string tmp = (dir / ("." + p.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) return IoError("cannot create a temporary file for", path, errno);
  auto fail = [&](const std::string& what, int err) -> Status {
    ::close(fd);
    ::unlink(tmp.c_str());
    return IoError(what, path, err);
  };
  // mkstemp creates 0600; widen to |mode| as far as the umask allows.
  if (::fchmod(fd, mode & ~CurrentUmask()) != 0) return fail("cannot set the permissions of", errno);
  {
    FdBuf buf(fd);
    std::ostream out(&buf);
    render(out);
    out.flush();
    if (!out || buf.failed()) return fail("cannot write", buf.error() ? buf.error() : EIO);
  }
  if (::fsync(fd) != 0) return fail("cannot sync", errno);
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return IoError("cannot write", path, err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return IoError("cannot rename into place", path, err);
  }
  // Makes the rename itself durable; failure here loses nothing already visible, so it is not an error.
  if (int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

Status WriteFileAtomically(const std::string& path, std::string_view content, mode_t mode) {
  auto write = [&](std::ostream& out) { out.write(content.data(), static_cast<std::streamsize>(content.size())); };
  return WriteFileAtomically(path, write, mode);
}

Result<std::FILE*> OpenForAppend(const std::string& path, mode_t mode, bool devices_too) {
  if (Status s = CreateParent(fs::path(path)); !s) return s.error();
  // O_NONBLOCK: opening a FIFO planted at the path must not hang; it is refused below.
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == ELOOP) return Error(ErrorCode::kIo, "refusing to append to '" + path + "': it is a symbolic link");
    return IoError("cannot open", path, errno);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || (devices_too && S_ISCHR(st.st_mode)))) {
    ::close(fd);
    return Error(ErrorCode::kIo, "refusing to append to '" + path + "': not a regular file");
  }
  ::fcntl(fd, F_SETFL, O_WRONLY | O_APPEND);  // back to blocking writes
  std::FILE* f = ::fdopen(fd, "a");
  if (f == nullptr) {
    const int err = errno;
    ::close(fd);
    return IoError("cannot open", path, err);
  }
  return f;
}

Status RefuseSymlink(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode))
    return Error(ErrorCode::kIo, "refusing to open '" + path + "': it is a symbolic link");
  return Status::Ok();
}

Status CreatePrivateFile(const std::string& path, mode_t mode) {
  if (Status s = CreateParent(fs::path(path)); !s) return s;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd >= 0) {
    ::close(fd);
    return Status::Ok();
  }
  if (errno != EEXIST) return IoError("cannot create", path, errno);
  if (Status s = RefuseSymlink(path); !s) return s;
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return IoError("cannot inspect", path, errno);
  if (!S_ISREG(st.st_mode)) return Error(ErrorCode::kIo, "refusing to open '" + path + "': not a regular file");
  return Status::Ok();
}

}  // namespace ab
