#include "mcp/subprocess.h"

#include <doctest/doctest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>

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
  // The orphaned grandchild is reaped by init; give it a moment, then it must be gone.
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = ::kill(grandchild, 0) != 0;
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

}  // namespace
}  // namespace ab::mcp
