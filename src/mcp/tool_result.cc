#include "mcp/tool_result.h"

#include <algorithm>

#include "base/strings.h"

namespace ab::mcp {
namespace {

std::string StringField(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<ToolInfo> ParseToolInfo(const Json& tool) {
  if (!tool.is_object() || !tool.contains("name") || !tool["name"].is_string()) {
    return Error(ErrorCode::kProtocol, "tools/list returned a tool without a name");
  }
  ToolInfo info;
  info.name = tool["name"].get<std::string>();
  info.title = StringField(tool, "title");
  info.description = StringField(tool, "description");
  if (auto it = tool.find("inputSchema"); it != tool.end() && it->is_object()) info.input_schema = *it;
  if (auto it = tool.find("outputSchema"); it != tool.end() && it->is_object()) info.output_schema = *it;
  if (auto it = tool.find("annotations"); it != tool.end() && it->is_object()) info.annotations = *it;
  if (auto it = tool.find("execution"); it != tool.end() && it->is_object())
    info.task_support = StringField(*it, "taskSupport");
  if (!info.input_schema.contains("type")) info.input_schema["type"] = "object";
  return info;
}

Result<ToolResult> ParseToolResult(const Json& result, long long max_bytes) {
  if (!result.is_object()) return Error(ErrorCode::kProtocol, "tools/call result is not an object");
  ToolResult out;
  // Only a JSON true counts: Json::value() would throw on a server that sends "isError": "true" (found by
  // fuzz_jsonrpc).
  auto is_error = result.find("isError");
  out.is_error = is_error != result.end() && is_error->is_boolean() && is_error->get<bool>();
  size_t budget = max_bytes > 0 ? static_cast<size_t>(max_bytes) : 0;
  // Charges |field| against the size budget; cuts text, drops binary data (half a base64 image is useless).
  auto charge = [&](std::string& field, bool binary) {
    if (field.size() <= budget) {
      budget -= field.size();
      return false;
    }
    field = binary ? std::string() : Truncate(field, budget);
    budget = 0;
    out.truncated = true;
    return true;
  };
  if (auto it = result.find("content"); it != result.end() && it->is_array()) {
    for (const Json& item : *it) {
      if (!item.is_object()) continue;
      ContentBlock block;
      block.type = StringField(item, "type");
      block.mime_type = StringField(item, "mimeType");
      block.uri = StringField(item, "uri");
      block.name = StringField(item, "name");
      if (block.type == "text") {
        block.text = StringField(item, "text");
      } else if (block.type == "image" || block.type == "audio") {
        block.data = StringField(item, "data");
      } else if (block.type == "resource") {
        const Json resource = item.value("resource", Json::object());
        if (resource.is_object()) {
          block.uri = StringField(resource, "uri");
          block.mime_type = StringField(resource, "mimeType");
          block.text = StringField(resource, "text");
          block.data = StringField(resource, "blob");
        }
      } else if (block.type == "resource_link") {
        block.text = StringField(item, "description");
      }
      bool cut_text = charge(block.text, false);
      bool cut_data = charge(block.data, true);
      block.raw = item;
      // Keep the raw copy within the budget too, or a 50 MB item would be stored twice.
      if (cut_text || cut_data) {
        if (block.type == "text") block.raw["text"] = block.text;
        if (block.type == "image" || block.type == "audio") block.raw["data"] = block.data;
        if (block.type == "resource" && block.raw["resource"].is_object()) {
          if (block.raw["resource"].contains("text")) block.raw["resource"]["text"] = block.text;
          if (block.raw["resource"].contains("blob")) block.raw["resource"]["blob"] = block.data;
        }
        block.raw["truncated"] = true;
      }
      out.content.push_back(std::move(block));
    }
  }
  if (auto it = result.find("structuredContent"); it != result.end() && !it->is_null()) {
    size_t size = it->dump().size();
    if (size <= budget) {
      out.structured = *it;
    } else {
      out.truncated = true;
    }
  }
  return out;
}

}  // namespace ab::mcp
