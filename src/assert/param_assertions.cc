// Assertions about what went into a tool call (its arguments) and what came out (its JSON result).
#include <re2/re2.h>

#include "assert/compare.h"
#include "assert/compiled_cache.h"
#include "assert/factories.h"
#include "assert/fields.h"
#include "base/strings.h"

namespace ab::assertions {
namespace {

std::string ParamsText(const Json& params) {
  std::vector<std::string> parts;
  for (auto it = params.begin(); it != params.end(); ++it) parts.push_back(it.key() + "=" + Describe(*it));
  return Join(parts, ", ");
}

// tool_param_equals and tool_param_matches_regex: at least one call of the tool whose every listed parameter
// satisfies the check. On failure the call that came closest is reported.
class ToolParams : public Assertion {
 public:
  ToolParams(const config::AssertionSpec& spec, bool regex) : fields_(spec.fields), regex_(regex) {}

  AssertionResult Check(const Transcript& t, const EvalContext& ctx) const override {
    auto tool = TextField(fields_, "tool", ctx);
    if (!tool) return Verdict(false, tool.error().message);
    auto params = RenderJson(fields_["params"], ctx);
    if (!params) return Verdict(false, "cannot render 'params': " + params.error().message);
    std::map<std::string, std::shared_ptr<const re2::RE2>> patterns;
    if (regex_) {
      for (auto it = params->begin(); it != params->end(); ++it) {
        auto re = CompiledRegex(ScalarText(*it));
        if (!re) return Verdict(false, "param '" + it.key() + "': " + re.error().message);
        patterns[it.key()] = *re;
      }
    }
    Json details = {{"expected", *params}, {"tool", *tool}};
    int best_matches = -1;
    Json best;
    std::string best_problem;
    int calls = 0;
    for (size_t i = 0; i < t.tool_calls.size(); ++i) {
      const ToolCall& c = t.tool_calls[i];
      if (c.name != *tool) continue;
      ++calls;
      int matches = 0;
      std::string problem;
      for (auto it = params->begin(); it != params->end(); ++it) {
        const Json* actual = LookupDotPath(c.arguments, it.key());
        bool ok = actual != nullptr &&
                  (regex_ ? RE2::PartialMatch(ScalarText(*actual), *patterns[it.key()]) : ValuesMatch(*it, *actual));
        if (ok) {
          ++matches;
        } else if (problem.empty()) {
          problem =
              actual == nullptr ? "'" + it.key() + "' was missing" : "'" + it.key() + "' was " + Describe(*actual);
        }
      }
      if (problem.empty()) {
        details["actual"] = c.arguments;
        details["evidence"] = {{"call", i + 1}, {"iteration", c.iteration}};
        return Verdict(true, "call #" + std::to_string(i + 1) + " of '" + *tool + "' had " + ParamsText(*params),
                       details);
      }
      if (matches > best_matches) {
        best_matches = matches;
        best = {{"call", i + 1}, {"arguments", c.arguments}};
        best_problem = "call #" + std::to_string(i + 1) + ": " + problem;
      }
    }
    std::string want = regex_ ? "matching " : "with ";
    if (calls == 0) {
      details["actual"] = nullptr;
      return Verdict(false, "expected a call of '" + *tool + "' " + want + ParamsText(*params) + "; it was not called",
                     details);
    }
    details["actual"] = best["arguments"];
    details["evidence"] = best;
    return Verdict(false,
                   "expected a call of '" + *tool + "' " + want + ParamsText(*params) + "; none of " +
                       std::to_string(calls) + " call(s) matched, closest " + best_problem,
                   details);
  }

 private:
  Json fields_;
  bool regex_;
};

class ToolResultMatchesJson : public Assertion {
 public:
  explicit ToolResultMatchesJson(const config::AssertionSpec& spec) : fields_(spec.fields) {}

  AssertionResult Check(const Transcript& t, const EvalContext& ctx) const override {
    auto tool = TextField(fields_, "tool", ctx);
    if (!tool) return Verdict(false, tool.error().message);
    auto path_text = TextField(fields_, "path", ctx);
    if (!path_text) return Verdict(false, path_text.error().message);
    auto path = CompiledPath(*path_text);
    if (!path) return Verdict(false, path.error().message);
    auto expected = RenderJson(fields_["value"], ctx);
    if (!expected) return Verdict(false, "cannot render 'value': " + expected.error().message);
    Json seen = Json::array();
    int calls = 0;
    for (size_t i = 0; i < t.tool_calls.size(); ++i) {
      const ToolCall& c = t.tool_calls[i];
      if (c.name != *tool) continue;
      ++calls;
      Json entry = {{"call", i + 1}};
      if (!c.result) {
        entry["problem"] = std::string("no result (") + ToolCallStatusName(c.status) + ")";
      } else {
        Json doc = c.result->AsJson();
        if (doc.is_null()) {
          std::string text = c.result->Text();
          entry["problem"] = text.empty() ? "empty content" : "result is not JSON: " + Truncate(text, 120);
        } else {
          Json values = Json::array();
          for (const Json* node : jsonpath::Select(**path, doc)) {
            if (ValuesMatch(*expected, *node)) {
              return Verdict(
                  true,
                  "call #" + std::to_string(i + 1) + " of '" + *tool + "': " + *path_text + " is " + Describe(*node),
                  {{"expected", *expected}, {"actual", *node}, {"path", *path_text}, {"evidence", {{"call", i + 1}}}});
            }
            values.push_back(*node);
          }
          entry["values"] = values;
        }
      }
      seen.push_back(entry);
    }
    Json details = {{"expected", *expected}, {"path", *path_text}, {"actual", seen}};
    if (calls == 0) return Verdict(false, "tool '" + *tool + "' was not called", details);
    std::string got;
    const Json& last = seen.back();
    if (last.contains("problem")) {
      got = "call #" + std::to_string(last["call"].get<size_t>()) + ": " + last["problem"].get<std::string>();
    } else if (last["values"].empty()) {
      got = "call #" + std::to_string(last["call"].get<size_t>()) + ": " + *path_text + " selected nothing";
    } else {
      got = "call #" + std::to_string(last["call"].get<size_t>()) + ": " + *path_text + " was " +
            Describe(last["values"].size() == 1 ? last["values"][0] : last["values"]);
    }
    return Verdict(false,
                   "expected " + *path_text + " = " + Describe(*expected) + " in a result of '" + *tool + "'; " + got,
                   details);
  }

 private:
  Json fields_;
};

}  // namespace

std::unique_ptr<Assertion> MakeToolParamEquals(const config::AssertionSpec& spec, BuildContext& bc) {
  if (spec.fields["params"].empty()) bc.Error(spec, "params", "'params' must list at least one parameter");
  return std::make_unique<ToolParams>(spec, false);
}

std::unique_ptr<Assertion> MakeToolParamMatchesRegex(const config::AssertionSpec& spec, BuildContext& bc) {
  if (spec.fields["params"].empty()) bc.Error(spec, "params", "'params' must list at least one parameter");
  bc.CheckRegexMap(spec, "params");
  return std::make_unique<ToolParams>(spec, true);
}

std::unique_ptr<Assertion> MakeToolResultMatchesJson(const config::AssertionSpec& spec, BuildContext& bc) {
  bc.CheckJsonPath(spec, "path");
  return std::make_unique<ToolResultMatchesJson>(spec);
}

}  // namespace ab::assertions
