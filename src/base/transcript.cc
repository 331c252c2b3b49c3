#include "base/transcript.h"

#include "base/json_parse.h"

namespace ab {

Usage& Usage::operator+=(const Usage& o) {
  prompt_tokens += o.prompt_tokens;
  completion_tokens += o.completion_tokens;
  cached_tokens += o.cached_tokens;
  reasoning_tokens += o.reasoning_tokens;
  if (o.cost_usd) cost_usd = cost_usd.value_or(0.0) + *o.cost_usd;
  estimated = estimated || o.estimated;
  return *this;
}

const char* ToolCallStatusName(ToolCallStatus s) {
  switch (s) {
    case ToolCallStatus::kOk: return "ok";
    case ToolCallStatus::kToolError: return "tool_error";
    case ToolCallStatus::kRpcError: return "rpc_error";
    case ToolCallStatus::kTimeout: return "timeout";
    case ToolCallStatus::kTransport: return "transport_error";
    case ToolCallStatus::kNotOffered: return "not_offered";
    case ToolCallStatus::kBadArguments: return "bad_arguments";
  }
  return "unknown";
}

std::string ToolResult::Text() const {
  std::string out;
  bool first = true;
  for (const auto& c : content) {
    if (c.type != "text" && !(c.type == "resource" && !c.text.empty())) continue;
    if (!first) out += "\n";
    out += c.text;
    first = false;
  }
  return out;
}

Json ToolResult::AsJson() const {
  if (!structured.is_null()) return structured;
  std::string text = Text();
  if (text.empty()) return nullptr;
  Json parsed = ParseJsonOrDiscarded(text);
  if (parsed.is_discarded()) return nullptr;
  return parsed;
}

std::optional<double> TranscriptCost(const Transcript& t) {
  double total = 0;
  bool answered = false;
  int priced = 0, unpriced = 0;
  for (const LlmTurn& turn : t.turns) {
    if (!turn.error.empty()) continue;
    answered = true;
    if (turn.usage.cost_usd) {
      ++priced;
      total += *turn.usage.cost_usd;
    } else {
      ++unpriced;
    }
  }
  if (answered && unpriced > 0) {
    // No turn carries a price but the whole does: a transcript whose turns were recorded without their cost.
    if (priced == 0 && t.usage.cost_usd) return t.usage.cost_usd;
    return std::nullopt;
  }
  if (!answered) {
    // No turn recorded but tokens counted (a transcript read back from a report): priced or not by its total.
    if (t.usage.cost_usd) return t.usage.cost_usd;
    if (t.usage.total() > 0) return std::nullopt;
    return 0.0;
  }
  return total;
}

}  // namespace ab

namespace ab {

Usage SamplingUsage(const Transcript& t) {
  Usage total;
  bool priced = true;
  auto add = [&](const std::vector<ServerExchange>& exchanges) {
    for (const ServerExchange& e : exchanges) {
      if (e.method != "sampling/createMessage" || e.action != "answered") continue;
      if (!e.usage.cost_usd) priced = false;
      total += e.usage;
    }
  };
  for (const ToolCall& call : t.tool_calls) add(call.progress.exchanges);
  for (const ServerProtocol& server : t.servers) add(server.exchanges);  // asked outside tool calls
  // A partial sum would understate, as in TranscriptCost.
  if (!priced) total.cost_usd.reset();
  return total;
}

}  // namespace ab
