// A child process with piped stdin/stdout/stderr, started from an argv (never through a shell unless the argv
// says so) in its own process group, so that shutting it down also reaches grandchildren (npx -> node). The
// Subprocess object owns the pid and the pipe fds: destroying it kills and reaps the whole group, so a failed test
// can never leak a server or leave a zombie. Move-only; not thread-safe (one owner).
//
// Our end of the child's stdin is non-blocking (O_NONBLOCK): a writer must poll for POLLOUT, which is what lets
// it give up at a deadline when the child stops reading (see stdio_transport.cc). Descendants that leave the group
// (setsid, a daemon's double fork) are out of reach of the group kill; BecomeChildSubreaper + EndDescendants,
// called by the application, catch those.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/duration.h"
#include "base/result.h"

namespace ab::mcp {

struct SpawnSpec {
  std::vector<std::string> argv;                         ///< argv[0] is looked up in PATH (execvp rules)
  std::vector<std::pair<std::string, std::string>> env;  ///< added to (or replacing in) the parent's environment
  std::string cwd;                                       ///< empty = the parent's working directory
};

class Subprocess {
 public:
  /// Starts the child. Fails with kUnavailable when the program cannot be executed (errno text included).
  [[nodiscard]] static Result<Subprocess> Spawn(const SpawnSpec& spec);

  Subprocess() = default;
  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  /// Shuts down with a short grace period if still running (see Shutdown).
  ~Subprocess();

  pid_t pid() const { return pid_; }
  int stdin_fd() const { return stdin_fd_; }
  int stdout_fd() const { return stdout_fd_; }
  int stderr_fd() const { return stderr_fd_; }

  /// Closes our end of the child's stdin (the polite "please exit" of MCP stdio).
  void CloseStdin();
  /// True once the child exited (does not reap it, so its pid and group id cannot be reused yet).
  bool Exited() const;
  /// The exit code (128+signal when killed) once the child exited, without reaping it; empty while running.
  std::optional<int> PeekExitCode() const;
  /// Waits up to |timeout| for the child to exit; true if it did.
  bool WaitExit(Millis timeout) const;
  /// Sends |signal| to the whole process group.
  void SignalGroup(int signal) const;
  /// close stdin -> wait |grace| -> SIGTERM the group -> wait |term_grace| (default: |grace|, at least 200 ms)
  /// -> SIGKILL the group; then reaps the child and closes every fd. Returns the exit code (128+signal when
  /// killed), or -1 when there was no child. Idempotent. |grace| 0 skips the polite wait (an interrupted run).
  /// Also reaps exited orphans re-parented to us as a subreaper (the group's other members), never another
  /// Subprocess's child.
  int Shutdown(Millis grace, std::optional<Millis> term_grace = std::nullopt);

 private:
  void CloseFds();
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
};

/// Makes this process a child subreaper (prctl PR_SET_CHILD_SUBREAPER): a descendant whose parent dies (a daemon
/// that double-forked, a server's `nohup cmd &`) is re-parented to us instead of to init, so EndDescendants can
/// still find it. For the application's start-up, not for library code: it changes the whole process. Returns
/// false when the kernel refused.
bool BecomeChildSubreaper();

/// Ends every live descendant of this process (the whole tree under it, found through /proc, whatever session or
/// process group each one moved to): SIGTERM to each, up to |grace| for them to exit, then SIGKILL to whatever
/// is left, reaping each of our children that exits. Returns how many descendants were found alive at the start.
/// Bounded: gives up after |grace| + 2 s even if a process cannot be reaped. Call it only when no Subprocess
/// is left running (at the end of a run): it reaps any child, including one a Subprocess would wait for.
int EndDescendants(Millis grace);

/// Splits |text| on whitespace (the reference implementation's rule for `command`).
std::vector<std::string> SplitWhitespace(const std::string& text);
/// Splits |text| like a POSIX shell does words: single and double quotes group, backslash escapes; no expansion.
/// kInvalidArgument on an unterminated quote.
[[nodiscard]] Result<std::vector<std::string>> SplitShellWords(const std::string& text);

}  // namespace ab::mcp
