#include "llm/google.h"

#include <utility>

#include "base/json.h"
#include "base/json_dump.h"
#include "base/json_parse.h"
#include "base/redact.h"
#include "llm/gemini_schema.h"
#include "llm/http_client.h"
#include "llm/wire_util.h"

namespace ab::llm {
namespace {

Json ModelContent(const Message& m) {
  if (m.provider_raw.is_object() && m.provider_raw.contains("parts")) {
    Json content = m.provider_raw;
    content["role"] = "model";
    return content;
  }
  Json parts = Json::array();
  if (!m.text.empty()) parts.push_back({{"text", m.text}});
  for (const ToolCallRequest& call : m.tool_calls) {
    parts.push_back({{"functionCall",
                      {{"name", call.name}, {"args", call.arguments.is_object() ? call.arguments : Json::object()}}}});
  }
  return {{"role", "model"}, {"parts", std::move(parts)}};
}

// functionResponse.response must be an object: a JSON object result passes through, anything else is wrapped.
Json ToolResponse(const Message& m) {
  Json response;
  const Json parsed = ParseJsonOrDiscarded(m.text);
  if (!m.is_error && parsed.is_object()) {
    response = parsed;
  } else {
    response = {{m.is_error ? "error" : "result", m.text}};
  }
  return {{"functionResponse", {{"name", m.tool_name}, {"response", std::move(response)}}}};
}

void AppendParts(Json& contents, const char* role, Json part) {
  if (!contents.empty() && contents.back()["role"] == role) {
    contents.back()["parts"].push_back(std::move(part));
  } else {
    contents.push_back({{"role", role}, {"parts", Json::array({std::move(part)})}});
  }
}

std::string GeminiFinishReason(const std::string& reason) {
  if (reason == "STOP") return "stop";
  if (reason == "MAX_TOKENS") return "length";
  if (reason == "SAFETY" || reason == "RECITATION" || reason == "BLOCKLIST" || reason == "PROHIBITED_CONTENT" ||
      reason == "SPII" || reason == "IMAGE_SAFETY") {
    return "content_filter";
  }
  return "other";
}

class GeminiWire final : public WireFormat {
 public:
  GeminiWire(const char* name, std::string url, std::string api_key, std::unique_ptr<TokenSource> token)
      : name_(name), url_(std::move(url)), key_(std::move(api_key)), token_(std::move(token)) {
    RegisterSecret(key_);
  }
  const char* name() const override { return name_; }

  Result<HttpRequest> Build(const ChatRequest& request) override {
    Json body = Json::object();
    std::string system;
    Json contents = Json::array();
    for (const Message& m : request.messages) {
      switch (m.role) {
        case Role::kSystem: system += (system.empty() ? "" : "\n\n") + m.text; break;
        case Role::kUser: AppendParts(contents, "user", {{"text", m.text}}); break;
        case Role::kAssistant: contents.push_back(ModelContent(m)); break;
        case Role::kTool: AppendParts(contents, "user", ToolResponse(m)); break;
      }
    }
    if (!system.empty()) body["systemInstruction"] = {{"parts", Json::array({{{"text", system}}})}};
    body["contents"] = std::move(contents);
    // The tools are serialized once per tool list.
    static const std::string kAuto = R"({"functionCallingConfig":{"mode":"AUTO"}})";
    std::vector<std::pair<std::string_view, const std::string*>> raw;
    if (!request.tools.empty()) {
      raw.emplace_back("tools", &request.tools.Serialized("gemini", [](const std::vector<ToolSpec>& specs) {
        Json declarations = Json::array();
        for (const ToolSpec& t : specs) {
          Json d = {{"name", t.name}};
          if (!t.description.empty()) d["description"] = t.description;
          Json params = CleanGeminiSchema(t.parameters);
          // An object without properties is rejected ("properties: should be non-empty for OBJECT type").
          if (params.contains("properties") && !params["properties"].empty()) d["parameters"] = std::move(params);
          declarations.push_back(std::move(d));
        }
        return DumpJson(Json::array({{{"functionDeclarations", std::move(declarations)}}}));
      }));
      raw.emplace_back("toolConfig", &kAuto);
    }
    Json tail = Json::object();
    Json generation = Json::object();
    if (request.temperature) generation["temperature"] = *request.temperature;
    if (request.max_tokens) generation["maxOutputTokens"] = *request.max_tokens;
    if (request.seed) generation["seed"] = *request.seed;
    if (!generation.empty()) tail["generationConfig"] = std::move(generation);

    HttpRequest http;
    http.url = url_;
    http.headers = {{"Content-Type", "application/json"}};
    if (token_) {
      Result<std::string> token = token_->Token();
      if (!token) return token.error();
      http.headers.emplace_back("Authorization", "Bearer " + *token);
    } else if (!key_.empty()) {
      http.headers.emplace_back("x-goog-api-key", key_);
    }
    http.body = DumpWithRaw(body, raw, tail);
    return http;
  }

