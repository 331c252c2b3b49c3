#include "mcp/sampling.h"

#include <algorithm>

#include "base/json_dump.h"
#include "base/redact.h"
#include "base/strings.h"
#include "base/time.h"

namespace ab::mcp {
namespace {

constexpr size_t kRecordedTextBytes = 2000;  // each string kept in a transcript record
constexpr size_t kRecordedMessages = 16;
constexpr size_t kRecordedSchemaBytes = 8000;
constexpr size_t kRecordedAskedBytes = 16000;
// Time kept back from the call's deadline so the answer still reaches the server before the call gives up.
constexpr Millis kAnswerMargin{250};

std::string Cut(const std::string& text) { return Redact(Truncate(text, kRecordedTextBytes)); }

// A JSON value for the record: strings redacted and cut, containers capped by their serialized size.
Json RecordedJson(const Json& value, size_t depth = 0) {
  if (value.is_string()) return Cut(value.get_ref<const std::string&>());
  if (depth > 16) return "…";
  if (value.is_object()) {
    Json out = Json::object();
    size_t n = 0;
    for (const auto& [key, item] : value.items()) {
      if (++n > 64) break;
      out[Truncate(key, 200)] = RecordedJson(item, depth + 1);
    }
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& item : value) {
      if (out.size() >= 64) break;
      out.push_back(RecordedJson(item, depth + 1));
    }
    return out;
  }
  return value;
}

RpcFailure Refuse(std::string why) { return RpcFailure{kInvalidParams, std::move(why), Json()}; }

// The text of one sampling message's content: a single block or (2025-11-25) an array of blocks, text only.
std::variant<std::string, RpcFailure> ContentText(const Json& content, size_t index) {
  const std::string where = "sampling message " + std::to_string(index + 1);
  std::vector<const Json*> blocks;
  if (content.is_object()) {
    blocks.push_back(&content);
  } else if (content.is_array()) {
    for (const Json& block : content) blocks.push_back(&block);
  } else {
    return Refuse(where + " has no content object");
  }
  std::string text;
  for (const Json* block : blocks) {
    const std::string type = block->is_object() ? block->value("type", "") : "";
    if (type != "text") {
      return Refuse("agent-bench answers sampling requests with text only: " + where + " has content of type '" +
                    Truncate(type, 40) + "'");
    }
    auto it = block->find("text");
    if (it == block->end() || !it->is_string()) return Refuse(where + " has a text block without text");
    if (!text.empty()) text += "\n";
    text += it->get_ref<const std::string&>();
  }
  return text;
}

std::string StopReason(const std::string& normalized) {
  if (normalized == "stop" || normalized.empty()) return "endTurn";
  if (normalized == "length") return "maxTokens";
  if (normalized == "tool_calls") return "toolUse";
  return normalized;
}

Json AskedSampling(const Json& params) {
  Json asked = Json::object();
  if (!params.is_object()) return asked;
  if (auto it = params.find("systemPrompt"); it != params.end() && it->is_string()) {
    asked["systemPrompt"] = Cut(it->get_ref<const std::string&>());
  }
  if (auto it = params.find("messages"); it != params.end() && it->is_array()) {
    Json messages = Json::array();
    for (const Json& m : *it) {
      if (messages.size() >= kRecordedMessages) break;
      messages.push_back(RecordedJson(m));
    }
    asked["messages"] = std::move(messages);
    asked["messageCount"] = it->size();
  }
  for (const char* key : {"maxTokens", "temperature", "includeContext", "modelPreferences", "stopSequences"}) {
    if (auto it = params.find(key); it != params.end()) asked[key] = RecordedJson(*it);
  }
  if (params.contains("tools")) asked["tools"] = true;
  // Up to 16 messages of 64 blocks each would still be megabytes per exchange: past a total size the record keeps
  // only the counts and the system prompt.
  if (DumpJson(asked).size() > kRecordedAskedBytes) {
    for (const char* key : {"messages", "modelPreferences", "stopSequences"}) asked.erase(key);
    asked["omitted"] = "what was asked is over " + std::to_string(kRecordedAskedBytes) + " bytes; messages not kept";
  }
  return asked;
}

Json AskedElicitation(const Json& params) {
  Json asked = Json::object();
  if (!params.is_object()) return asked;
  for (const char* key : {"message", "mode", "url"}) {
    if (auto it = params.find(key); it != params.end() && it->is_string()) {
      asked[key] = Cut(it->get_ref<const std::string&>());
    }
  }
  if (auto it = params.find("requestedSchema"); it != params.end()) {
    Json schema = RecordedJson(*it);
    // A schema too big to keep is replaced by a note: the record must stay small.
    asked["requestedSchema"] =
        DumpJson(schema).size() > kRecordedSchemaBytes ? Json("(schema over 8000 bytes)") : schema;
  }
  return asked;
}

std::variant<Json, RpcFailure> AnswerSampling(const Json& params, const ExchangePolicy& policy,
                                              const ExchangeScope& scope, ServerExchange* record) {
  auto fail = [&](RpcFailure failure, const char* action) -> std::variant<Json, RpcFailure> {
    if (record) {
      record->action = action;
      record->error = Redact(Truncate(failure.message, kRecordedTextBytes));
    }
    return failure;
  };
  if (policy.sampling != "provider") {
    // The MCP spec's code for a user who rejects a sampling request.
    return fail(RpcFailure{-1, "User rejected sampling request (agent-bench `sampling: decline`)", Json()}, "declined");
  }
  if (record) record->provider = policy.sampling_provider;
  if (!policy.sample) {
    return fail(RpcFailure{-1,
                           "User rejected sampling request (provider '" + policy.sampling_provider +
                               "' is not available to this command)",
                           Json()},
                "declined");
  }
  if (!scope.over_limit.empty()) return fail(RpcFailure{-1, scope.over_limit, Json()}, "declined");
  auto read = ReadSamplingRequest(params, policy.limits);
  if (auto* refused = std::get_if<RpcFailure>(&read)) return fail(*refused, "error");
  const SamplingRequest& request = std::get<SamplingRequest>(read);
  const auto now = std::chrono::steady_clock::now();
  if (scope.deadline - now <= kAnswerMargin * 2) {
    return fail(
        RpcFailure{kInternalError,
                   "no time left to ask provider '" + policy.sampling_provider + "' before the tool call's deadline",
                   Json()},
        "error");
  }
  if (scope.cancel && scope.cancel->load()) {
    return fail(RpcFailure{kInternalError, "sampling cancelled: the run was interrupted", Json()}, "error");
  }
  const auto started = std::chrono::steady_clock::now();
  auto reply = policy.sample(request, scope.deadline - kAnswerMargin, scope.cancel);
  if (!reply) {
    return fail(RpcFailure{kInternalError,
                           "sampling with provider '" + policy.sampling_provider +
                               "' failed: " + Redact(Truncate(reply.error().message, 1000)),
                           Json()},
                "error");
  }
  if (record) {
    record->action = "answered";
    record->model = reply->model;
    record->text = Cut(reply->text);
    record->stop_reason = StopReason(reply->stop_reason);
    record->usage = reply->usage;
    record->latency_ms =
        reply->latency_ms > 0
            ? reply->latency_ms
            : std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  }
  return CreateMessageResult(*reply);
}

}  // namespace

