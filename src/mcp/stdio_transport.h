// The stdio transport: the server is a child process speaking newline-delimited JSON on stdin/stdout. stderr is
// drained continuously (so a chatty server never blocks on a full pipe) and its last lines are kept for errors.
#pragma once

#include <memory>

#include "mcp/subprocess.h"
#include "mcp/transport.h"

namespace ab::mcp {

struct StdioOptions {
  SpawnSpec spawn;
  Millis shutdown_grace{2000};  ///< per step of the close-stdin -> SIGTERM -> SIGKILL sequence
  size_t max_line_bytes = size_t{512} << 20;  ///< longer stdout lines are dropped (protects memory)
};

/// Spawns the process in Start(); Close() runs the shutdown sequence and joins the reader threads.
std::unique_ptr<Transport> MakeStdioTransport(StdioOptions options);

}  // namespace ab::mcp
