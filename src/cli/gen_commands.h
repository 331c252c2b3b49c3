// The generator (-g) and explorer (-e) modes of `agent-bench [run]`.
#pragma once

#include <atomic>
#include <ostream>

#include "cli/flags.h"

namespace ab::cli {

/// Runs -g or -e (the one given; both is a usage error). Returns the process exit code.
int RunGenModes(const CliOptions& o, std::ostream& out, std::ostream& err, const std::atomic<bool>& cancel);

}  // namespace ab::cli