std::variant<SamplingRequest, RpcFailure> ReadSamplingRequest(const Json& params, const SamplingLimits& limits) {
  if (!params.is_object()) return Refuse("sampling/createMessage params must be an object");
  if (params.contains("tools") && !params["tools"].is_null()) {
    return Refuse("agent-bench does not answer sampling requests with tools (it does not declare sampling.tools)");
  }
  SamplingRequest request;
  size_t total = 0;
  if (auto it = params.find("systemPrompt"); it != params.end() && it->is_string()) {
    request.system_prompt = it->get<std::string>();
    if (request.system_prompt.size() > limits.max_message_bytes) {
      return Refuse("the sampling systemPrompt is " + std::to_string(request.system_prompt.size()) +
                    " bytes; agent-bench takes at most " + std::to_string(limits.max_message_bytes) +
                    " (sampling message size limit)");
    }
    total += request.system_prompt.size();
  }
  auto messages = params.find("messages");
  if (messages == params.end() || !messages->is_array() || messages->empty()) {
    return Refuse("sampling/createMessage has no messages");
  }
  if (messages->size() > limits.max_messages) {
    return Refuse("the sampling request has " + std::to_string(messages->size()) +
                  " messages; agent-bench takes at most " + std::to_string(limits.max_messages) +
                  " (sampling message count limit)");
  }
  for (size_t i = 0; i < messages->size(); ++i) {
    const Json& m = (*messages)[i];
    const std::string role = m.is_object() ? m.value("role", "") : "";
    if (role != "user" && role != "assistant") {
      return Refuse("sampling message " + std::to_string(i + 1) + " has role '" + Truncate(role, 40) +
                    "'; expected user or assistant");
    }
    auto text = ContentText(m.value("content", Json()), i);
    if (auto* refused = std::get_if<RpcFailure>(&text)) return *refused;
    std::string& t = std::get<std::string>(text);
    if (t.size() > limits.max_message_bytes) {
      return Refuse("sampling message " + std::to_string(i + 1) + " is " + std::to_string(t.size()) +
                    " bytes; agent-bench takes at most " + std::to_string(limits.max_message_bytes) +
                    " (sampling message size limit)");
    }
    total += t.size();
    if (total > limits.max_total_bytes) {
      return Refuse("the sampling request's texts exceed " + std::to_string(limits.max_total_bytes) +
                    " bytes (sampling total size limit)");
    }
    request.messages.push_back(SamplingMessage{role, std::move(t)});
  }
  long long asked = limits.max_tokens;
  if (auto it = params.find("maxTokens"); it != params.end() && it->is_number()) {
    // Through double, clamped: a 2^64 or 1e300 from the server must cap, not wrap or overflow a cast.
    const double value = it->get<double>();
    asked = value >= 1e9 ? 1000000000LL : value < 1 ? 0 : static_cast<long long>(value);
  }
  if (asked < 1) return Refuse("sampling maxTokens must be at least 1");
  request.max_tokens = static_cast<int>(std::min<long long>(asked, limits.max_tokens));
  if (auto it = params.find("temperature"); it != params.end() && it->is_number()) {
    request.temperature = std::clamp(it->get<double>(), 0.0, 2.0);
  }
  return request;
}

