#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <thread>

#include "mcp/subprocess.h"

extern char** environ;

namespace ab::mcp {
namespace {

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// pipe2 with O_CLOEXEC so that fds of one server never leak into another server spawned concurrently.
bool MakePipe(int fds[2]) { return ::pipe2(fds, O_CLOEXEC) == 0; }

}  // namespace

Result<Subprocess> Subprocess::Spawn(const SpawnSpec& spec) {
  if (spec.argv.empty() || spec.argv[0].empty()) {
    return Error(ErrorCode::kInvalidArgument, "empty command");
  }
  // Everything the child needs is built before fork(): after fork only async-signal-safe calls are allowed (no
  // malloc), because another thread may have held the allocator lock at the moment of the fork.
  std::vector<std::string> env_strings;
  {
    std::map<std::string, std::string> merged;
    std::vector<std::string> order;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
      std::string entry(*e);
      size_t eq = entry.find('=');
      std::string key = entry.substr(0, eq);
      if (!merged.count(key)) order.push_back(key);
      merged[key] = eq == std::string::npos ? "" : entry.substr(eq + 1);
    }
    for (const auto& [key, value] : spec.env) {
      if (!merged.count(key)) order.push_back(key);
      merged[key] = value;
    }
    for (const auto& key : order) env_strings.push_back(key + "=" + merged[key]);
  }
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_strings = spec.argv;
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  int in[2], out[2], err[2], status_pipe[2];
  if (!MakePipe(in)) return Error(ErrorCode::kIo, std::string("pipe: ") + std::strerror(errno));
  if (!MakePipe(out)) {
    ::close(in[0]), ::close(in[1]);
    return Error(ErrorCode::kIo, std::string("pipe: ") + std::strerror(errno));
  }
  if (!MakePipe(err) || !MakePipe(status_pipe)) {
    for (int fd : {in[0], in[1], out[0], out[1]}) ::close(fd);
    return Error(ErrorCode::kIo, std::string("pipe: ") + std::strerror(errno));
  }
  const char* cwd = spec.cwd.empty() ? nullptr : spec.cwd.c_str();

  // A server that dies while we write to its stdin must give us EPIPE, not kill the harness with SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1], status_pipe[0], status_pipe[1]}) ::close(fd);
    return Error(ErrorCode::kUnavailable, std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // Child. Own process group, so Shutdown() can signal npx and the node it starts as one unit.
    ::setpgid(0, 0);
    ::signal(SIGPIPE, SIG_DFL);
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    int stage = 0;  // 0 = chdir failed, 1 = exec failed
    if (cwd == nullptr || ::chdir(cwd) == 0) {
      stage = 1;
      ::execvpe(argv[0], argv.data(), envp.data());
    }
    // Report errno through the close-on-exec status pipe: the parent reads EOF on success, a code on failure.
    int report[2] = {stage, errno};
    ssize_t ignored = ::write(status_pipe[1], report, sizeof(report));
    (void)ignored;
    ::_exit(127);
  }
  // Parent. Also set the group from this side, so there is no window where SignalGroup misses the child.
  ::setpgid(pid, pid);
  for (int fd : {in[0], out[1], err[1], status_pipe[1]}) ::close(fd);
  int report[2] = {0, 0};
  ssize_t n;
  do {
    n = ::read(status_pipe[0], report, sizeof(report));
  } while (n < 0 && errno == EINTR);
  ::close(status_pipe[0]);

  Subprocess process;
  process.pid_ = pid;
  process.stdin_fd_ = in[1];
  process.stdout_fd_ = out[0];
  process.stderr_fd_ = err[0];
  if (n == static_cast<ssize_t>(sizeof(report))) {
    process.Shutdown(Millis(0));
    std::string what = report[0] == 0 ? "cannot change to directory '" + spec.cwd + "'"
                                      : "cannot execute '" + spec.argv[0] + "'";
    return Error(ErrorCode::kUnavailable, what + ": " + std::strerror(report[1]));
  }
  return process;
}

Subprocess::Subprocess(Subprocess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      stdin_fd_(std::exchange(other.stdin_fd_, -1)),
      stdout_fd_(std::exchange(other.stdout_fd_, -1)),
      stderr_fd_(std::exchange(other.stderr_fd_, -1)) {}

Subprocess& Subprocess::operator=(Subprocess&& other) noexcept {
  if (this != &other) {
    Shutdown(Millis(500));
    pid_ = std::exchange(other.pid_, -1);
    stdin_fd_ = std::exchange(other.stdin_fd_, -1);
    stdout_fd_ = std::exchange(other.stdout_fd_, -1);
    stderr_fd_ = std::exchange(other.stderr_fd_, -1);
  }
  return *this;
}

Subprocess::~Subprocess() { Shutdown(Millis(500)); }

void Subprocess::CloseStdin() { CloseFd(stdin_fd_); }

bool Subprocess::Exited() const {
  if (pid_ <= 0) return true;
  // WNOWAIT: look without reaping. Until we reap, the zombie keeps the pid and the process group id reserved, so
  // SignalGroup() can never hit an unrelated process that reused the number.
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return true;
  return info.si_pid == pid_;
}

std::optional<int> Subprocess::PeekExitCode() const {
  if (pid_ <= 0) return std::nullopt;
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return std::nullopt;
  if (info.si_pid != pid_) return std::nullopt;
  return info.si_code == CLD_EXITED ? info.si_status : 128 + info.si_status;
}

bool Subprocess::WaitExit(Millis timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!Exited()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

void Subprocess::SignalGroup(int signal) const {
  if (pid_ > 0) ::kill(-pid_, signal);
}

int Subprocess::Shutdown(Millis grace) {
  if (pid_ <= 0) {
    CloseFds();
    return -1;
  }
  // The MCP stdio shutdown sequence (spec, "Lifecycle"): closing stdin asks the server to exit; a server with
  // live timers ignores that (observed with server-everything), so SIGTERM follows, then SIGKILL, which cannot be
  // ignored. Each step waits on the direct child only; grandchildren are handled by the group kill below.
  CloseStdin();
  if (!WaitExit(grace)) {
    SignalGroup(SIGTERM);
    if (!WaitExit(grace > Millis(0) ? grace : Millis(200))) {
      SignalGroup(SIGKILL);
    }
  }
  // The leader is dead (or dying from SIGKILL) but not reaped yet, so the group id is still ours: kill whatever
  // is left in the group (a node process that npx started and that outlived npx), then reap the leader.
  SignalGroup(SIGKILL);
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, 0);
  } while (r < 0 && errno == EINTR);
  pid_ = -1;
  CloseFds();
  if (r < 0) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

void Subprocess::CloseFds() {
  CloseFd(stdin_fd_);
  CloseFd(stdout_fd_);
  CloseFd(stderr_fd_);
}

std::vector<std::string> SplitWhitespace(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

Result<std::vector<std::string>> SplitShellWords(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote == '\'') {
      if (c == '\'') quote = 0; else word.push_back(c);
    } else if (quote == '"') {
      if (c == '"') {
        quote = 0;
      } else if (c == '\\' && i + 1 < text.size() && std::strchr("\"\\$`", text[i + 1]) != nullptr) {
        word.push_back(text[++i]);
      } else {
        word.push_back(c);
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < text.size()) {
      word.push_back(text[++i]);
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word.push_back(c);
      in_word = true;
    }
  }
  if (quote != 0) return Error(ErrorCode::kInvalidArgument, std::string("unterminated ") + quote + " quote");
  if (in_word) words.push_back(std::move(word));
  return words;
}

}  // namespace ab::mcp