  Result<ChatResponse> Parse(const HttpResponse& response, int64_t& cache_write_tokens) const override {
    cache_write_tokens = 0;
    const std::string name = name_;
    Result<Json> parsed = ParseBody(name, response.body);
    if (!parsed) return parsed.error();
    const Json& doc = *parsed;
    try {
      const Json& candidates = doc.value("candidates", Json());
      if (!candidates.is_array() || candidates.empty()) {
        std::string why = "the reply has no candidates";
        const Json& feedback = doc.value("promptFeedback", Json());
        if (feedback.is_object() && feedback.contains("blockReason")) {
          why += " (prompt blocked: " + DumpJson(feedback["blockReason"]) + ")";
        }
        return Error(ErrorCode::kModel, name + ": " + why);
      }
      const Json& candidate = candidates[0];
      ChatResponse out;
      out.message.role = Role::kAssistant;
      out.model = doc.value("modelVersion", "");
      const Json& content = candidate.value("content", Json());
      const Json& parts = content.is_object() ? content.value("parts", Json()) : Json();
      if (parts.is_array()) {
        for (const Json& part : parts) {
          if (part.contains("text") && !part.value("thought", false)) out.message.text += part.value("text", "");
          if (part.contains("functionCall")) {
            const Json& fc = part["functionCall"];
            ToolCallRequest call;
            call.name = fc.value("name", "");
            call.id = fc.value("id", "call_" + std::to_string(out.message.tool_calls.size()) + "_" + call.name);
            SetArguments(call, fc.value("args", Json::object()));
            out.message.tool_calls.push_back(std::move(call));
          }
        }
      }
      out.message.provider_raw = content;
      const Json& finish = candidate.value("finishReason", Json());
      const std::string reason = finish.is_string() ? finish.get<std::string>() : "";
      out.stop_reason = out.message.tool_calls.empty() ? GeminiFinishReason(reason) : "tool_calls";
      if (out.message.text.empty() && out.message.tool_calls.empty()) {
        return Error(ErrorCode::kModel, name + ": the reply has neither text nor a tool call (finishReason " +
                                            (reason.empty() ? "none" : reason) + ")");
      }
      const Json& usage = doc.value("usageMetadata", Json());
      if (usage.is_object()) {
        // promptTokenCount includes cached tokens; thoughts are billed as output.
        out.usage.prompt_tokens = Int(usage, "promptTokenCount") + Int(usage, "toolUsePromptTokenCount");
        out.usage.cached_tokens = Int(usage, "cachedContentTokenCount");
        out.usage.reasoning_tokens = Int(usage, "thoughtsTokenCount");
        out.usage.completion_tokens = Int(usage, "candidatesTokenCount") + out.usage.reasoning_tokens;
      } else {
        EstimateUsage(out);
      }
      return out;
    } catch (const Json::exception& e) {
      return Error(ErrorCode::kParse, name + ": unexpected generateContent shape: " + e.what());
    }
  }

 private:
  const char* name_;
  std::string url_, key_;
  std::unique_ptr<TokenSource> token_;
};

std::string Root(const std::string& base_url, const std::string& fallback) {
  std::string base = base_url.empty() ? fallback : base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

}  // namespace

std::unique_ptr<WireFormat> MakeGoogleWire(const std::string& base_url, const std::string& model,
                                           const std::string& api_key) {
  const std::string url = Root(base_url, "https://generativelanguage.googleapis.com") + "/v1beta/models/" +
                          UrlEncode(model) + ":generateContent";
  return std::make_unique<GeminiWire>("google", url, api_key, nullptr);
}

std::unique_ptr<WireFormat> MakeVertexWire(const std::string& base_url, const std::string& project,
                                           const std::string& location, const std::string& model,
                                           std::unique_ptr<TokenSource> token, const std::string& api_key) {
  const std::string host =
      location == "global" ? "https://aiplatform.googleapis.com" : "https://" + location + "-aiplatform.googleapis.com";
  const std::string url = Root(base_url, host) + "/v1/projects/" + UrlEncode(project) + "/locations/" +
                          UrlEncode(location) + "/publishers/google/models/" + UrlEncode(model) + ":generateContent";
  return std::make_unique<GeminiWire>("vertex", url, api_key, std::move(token));
}

}  // namespace ab::llm
