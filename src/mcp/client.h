// The MCP client: the initialize handshake, tools/list and tools/call on top of one Transport and the JSON-RPC
// core. It is the ServerConnection for stdio, legacy SSE and Streamable HTTP servers. Thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "mcp/header_params.h"
#include "mcp/jsonrpc.h"
#include "mcp/sampling.h"
#include "mcp/server.h"
#include "mcp/subscription.h"
#include "mcp/transport.h"

namespace ab::mcp {

/// The newest handshake-based ("legacy") protocol version we ask initialize for, and the ones we accept in the
/// server's answer.
inline constexpr const char* kLatestProtocolVersion = "2025-11-25";
bool IsSupportedProtocolVersion(const std::string& version);
/// The stateless ("modern") revision: no initialize, every request carries version, capabilities and client info
/// in _meta.
inline constexpr const char* kModernProtocolVersion = "2026-07-28";
bool IsModernProtocolVersion(const std::string& version);
/// Every protocol version agent-bench speaks, newest first (what a `protocol:` setting may name).
const std::vector<std::string>& KnownProtocolVersions();

/// Which era each server speaks, learned once per server (stdio command line, HTTP URL) for the life of the
/// process, so later connections skip the server/discover probe. Thread-safe.
std::string CachedProtocolVersion(const std::string& key);
void CacheProtocolVersion(const std::string& key, const std::string& version);
void ForgetProtocolVersion(const std::string& key);

/// A fresh W3C trace id (32 lower-case hex digits, never all zero).
std::string NewTraceId();

struct ClientOptions {
  std::string server_name;  ///< for messages
  std::string client_name = "agent-bench";
  std::string client_version = "0.1.0";
  std::vector<std::string> root_uris;         ///< file:// URIs answered to roots/list; non-empty advertises `roots`
  Json extra_capabilities = Json::object();   ///< merged into the initialize capabilities
  Millis handshake_timeout{30000};            ///< bounds Start + initialize (server_delay)
  Millis request_timeout{30000};              ///< tools/list and other internal requests
  Millis process_delay{0};                    ///< sleep after starting the transport, only when > 0
  const std::atomic<bool>* cancel = nullptr;  ///< when it flips, Connect() stops waiting (kCancelled)
  long long max_result_bytes = 1 << 20;
  /// Answers server requests other than ping and roots/list (e.g. elicitation in the conformance client);
  /// when empty they get -32601.
  RpcPeer::RequestHandler extra_request_handler;
  /// "auto" (or empty): probe the server (server/discover, falling back to initialize); else the version to speak.
  std::string protocol = "auto";
  /// Identifies the server in the era cache; empty: probe every time.
  std::string era_cache_key;
  /// The legacy HTTP+SSE transport predates 2026-07-28: no probe, straight to initialize.
  bool legacy_transport = false;
  /// Bounds the server/discover probe (within handshake_timeout): a legacy stdio server that ignores unknown
  /// requests costs this much once, then the era is cached.
  Millis probe_timeout{10000};
  /// W3C trace id carried in every request's _meta.traceparent (linking the server's spans to the run's trace);
  /// empty: a fresh one per connection.
  std::string trace_id;
  /// Multi-round-trip requests: how many input_required answers one call may get before it fails.
  int max_input_rounds = 8;
  /// Call taskSupport:"required" tools as tasks (tasks/get polling). False: ListTools hides them.
  bool tasks = true;
  /// The answer to elicitation/create, in both eras (server-to-client request, or an inputRequests entry):
  /// "decline", "cancel", "accept_defaults" (the requested schema's `default`s) or "accept" (elicitation_values
  /// over the defaults). An extra_request_handler, when set, answers instead.
  std::string elicitation = "decline";
  Json elicitation_values = Json::object();
  /// The answer to sampling/createMessage: "decline" (JSON-RPC error -1, "User rejected sampling request"; left
  /// out of a multi-round-trip retry's inputResponses) or "provider": |sampler| asks sampling_provider's model
  /// (mcp/sampling.h), and only then is the `sampling` capability advertised.
  std::string sampling = "decline";
  std::string sampling_provider;
  SampleFn sampler;
  SamplingLimits sampling_limits;
  /// Replaces "forced" in ServerInfo::how when |protocol| was set by a restart (see Connect in connect.cc).
  std::string negotiation_note;
  /// How the connection is authorized (OAuth), asked each time protocol() is read; empty: not recorded.
  std::function<ServerAuth()> auth_record;
  /// 2026-07-28: the subscriptions/listen subscription that carries tools/list_changed (see subscription.h).
  ListenOptions listen;
};

/// What the server said in its initialize answer.
struct ServerInfo {
  std::string era;  ///< "modern" (2026-07-28, stateless) or "legacy" (initialize handshake)
  std::string protocol_version;
  std::string how;  ///< how the era was found: discover, initialize-fallback, cached, forced
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
  /// True when the server/discover probe ended the server process (a legacy stdio server that exits on unknown
  /// requests): the caller may start it again and go straight to initialize.
  bool probe_ended_process() const { return probe_ended_process_; }
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
  ServerProtocol protocol() const override;
  void TakeExchanges(ServerProtocol* record) override;
  std::string StderrTail() const override;
  void Close() override;

