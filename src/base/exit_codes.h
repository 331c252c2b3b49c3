// Process exit codes, documented in --help and the README. Every command returns one of these.
#pragma once

namespace ab {

enum ExitCode : int {
  kExitOk = 0,            ///< every test passed, or criteria.success_rate was met; a bench ran
  kExitFailed = 1,        ///< tests failed or criteria not met; compare found a regression
  kExitUsage = 2,         ///< bad flags or an invalid test/suite file, unknown bench: nothing ran
  kExitInfra = 3,         ///< nothing could run (servers or providers unavailable, store unreadable)
  kExitInterrupted = 130  ///< stopped by SIGINT/SIGTERM; reports written and marked incomplete
};

}  // namespace ab
