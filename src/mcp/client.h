// The MCP client: the initialize handshake, tools/list and tools/call on top of one Transport and the JSON-RPC
// core. It is the ServerConnection for stdio, legacy SSE and Streamable HTTP servers. Thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/json.h"
#include "mcp/jsonrpc.h"
#include "mcp/server.h"
#include "mcp/transport.h"

namespace ab::mcp {

/// Protocol version we ask for, and the ones we accept in the server's answer.
inline constexpr const char* kLatestProtocolVersion = "2025-11-25";
bool IsSupportedProtocolVersion(const std::string& version);

struct ClientOptions {
  std::string server_name;               ///< for messages
  std::string client_name = "agent-bench";
  std::string client_version = "0.1.0";
  std::vector<std::string> root_uris;    ///< file:// URIs answered to roots/list; non-empty advertises `roots`
  Json extra_capabilities = Json::object();  ///< merged into the initialize capabilities
  Millis handshake_timeout{30000};       ///< bounds Start + initialize (server_delay)
  Millis request_timeout{30000};         ///< tools/list and other internal requests
  Millis process_delay{0};               ///< sleep after starting the transport, only when > 0
  const std::atomic<bool>* cancel = nullptr;  ///< when it flips, Connect() stops waiting (kCancelled)
  long long max_result_bytes = 1 << 20;
  /// Answers server requests other than ping and roots/list (e.g. elicitation in the conformance client);
  /// when empty they get -32601.
  RpcPeer::RequestHandler extra_request_handler;
};

/// What the server said in its initialize answer.
struct ServerInfo {
  std::string protocol_version;
  Json capabilities = Json::object();
  Json server_info = Json::object();
  std::string instructions;
};

class McpClient : public ServerConnection {
 public:
  McpClient(std::unique_ptr<Transport> transport, ClientOptions options);
  ~McpClient() override;

  /// Starts the transport and runs initialize + notifications/initialized within handshake_timeout. Errors:
  /// kUnavailable (cannot start/reach the server), kTimeout, kProtocol (unsupported protocol version).
  [[nodiscard]] Status Connect();
  const ServerInfo& server_info() const { return info_; }
  /// The JSON-RPC endpoint, for callers that need methods beyond tools (the conformance client).
  RpcPeer& peer() { return *peer_; }
  /// Number of notifications/progress received so far (all calls).
  int progress_notifications() const { return progress_count_.load(); }

  const std::string& name() const override { return options_.server_name; }
  Result<std::vector<ToolInfo>> ListTools() override;
  uint64_t tools_changes() const override { return tools_changes_.load(); }
  uint64_t tools_listed_at() const override { return tools_listed_at_.load(); }
  Result<ToolResult> CallTool(const std::string& tool, const Json& arguments, Millis timeout,
                              const std::atomic<bool>* cancel = nullptr) override;
  Result<ToolResult> CallToolWithProgress(const std::string& tool, const Json& arguments, Millis timeout,
                                          const std::atomic<bool>* cancel, ToolProgress* progress) override;
  bool alive() const override;
  std::string StderrTail() const override;
  void Close() override;

 private:
  std::variant<Json, RpcFailure> OnServerRequest(const std::string& method, const Json& params);
  void OnNotification(const std::string& method, const Json& params);
  /// Adds a notifications/progress to the record of the call whose token it carries.
  void RecordProgress(const Json& params);
  Error Decorate(Error error) const;

  std::unique_ptr<Transport> transport_;
  std::unique_ptr<RpcPeer> peer_;
  ClientOptions options_;
  ServerInfo info_;
  std::mutex tools_mu_;  // serialises ListTools so a refresh runs once
  std::vector<ToolInfo> tools_;
  bool have_tools_ = false;
  std::atomic<bool> tools_stale_{false};
  std::atomic<uint64_t> tools_changes_{0};    // list_changed notifications received
  std::atomic<uint64_t> tools_listed_at_{0};  // tools_changes_ when tools_ was listed
  std::atomic<int> progress_count_{0};
  std::atomic<long long> next_progress_token_{1};
  std::mutex progress_mu_;
  std::map<std::string, ToolProgress*> progress_sinks_;  // progress token -> record of the call in flight
  std::atomic<bool> closed_{false};
};

/// Turns configured roots (paths or file:// URIs; relative paths against |base_dir|) into file:// URIs.
std::vector<std::string> RootUris(const std::vector<std::string>& roots, const std::string& base_dir);

}  // namespace ab::mcp
