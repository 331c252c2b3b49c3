// The subcommand table and dispatch: `main` parses argv and hands over here.
#pragma once

#include <string>
#include <vector>

namespace ab::cli {

/// Runs agent-bench with |args| (argv without the program name) and returns the exit code.
int RunApp(const std::vector<std::string>& args);

}  // namespace ab::cli
