// The neutral record of one agent running one test: what was said, which tools were called with what, what came
// back, how long it took and what it cost. The agent loop writes it; assertions and reports only read it.
// Plain data, no behaviour, no vendor JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/error_kind.h"
#include "base/json.h"
#include "base/shared_json.h"

namespace ab {

/// Token counts as the vendor reports them. prompt_tokens includes cached_tokens;
/// completion_tokens includes reasoning_tokens (see docs/providers for each vendor's mapping).
struct Usage {
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  int64_t cached_tokens = 0;
  int64_t reasoning_tokens = 0;
  int64_t total() const { return prompt_tokens + completion_tokens; }
  /// Cost in US dollars; empty when the model has no known price (never a silent 0).
  std::optional<double> cost_usd;
  bool estimated = false;  ///< true when the vendor gave no usage and counts were estimated

  Usage& operator+=(const Usage& o);
};

/// One item of an MCP tool result, kept whole.
struct ContentBlock {
  std::string type;       ///< text, image, audio, resource_link, resource
  std::string text;       ///< text, or an embedded text resource
  std::string mime_type;  ///< image/audio/resource
  std::string data;       ///< base64 payload of image/audio/blob resources
  std::string uri;        ///< resource_link / resource
  std::string name;       ///< resource_link
  Json raw;               ///< the item exactly as the server sent it
};

/// What a tool call returned. A JSON-RPC error or a transport failure is not a ToolResult: see ToolCall::error.
struct ToolResult {
  std::vector<ContentBlock> content;
  Json structured;         ///< structuredContent, null when absent
  bool is_error = false;   ///< the server's isError flag
  bool truncated = false;  ///< content was cut to the configured size limit
  /// All text items joined with "\n": what extractors and text assertions read.
  std::string Text() const;
  /// structuredContent if present, else the text parsed as JSON, else null.
  Json AsJson() const;
};

enum class ToolCallStatus {
  kOk,            ///< result received, isError false
  kToolError,     ///< result received with isError true
  kRpcError,      ///< the server answered with a JSON-RPC error
  kTimeout,       ///< no answer within tool_timeout (cancellation sent)
  kTransport,     ///< the server died, the connection dropped, garbage on the wire
  kNotOffered,    ///< the model called a tool the agent was not offered: not executed ("hallucinated")
  kBadArguments,  ///< the model's arguments were not valid JSON: not executed
};
const char* ToolCallStatusName(ToolCallStatus s);

/// One notifications/progress the server sent about a tool call.
struct ProgressUpdate {
  double progress = 0;
  std::optional<double> total;
  std::string message;  ///< cut to 500 bytes
  int64_t at_ms = 0;    ///< wall clock
};

/// A request a server made of agent-bench (elicitation/create, sampling/createMessage) and what it was answered.
struct ServerExchange {
  std::string method;  ///< elicitation/create, sampling/createMessage
  std::string via;     ///< "request" (a 2025-11-25 server-to-client request) or "input_required" (2026-07-28)
  int64_t at_ms = 0;   ///< wall clock when the request arrived
  /// What was asked: elicitation message, mode and requestedSchema; sampling systemPrompt, messages, maxTokens.
  /// Redacted, every string cut to 2 000 bytes, at most 16 messages kept.
  Json asked = Json::object();
  /// What agent-bench answered: accept, decline or cancel (elicitation); answered, declined or error (sampling).
  std::string action;
  Json content;       ///< elicitation: the accepted content sent (redacted); null otherwise
  std::string error;  ///< why the request was declined or failed
  // Sampling answered by a provider's model:
  std::string provider;
  std::string model;        ///< the model the vendor says answered
  std::string text;         ///< the answer sent, cut to 2 000 bytes
  std::string stop_reason;  ///< as sent: endTurn, maxTokens, ...
  Usage usage;              ///< counted in the test's samplingTokens, never in the agent's own tokens
  double latency_ms = 0;
};

/// What a server sent about one call while it ran: progress notifications (every one counted, the first
/// kMaxUpdates kept) and the requests it made of the client (the first kMaxExchanges kept).
struct ToolProgress {
  static constexpr size_t kMaxUpdates = 100;
  static constexpr size_t kMaxExchanges = 32;
  int count = 0;
  std::vector<ProgressUpdate> updates;    ///< the first kMaxUpdates, in arrival order
  std::optional<ProgressUpdate> last;     ///< the latest, kept even past the bound
  std::vector<ServerExchange> exchanges;  ///< elicitation and sampling requests, in arrival order
  int exchange_count = 0;                 ///< every one, kept or not
};

struct ToolCall {
  std::string id;  ///< the model's call id
  std::string name;
  std::string server;  ///< owning server, "" when not offered
  Json arguments = Json::object();
  std::string arguments_raw;  ///< exactly what the model sent
  ToolCallStatus status = ToolCallStatus::kOk;
  std::optional<ToolResult> result;
  std::string error;       ///< message for every status but kOk/kToolError
  int iteration = 0;       ///< 1-based LLM turn that asked for the call
  int64_t started_ms = 0;  ///< wall clock, ms since the Unix epoch
  double duration_ms = 0;
  ToolProgress progress;  ///< notifications/progress received for this call
};

/// One request/response with the model.
struct LlmTurn {
  int iteration = 0;
  int64_t started_ms = 0;
  double latency_ms = 0;  ///< time on the wire and in the model, excluding rate-limit waits
  double wait_ms = 0;     ///< time spent waiting on rate limits and retry backoff
  int retries = 0;
  int rate_limit_hits = 0;  ///< 429 answers received during this turn
  Usage usage;
  std::string stop_reason;
  std::string text;  ///< the assistant text of this turn
  int tool_calls = 0;
  std::string error;  ///< non-empty when the turn failed
};

/// A message of the conversation as the reports show it.
struct TranscriptMessage {
  std::string role;  ///< system, user, assistant, tool
  std::string content;
  int64_t timestamp_ms = 0;
  std::string tool_name;  ///< for role "tool"
};

/// Why something went wrong, for reports and no_error_messages.
struct TranscriptError {
  ErrorKind kind = ErrorKind::kNone;  ///< IsInfrastructure(kind) makes the test's status `error`
  std::string message;
  int iteration = 0;
  /// The kind as reports and the JSON schema spell it ("llm", "max_iterations", ...; "" for kNone).
  std::string KindName() const { return std::string(ToString(kind)); }
};

struct Clarification {
  int count = 0;
  std::vector<int> iterations;
  std::vector<std::string> examples;  ///< at most 3, each cut to 200 bytes
  /// Who judged answers beyond the patterns: "judge provider 'p'", "judge KEY, calibration ID (kappa 0.80 >= 0.60)",
  /// or "patterns only: <why the judge is not used>"; empty when no judge is configured.
  std::string judge;
};

struct RateLimitStats {
  int throttle_count = 0;  ///< requests delayed by the proactive limiter
  double throttle_wait_ms = 0;
  int rate_limit_hits = 0;  ///< 429 answers
  int retry_count = 0;
  double retry_wait_ms = 0;
  int retry_success_count = 0;
};

/// A server announced a new tool list (notifications/tools/list_changed) and the tools offered to the model
/// changed before model turn |iteration|.
struct ToolListChange {
  int iteration = 0;  ///< the turn that was first offered the new list
  int64_t at_ms = 0;  ///< wall clock when the list was taken
  std::string server;
  std::vector<std::string> added;    ///< now offered
  std::vector<std::string> removed;  ///< no longer offered
  std::vector<std::string> notes;    ///< e.g. a new tool hidden by another server's tool of the same name
  std::string error;                 ///< listing the new tools failed: the old ones stay offered
};

/// How agent-bench authorized itself to one MCP server over OAuth: names of flows and methods only, never a
/// token, secret, code or key. Empty for a server without `auth: {oauth: ...}` (or one that never asked).
struct ServerAuth {
  std::string grant;               ///< what obtained the token in use: authorization_code+PKCE, client_credentials,
                                   ///< refresh_token, token cache
  std::string client_identity;     ///< pre-registered client, client ID metadata document, dynamic client registration,
                                   ///< cached client
  std::string client_auth;         ///< token endpoint authentication: none, client_secret_basic, client_secret_post,
                                   ///< private_key_jwt
  std::vector<std::string> flows;  ///< every step, in order (metadata found, registration, grants, step-ups)
  bool empty() const { return grant.empty() && client_identity.empty() && flows.empty(); }
};

/// Which MCP protocol a server spoke in a test: the era and version found at connect time; and what the server
/// asked of agent-bench during the test outside any recorded tool call.
struct ServerProtocol {
  static constexpr size_t kMaxExchanges = ToolProgress::kMaxExchanges;
  std::string server;            ///< configured name
  std::string era;               ///< "modern" (2026-07-28, stateless), "legacy" (initialize), "" (built-in cli)
  std::string protocol_version;  ///< e.g. 2026-07-28, 2025-11-25
  std::string how;               ///< discover, initialize-fallback, cached, forced
  std::string implementation;    ///< the server's own name and version, e.g. "mcp-servers/everything 2.0.0"
  ServerAuth oauth = {};         ///< how the connection was authorized (HTTP servers with OAuth)
  /// 2026-07-28 subscriptions/listen: "acknowledged {toolsListChanged}", "refused: <reason>", "not offered",
  /// "given up: ..." (see mcp/subscription.h); empty for servers of older eras.
  std::string subscription = {};
  /// Elicitation and sampling requests made outside any recorded tool call since the previous test's record was
  /// taken (during the handshake, between calls, or while several calls were in flight so none could be named),
  /// in arrival order, the first kMaxExchanges kept. Redacted and cut as ToolProgress::exchanges.
  std::vector<ServerExchange> exchanges = {};
  int exchange_count = 0;  ///< every one, kept or not
};

/// Everything one agent did for one test.
struct Transcript {
  std::string prompt;  ///< rendered prompt of this test
  /// The messages added to the session's conversation during this test, preceded by any context not carried by
  /// an earlier test of the session (the system prompt, for the first test). Concatenating the messages of a
  /// session's tests in order gives the whole conversation; each message is carried once (linear size).
  std::vector<TranscriptMessage> messages;
  size_t first_message_of_test = 0;  ///< index in |messages| where this test's own part starts
  std::vector<LlmTurn> turns;
  std::vector<ToolCall> tool_calls;
  std::vector<TranscriptError> errors;
  std::string final_output;   ///< the agent's answer text produced in this test
  bool final_answer = false;  ///< the loop ended with an answer (not max_iterations/error/timeout)
  int iterations = 0;
  Usage usage;            ///< sum over turns
  double latency_ms = 0;  ///< wall time of the whole test
  double llm_ms = 0;      ///< sum of turn latencies
  double tool_ms = 0;     ///< sum of tool call durations
  double wait_ms = 0;     ///< sum of rate-limit waits
  int64_t started_ms = 0;
  int64_t ended_ms = 0;
  std::vector<std::string> available_tools;       ///< names offered to the model (at any turn of the test)
  std::vector<ToolListChange> tool_list_changes;  ///< tool lists a server changed during the test
  std::vector<ServerProtocol> servers;            ///< the protocol each of the agent's MCP servers spoke
  SharedJson tool_schemas;  ///< name -> input schema of the offered tools (shared by a tool set's tests)
  Clarification clarification;
  bool clarification_enabled = false;
  RateLimitStats rate_limits;  ///< this test's own figures
  bool timed_out = false;      ///< the per-test timeout fired
};

/// What a run cost, by one rule for plain reports, the history and benches: the sum over the model calls that were
/// answered; 0 (known) when no call was answered (the run errored before reaching the model, or a failed call is
/// not billed); nullopt only when an answered call has no price, since a partial sum would understate.
std::optional<double> TranscriptCost(const Transcript& t);

/// What the sampling requests servers made during the test (in its tool calls and outside them) cost (tokens and, when
/// every answer has a price, dollars): kept apart from |usage|, which is the agent's own model only.
Usage SamplingUsage(const Transcript& t);

}  // namespace ab
