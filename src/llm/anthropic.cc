#include "llm/anthropic.h"

#include <utility>

#include "base/json.h"
#include "base/json_dump.h"
#include "base/redact.h"
#include "llm/wire_util.h"

namespace ab::llm {
namespace {

Json AssistantContent(const Message& m) {
  if (m.provider_raw.is_array()) return m.provider_raw;
  Json blocks = Json::array();
  if (!m.text.empty()) blocks.push_back({{"type", "text"}, {"text", m.text}});
  for (const ToolCallRequest& call : m.tool_calls) {
    blocks.push_back({{"type", "tool_use"},
                      {"id", call.id},
                      {"name", call.name},
                      {"input", call.arguments.is_object() ? call.arguments : Json::object()}});
  }
  return blocks;
}

// Anthropic wants user/assistant turns to alternate; tool results are user blocks, and they must come first.
void AppendUserBlock(Json& messages, Json block) {
  if (!messages.empty() && messages.back()["role"] == "user") {
    Json& content = messages.back()["content"];
    if (content.is_string()) content = Json::array({{{"type", "text"}, {"text", content.get<std::string>()}}});
    content.push_back(std::move(block));
    return;
  }
  messages.push_back({{"role", "user"}, {"content", Json::array({std::move(block)})}});
}

std::string MapStop(const std::string& reason) {
  if (reason == "end_turn" || reason == "stop_sequence") return "stop";
  if (reason == "tool_use") return "tool_calls";
  if (reason == "max_tokens" || reason == "model_context_window_exceeded") return "length";
  if (reason == "refusal") return "content_filter";
  return "other";
}

class AnthropicWire final : public WireFormat {
 public:
  AnthropicWire(std::string url, std::string key) : url_(std::move(url)), key_(std::move(key)) { RegisterSecret(key_); }
  const char* name() const override { return "anthropic"; }

  Result<HttpRequest> Build(const ChatRequest& request) override {
    Json body = {{"model", request.model}, {"max_tokens", request.max_tokens.value_or(kAnthropicDefaultMaxTokens)}};
    std::string system;
    Json messages = Json::array();
    for (const Message& m : request.messages) {
      switch (m.role) {
        case Role::kSystem: system += (system.empty() ? "" : "\n\n") + m.text; break;
        case Role::kUser:
          if (!messages.empty() && messages.back()["role"] == "user") {
            AppendUserBlock(messages, {{"type", "text"}, {"text", m.text}});
          } else {
            messages.push_back({{"role", "user"}, {"content", m.text}});
          }
          break;
        case Role::kAssistant: messages.push_back({{"role", "assistant"}, {"content", AssistantContent(m)}}); break;
        case Role::kTool: {
          Json block = {{"type", "tool_result"}, {"tool_use_id", m.tool_call_id}, {"content", m.text}};
          if (m.is_error) block["is_error"] = true;
          AppendUserBlock(messages, std::move(block));
          break;
        }
      }
    }
    if (!system.empty()) body["system"] = system;
    body["messages"] = std::move(messages);
    // The tools are serialized once per tool list.
    static const std::string kAuto = R"({"type":"auto"})";
    std::vector<std::pair<std::string_view, const std::string*>> raw;
    if (!request.tools.empty()) {
      raw.emplace_back("tools", &request.tools.Serialized("anthropic", [](const std::vector<ToolSpec>& specs) {
        Json tools = Json::array();
        for (const ToolSpec& t : specs) {
          Json tool = {{"name", t.name}};
          if (!t.description.empty()) tool["description"] = t.description;
          tool["input_schema"] = ObjectSchema(t.parameters);
          tools.push_back(std::move(tool));
        }
        return DumpJson(tools);
      }));
      raw.emplace_back("tool_choice", &kAuto);
    }
    Json tail = Json::object();
    if (request.temperature) tail["temperature"] = *request.temperature;
    HttpRequest http;
    http.url = url_;
    http.headers = {{"Content-Type", "application/json"}, {"anthropic-version", "2023-06-01"}};
    if (!key_.empty()) http.headers.emplace_back("x-api-key", key_);
    http.body = DumpWithRaw(body, raw, tail);
    return http;
  }

  Result<ChatResponse> Parse(const HttpResponse& response, int64_t& cache_write_tokens) const override {
    Result<Json> parsed = ParseBody("anthropic", response.body);
    if (!parsed) return parsed.error();
    const Json& doc = *parsed;
    try {
      const Json& content = doc.value("content", Json());
      if (!content.is_array()) return Error(ErrorCode::kParse, "anthropic: the reply has no content array");
      ChatResponse out;
      out.message.role = Role::kAssistant;
      out.model = doc.value("model", "");
      for (const Json& block : content) {
        const std::string type = block.value("type", "");
        if (type == "text") {
          out.message.text += block.value("text", "");
        } else if (type == "tool_use") {
          ToolCallRequest call;
          call.id = block.value("id", "");
          call.name = block.value("name", "");
          SetArguments(call, block.value("input", Json()));
          out.message.tool_calls.push_back(std::move(call));
        }
      }
      out.message.provider_raw = content;
      const Json& stop = doc.value("stop_reason", Json());
      out.stop_reason = MapStop(stop.is_string() ? stop.get<std::string>() : "");
      if (out.message.text.empty() && out.message.tool_calls.empty()) {
        return Error(ErrorCode::kModel, "anthropic: the reply has neither text nor a tool call (stop_reason " +
                                            (stop.is_string() ? stop.get<std::string>() : "null") + ")");
      }
      const Json& usage = doc.value("usage", Json());
      if (usage.is_object()) {
        // input_tokens excludes cache reads and writes; our prompt_tokens includes both.
        cache_write_tokens = Int(usage, "cache_creation_input_tokens");
        out.usage.cached_tokens = Int(usage, "cache_read_input_tokens");
        out.usage.prompt_tokens = Int(usage, "input_tokens") + cache_write_tokens + out.usage.cached_tokens;
        out.usage.completion_tokens = Int(usage, "output_tokens");
      } else {
        EstimateUsage(out);
      }
      return out;
    } catch (const Json::exception& e) {
      return Error(ErrorCode::kParse, std::string("anthropic: unexpected message shape: ") + e.what());
    }
  }

 private:
  std::string url_, key_;
};

}  // namespace

std::unique_ptr<WireFormat> MakeAnthropicWire(const std::string& base_url, const std::string& api_key) {
  std::string base = base_url.empty() ? "https://api.anthropic.com" : base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return std::make_unique<AnthropicWire>(base + "/v1/messages", api_key);
}

}  // namespace ab::llm
