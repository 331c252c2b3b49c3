// The built-in `cli` server type: no MCP process, just one tool `<prefix>_execute {args}` that runs the configured
// command with the model's arguments. Without `shell:` the arguments are split shell-style and passed to execvp
// directly, so the model cannot inject commands; with `shell:` they go through `<shell> -c`, which is as unsafe as
// it sounds and exists for compatibility with the reference tool.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mcp/server.h"
#include "mcp/subprocess.h"

namespace ab::mcp {

/// What one command run produced.
struct CommandOutcome {
  int exit_code = -1;
  std::string stdout_text;
  std::string stderr_text;
  bool truncated = false;
};

/// Runs |spec| with stdin closed, collecting output (each stream capped at |max_bytes|). kTimeout after |timeout|
/// (the whole process group is killed), kCancelled when |*cancel| becomes true.
[[nodiscard]] Result<CommandOutcome> RunCommand(const SpawnSpec& spec, Millis timeout, size_t max_bytes,
                                                const std::atomic<bool>* cancel = nullptr);

/// Builds the cli server for |server| (type "cli"); runs the help commands (10 s each) to describe the tool.
[[nodiscard]] Result<std::unique_ptr<ServerConnection>> MakeCliServer(const config::Server& server,
                                                                      const ConnectOptions& options);

}  // namespace ab::mcp