Json CreateMessageResult(const SamplingReply& reply) {
  return Json{{"role", "assistant"},
              {"content", {{"type", "text"}, {"text", reply.text}}},
              {"model", reply.model},
              {"stopReason", StopReason(reply.stop_reason)}};
}

Json ElicitationAnswerFor(const ExchangePolicy& policy, const Json& params) {
  const std::string& mode = policy.elicitation;
  if (mode != "accept" && mode != "accept_defaults") return Json{{"action", mode == "cancel" ? "cancel" : "decline"}};
  Json answer = {{"action", "accept"}};
  // URL-mode elicitation has no form to fill: accepting is the whole answer.
  if (params.is_object() && params.value("mode", "form") == "url") return answer;
  Json content = Json::object();
  const Json* properties = nullptr;
  if (params.is_object()) {
    auto schema = params.find("requestedSchema");
    if (schema != params.end() && schema->is_object()) {
      auto props = schema->find("properties");
      if (props != schema->end() && props->is_object()) properties = &*props;
    }
  }
  if (properties != nullptr) {
    int fields = 0;
    for (const auto& [name, property] : properties->items()) {
      if (++fields > 256) break;  // a hostile schema with thousands of fields gets the first ones
      if (property.is_object() && property.contains("default")) content[name] = property["default"];
    }
  }
  if (mode == "accept" && policy.elicitation_values.is_object()) {
    for (const auto& [name, value] : policy.elicitation_values.items()) content[name] = value;
  }
  answer["content"] = std::move(content);
  return answer;
}

std::variant<Json, RpcFailure> AnswerExchange(const std::string& method, const Json& params,
                                              const ExchangePolicy& policy, const ExchangeScope& scope,
                                              ServerExchange* record) {
  if (record) {
    record->method = method;
    record->via = scope.via;
    record->at_ms = NowMs();
    record->asked = method == "sampling/createMessage" ? AskedSampling(params) : AskedElicitation(params);
  }
  if (method == "sampling/createMessage") return AnswerSampling(params, policy, scope, record);
  Json answer = ElicitationAnswerFor(policy, params);
  if (record) {
    record->action = answer.value("action", "");
    if (answer.contains("content")) record->content = RecordedJson(answer["content"]);
  }
  return answer;
}

}  // namespace ab::mcp
