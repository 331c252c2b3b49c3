// Process exit codes, documented in --help and the README.
#pragma once

namespace ab::cli {

enum ExitCode : int {
  kAllPassed = 0,           ///< every test passed, or criteria.success_rate was met
  kTestsFailed = 1,         ///< tests failed or criteria not met (also: compare found a regression)
  kUsageOrConfigError = 2,  ///< bad flags or an invalid test/suite file: nothing ran
  kInfraError = 3,          ///< nothing could run (no agent could start: servers or providers unavailable)
  kInterrupted = 130,       ///< stopped by SIGINT/SIGTERM; reports written and marked incomplete
};

}  // namespace ab::cli
