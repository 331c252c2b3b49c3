#include "mcp/subprocess.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "process_state.h"
#include "test_util.h"

namespace ab::mcp {
namespace {

TEST_CASE("command strings split on whitespace, shell words honour quotes") {
  CHECK(SplitWhitespace("  npx -y  @pkg/server ") == std::vector<std::string>{"npx", "-y", "@pkg/server"});
  auto words = SplitShellWords(R"(log --format "%h %s" 'a b' c\ d "q\"x")");
  REQUIRE(words.has_value());
  CHECK(*words == std::vector<std::string>{"log", "--format", "%h %s", "a b", "c d", "q\"x"});
  CHECK(SplitShellWords("x ''")->size() == 2);
  CHECK_FALSE(SplitShellWords("'open").has_value());
}

TEST_CASE("shutdown escalates to SIGTERM for a child that ignores closed stdin, and reaps it") {
  // sleep ignores stdin entirely: only the signal ends it.
  auto spawned = Subprocess::Spawn({{"sleep", "30"}, {}, ""});
  REQUIRE(spawned.has_value());
  Subprocess process = std::move(spawned).value();
  auto start = std::chrono::steady_clock::now();
  int code = process.Shutdown(Millis(200));
  CHECK(code == 128 + 15);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK(testing::ChildPids().empty());
}

TEST_CASE("grandchildren in the process group die with the child") {
  // The shell starts a background sleep (a grandchild) and waits; killing the group must take both.
  auto spawned = Subprocess::Spawn({{"sh", "-c", "sleep 30 & echo $! ; wait"}, {}, ""});
  REQUIRE(spawned.has_value());
  Subprocess process = std::move(spawned).value();
  char buf[32] = {0};
  ssize_t n = ::read(process.stdout_fd(), buf, sizeof(buf) - 1);
  REQUIRE(n > 0);
  int grandchild = std::atoi(buf);
  REQUIRE(grandchild > 0);
  process.Shutdown(Millis(100));
  // The orphaned grandchild is killed; whoever inherited it reaps it when it gets to it (a zombie is dead too).
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = ab::testing::ProcessGone(grandchild);
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(gone);
}

TEST_CASE("env and cwd reach the child") {
  auto spawned = Subprocess::Spawn({{"sh", "-c", "echo $AB_TEST_VAR; pwd"}, {{"AB_TEST_VAR", "hello"}}, "/tmp"});
  REQUIRE(spawned.has_value());
  Subprocess process = std::move(spawned).value();
  std::string out;
  char buf[256];
  ssize_t n;
  while ((n = ::read(process.stdout_fd(), buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  CHECK(out == "hello\n/tmp\n");
  CHECK(process.Shutdown(Millis(1000)) == 0);
}

TEST_CASE("our end of the child's stdin is non-blocking, the child's ends are not") {
  auto spawned = Subprocess::Spawn({{"cat"}, {}, ""});
  REQUIRE(spawned.has_value());
  Subprocess process = std::move(spawned).value();
  CHECK((::fcntl(process.stdin_fd(), F_GETFL) & O_NONBLOCK) != 0);
  CHECK((::fcntl(process.stdout_fd(), F_GETFL) & O_NONBLOCK) == 0);
  CHECK(process.Shutdown(Millis(1000)) == 0);
}

TEST_CASE("shutdown of a child that ignores SIGTERM kills it after the SIGTERM grace, not the stdin grace") {
  // The ignored disposition is inherited through exec, so sleep ignores SIGTERM too.
  auto spawned = Subprocess::Spawn({{"sh", "-c", "trap '' TERM; exec sleep 30"}, {}, ""});
  REQUIRE(spawned.has_value());
  Subprocess process = std::move(spawned).value();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let the trap be set
  auto start = std::chrono::steady_clock::now();
  int code = process.Shutdown(Millis(0), Millis(300));
  CHECK(code == 128 + 9);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  CHECK(testing::ChildPids().empty());
}

TEST_CASE("the child inherits only its three pipes, not our other descriptors") {
  // fd 50 without O_CLOEXEC: what a report file or a socket opened carelessly elsewhere in the process looks like.
  int fd = ::open("/dev/null", O_RDONLY);
  REQUIRE(fd >= 0);
  REQUIRE(::dup2(fd, 50) == 50);
  ::close(fd);
  auto spawned = Subprocess::Spawn({{"sh", "-c", "[ -e /proc/$$/fd/50 ] && echo leaked || echo clean"}, {}, ""});
  ::close(50);
  REQUIRE(spawned.has_value());
  Subprocess process = std::move(spawned).value();
  std::string out;
  char buf[64];
  ssize_t n;
  while ((n = ::read(process.stdout_fd(), buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  CHECK(out == "clean\n");
  process.Shutdown(Millis(1000));
}

// Runs in a forked child, so that making a process a subreaper (which cannot be undone) does not change how the
// other tests' orphans are reaped. The child exits 0 when every check held, else the number of the failed check.
int DaemonIsEndedInSubreaper(const std::string& pidfile) {
  if (!BecomeChildSubreaper()) return 1;
  // A daemon: the double fork with setsid, so it leaves the group and session, and it ignores SIGTERM.
  const std::string script = "(setsid sh -c 'trap \"\" TERM; echo $$ > " + pidfile + ".tmp; mv " + pidfile + ".tmp " +
                             pidfile + "; exec sleep 60' &) ; while [ ! -s " + pidfile +
                             " ]; do sleep 0.01; done; exit 0";
  auto spawned = Subprocess::Spawn({{"sh", "-c", script}, {}, ""});
  if (!spawned) return 2;
  Subprocess server = std::move(spawned).value();
  // The server exits once the daemon has left its group: a shutdown before that (on a loaded machine) would kill
  // the daemon-to-be with the group, and the test would prove nothing.
  (void)server.WaitExit(Millis(20000));
  server.Shutdown(Millis(1000));
  int daemon = -1;
  for (int i = 0; i < 200 && daemon <= 0; ++i) {
    std::ifstream in(pidfile);
    in >> daemon;
    if (daemon <= 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (daemon <= 0) return 3;
  if (::kill(daemon, 0) != 0) return 4;  // the group kill must not have reached it: the test would prove nothing
  if (EndDescendants(Millis(200)) < 1) return 5;
  if (::kill(daemon, 0) == 0) return 6;  // still there (or a zombie nobody reaped)
  if (EndDescendants(Millis(200)) != 0) return 7;
  return 0;
}

TEST_CASE("a subreaper ends a daemon that left the server's process group, and reaps it") {
  char dir_template[] = "/tmp/ab-subreaper-XXXXXX";
  REQUIRE(::mkdtemp(dir_template) != nullptr);
  const std::string pidfile = std::string(dir_template) + "/daemon.pid";
  std::fflush(nullptr);
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(DaemonIsEndedInSubreaper(pidfile));
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  std::remove(pidfile.c_str());
  ::rmdir(dir_template);
}

// Also in a forked child: as a subreaper we inherit a server's background children; once they exit they must
// be reaped when a server shuts down, not kept as zombies until the end of the run.
int OrphanZombiesAreReaped() {
  if (!BecomeChildSubreaper()) return 1;
  auto spawned = Subprocess::Spawn({{"sh", "-c", "sleep 0.2 & echo $!; exit 0"}, {}, ""});
  if (!spawned) return 2;
  Subprocess first = std::move(spawned).value();
  char buf[32] = {0};
  if (::read(first.stdout_fd(), buf, sizeof(buf) - 1) <= 0) return 3;
  const int orphan = std::atoi(buf);
  if (orphan <= 0) return 4;
  // A second server, still running while the first shuts down: its pid must survive the reaping.
  auto other = Subprocess::Spawn({{"sh", "-c", "exit 7"}, {}, ""});
  if (!other) return 5;
  Subprocess second = std::move(other).value();
  if (!second.WaitExit(Millis(5000))) return 6;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the orphan has exited and is our zombie now
  if (::kill(orphan, 0) != 0) return 7;                         // still there: unreaped
  first.Shutdown(Millis(1000));
  if (::kill(orphan, 0) == 0) return 8;           // reaped along with the first server
  if (second.Shutdown(Millis(0)) != 7) return 9;  // its exit code was not stolen
  return 0;
}

TEST_CASE("exited orphans are reaped at a server's shutdown, but never another server's child") {
  std::fflush(nullptr);
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(OrphanZombiesAreReaped());
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

}  // namespace
}  // namespace ab::mcp
