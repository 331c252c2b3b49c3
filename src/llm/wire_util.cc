#include "llm/wire_util.h"

#include "base/json_dump.h"
#include "base/json_parse.h"
#include "base/redact.h"
#include "base/strings.h"

namespace ab::llm {

Result<Json> ParseBody(const std::string& provider, const std::string& body) {
  Result<Json> doc = ParseJson(body);
  if (!doc) {
    // A limit (json_max_depth, json_max_bytes) is named; a syntax error shows the start of the body.
    return Error(ErrorCode::kParse,
                 provider + ": malformed reply body: " +
                     (IsJsonLimitError(doc.error()) ? doc.error().message : Redact(Truncate(body, 200))));
  }
  if (!doc->is_object()) {
    return Error(ErrorCode::kParse, provider + ": malformed reply body: " + Redact(Truncate(body, 200)));
  }
  return doc;
}

int64_t Int(const Json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key)) return 0;
  const Json& v = obj[key];
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number()) return static_cast<int64_t>(v.get<double>());
  return 0;
}

void SetArguments(ToolCallRequest& call, const Json& value) {
  call.arguments = Json::object();
  call.arguments_valid = true;
  if (value.is_string()) {
    call.arguments_raw = value.get<std::string>();
    if (Trim(call.arguments_raw).empty()) return;  // "" means no arguments
    Json parsed = ParseJsonOrDiscarded(call.arguments_raw);
    if (parsed.is_discarded() || !parsed.is_object()) {
      call.arguments_valid = false;
    } else {
      call.arguments = std::move(parsed);
    }
  } else if (value.is_object()) {
    call.arguments = value;
    call.arguments_raw = DumpJson(value);
  } else if (value.is_null()) {
    call.arguments_raw = "{}";
  } else {
    call.arguments_raw = DumpJson(value);
    call.arguments_valid = false;
  }
}

std::string ArgumentsText(const ToolCallRequest& call) {
  if (!call.arguments_valid && !call.arguments_raw.empty()) return call.arguments_raw;
  return call.arguments.is_object() ? DumpJson(call.arguments) : "{}";
}

Json ObjectSchema(const Json& schema) {
  if (!schema.is_object() || schema.empty()) return {{"type", "object"}, {"properties", Json::object()}};
  Json out = schema;
  if (!out.contains("type")) out["type"] = "object";
  if (out["type"] == "object" && !out.contains("properties")) out["properties"] = Json::object();
  return out;
}

std::string DumpWithRaw(const Json& head, const std::vector<std::pair<std::string_view, const std::string*>>& raw,
                        const Json& tail) {
  std::string out = DumpJson(head);
  out.pop_back();  // the closing brace
  bool first = head.empty();
  const auto member = [&](std::string_view name, std::string_view value) {
    if (!first) out += ',';
    first = false;
    out += '"';
    out += name;
    out += "\":";
    out += value;
  };
  for (const auto& [name, value] : raw) member(name, *value);
  for (const auto& [name, value] : tail.items()) member(name, DumpJson(value));
  out += '}';
  return out;
}

void EstimateUsage(ChatResponse& out) {
  out.usage.estimated = true;
  size_t chars = out.message.text.size();
  for (const ToolCallRequest& call : out.message.tool_calls) chars += call.name.size() + call.arguments_raw.size();
  out.usage.completion_tokens = static_cast<int64_t>(chars / 4);
}

}  // namespace ab::llm
