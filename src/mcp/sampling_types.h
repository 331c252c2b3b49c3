// The neutral sampling request and reply, and the function type that answers one: what the runner builds over a
// provider and the MCP client calls. Header-only (part of ab::mcp_interface), so mcp/server.h can carry a sampler
// without the agent layer linking the MCP transports.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/transcript.h"

namespace ab::mcp {

/// One message of a sampling request, text only.
struct SamplingMessage {
  std::string role;  ///< user or assistant
  std::string text;
};

/// A sampling/createMessage request as the model is asked it, within SamplingLimits.
struct SamplingRequest {
  std::string system_prompt;
  std::vector<SamplingMessage> messages;
  int max_tokens = 0;  ///< what the server asked, capped by SamplingLimits::max_tokens
  std::optional<double> temperature;
};

/// What the model answered.
struct SamplingReply {
  std::string text;
  std::string model;        ///< the model the vendor says answered
  std::string stop_reason;  ///< normalized as llm::ChatResponse::stop_reason: stop, length, tool_calls, ...
  Usage usage;
  double latency_ms = 0;
};

/// Asks a model. |deadline| is inside the tool call's own; |cancel| (may be null) is the run's interrupt or the
/// call's cancel flag. Built by the runner; errors are sentences naming the provider.
using SampleFn = std::function<Result<SamplingReply>(
    const SamplingRequest& request, std::chrono::steady_clock::time_point deadline, const std::atomic<bool>* cancel)>;

/// A SampleFn for any provider named in a test file: ConnectOptions carries one (the runner's), and Connect binds
/// it to the server's `sampling: {provider}`.
using ProviderSampleFn = std::function<Result<SamplingReply>(
    const std::string& provider, const SamplingRequest& request, std::chrono::steady_clock::time_point deadline,
    const std::atomic<bool>* cancel)>;

}  // namespace ab::mcp
