#include "mcp/stdio_transport.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#include "base/log.h"
#include "base/redact.h"
#include "base/strings.h"
#include "base/utf8.h"
#include "mcp/incoming.h"

namespace ab::mcp {
namespace {

constexpr size_t kStderrTailBytes = 4096;

class StdioTransport : public Transport {
 public:
  explicit StdioTransport(StdioOptions options) : options_(std::move(options)) {}
  ~StdioTransport() override { Close(); }

  Status Start(TransportHandlers handlers) override {
    handlers_ = std::move(handlers);
    // Close() writes to this pipe to wake both readers at once, so closing does not wait for a poll timeout.
    if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) {
      return Error(ErrorCode::kIo, std::string("pipe: ") + std::strerror(errno));
    }
    auto spawned = Subprocess::Spawn(options_.spawn);
    if (!spawned) return spawned.error();
    process_ = std::move(spawned).value();
    stdout_fd_ = process_.stdout_fd();
    stderr_fd_ = process_.stderr_fd();
    stderr_thread_ = std::thread([this] { DrainStderr(); });
    stdout_thread_ = std::thread([this] { ReadStdout(); });
    return Status::Ok();
  }

  Status Send(const Json& message) override {
    // Compact, one line: the stdio framing forbids embedded newlines, and dump() escapes them inside strings.
    // Invalid UTF-8 from a model is replaced rather than thrown on.
    std::string line = message.dump(-1, ' ', false, Json::error_handler_t::replace);
    line.push_back('\n');
    std::lock_guard<std::mutex> lock(write_mu_);
    int fd = process_.stdin_fd();
    if (closing_.load() || fd < 0) return Error(ErrorCode::kUnavailable, "server stdin is closed");
    size_t written = 0;
    while (written < line.size()) {
      ssize_t n = ::write(fd, line.data() + written, line.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        std::string why = std::strerror(errno);
        // The server is gone (EPIPE). Give the stderr reader a moment to collect its last words, which usually
        // say why it died, before building the message.
        {
          std::unique_lock<std::mutex> tail_lock(tail_mu_);
          stderr_cv_.wait_for(tail_lock, std::chrono::milliseconds(500), [this] { return stderr_done_; });
        }
        return Error(ErrorCode::kUnavailable, "the server exited (writing to it failed: " + why + ")" + TailSuffix());
      }
      written += static_cast<size_t>(n);
    }
    return Status::Ok();
  }

  void Close() override {
    if (closing_.exchange(true)) return;
    // Order matters: stop the readers first (the wake pipe ends their poll at once), so no callback runs after
    // Close() returns and nobody reads the fds that Shutdown() is about to close.
    if (wake_[1] >= 0) {
      const char byte = 1;
      ssize_t ignored = ::write(wake_[1], &byte, 1);
      (void)ignored;
    }
    if (stdout_thread_.joinable()) stdout_thread_.join();
    if (stderr_thread_.joinable()) stderr_thread_.join();
    for (int& fd : wake_) {
      if (fd >= 0) ::close(fd);
      fd = -1;
    }
    std::lock_guard<std::mutex> lock(write_mu_);
    process_.Shutdown(options_.shutdown_grace);
  }

  std::string StderrTail() const override {
    std::lock_guard<std::mutex> lock(tail_mu_);
    std::string tail = std::string(Trim(tail_));
    // Keep whole lines where possible: drop a partial first line when the buffer was cut.
    if (tail_cut_) {
      if (size_t nl = tail.find('\n'); nl != std::string::npos) tail = tail.substr(nl + 1);
    }
    return ValidUtf8(Redact(tail));  // servers may write any bytes; the tail ends up in JSON reports
  }

 private:
  std::string TailSuffix() const {
    std::string tail = StderrTail();
    return tail.empty() ? std::string() : "; server stderr:\n" + tail;
  }

