#include "llm/openai.h"

#include <utility>

#include "base/json.h"
#include "base/json_dump.h"
#include "base/redact.h"
#include "llm/wire_util.h"

namespace ab::llm {
namespace {

Json ToolJson(const ToolSpec& tool) {
  Json function = {{"name", tool.name}};
  if (!tool.description.empty()) function["description"] = tool.description;
  function["parameters"] = ObjectSchema(tool.parameters);
  return {{"type", "function"}, {"function", std::move(function)}};
}

Json MessageJson(const Message& m) {
  switch (m.role) {
    case Role::kSystem: return {{"role", "system"}, {"content", m.text}};
    case Role::kUser: return {{"role", "user"}, {"content", m.text}};
    case Role::kTool: return {{"role", "tool"}, {"tool_call_id", m.tool_call_id}, {"content", m.text}};
    case Role::kAssistant: {
      Json out = {{"role", "assistant"}};
      out["content"] = m.text.empty() ? Json() : Json(m.text);
      if (!m.tool_calls.empty()) {
        Json calls = Json::array();
        for (const ToolCallRequest& call : m.tool_calls) {
          calls.push_back({{"id", call.id},
                           {"type", "function"},
                           {"function", {{"name", call.name}, {"arguments", ArgumentsText(call)}}}});
        }
        out["tool_calls"] = std::move(calls);
      }
      return out;
    }
  }
  return Json::object();
}

std::string OpenAiFinishReason(const std::string& reason) {
  if (reason == "stop") return "stop";
  if (reason == "tool_calls" || reason == "function_call") return "tool_calls";
  if (reason == "length") return "length";
  if (reason == "content_filter") return "content_filter";
  return "other";
}

class OpenAiWire final : public WireFormat {
 public:
  explicit OpenAiWire(OpenAiWireOptions options) : o_(std::move(options)) { RegisterSecret(o_.api_key); }
  const char* name() const override { return o_.name.c_str(); }

  Result<HttpRequest> Build(const ChatRequest& request) override {
    Json body = Json::object();
    if (o_.send_model) body["model"] = request.model;
    Json messages = Json::array();
    for (const Message& m : request.messages) messages.push_back(MessageJson(m));
    body["messages"] = std::move(messages);
    // The tools are serialized once per tool list (every dialect of the OpenAI family writes them alike).
    static const std::string kAuto = "\"auto\"";
    std::vector<std::pair<std::string_view, const std::string*>> raw;
    if (!request.tools.empty()) {
      raw.emplace_back("tools", &request.tools.Serialized("openai", [](const std::vector<ToolSpec>& specs) {
        Json tools = Json::array();
        for (const ToolSpec& t : specs) tools.push_back(ToolJson(t));
        return DumpJson(tools);
      }));
      raw.emplace_back("tool_choice", &kAuto);
    }
    Json tail = Json::object();
    if (request.temperature) tail["temperature"] = *request.temperature;
    if (request.max_tokens)
      tail[o_.max_completion_tokens ? "max_completion_tokens" : "max_tokens"] = *request.max_tokens;
    if (request.seed) tail["seed"] = *request.seed;

    HttpRequest http;
    http.url = o_.url;
    http.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    if (o_.token) {
      Result<std::string> token = o_.token->Token();
      if (!token) return token.error();
      http.headers.emplace_back("Authorization", "Bearer " + *token);
    } else if (!o_.api_key.empty()) {
      if (o_.key_header.empty()) {
        http.headers.emplace_back("Authorization", "Bearer " + o_.api_key);
      } else {
        http.headers.emplace_back(o_.key_header, o_.api_key);
      }
    }
    http.body = DumpWithRaw(body, raw, tail);
    return http;
  }

  Result<ChatResponse> Parse(const HttpResponse& response, int64_t& cache_write_tokens) const override {
    cache_write_tokens = 0;
    return ParseOpenAiResponse(o_.name, response.body);
  }

 private:
  OpenAiWireOptions o_;
};

}  // namespace

Result<ChatResponse> ParseOpenAiResponse(const std::string& name, const std::string& body) {
  Result<Json> parsed = ParseBody(name, body);
  if (!parsed) return parsed.error();
  const Json& doc = *parsed;
  try {
    const Json& choices = doc.value("choices", Json());
    if (!choices.is_array() || choices.empty()) {
      return Error(ErrorCode::kModel, name + ": the reply has no choices");
    }
    const Json& choice = choices[0];
    const Json& message = choice.at("message");
    ChatResponse out;
    out.message.role = Role::kAssistant;
    out.model = doc.value("model", "");
    if (message.contains("content") && message["content"].is_string()) {
      out.message.text = message["content"].get<std::string>();
    } else if (message.contains("content") && message["content"].is_array()) {
      for (const Json& part : message["content"]) {
        if (part.is_object() && part.value("type", "") == "text") out.message.text += part.value("text", "");
      }
    }
    if (message.contains("tool_calls") && message["tool_calls"].is_array()) {
      int index = 0;
      for (const Json& call : message["tool_calls"]) {
        const Json& function = call.at("function");
        ToolCallRequest tc;
        tc.id = call.value("id", "call_" + std::to_string(index));
        tc.name = function.value("name", "");
        SetArguments(tc, function.value("arguments", Json()));
        out.message.tool_calls.push_back(std::move(tc));
        ++index;
      }
    }
    out.message.provider_raw = message;
    const Json& finish = choice.value("finish_reason", Json());
    out.stop_reason = OpenAiFinishReason(finish.is_string() ? finish.get<std::string>() : "");
    if (!out.message.tool_calls.empty()) out.stop_reason = "tool_calls";
    if (out.message.text.empty() && out.message.tool_calls.empty()) {
      return Error(ErrorCode::kModel, name + ": the reply has neither text nor a tool call (finish_reason " +
                                          (finish.is_string() ? finish.get<std::string>() : "null") + ")");
    }
    const Json& usage = doc.value("usage", Json());
    if (usage.is_object()) {
      out.usage.prompt_tokens = Int(usage, "prompt_tokens");
      out.usage.completion_tokens = Int(usage, "completion_tokens");
      out.usage.cached_tokens = Int(usage.value("prompt_tokens_details", Json()), "cached_tokens");
      out.usage.reasoning_tokens = Int(usage.value("completion_tokens_details", Json()), "reasoning_tokens");
    } else {
      EstimateUsage(out);
    }
    return out;
  } catch (const Json::exception& e) {
    return Error(ErrorCode::kParse, name + ": unexpected chat.completion shape: " + e.what());
  }
}

std::unique_ptr<WireFormat> MakeOpenAiWire(OpenAiWireOptions options) {
  return std::make_unique<OpenAiWire>(std::move(options));
}

}  // namespace ab::llm
