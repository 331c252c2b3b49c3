#include "gen/generator_steps.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "assert/engine.h"
#include "base/json_dump.h"
#include "base/strings.h"
#include "config/keys.h"

namespace ab::gen {
namespace {

constexpr size_t kMaxName = 120;
constexpr size_t kMaxPrompt = 4000;
constexpr size_t kMaxText = 300;

std::string Str(const Json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return "";
  return j[key].get<std::string>();
}

// Generated text becomes a template in the test file: "{{" would read an undefined variable there.
bool HasTemplate(const std::string& s) { return s.find("{{") != std::string::npos; }

std::string Seeded(const GenContext& ctx) {
  return ctx.seed ? "Seed for variety: " + std::to_string(*ctx.seed) + "\n" : "";
}

}  // namespace

const char* const kPlanSystem =
    "You design tests for an AI agent that uses MCP tools. You answer with one JSON object only, no prose.";
const char* const kIntentSystem =
    "You write one test for an AI agent that uses MCP tools: the user prompt, the tool calls a correct agent makes, "
    "and what its answer must contain. You answer with one JSON object only, no prose.";

int GenContext::StepLimit() const {
  if (config->complexity == config::Complexity::kSimple) return 1;
  if (config->complexity == config::Complexity::kMedium) return std::min(3, config->max_steps_per_test);
  return config->max_steps_per_test;
}

std::string PlanPrompt(const GenContext& ctx, int count, const std::vector<PlannedTest>& so_far, int attempt) {
  const config::GeneratorConfig& g = *ctx.config;
  std::string p = "PHASE: plan (attempt " + std::to_string(attempt) + ")\n";
  p += "Plan " + std::to_string(count) + " test" + (count == 1 ? "" : "s") + " of the tools below, grouped into " +
       "sessions (a session is a conversation: its tests run in order and may build on each other).\n";
  p += "Complexity: " + std::string(config::NameOf(config::kComplexities, g.complexity)) +
       " (each test expects at most " + std::to_string(ctx.StepLimit()) + " tool call" +
       (ctx.StepLimit() == 1 ? "" : "s") + ").\n";
  if (g.include_edge_cases) p += "Include edge cases (invalid input, missing items, boundaries): mark them.\n";
  if (!g.goal.empty()) p += "Goal: " + g.goal + "\n";
  p += Seeded(ctx);
  if (!so_far.empty()) {
    p += "Already planned (do not repeat these names):";
    for (const auto& t : so_far) p += " \"" + t.name + "\"";
    p += "\n";
  }
  p += "\nTools:\n" + ctx.tools->Describe();
  p += "\nAnswer: {\"tests\": [{\"name\": \"unique test name\", \"session\": \"session name\", \"goal\": \"what "
       "the test checks\", \"tools\": [\"tool names it uses\"], \"edge_case\": false}]}\n";
  return p;
}

std::vector<std::string> CheckPlan(const Json& answer, const GenContext& ctx, int count,
                                   const std::vector<PlannedTest>& so_far, std::vector<PlannedTest>* out) {
  std::vector<std::string> errors;
  if (!answer.contains("tests") || !answer["tests"].is_array()) return {"the answer needs a \"tests\" list"};
  const Json& tests = answer["tests"];
  if (tests.empty()) return {"\"tests\" is empty: plan " + std::to_string(count) + " tests"};
  if (static_cast<int>(tests.size()) > count)
    errors.push_back("plan exactly " + std::to_string(count) + " tests, not " + std::to_string(tests.size()));
  std::set<std::string> names;
  for (const auto& t : so_far) names.insert(t.name);
  std::vector<PlannedTest> plan;
  bool any_edge = false;
  for (size_t i = 0; i < tests.size() && i < static_cast<size_t>(count); ++i) {
    const Json& t = tests[i];
    const std::string where = "tests[" + std::to_string(i) + "]";
    if (!t.is_object()) {
      errors.push_back(where + " must be an object");
      continue;
    }
    PlannedTest p;
    p.name = std::string(Trim(Str(t, "name")));
    p.session = std::string(Trim(Str(t, "session")));
    p.goal = Str(t, "goal");
    if (p.name.empty() || p.name.size() > kMaxName) errors.push_back(where + ": \"name\" must be 1-120 characters");
    else if (!names.insert(p.name).second) errors.push_back(where + ": the name \"" + p.name + "\" is used twice");
    if (p.session.empty() || p.session.size() > kMaxName)
      errors.push_back(where + ": \"session\" must be 1-120 characters");
    if (HasTemplate(p.name) || HasTemplate(p.session)) errors.push_back(where + ": names must not contain \"{{\"");
    if (t.contains("tools") && !t["tools"].is_array()) errors.push_back(where + ": \"tools\" must be a list");
    if (t.contains("tools") && t["tools"].is_array()) {
      for (const Json& n : t["tools"]) {
        if (!n.is_string()) {
          errors.push_back(where + ": \"tools\" must list tool names");
          continue;
        }
        std::string e = ctx.tools->Check(n.get<std::string>(), where);
        if (!e.empty()) errors.push_back(e);
        p.tools.push_back(n.get<std::string>());
      }
      if (static_cast<int>(p.tools.size()) > ctx.StepLimit())
        errors.push_back(where + ": uses " + std::to_string(p.tools.size()) + " tools; at " +
                         std::string(config::NameOf(config::kComplexities, ctx.config->complexity)) +
                         " complexity a test uses at most " + std::to_string(ctx.StepLimit()));
    }
    p.edge_case = t.contains("edge_case") && t["edge_case"].is_boolean() && t["edge_case"].get<bool>();
    any_edge = any_edge || p.edge_case;
    plan.push_back(std::move(p));
  }
  bool had_edge = std::any_of(so_far.begin(), so_far.end(), [](const PlannedTest& t) { return t.edge_case; });
  if (ctx.config->include_edge_cases && count >= 2 && !any_edge && !had_edge)
    errors.push_back("include_edge_cases is on: mark at least one test \"edge_case\": true");
  if (errors.empty() && out) *out = std::move(plan);
  return errors;
}

std::string IntentPrompt(const GenContext& ctx, const PlannedTest& test, int attempt) {
  std::string p = "PHASE: intent (attempt " + std::to_string(attempt) + ")\n";
  p += "Test name: " + test.name + "\nSession: " + test.session + "\nGoal: " + test.goal + "\n";
  if (test.edge_case) p += "This is an edge case.\n";
  if (!test.tools.empty()) p += "Planned tools: " + Join(test.tools, ", ") + "\n";
  p += "At most " + std::to_string(ctx.StepLimit()) + " expected tool call" + (ctx.StepLimit() == 1 ? "" : "s") +
       ".\n" + Seeded(ctx);
  p += "\nTools:\n" + ctx.tools->Describe();
  p += "\nAnswer: {\"prompt\": \"what the user asks the agent\", \"expected_tools\": [{\"tool\": \"name\", "
       "\"params\": {\"parameter\": \"value the agent must pass\"}}], \"output_contains\": [\"text the answer "
       "must contain\"], \"assertions\": [optional extra assertions, e.g. {\"type\": \"no_error_messages\"}]}\n";
  return p;
}

std::optional<config::AssertionSpec> ToAssertionSpec(const Json& j, std::string* error, int depth) {
  if (depth > 8) {
    *error = "assertions nested deeper than 8 combinators";
    return std::nullopt;
  }
  if (!j.is_object()) {
    *error = "an assertion must be an object";
    return std::nullopt;
  }
  config::AssertionSpec spec;
  for (const std::string& c : config::CombinatorKeys()) {
    if (!j.contains(c)) continue;
    spec.type = c;
    const Json& v = j[c];
    std::vector<Json> items;
    if (c == "not") items.push_back(v);
    else if (v.is_array()) items.assign(v.begin(), v.end());
    else {
      *error = "'" + c + "' takes a list of assertions";
      return std::nullopt;
    }
    if (items.empty()) {
      *error = "empty '" + c + "'";
      return std::nullopt;
    }
    for (const Json& item : items) {
      auto child = ToAssertionSpec(item, error, depth + 1);
      if (!child) return std::nullopt;
      spec.children.push_back(std::move(*child));
    }
    return spec;
  }
  if (!j.contains("type") || !j["type"].is_string()) {
    *error = "an assertion needs a \"type\"";
    return std::nullopt;
  }
  spec.type = j["type"].get<std::string>();
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "type") spec.fields[it.key()] = it.value();
  return spec;
}