  // Waits for |fd| to be readable; false when Close() began (it wakes the poll through the wake pipe).
  bool WaitReadable(int fd) {
    while (!closing_.load()) {
      pollfd p[2] = {{fd, POLLIN, 0}, {wake_[0], POLLIN, 0}};
      int r = ::poll(p, 2, 1000);
      if (closing_.load()) return false;
      if (r > 0 && p[0].revents != 0) return true;
      if (r < 0 && errno != EINTR) return true;  // let read() report the error
    }
    return false;
  }

  void DrainStderr() {
    char buf[4096];
    while (WaitReadable(stderr_fd_)) {
      ssize_t n = ::read(stderr_fd_, buf, sizeof(buf));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      std::lock_guard<std::mutex> lock(tail_mu_);
      tail_.append(buf, static_cast<size_t>(n));
      if (tail_.size() > kStderrTailBytes) {
        tail_.erase(0, tail_.size() - kStderrTailBytes);
        tail_cut_ = true;
      }
    }
    std::lock_guard<std::mutex> lock(tail_mu_);
    stderr_done_ = true;
    stderr_cv_.notify_all();
  }

  void HandleLine(std::string& line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (Trim(line).empty()) return;
    Json message = ParseIncoming(line, handlers_);
    if (message.is_discarded()) {
      // Some servers log to stdout. Skip the line but say so: a call waiting for an answer still ends by its
      // timeout, and the note explains why the answer never came if the garbage was the answer.
      LogWarn("mcp: skipping a non-JSON line on the server's stdout: " + Redact(Truncate(line, 200)));
      return;
    }
    if (handlers_.on_message) handlers_.on_message(std::move(message));
  }

  void ReadStdout() {
    std::string pending;
    bool dropping = false;  // inside an over-long line that is being discarded
    char buf[65536];
    while (WaitReadable(stdout_fd_)) {
      ssize_t n = ::read(stdout_fd_, buf, sizeof(buf));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      size_t start = 0;
      for (size_t i = 0; i < static_cast<size_t>(n); ++i) {
        if (buf[i] != '\n') continue;
        if (!dropping) {
          pending.append(buf + start, i - start);
          HandleLine(pending);
        }
        pending.clear();
        dropping = false;
        start = i + 1;
      }
      if (!dropping) {
        pending.append(buf + start, static_cast<size_t>(n) - start);
        if (pending.size() > options_.max_line_bytes) {
          LogWarn("mcp: dropping a stdout line longer than " + std::to_string(options_.max_line_bytes) + " bytes");
          pending.clear();
          pending.shrink_to_fit();
          dropping = true;
        }
      }
    }
    if (closing_.load()) return;
    // stdout closed: the server exited (or closed it, which is as good as dead for MCP). Let stderr finish first,
    // briefly, so the error carries the server's last words (usually the reason it died).
    {
      std::unique_lock<std::mutex> lock(tail_mu_);
      stderr_cv_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stderr_done_; });
    }
    std::string what = "server closed its stdout";
    if (process_.WaitExit(std::chrono::milliseconds(200))) {
      if (auto code = process_.PeekExitCode()) what = "server exited with code " + std::to_string(*code);
    }
    if (handlers_.on_closed) handlers_.on_closed(Error(ErrorCode::kUnavailable, what + TailSuffix()));
  }

  StdioOptions options_;
  TransportHandlers handlers_;
  Subprocess process_;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  int wake_[2] = {-1, -1};
  std::thread stdout_thread_;
  std::thread stderr_thread_;
  std::atomic<bool> closing_{false};
  std::mutex write_mu_;
  mutable std::mutex tail_mu_;
  std::condition_variable stderr_cv_;
  std::string tail_;
  bool tail_cut_ = false;
  bool stderr_done_ = false;
};

}  // namespace

std::unique_ptr<Transport> MakeStdioTransport(StdioOptions options) {
  return std::make_unique<StdioTransport>(std::move(options));
}

}  // namespace ab::mcp
