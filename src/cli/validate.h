// `agent-bench validate`: tells each file's kind by its keys (config/file_kind.h) and checks it as that kind:
// test files and suites as `run` would (runner::ValidateCommand), bench configs as `bench` would, mock LLM
// scripts as the mock provider would.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "runner/commands.h"

namespace ab::cli {

/// Validates every file of |paths|; exit code 0 when all are valid, 2 otherwise.
int ValidateFiles(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err,
                  const runner::ValidateOptions& options);

}  // namespace ab::cli
