// One connected MCP server, as the agent runtime uses it: list the tools, call them, close. Implementations
// (stdio, legacy SSE, Streamable HTTP, and the built-in `cli` server) are thread-safe: calls may come from
// several threads at once and are matched to their answers by JSON-RPC id.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/duration.h"
#include "base/json.h"
#include "base/result.h"
#include "base/transcript.h"
#include "config/model.h"
#include "mcp/sampling_types.h"

namespace ab::mcp {

struct ToolInfo {
  std::string name;
  std::string title;
  std::string description;
  Json input_schema = Json::object();
  Json output_schema;  ///< null when absent
  Json annotations;    ///< null when absent
  /// execution.taskSupport: "forbidden" (also when absent), "optional" or "required". A required tool can only
  /// be called as a task: McpClient does that (tasks/get polling); with tasks off it is not offered.
  std::string task_support = {};
  /// Set by a connection that calls required-task tools as tasks (McpClient with tasks on).
  bool called_as_task = false;
  /// A tool that cannot be offered: it needs the tasks protocol and the connection does not speak it.
  bool task_only() const { return task_support == "required" && !called_as_task; }
};

struct ConnectOptions {
  std::string base_dir;                  ///< relative cwd/paths resolve against this (the test file's directory)
  long long max_result_bytes = 1 << 20;  ///< larger tool results are truncated (recorded in ToolResult)
  std::string client_name = "agent-bench";
  const std::atomic<bool>* cancel = nullptr;  ///< the run's interrupt flag: ends the handshake and writes at once
  std::string trace_id;  ///< the run's W3C trace id for _meta.traceparent; empty: a fresh one per connection
  /// Answers sampling requests of servers with `sampling: {provider: NAME}` (the runner builds it over its shared
  /// providers); empty: such servers decline, saying the provider is not available to this command.
  ProviderSampleFn sample;
};

class ServerConnection {
 public:
  virtual ~ServerConnection() = default;
  virtual const std::string& name() const = 0;
  /// Every tool, all pages; refreshed after notifications/tools/list_changed.
  [[nodiscard]] virtual Result<std::vector<ToolInfo>> ListTools() = 0;
  /// How many notifications/tools/list_changed the server sent so far (0 for servers whose tools never change).
  virtual uint64_t tools_changes() const { return 0; }
  /// The tools_changes() count read just before the list ListTools() now returns was taken: a tool set built
  /// from that list is out of date once tools_changes() differs.
  virtual uint64_t tools_listed_at() const { return 0; }
  /// Calls a tool. A result with isError is a value (ToolResult::is_error). Errors:
  /// kRpcError (JSON-RPC error answer: message holds code and text), kTimeout (no answer within |timeout|;
  /// notifications/cancelled was sent), kCancelled (|cancel| became true), kUnavailable (the server died or the
  /// connection dropped; the message ends with the stderr tail), kParse/kProtocol (garbage on the wire).
  [[nodiscard]] virtual Result<ToolResult> CallTool(const std::string& tool, const Json& arguments, Millis timeout,
                                                    const std::atomic<bool>* cancel = nullptr) = 0;
  /// CallTool, recording the server's notifications/progress for this call into |progress| (when non-null).
  /// Servers without progress leave it empty.
  [[nodiscard]] virtual Result<ToolResult> CallToolWithProgress(const std::string& tool, const Json& arguments,
                                                                Millis timeout, const std::atomic<bool>* cancel,
                                                                ToolProgress* progress) {
    (void)progress;
    return CallTool(tool, arguments, timeout, cancel);
  }
  /// The protocol era and version the server speaks (empty for the built-in cli server).
  virtual ServerProtocol protocol() const { return ServerProtocol{name(), "", "", "", ""}; }
  /// Moves into |record| (exchanges, exchange_count) the elicitation and sampling requests the server made outside
  /// any recorded tool call since the previous take, and forgets them, so each test's record holds what happened
  /// since the previous test's was taken. Thread-safe. Servers that never ask leave |record| as it is.
  virtual void TakeExchanges(ServerProtocol* record) { (void)record; }
  /// False once the server process exited or the connection is gone for good.
  virtual bool alive() const = 0;
  /// The last lines the server wrote to stderr (stdio), for error messages.
  virtual std::string StderrTail() const = 0;
  /// Shuts down (stdio: close stdin, wait, SIGTERM, SIGKILL; HTTP: DELETE the session). Idempotent.
  virtual void Close() = 0;
};

/// Starts/connects |server| (already rendered: no templates left) and completes the initialize handshake
/// within server.server_delay (default 30s).
[[nodiscard]] Result<std::unique_ptr<ServerConnection>> Connect(const config::Server& server,
                                                                const ConnectOptions& options);

}  // namespace ab::mcp
