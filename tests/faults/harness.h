// Shared plumbing for the fault suite: run the real binary on a test file, read its JSON report, and check that
// it left no process or file descriptor behind.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/json.h"
#include "e2e/process.h"

namespace ab::faults {

#ifdef AB_FAULTS_SANITIZED
inline constexpr double kSlack = 4.0;  ///< sanitized builds run several times slower and use more memory
#else
inline constexpr double kSlack = 1.0;  ///< multiplier for the suite's time and memory bounds
#endif

/// Paths of the binaries under test and of tests/faults/data.
const std::string& AgentBench();
const std::string& SampleServer();
const std::string& DataDir();

/// One finished run of agent-bench.
struct Outcome {
  e2e::ProcessResult process;
  Json report;            ///< the JSON report (discarded when missing or malformed)
  double seconds = 0;     ///< wall time of the run
  long peak_rss_kb = -1;  ///< peak RSS of agent-bench itself (when measured with `measure_rss`)
  std::string dir;        ///< the run's output directory
};

/// Options for RunBench.
struct RunOptions {
  std::vector<std::string> extra_args;     ///< after the standard -o/-reportType/--no-progress
  std::map<std::string, std::string> env;  ///< added to SAMPLE_SERVER and FAULTS_DATA
  int timeout_s = 120;
  bool measure_rss = false;  ///< wrap in /usr/bin/time to read the peak RSS
};

/// Options with only extra arguments set (designated initializers would warn about the fields left out).
RunOptions WithArgs(std::vector<std::string> args, int timeout_s = 120);

/// Runs `agent-bench -f <data>/<file> -o <dir>/report -reportType json --no-progress ...`; |name| names the
/// output directory under the build tree.
Outcome RunBench(const std::string& name, const std::string& file, const RunOptions& options = {});

/// The run of |test| by |agent| in |report|, or nullptr.
const Json* FindRun(const Json& report, const std::string& test, const std::string& agent);

/// All error strings of a run joined by newlines ("" when none).
std::string Errors(const Json& run);

/// "pid comm state" for every live process that descends from this test process. The test process is a child
/// subreaper (set up on first use), so processes orphaned by agent-bench are re-parented here and still count.
std::vector<std::string> Descendants();

/// Waits up to |timeout_s| for every descendant to go away, reaping orphans re-parented to us; returns the ones
/// still there (and kills them, so one leaky test does not spoil the next).
std::vector<std::string> LeftoverProcesses(int timeout_s = 5);

/// Number of open file descriptors of this process.
int OpenFds();

/// A loopback port nothing listens on (bound once, then closed): connections to it are refused.
int ClosedLoopbackPort();

/// True when |haystack| contains |needle|.
inline bool HasText(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

/// Writes |text| to |path|.
void WriteFile(const std::string& path, const std::string& text);

}  // namespace ab::faults
