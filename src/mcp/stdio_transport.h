// The stdio transport: the server is a child process speaking newline-delimited JSON on stdin/stdout. stderr is
// drained continuously (so a chatty server never blocks on a full pipe) and its last lines are kept for errors.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "mcp/subprocess.h"
#include "mcp/transport.h"

namespace ab::mcp {

struct StdioOptions {
  SpawnSpec spawn;
  std::string server_name;      ///< for log lines (errors are named by the client)
  Millis shutdown_grace{2000};  ///< per step of the close-stdin -> SIGTERM -> SIGKILL sequence
  /// Bounds a Send() that carries no deadline of its own (notifications, answers to the server's requests): small
  /// messages that only wait when the server has left a whole pipe buffer (64 KiB) unread.
  Millis write_timeout{10000};
  /// A longer stdout message is an error naming this limit: the message is dropped unbuffered and the server is
  /// treated as broken (every waiting and later call fails with that error).
  size_t max_line_bytes = size_t{64} << 20;
  /// The run's interrupt flag (may be null): a write in progress gives up when it flips, and Close() then skips
  /// the polite wait after closing stdin (SIGTERM at once, SIGKILL after the grace).
  const std::atomic<bool>* cancel = nullptr;
};

/// Spawns the process in Start(); Close() runs the shutdown sequence and joins the reader threads. Writes never
/// block past their deadline: a server that stops reading its input while a message is half written is treated
/// as broken (its pending and later calls fail with an error saying so, and its process group gets SIGTERM).
std::unique_ptr<Transport> MakeStdioTransport(StdioOptions options);

}  // namespace ab::mcp
