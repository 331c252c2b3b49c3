#include "mcp/stdio_transport.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "base/log.h"
#include "base/redact.h"
#include "base/strings.h"
#include "base/utf8.h"
#include "mcp/incoming.h"

namespace ab::mcp {
namespace {

constexpr size_t kStderrTailBytes = 4096;
// How often a blocked writer looks at the cancel flag, which another thread flips without waking us.
constexpr Millis kWritePollSlice{50};
// How often a writer retries the lock another writer holds (only two large concurrent messages contend).
constexpr Millis kLockPollSlice{5};

using TimePoint = std::chrono::steady_clock::time_point;

// "312 bytes", "64.0 KiB", "1.0 MiB": sizes in messages, in the units a user can compare with the limit.
std::string FormatBytes(size_t bytes) {
  char buf[32];
  if (bytes < 1024) {
    std::snprintf(buf, sizeof buf, "%zu bytes", bytes);
  } else if (bytes < (size_t{1} << 20)) {
    std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / 1024.0);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  }
  return buf;
}

// The time a write was given, as the user configured it: the caller's deadline was set a few microseconds
// before we started, so "5s" reads better than "4.99s".
std::string FormatBudget(std::chrono::steady_clock::duration budget) {
  const long long ms = std::chrono::duration_cast<Millis>(budget + std::chrono::milliseconds(5)).count();
  return FormatDuration(Millis(ms - ms % 10));
}

Millis Until(TimePoint deadline) {
  auto left = std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now());
  return std::max(Millis(0), left);
}

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
    return SendBefore(message, std::chrono::steady_clock::now() + options_.write_timeout, options_.cancel);
  }

  Status SendBefore(const Json& message, TimePoint deadline, const std::atomic<bool>* cancel) override {
    const auto start = std::chrono::steady_clock::now();
    // Compact, one line: the stdio framing forbids embedded newlines, and dump() escapes them inside strings.
    // Invalid UTF-8 from a model is replaced rather than thrown on.
    std::string line = message.dump(-1, ' ', false, Json::error_handler_t::replace);
    line.push_back('\n');
    // Another caller may hold the lock while it waits for a server that does not read: wait for it only as long
    // as our own deadline allows. When it gives up it marks the server broken, and we fail fast below.
    // (Polled with try_lock, not std::timed_mutex: ThreadSanitizer does not see pthread_mutex_clocklock, so a
    // timed mutex would hide real races behind false reports.)
    std::unique_lock<std::mutex> lock(write_mu_, std::try_to_lock);
    for (; !lock.owns_lock(); lock.try_lock()) {
      std::this_thread::sleep_for(kLockPollSlice);
      if (closing_.load()) return Error(ErrorCode::kUnavailable, "the connection is closing");
      if (IsCancelled(cancel)) return Error(ErrorCode::kCancelled, "cancelled while waiting to write to the server");
      if (std::chrono::steady_clock::now() >= deadline) {
        return Error(ErrorCode::kUnavailable,
                     "stopped reading its input: an earlier message was still not "
                     "written after " +
                         FormatDuration(ElapsedSince(start)));
      }
    }
    if (auto broken = BrokenReason()) return *broken;
    int fd = process_.stdin_fd();
    if (closing_.load() || fd < 0) return Error(ErrorCode::kUnavailable, "server stdin is closed");
    size_t written = 0;
    while (written < line.size()) {
      ssize_t n = ::write(fd, line.data() + written, line.size() - written);
      if (n > 0) {
        written += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        // The pipe is full: the server has not read what we wrote so far. Wait for room, in slices, so the
        // deadline, the cancel flag and Close() (the wake pipe) are all noticed within kWritePollSlice.
        if (closing_.load()) return Error(ErrorCode::kUnavailable, "the connection is closing");
        if (IsCancelled(cancel)) return AbandonWrite(line.size(), written, deadline - start, /*cancelled=*/true);
        if (std::chrono::steady_clock::now() >= deadline) {
          return AbandonWrite(line.size(), written, deadline - start, /*cancelled=*/false);
        }
        pollfd p[2] = {{fd, POLLOUT, 0}, {wake_[0], POLLIN, 0}};
        const Millis wait = std::min(kWritePollSlice, Until(deadline) + Millis(1));
        ::poll(p, 2, static_cast<int>(wait.count()));
        continue;
      }
      std::string why = n < 0 ? std::strerror(errno) : "write returned 0";
      // The server is gone (EPIPE). Give the stderr reader a moment to collect its last words, which usually say
      // why it died, before building the message.
      {
        std::unique_lock<std::mutex> tail_lock(tail_mu_);
        stderr_cv_.wait_for(tail_lock, std::chrono::milliseconds(500), [this] { return stderr_done_; });
      }
      return Error(ErrorCode::kUnavailable, "the server exited (writing to it failed: " + why + ")" + TailSuffix());
    }
    return Status::Ok();
  }

  void Close() override {
    if (closing_.exchange(true)) return;
    // Order matters: stop the readers first (the wake pipe ends their poll at once, and a writer's too), so no
    // callback runs after Close() returns and nobody reads the fds that Shutdown() is about to close.
    if (wake_[1] >= 0) {
      const char byte = 1;
      ssize_t ignored = ::write(wake_[1], &byte, 1);
      (void)ignored;
    }
    if (stdout_thread_.joinable()) stdout_thread_.join();
    if (stderr_thread_.joinable()) stderr_thread_.join();
    // A writer blocked on a full pipe sees closing_ within one poll slice and lets go of the lock.
    std::lock_guard<std::mutex> lock(write_mu_);
    // An interrupted run, or a server already known to be broken, gets no polite wait after stdin closes: SIGTERM
    // at once, SIGKILL after the grace. Otherwise the spec's sequence with the full grace at each step.
    const bool hurry = IsCancelled(options_.cancel) || BrokenReason().has_value();
    process_.Shutdown(hurry ? Millis(0) : options_.shutdown_grace, options_.shutdown_grace);
    for (int& fd : wake_) {
      if (fd >= 0) ::close(fd);
      fd = -1;
    }
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
  static bool IsCancelled(const std::atomic<bool>* cancel) { return cancel != nullptr && cancel->load(); }
  static Millis ElapsedSince(TimePoint start) {
    return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - start);
  }

  std::optional<Error> BrokenReason() const {
    std::lock_guard<std::mutex> lock(broken_mu_);
    return broken_;
  }

  // Tells the peer once that the connection is gone (the reader's EOF and a broken write may both report).
  void NotifyClosed(const Error& reason) {
    if (closed_notified_.exchange(true)) return;
    if (handlers_.on_closed) handlers_.on_closed(reason);
  }

  // The server can no longer be spoken to (a message half written, or one too long to read): every waiting and
  // later call fails with |reason|, and the process group gets SIGTERM so a stuck server does not linger until
  // the end of the run (Close() still escalates to SIGKILL). The runner restarts it for the next session.
  void MarkBroken(const Error& reason) {
    {
      std::lock_guard<std::mutex> lock(broken_mu_);
      if (broken_) return;
      broken_ = reason;
    }
    LogWarn("mcp: " + (options_.server_name.empty() ? "" : "server '" + options_.server_name + "': ") + reason.message);
    NotifyClosed(reason);
    process_.SignalGroup(SIGTERM);
  }

  // Gives up a write the server does not take. Once part of a line is in the pipe the framing is lost, and a
  // server that took nothing within the whole deadline is not reading: both make the server unusable. Only a
  // cancel before the first byte leaves the stream intact.
  Error AbandonWrite(size_t size, size_t written, std::chrono::steady_clock::duration budget, bool cancelled) {
    const std::string part = written == 0 ? "none of it" : FormatBytes(written) + " of it";
    if (cancelled) {
      if (written == 0) return Error(ErrorCode::kCancelled, "cancelled while waiting for the server to read");
      Error error(ErrorCode::kCancelled, "writing a " + FormatBytes(size) + " message to the server was interrupted (" +
                                             part + " was written); its input is no longer usable");
      MarkBroken(error);
      return error;
    }
    Error error(ErrorCode::kUnavailable, "stopped reading its input: a " + FormatBytes(size) +
                                             " message could not be written within " + FormatBudget(budget) + " (" +
                                             part + " was)" + TailSuffix());
    MarkBroken(error);
    return error;
  }

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
    char buf[65536];
    while (WaitReadable(stdout_fd_)) {
      ssize_t n = ::read(stdout_fd_, buf, sizeof(buf));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      size_t start = 0;
      bool too_long = false;
      for (size_t i = 0; i < static_cast<size_t>(n) && !too_long; ++i) {
        if (buf[i] != '\n') continue;
        too_long = pending.size() + (i - start) > options_.max_line_bytes;
        if (too_long) break;
        pending.append(buf + start, i - start);
        HandleLine(pending);
        pending.clear();
        start = i + 1;
      }
      // Checked before appending, so the buffer never holds more than the limit (an endless line costs at most
      // max_line_bytes, not the server's output).
      too_long = too_long || pending.size() + (static_cast<size_t>(n) - start) > options_.max_line_bytes;
      if (too_long) {
        // The rest of the line is never read: the answer it carried is lost, and a call waiting for it would
        // otherwise wait out its whole timeout without a word. Fail the connection with the limit's name instead.
        pending.clear();
        pending.shrink_to_fit();
        MarkBroken(Error(ErrorCode::kProtocol, "wrote a stdio message longer than the limit of " +
                                                   FormatBytes(options_.max_line_bytes) +
                                                   " (max_line_bytes); it was dropped and the server stopped"));
        return;
      }
      pending.append(buf + start, static_cast<size_t>(n) - start);
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
    NotifyClosed(Error(ErrorCode::kUnavailable, what + TailSuffix()));
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
  std::atomic<bool> closed_notified_{false};
  std::mutex write_mu_;  // one message on the pipe at a time; waited for with a deadline (see SendBefore)
  mutable std::mutex broken_mu_;
  std::optional<Error> broken_;  // set once, when the server became unusable
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
