// Test helper shared by the process tests of several layers: whether a process still runs.
#pragma once

#include <signal.h>

#include <fstream>
#include <iterator>
#include <string>

namespace ab::testing {

/// True when |pid| no longer runs: gone, or a zombie. A killed process whose parent died first stays a zombie
/// until whoever inherited it reaps it (init, or a subreaper), which may take a while and is not what a test of
/// "the process was killed" checks.
inline bool ProcessGone(int pid) {
  if (pid <= 0) return false;
  if (::kill(pid, 0) != 0) return true;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  const std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t paren = stat.rfind(')');
  return paren != std::string::npos && stat.compare(paren, 3, ") Z") == 0;
}

}  // namespace ab::testing
