#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
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

struct ProcEntry {
  pid_t pid = 0;
  pid_t ppid = 0;
  char state = '?';
};

// Every process in /proc with its parent and state. /proc/PID/stat is "pid (comm) state ppid ...", where comm may
// hold spaces and parentheses, so the fields after it are found from the last ')'.
std::vector<ProcEntry> ProcessTable() {
  std::vector<ProcEntry> table;
  DIR* dir = ::opendir("/proc");
  if (dir == nullptr) return table;
  while (dirent* entry = ::readdir(dir)) {
    const char* name = entry->d_name;
    if (name[0] < '0' || name[0] > '9') continue;
    std::string path = std::string("/proc/") + name + "/stat";
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;  // gone since readdir
    char buf[512];
    ssize_t n = ::read(fd, buf, sizeof(buf) - 1);
    ::close(fd);
    if (n <= 0) continue;
    buf[n] = '\0';
    const char* close_paren = std::strrchr(buf, ')');
    if (close_paren == nullptr) continue;
    ProcEntry e;
    e.pid = static_cast<pid_t>(std::atoi(name));
    int ppid = 0;
    if (std::sscanf(close_paren + 1, " %c %d", &e.state, &ppid) != 2) continue;
    e.ppid = static_cast<pid_t>(ppid);
    table.push_back(e);
  }
  ::closedir(dir);
  return table;
}

// The live (not zombie) processes of the tree under |root|, whatever their session or process group.
std::vector<pid_t> LiveDescendants(pid_t root) {
  const std::vector<ProcEntry> table = ProcessTable();
  std::set<pid_t> tree = {root};
  for (bool grew = true; grew;) {
    grew = false;
    for (const ProcEntry& e : table)
      if (tree.count(e.ppid) && tree.insert(e.pid).second) grew = true;
  }
  std::vector<pid_t> live;
  for (const ProcEntry& e : table)
    if (e.pid != root && tree.count(e.pid) && e.state != 'Z' && e.state != 'X') live.push_back(e.pid);
  return live;
}

// Children that a Subprocess reaps itself (it waits on its own pid, and must keep that pid reserved until then).
std::mutex g_owned_mu;
std::set<pid_t> g_owned;

// Reaps our zombie children that no Subprocess owns: descendants re-parented to us (a subreaper) that exited.
void ReapOrphanZombies() {
  const pid_t self = ::getpid();
  std::vector<pid_t> zombies;
  for (const ProcEntry& e : ProcessTable())
    if (e.ppid == self && e.state == 'Z') zombies.push_back(e.pid);
  if (zombies.empty()) return;
  std::lock_guard<std::mutex> lock(g_owned_mu);
  for (pid_t pid : zombies)
    if (!g_owned.count(pid)) ::waitpid(pid, nullptr, WNOHANG);
}

void ReapExitedChildren() {
  while (::waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

}  // namespace

bool BecomeChildSubreaper() { return ::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0; }

int EndDescendants(Millis grace) {
  // Orphans re-parented to us (we are a subreaper) are our children now; so are the servers' group leaders if a
  // Subprocess was never shut down. Each round reaps the ones that exited, since a zombie child keeps its pid
  // and would be found "alive" by kill(pid, 0) checks elsewhere.
  const pid_t self = ::getpid();
  ReapExitedChildren();
  const std::vector<pid_t> found = LiveDescendants(self);
  if (found.empty()) return 0;
  for (pid_t pid : found) ::kill(pid, SIGTERM);
  const auto term_deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < term_deadline) {
    ReapExitedChildren();
    if (LiveDescendants(self).empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // SIGKILL whatever ignored SIGTERM, including processes forked since the first walk; a process that forks
  // as fast as we kill is still bounded by the deadline.
  const auto kill_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (true) {
    ReapExitedChildren();
    const std::vector<pid_t> left = LiveDescendants(self);
    if (left.empty() || std::chrono::steady_clock::now() >= kill_deadline) break;
    for (pid_t pid : left) ::kill(pid, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ReapExitedChildren();
  return static_cast<int>(found.size());
}

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
  // Registered under the lock that the orphan reaper takes, so the reaper never mistakes a child that failed at
  // once (and is a zombie before we return) for an orphan.
  std::unique_lock<std::mutex> owned_lock(g_owned_mu);
  pid_t pid = ::fork();
  if (pid > 0) g_owned.insert(pid);
  owned_lock.unlock();
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
    // The server gets its three pipes and nothing else of ours. An fd we opened without O_CLOEXEC (a report file,
    // a socket of the in-process mock LLM) or inherited from whoever started us (a CI runner's output pipe) would
    // otherwise live on in a daemon the server starts: a pipe reader waiting for EOF would then wait forever.
    // Marking them close-on-exec (not closing) keeps the status pipe working until execvpe succeeds.
    if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
      const long max_fd = std::min(::sysconf(_SC_OPEN_MAX), 65536L);
      for (int fd = 3; fd < max_fd; ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
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
  // Only our end of the pipe (its own open file description, the child's end keeps blocking reads): a child that
  // stops reading must never block a write past the caller's deadline.
  ::fcntl(in[1], F_SETFL, ::fcntl(in[1], F_GETFL) | O_NONBLOCK);
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
    std::string what =
        report[0] == 0 ? "cannot change to directory '" + spec.cwd + "'" : "cannot execute '" + spec.argv[0] + "'";
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

int Subprocess::Shutdown(Millis grace, std::optional<Millis> term_grace) {
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
    if (!WaitExit(std::max(term_grace.value_or(grace), Millis(200)))) {
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
  {
    std::lock_guard<std::mutex> lock(g_owned_mu);
    g_owned.erase(pid_);
  }
  pid_ = -1;
  CloseFds();
  // The group's other members were children of the leader; as a subreaper we inherit them and must reap them, or
  // a long run (or `serve`) that restarts servers would collect zombies until its end.
  ReapOrphanZombies();
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
      if (c == '\'') quote = 0;
      else word.push_back(c);
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