 private:
  /// Finds the server's era: server/discover (modern) or initialize (legacy), per options_.protocol.
  Status Handshake(std::chrono::steady_clock::time_point deadline);
  Status Initialize(const std::string& version, Millis timeout);
  /// server/discover with |version|: the version to speak, or nullopt when the answer says the server is legacy.
  Result<std::optional<std::string>> Discover(const std::string& version, Millis timeout);
  /// The per-request _meta of the modern era (traceparent in both eras).
  Json RequestMeta();
  Json ClientCapabilities() const;
  /// Sends |method| in the negotiated era: modern requests carry _meta and are re-sent once with a supported
  /// version after -32022. Returns the result object.
  Result<Json> Request(const std::string& method, Json params, Millis timeout, const std::atomic<bool>* cancel);
  /// tools/call with multi-round-trip input (resultType input_required) and tasks.
  Result<Json> CallWithInput(const std::string& tool, Json params, Millis timeout, const std::atomic<bool>* cancel);
  Result<Json> RunTask(const Json& created, const std::atomic<bool>* cancel,
                       std::chrono::steady_clock::time_point deadline);
  /// Answers for an InputRequests map of the call with progress token |token|, from the same policy as
  /// server-to-client requests.
  Json InputResponses(const Json& input_requests, const std::string& token);
  /// Answers elicitation/create or sampling/createMessage (mcp/sampling.h) and records the exchange on the call
  /// with progress token |token|; empty token: the one call in flight, if exactly one. An exchange no call records
  /// (none or several in flight, a call without a record, a call that ended before the answer) goes on the
  /// connection's list, which TakeExchanges hands out.
  std::variant<Json, RpcFailure> AnswerExchange(const std::string& method, const Json& params, const std::string& via,
                                                std::string token);
  std::vector<std::pair<std::string, std::string>> HeadersFor(const Json& message);
  std::variant<Json, RpcFailure> OnServerRequest(const std::string& method, const Json& params);
  void OnNotification(const std::string& method, const Json& params);
  /// After the handshake: opens the listen subscription when a 2026-07-28 server offers tools.listChanged.
  void StartListen();
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
  struct CallInFlight {
    ToolProgress* record = nullptr;  // may be null: exchanges are answered, not recorded
    std::chrono::steady_clock::time_point deadline;
    const std::atomic<bool>* cancel = nullptr;
    int exchanges = 0;  // answered so far (bounded by ToolProgress::kMaxExchanges)
  };
  std::map<std::string, CallInFlight> calls_;  // progress token -> tool call in flight, under progress_mu_
  int loose_exchanges_ = 0;                    // answered outside any one call since the last take, under progress_mu_
  ServerProtocol loose_record_;                // exchanges no call recorded, until taken; under progress_mu_
  ExchangePolicy exchange_policy_;
  std::atomic<bool> closed_{false};
  bool probe_ended_process_ = false;
  std::string trace_id_;
  mutable std::mutex version_mu_;  // guards info_.protocol_version, which a -32022 may change mid-run
  std::mutex headers_mu_;
  std::map<std::string, std::vector<HeaderParam>> header_params_;  // tool -> its x-mcp-header parameters
  std::map<std::string, std::string> task_support_;                // tool -> execution.taskSupport
  // Declared after peer_: destroyed (and closed) before it. Created with the client, started after the handshake.
  std::unique_ptr<ListenSubscription> listen_;
};

/// Turns configured roots (paths or file:// URIs; relative paths against |base_dir|) into file:// URIs.
std::vector<std::string> RootUris(const std::vector<std::string>& roots, const std::string& base_dir);

}  // namespace ab::mcp
