// Assertions that check JSON against a JSON Schema: a tool call's arguments against the tool's own input schema,
// and the final answer against a schema written in the test.
#include "assert/factories.h"
#include "assert/fields.h"
#include "assert/json_schema.h"
#include "assert/output_json.h"
#include "base/strings.h"

namespace ab::assertions {
namespace {

// Each call of `tool` (every call when `tool` is absent) must carry arguments valid against the tool's
// inputSchema from the transcript.
class ToolParamSchema : public Assertion {
 public:
  explicit ToolParamSchema(const config::AssertionSpec& spec) : fields_(spec.fields) {}

  AssertionResult Check(const Transcript& t, const EvalContext& ctx) const override {
    auto tool = TextField(fields_, "tool", ctx);
    if (!tool) return Verdict(false, tool.error().message);
    Json checked = Json::array();
    for (size_t i = 0; i < t.tool_calls.size(); ++i) {
      const ToolCall& c = t.tool_calls[i];
      if (!tool->empty() && c.name != *tool) continue;
      if (!t.tool_schemas->is_object() || !t.tool_schemas->contains(c.name)) {
        return Verdict(false,
                       "no input schema is known for tool '" + c.name + "' (call #" + std::to_string(i + 1) + ")",
                       {{"expected", "schema"}, {"actual", nullptr}, {"evidence", {{"call", i + 1}}}});
      }
      const Json& schema = t.tool_schemas->at(c.name);
      std::vector<std::string> problems = CheckSchema(schema);
      if (problems.empty()) problems = ValidateJson(schema, c.arguments);
      checked.push_back({{"call", i + 1}, {"tool", c.name}, {"problems", problems}});
      if (!problems.empty()) {
        return Verdict(false,
                       "call #" + std::to_string(i + 1) + " of '" + c.name +
                           "' has arguments that break its input schema: " + Join(problems, "; "),
                       {{"expected", schema}, {"actual", c.arguments}, {"evidence", checked.back()}});
      }
    }
    Json details = {{"expected", "arguments valid against the tool's input schema"}, {"actual", checked}};
    if (checked.empty() && !tool->empty()) {
      return Verdict(false, "tool '" + *tool + "' was not called", details);
    }
    return Verdict(true, std::to_string(checked.size()) + " call(s) had valid arguments", details);
  }

 private:
  Json fields_;
};

class OutputJsonSchema : public Assertion {
 public:
  explicit OutputJsonSchema(const config::AssertionSpec& spec) : schema_(spec.fields["schema"]) {}

  AssertionResult Check(const Transcript& t, const EvalContext&) const override {
    auto doc = ParseOutputJson(t.final_output);
    if (!doc) {
      return Verdict(
          false,
          "expected JSON output matching the schema; the output is not JSON: \"" + Truncate(t.final_output, 200) + "\"",
          {{"expected", schema_}, {"actual", Truncate(t.final_output, 2000)}});
    }
    std::vector<std::string> problems = ValidateJson(schema_, *doc);
    Json details = {{"expected", schema_}, {"actual", *doc}, {"evidence", problems}};
    if (problems.empty()) return Verdict(true, "the output matches the schema", details);
    return Verdict(false, "the output breaks the schema: " + Join(problems, "; "), details);
  }

 private:
  Json schema_;
};

}  // namespace

std::unique_ptr<Assertion> MakeToolParamSchema(const config::AssertionSpec& spec, BuildContext&) {
  return std::make_unique<ToolParamSchema>(spec);
}

std::unique_ptr<Assertion> MakeOutputJsonSchema(const config::AssertionSpec& spec, BuildContext& bc) {
  for (const std::string& problem : CheckSchema(spec.fields["schema"])) {
    bc.Error(spec, "schema", "invalid JSON schema: " + problem);
  }
  return std::make_unique<OutputJsonSchema>(spec);
}

}  // namespace ab::assertions
