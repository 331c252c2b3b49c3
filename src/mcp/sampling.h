// How agent-bench answers what a server asks of the client during a call (elicitation/create and
// sampling/createMessage), in both eras, and the record of each exchange. The MCP client knows no model: a
// sampling request is read into a neutral SamplingRequest, bounded here, and handed to a SampleFn the runner
// builds over a provider (runner/sampler.cc), so mcp and llm never see each other.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/json.h"
#include "base/result.h"
#include "base/transcript.h"
#include "mcp/jsonrpc.h"
#include "mcp/sampling_types.h"

namespace ab::mcp {

/// Caps on what a server may make the model read and write: a server controls the messages and maxTokens.
struct SamplingLimits {
  size_t max_messages = 64;
  size_t max_message_bytes = 64 * 1024;  ///< per message text (and the system prompt)
  size_t max_total_bytes = 256 * 1024;   ///< all texts together
  int max_tokens = 4096;                 ///< cap on the maxTokens asked for (`sampling: {max_tokens}`)
};

/// The policy one server is answered by (ClientOptions carries it).
struct ExchangePolicy {
  std::string elicitation = "decline";  ///< decline, cancel, accept_defaults, accept
  Json elicitation_values = Json::object();
  std::string sampling = "decline";  ///< decline, provider
  std::string sampling_provider;     ///< for the record and messages
  SampleFn sample;                   ///< set with sampling "provider"
  SamplingLimits limits;
};

/// Where an exchange happens: the tool call in flight it belongs to (record null: outside a call), the time the
/// answer must be ready by, and the flag that stops it.
struct ExchangeScope {
  std::chrono::steady_clock::time_point deadline;
  const std::atomic<bool>* cancel = nullptr;
  std::string via = "request";  ///< "request" (server-to-client request) or "input_required" (2026-07-28)
  /// Set when the per-call (or per-connection) bound on answered requests is reached: sampling is refused.
  std::string over_limit;
};

/// Reads a sampling/createMessage's params into a SamplingRequest within |limits|. Refused (-32602, with a
/// sentence): no messages, a role other than user/assistant, content other than text (image, audio, tool_use,
/// tool_result), `tools` in the request (agent-bench does not declare sampling.tools), a limit exceeded.
std::variant<SamplingRequest, RpcFailure> ReadSamplingRequest(const Json& params, const SamplingLimits& limits);

/// The CreateMessageResult for |reply|: role assistant, one text content block, model, stopReason (endTurn,
/// maxTokens, toolUse, or the normalized reason as is).
Json CreateMessageResult(const SamplingReply& reply);

/// The elicitation/create answer |policy| gives (decline, cancel, accept with the schema's defaults and the
/// configured values; URL mode: accept without content).
Json ElicitationAnswerFor(const ExchangePolicy& policy, const Json& params);

/// Answers an elicitation/create or sampling/createMessage under |policy| and |scope|, and fills |record| (may be
/// null) with what was asked and answered. Sampling errors are JSON-RPC errors: -1 (declined by policy),
/// -32602 (refused request), -32603 (the model failed or there was no time left).
std::variant<Json, RpcFailure> AnswerExchange(const std::string& method, const Json& params,
                                              const ExchangePolicy& policy, const ExchangeScope& scope,
                                              ServerExchange* record);

}  // namespace ab::mcp
