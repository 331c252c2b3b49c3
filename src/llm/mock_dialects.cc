#include "llm/mock_dialects.h"

#include <utility>

#include "base/json_dump.h"

namespace ab::llm {
namespace {

// Members read by reference: Json::value() returns a copy, and a request carries the whole conversation.
const Json& AsArray(const Json& j) {
  static const Json kEmpty = Json::array();
  return j.is_array() ? j : kEmpty;
}
const Json& Member(const Json& obj, const char* key) {
  static const Json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}
const Json& Items(const Json& obj, const char* key) { return AsArray(Member(obj, key)); }
// The string at obj[key], or "": a const Json's operator[] on a missing key is undefined behaviour (found by
// fuzz_mock_request with an Anthropic-shaped body sent to the OpenAI endpoint).
std::string StringMember(const Json& obj, const char* key) {
  const Json& v = Member(obj, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

// Text of an OpenAI/Anthropic content value: a string or an array of text blocks.
std::string TextOf(const Json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string out;
  if (content.is_array()) {
    for (const Json& block : content) {
      if (block.is_object() && block.contains("text") && block["text"].is_string())
        out += block["text"].get<std::string>();
    }
  }
  return out;
}

void ReadOpenAi(const Json& body, MockConversation& c) {
  for (const Json& m : Items(body, "messages")) {
    const std::string role = m.value("role", "");
    if (role == "user") {
      c.last_user = TextOf(Member(m, "content"));
      c.assistant_turns = 0;
      c.last_tool_result.clear();
    } else if (role == "assistant") {
      ++c.assistant_turns;
      if (m.contains("tool_calls") && m["tool_calls"].is_array() && !m["tool_calls"].empty()) {
        c.last_tool_name = StringMember(Member(m["tool_calls"].back(), "function"), "name");
      }
    } else if (role == "tool") {
      c.last_tool_result = TextOf(Member(m, "content"));
    }
  }
  for (const Json& t : Items(body, "tools")) c.tools.push_back(StringMember(Member(t, "function"), "name"));
}

void ReadAnthropic(const Json& body, MockConversation& c) {
  for (const Json& m : Items(body, "messages")) {
    const Json& content = Member(m, "content");
    if (m.value("role", "") == "assistant") {
      ++c.assistant_turns;
      for (const Json& b : AsArray(content)) {
        if (b.value("type", "") == "tool_use") c.last_tool_name = b.value("name", "");
      }
      continue;
    }
    bool has_text = content.is_string();
    for (const Json& b : AsArray(content)) {
      if (b.value("type", "") == "tool_result") c.last_tool_result = TextOf(Member(b, "content"));
      if (b.value("type", "") == "text") has_text = true;
    }
    if (has_text) {
      std::string text;
      if (content.is_string()) {
        text = content.get<std::string>();
      } else {
        for (const Json& b : content) {
          if (b.value("type", "") == "text") text += b.value("text", "");
        }
      }
      c.last_user = text;
      c.assistant_turns = 0;
    }
  }
  for (const Json& t : Items(body, "tools")) c.tools.push_back(t.value("name", ""));
}

void ReadGemini(const Json& body, MockConversation& c) {
  for (const Json& content : Items(body, "contents")) {
    if (content.value("role", "user") == "model") {
      ++c.assistant_turns;
      for (const Json& p : Items(content, "parts")) {
        if (p.contains("functionCall")) c.last_tool_name = p["functionCall"].value("name", "");
      }
      continue;
    }
    std::string text;
    bool has_text = false;
    for (const Json& p : Items(content, "parts")) {
      if (p.contains("text")) {
        text += p.value("text", "");
        has_text = true;
      }
      if (p.contains("functionResponse")) {
        const Json& r = p["functionResponse"].value("response", Json::object());
        if (r.is_object() && r.size() == 1 && (r.contains("result") || r.contains("error")) && r.begin()->is_string()) {
          c.last_tool_result = r.begin()->get<std::string>();
        } else {
          c.last_tool_result = DumpJson(r);
        }
      }
    }
    if (has_text) {
      c.last_user = text;
      c.assistant_turns = 0;
    }
  }
  for (const Json& group : Items(body, "tools")) {
    for (const Json& d : Items(group, "functionDeclarations")) c.tools.push_back(d.value("name", ""));
  }
}

bool Malformed(const MockDecision& d) { return d.fault && d.fault->kind == "malformed_tool_json"; }
bool Empty(const MockDecision& d, const char* kind) { return d.fault && d.fault->kind == kind; }

// A cut-off JSON object: what a model emits when it stops mid-arguments.
std::string BrokenArguments(const MockToolCall& call) {
  const std::string full = call.arguments.is_string() ? call.arguments.get<std::string>() : DumpJson(call.arguments);
  return full.size() > 2 ? full.substr(0, full.size() - 2) + ",\"" : "{\"";
}

std::string ArgumentsString(const MockToolCall& call) {
  return call.arguments.is_string() ? call.arguments.get<std::string>() : DumpJson(call.arguments);
}

Json RenderOpenAi(const MockDecision& d, const std::string& model, int64_t serial, int64_t now_s, bool azure) {
  const MockReply& r = d.reply;
  Json message = {{"role", "assistant"}, {"content", r.text.empty() ? Json() : Json(r.text)}, {"refusal", nullptr}};
  if (Empty(d, "no_content")) message["content"] = nullptr;
  if (!r.tool_calls.empty() && !Empty(d, "no_content")) {
    Json calls = Json::array();
    for (size_t i = 0; i < r.tool_calls.size(); ++i) {
      const MockToolCall& call = r.tool_calls[i];
      calls.push_back(
          {{"id", "call_mock" + std::to_string(serial) + "_" + std::to_string(i)},
           {"type", "function"},
           {"function",
            {{"name", call.name}, {"arguments", Malformed(d) ? BrokenArguments(call) : ArgumentsString(call)}}}});
    }
    message["tool_calls"] = std::move(calls);
  }
  const bool calls = message.contains("tool_calls");
  Json choice = {
      {"index", 0}, {"message", message}, {"logprobs", nullptr}, {"finish_reason", calls ? "tool_calls" : "stop"}};
  const Json filter = {{"hate", {{"filtered", false}, {"severity", "safe"}}},
                       {"self_harm", {{"filtered", false}, {"severity", "safe"}}},
                       {"sexual", {{"filtered", false}, {"severity", "safe"}}},
                       {"violence", {{"filtered", false}, {"severity", "safe"}}}};
  if (azure) choice["content_filter_results"] = filter;
  Json out = {{"id", "chatcmpl-mock" + std::to_string(serial)},
              {"object", "chat.completion"},
              {"created", now_s},
              {"model", model}};
  if (azure) out["prompt_filter_results"] = Json::array({{{"prompt_index", 0}, {"content_filter_results", filter}}});
  out["choices"] = Empty(d, "empty_choices") ? Json::array() : Json::array({choice});
  out["usage"] = {{"prompt_tokens", d.usage.prompt_tokens},
                  {"completion_tokens", d.usage.completion_tokens},
                  {"total_tokens", d.usage.prompt_tokens + d.usage.completion_tokens},
                  {"prompt_tokens_details", {{"cached_tokens", d.usage.cached_tokens}, {"audio_tokens", 0}}},
                  {"completion_tokens_details",
                   {{"reasoning_tokens", d.usage.reasoning_tokens},
                    {"audio_tokens", 0},
                    {"accepted_prediction_tokens", 0},
                    {"rejected_prediction_tokens", 0}}}};
  out["system_fingerprint"] = "fp_mock";
  return out;
}

Json RenderAnthropic(const MockDecision& d, const std::string& model, int64_t serial) {
  const MockReply& r = d.reply;
  Json content = Json::array();
  if (!Empty(d, "no_content") && !Empty(d, "empty_choices")) {
    if (!r.text.empty()) content.push_back({{"type", "text"}, {"text", r.text}});
    for (size_t i = 0; i < r.tool_calls.size(); ++i) {
      const MockToolCall& call = r.tool_calls[i];
      // Anthropic always sends an object; a malformed call can only be shown as a string here.
      Json input = Malformed(d) ? Json(BrokenArguments(call)) : call.arguments;
      content.push_back({{"type", "tool_use"},
                         {"id", "toolu_mock" + std::to_string(serial) + "_" + std::to_string(i)},
                         {"name", call.name},
                         {"input", input}});
    }
  }
  const bool calls = !r.tool_calls.empty() && !content.empty();
  return {{"id", "msg_mock" + std::to_string(serial)},
          {"type", "message"},
          {"role", "assistant"},
          {"model", model},
          {"content", content},
          {"stop_reason", calls ? "tool_use" : "end_turn"},
          {"stop_sequence", nullptr},
          {"usage",
           {{"input_tokens", d.usage.prompt_tokens - d.usage.cached_tokens},
            {"cache_creation_input_tokens", 0},
            {"cache_read_input_tokens", d.usage.cached_tokens},
            {"output_tokens", d.usage.completion_tokens}}}};
}

Json RenderGemini(const MockDecision& d, const std::string& model, int64_t serial, int64_t now_s, bool vertex) {
  const MockReply& r = d.reply;
  Json parts = Json::array();
  if (!r.text.empty()) parts.push_back({{"text", r.text}});
  for (size_t i = 0; i < r.tool_calls.size(); ++i) {
    const MockToolCall& call = r.tool_calls[i];
    Json part = {
        {"functionCall", {{"name", call.name}, {"args", Malformed(d) ? Json(BrokenArguments(call)) : call.arguments}}}};
    // Gemini 3 signs the first function call of a turn; the client must send it back unchanged.
    if (i == 0) part["thoughtSignature"] = "bW9jay1zaWduYXR1cmUt" + std::to_string(serial);
    parts.push_back(std::move(part));
  }
  Json out = Json::object();
  const int64_t thoughts = d.usage.reasoning_tokens;
  Json usage = {{"promptTokenCount", d.usage.prompt_tokens},
                {"candidatesTokenCount", d.usage.completion_tokens - thoughts},
                {"totalTokenCount", d.usage.prompt_tokens + d.usage.completion_tokens}};
  if (d.usage.cached_tokens > 0) usage["cachedContentTokenCount"] = d.usage.cached_tokens;
  if (thoughts > 0) usage["thoughtsTokenCount"] = thoughts;
  if (Empty(d, "empty_choices")) {
    out["promptFeedback"] = {{"blockReason", "OTHER"}};
  } else {
    Json candidate = {{"finishReason", "STOP"}, {"index", 0}};
    if (!Empty(d, "no_content"))
      candidate = {{"content", {{"role", "model"}, {"parts", parts}}}, {"finishReason", "STOP"}, {"index", 0}};
    out["candidates"] = Json::array({candidate});
  }
  out["usageMetadata"] = usage;
  out["modelVersion"] = model;
  if (vertex) out["createTime"] = std::to_string(now_s);
  out["responseId"] = "mock" + std::to_string(serial);
  return out;
}

std::string DefaultMessage(int status) {
  switch (status) {
    case 400: return "Invalid request.";
    case 401: return "Incorrect API key provided.";
    case 403: return "Permission denied.";
    case 404: return "The model does not exist or you do not have access to it.";
    case 429: return "Rate limit reached for requests.";
    case 529: return "Overloaded";
    case 503: return "The model is overloaded. Please try again later.";
    default: return "The server had an error while processing your request.";
  }
}

}  // namespace

MockConversation ReadMockRequest(const std::string& dialect, const Json& body, const std::string& model) {
  MockConversation c;
  c.model = model.empty() ? body.value("model", "") : model;
  c.prompt_chars = DumpJson(body).size();
  try {
    if (dialect == "anthropic") {
      ReadAnthropic(body, c);
    } else if (dialect == "gemini" || dialect == "vertex") {
      ReadGemini(body, c);
    } else {
      ReadOpenAi(body, c);
    }
  } catch (const Json::exception&) {
    // A malformed request still gets an answer; the client under test is what we are checking.
  }
  return c;
}

Json RenderMockReply(const std::string& dialect, const MockDecision& decision, const std::string& model, int64_t serial,
                     int64_t now_s) {
  if (dialect == "anthropic") return RenderAnthropic(decision, model, serial);
  if (dialect == "gemini" || dialect == "vertex")
    return RenderGemini(decision, model, serial, now_s, dialect == "vertex");
  return RenderOpenAi(decision, model, serial, now_s, dialect == "azure");
}

Json RenderMockError(const std::string& dialect, const MockFault& fault, int64_t serial) {
  const int status = fault.status;
  std::string message = fault.message.empty() ? DefaultMessage(status) : fault.message;
  if (dialect == "anthropic") {
    const char* type = status == 401   ? "authentication_error"
                       : status == 403 ? "permission_error"
                       : status == 404 ? "not_found_error"
                       : status == 429 ? "rate_limit_error"
                       : status == 529 ? "overloaded_error"
                       : status >= 500 ? "api_error"
                                       : "invalid_request_error";
    return {{"type", "error"},
            {"error", {{"type", type}, {"message", message}}},
            {"request_id", "req_mock" + std::to_string(serial)}};
  }
  if (dialect == "gemini" || dialect == "vertex") {
    const char* s = status == 400   ? "INVALID_ARGUMENT"
                    : status == 401 ? "UNAUTHENTICATED"
                    : status == 403 ? "PERMISSION_DENIED"
                    : status == 404 ? "NOT_FOUND"
                    : status == 429 ? "RESOURCE_EXHAUSTED"
                    : status == 503 ? "UNAVAILABLE"
                    : status == 504 ? "DEADLINE_EXCEEDED"
                                    : "INTERNAL";
    Json error = {{"code", status}, {"message", message}, {"status", s}};
    if (!fault.retry_delay.empty()) {
      error["details"] =
          Json::array({{{"@type", "type.googleapis.com/google.rpc.RetryInfo"}, {"retryDelay", fault.retry_delay}}});
    }
    return {{"error", error}};
  }
  if (dialect == "azure")
    return {{"error", {{"code", fault.code.empty() ? std::to_string(status) : fault.code}, {"message", message}}}};
  std::string code = fault.code;
  if (code.empty()) {
    code = status == 401   ? "invalid_api_key"
           : status == 404 ? "model_not_found"
           : status == 429 ? "rate_limit_exceeded"
                           : "";
  }
  const char* type = status == 429 ? "requests" : status >= 500 ? "server_error" : "invalid_request_error";
  return {{"error",
           {{"message", message}, {"type", type}, {"param", nullptr}, {"code", code.empty() ? Json() : Json(code)}}}};
}

}  // namespace ab::llm