namespace {

// Every "tool" field of |j| (an assertion, combinators included) must name a real tool.
void CheckAssertionTools(const Json& j, const GenContext& ctx, const std::string& where,
                         std::vector<std::string>& errors, int depth = 0) {
  if (depth > 8 || !j.is_object()) return;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "tool" && it.value().is_string()) {
      std::string e = ctx.tools->Check(it.value().get<std::string>(), where);
      if (!e.empty()) errors.push_back(e);
    } else if (it.value().is_array()) {
      for (const Json& c : it.value()) CheckAssertionTools(c, ctx, where, errors, depth + 1);
    } else if (it.value().is_object() && it.key() == "not") {
      CheckAssertionTools(it.value(), ctx, where, errors, depth + 1);
    }
  }
}

}  // namespace

std::vector<std::string> CheckIntent(const Json& answer, const GenContext& ctx, const PlannedTest& test,
                                     Json* test_out) {
  std::vector<std::string> errors;
  const std::string prompt = Str(answer, "prompt");
  if (Trim(prompt).empty()) errors.push_back("\"prompt\" must be a non-empty string");
  if (prompt.size() > kMaxPrompt) errors.push_back("\"prompt\" is longer than 4000 characters");
  if (HasTemplate(prompt)) errors.push_back("\"prompt\" must not contain \"{{\" (it would be read as a template)");
  const Json none = Json::array();
  const Json& calls = answer.contains("expected_tools") ? answer["expected_tools"] : none;
  if (!calls.is_array()) {
    errors.push_back("\"expected_tools\" must be a list");
  } else {
    if (calls.empty() && !test.edge_case) errors.push_back("\"expected_tools\" is empty: name the tool calls");
    if (static_cast<int>(calls.size()) > ctx.StepLimit())
      errors.push_back("\"expected_tools\" has " + std::to_string(calls.size()) + " calls; at most " +
                       std::to_string(ctx.StepLimit()) + " are allowed");
    for (size_t i = 0; i < calls.size(); ++i) {
      const std::string where = "expected_tools[" + std::to_string(i) + "]";
      const std::string tool = Str(calls[i], "tool");
      if (tool.empty()) {
        errors.push_back(where + ": needs a \"tool\"");
        continue;
      }
      std::string e = ctx.tools->Check(tool, where);
      if (!e.empty()) errors.push_back(e);
      if (calls[i].contains("params")) {
        e = ctx.tools->CheckParams(tool, calls[i]["params"], where);
        if (!e.empty()) errors.push_back(e);
        if (calls[i]["params"].is_object() && HasTemplate(DumpJson(calls[i]["params"])))
          errors.push_back(where + ": params must not contain \"{{\"");
      }
    }
  }
  if (answer.contains("output_contains")) {
    const Json& oc = answer["output_contains"];
    if (!oc.is_array()) errors.push_back("\"output_contains\" must be a list of strings");
    else
      for (const Json& s : oc)
        if (!s.is_string() || s.get<std::string>().empty() || s.get<std::string>().size() > kMaxText ||
            HasTemplate(s.get<std::string>()))
          errors.push_back("\"output_contains\" items must be strings of 1-300 characters without \"{{\"");
  }
  std::vector<config::AssertionSpec> specs;
  if (answer.contains("assertions")) {
    const Json& extra = answer["assertions"];
    if (!extra.is_array()) errors.push_back("\"assertions\" must be a list");
    else if (extra.size() > 20)
      errors.push_back("\"assertions\" has " + std::to_string(extra.size()) + " items; 20 at most");
    else
      for (size_t i = 0; i < extra.size(); ++i) {
        const std::string where = "assertions[" + std::to_string(i) + "]";
        std::string why;
        auto spec = ToAssertionSpec(extra[i], &why);
        if (!spec) {
          errors.push_back(where + ": " + why);
          continue;
        }
        if (HasTemplate(DumpJson(extra[i]))) errors.push_back(where + ": must not contain \"{{\"");
        CheckAssertionTools(extra[i], ctx, where, errors);
        specs.push_back(std::move(*spec));
      }
  }
  // The assertion registry has the last word on types and fields (with its did-you-mean).
  for (const Diagnostic& d : assertions::ValidateAssertions(specs))
    if (d.severity == Severity::kError) errors.push_back("assertions: " + d.message);
  if (errors.empty() && test_out) *test_out = BuildTest(test, answer);
  return errors;
}

