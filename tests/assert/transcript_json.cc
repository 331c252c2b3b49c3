#include "transcript_json.h"

namespace ab::assertions::testing {
namespace {

ToolCallStatus StatusFromName(const std::string& s) {
  for (auto st : {ToolCallStatus::kOk, ToolCallStatus::kToolError, ToolCallStatus::kRpcError, ToolCallStatus::kTimeout,
                  ToolCallStatus::kTransport, ToolCallStatus::kNotOffered, ToolCallStatus::kBadArguments}) {
    if (s == ToolCallStatusName(st)) return st;
  }
  return ToolCallStatus::kOk;
}

}  // namespace

Transcript TranscriptFromJson(const Json& j) {
  Transcript t;
  t.final_output = j.value("final_output", "");
  t.prompt = j.value("prompt", "");
  int index = 0;
  for (const auto& c : j.value("calls", Json::array())) {
    ToolCall call;
    call.id = "call_" + std::to_string(++index);
    call.name = c.value("name", "");
    call.arguments = c.value("args", Json::object());
    call.status = StatusFromName(c.value("status", "ok"));
    call.iteration = c.value("iteration", 1);
    if (!c.value("no_result", false) && call.status != ToolCallStatus::kNotOffered) {
      ToolResult r;
      if (c.contains("text")) {
        ContentBlock b;
        b.type = "text";
        b.text = c["text"].get<std::string>();
        r.content.push_back(b);
      }
      if (c.contains("structured")) r.structured = c["structured"];
      r.is_error = c.value("is_error", false);
      call.result = r;
    }
    t.tool_calls.push_back(call);
  }
  if (j.contains("available_tools")) {
    t.available_tools = j["available_tools"].get<std::vector<std::string>>();
  } else {
    for (const auto& c : t.tool_calls)
      if (c.status != ToolCallStatus::kNotOffered) t.available_tools.push_back(c.name);
  }
  if (j.contains("tool_schemas")) t.tool_schemas = j["tool_schemas"];
  for (const auto& e : j.value("errors", Json::array())) {
    t.errors.push_back({ParseErrorKind(e.value("kind", "llm")).value_or(ErrorKind::kLlm), e.value("message", ""),
                        e.value("iteration", 1)});
  }
  if (j.contains("tokens")) {
    t.usage.prompt_tokens = j["tokens"].value("prompt", 0);
    t.usage.completion_tokens = j["tokens"].value("completion", 0);
  }
  if (j.contains("cost_usd")) t.usage.cost_usd = j["cost_usd"].get<double>();
  t.latency_ms = j.value("latency_ms", 0.0);
  t.iterations = j.value("iterations", 1);
  if (j.contains("clarification")) {
    const Json& c = j["clarification"];
    t.clarification_enabled = c.value("enabled", false);
    t.clarification.count = c.value("count", 0);
    t.clarification.examples = c.value("examples", std::vector<std::string>{});
  }
  t.rate_limits.rate_limit_hits = j.value("rate_limit_hits", 0);
  return t;
}

config::AssertionSpec SpecFromJson(const Json& j, int line) {
  config::AssertionSpec spec;
  spec.loc = {"test.yaml", line, 5};
  int col = 0;
  for (auto it = j.begin(); it != j.end(); ++it) {
    ++col;
    const std::string& key = it.key();
    if (key == "anyOf" || key == "allOf") {
      spec.type = key;
      int child_line = line + 1;
      for (const auto& child : *it) spec.children.push_back(SpecFromJson(child, child_line++));
    } else if (key == "not") {
      spec.type = key;
      spec.children.push_back(SpecFromJson(*it, line + 1));
    } else if (key == "type") {
      spec.type = it->get<std::string>();
      spec.field_locs["type"] = {"test.yaml", line, 5};
    } else {
      spec.fields[key] = *it;
      spec.field_locs[key] = {"test.yaml", line, col + 4};
    }
  }
  return spec;
}

AssertionResult Eval(const Json& spec, const Transcript& t, const EvalContext& ctx) {
  return EvaluateAssertions({SpecFromJson(spec)}, t, ctx).at(0);
}

}  // namespace ab::assertions::testing
