// The subcommand table and dispatch: `main` parses argv and hands over here.
#pragma once

#include <string>
#include <vector>

namespace ab::cli {

/// Runs agent-bench with |args| (argv without the program name) and returns the exit code. For `main` only: for
/// commands that start MCP servers it makes the process a child subreaper, installs SIGINT/SIGTERM handlers with
/// a forced-exit watchdog, and ends every descendant process before returning.
int RunApp(const std::vector<std::string>& args);

}  // namespace ab::cli