Json BuildTest(const PlannedTest& test, const Json& intent) {
  Json t = Json::object();
  t["name"] = test.name;
  if (!test.goal.empty()) t["description"] = test.goal;
  t["prompt"] = intent["prompt"];
  Json asserts = Json::array();
  std::set<std::string> called;
  if (intent.contains("expected_tools"))
    for (const Json& c : intent["expected_tools"]) {
      const std::string tool = c["tool"].get<std::string>();
      if (called.insert(tool).second) asserts.push_back({{"type", "tool_called"}, {"tool", tool}});
      if (!c.contains("params") || !c["params"].is_object()) continue;
      Json scalars = Json::object();  // tool_param_equals compares values; nested ones are left to the model
      for (auto it = c["params"].begin(); it != c["params"].end(); ++it)
        if (!it.value().is_structured() && !it.value().is_null()) scalars[it.key()] = it.value();
      if (!scalars.empty()) asserts.push_back({{"type", "tool_param_equals"}, {"tool", tool}, {"params", scalars}});
    }
  if (intent.contains("output_contains"))
    for (const Json& s : intent["output_contains"]) asserts.push_back({{"type", "output_contains"}, {"value", s}});
  if (intent.contains("assertions"))
    for (const Json& a : intent["assertions"]) asserts.push_back(a);
  if (!called.empty()) asserts.push_back({{"type", "no_hallucinated_tools"}});
  t["assertions"] = asserts;
  return t;
}

std::string Slug(const std::string& s) {
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
    else if (!out.empty() && out.back() != '_') out += '_';
    if (out.size() >= 48) break;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "session" : out;
}

}  // namespace ab::gen
