// Runs the real agent-bench binary for end-to-end tests: argv, extra environment, a time limit; captures exit
// code, stdout and stderr.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace ab::e2e {

struct ProcessResult {
  int exit_code = -1;  ///< -1 when killed by the time limit or a signal
  bool timed_out = false;
  std::string out;
  std::string err;
};

/// Runs |argv| with |env| added to the environment, killing it after |timeout_s| seconds.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
                         int timeout_s = 120);

/// A helper process a test needs running in the background (a hostile HTTP server, a recorder): started with
/// stdin, stdout and stderr on /dev/null, and killed (SIGKILL) and reaped when the object goes, so no test leaves a
/// process behind whatever way it ends.
class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& argv);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;
  bool started() const { return pid_ > 0; }

 private:
  int pid_ = -1;
};

/// A fresh empty directory under the build tree, for one test's outputs: <build>/e2e-tmp/<pid>/<name>, so test
/// processes running side by side never share one.
std::string MakeTempDir(const std::string& name);

/// The whole content of |path| ("" when missing).
std::string ReadFile(const std::string& path);

}  // namespace ab::e2e
