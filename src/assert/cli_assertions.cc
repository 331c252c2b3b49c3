// Assertions over CLI-server tool calls, whose result text is JSON {exit_code, stdout, stderr}.
//
// Which call is checked: without `tool`, calls whose name ends in "_execute" (cli_execute, echo_execute, ...);
// with `tool`, calls of exactly that name. Among those whose result parses as a CLI result, the LAST one is
// checked by default (the command that produced the final state); `call: first` or `call: any` change that.
// The reference checked only the first call (bug #2 of the notes).
#include <re2/re2.h>

#include "assert/compiled_cache.h"
#include "assert/factories.h"
#include "assert/fields.h"
#include "base/json_dump.h"
#include "base/strings.h"

namespace ab::assertions {
namespace {

struct CliRun {
  size_t call = 0;  // 1-based
  Json result;
};

std::vector<CliRun> FindRuns(const Transcript& t, const std::string& tool) {
  std::vector<CliRun> runs;
  for (size_t i = 0; i < t.tool_calls.size(); ++i) {
    const ToolCall& c = t.tool_calls[i];
    bool name_ok = tool.empty() ? EndsWith(c.name, "_execute") : c.name == tool;
    if (!name_ok || !c.result) continue;
    Json j = c.result->AsJson();
    if (!j.is_object() || !j.contains("exit_code")) continue;
    runs.push_back({i + 1, std::move(j)});
  }
  return runs;
}

std::string Field(const Json& run, const char* name) {
  auto it = run.find(name);
  if (it == run.end() || it->is_null()) return "";
  return ScalarText(*it);
}

// The shared lookup; subclasses say what a run must satisfy.
class CliAssertion : public Assertion {
 public:
  explicit CliAssertion(const config::AssertionSpec& spec) : fields_(spec.fields) {}

  AssertionResult Check(const Transcript& t, const EvalContext& ctx) const override {
    auto tool = TextField(fields_, "tool", ctx);
    if (!tool) return Verdict(false, tool.error().message);
    auto which = TextField(fields_, "call", ctx, "last");
    if (!which) return Verdict(false, which.error().message);
    auto expectation = Expectation(ctx);
    if (!expectation) return Verdict(false, expectation.error().message);
    std::string target = tool->empty() ? "a '*_execute' tool" : "'" + *tool + "'";
    std::vector<CliRun> runs = FindRuns(t, *tool);
    if (runs.empty()) {
      return Verdict(false, "no call of " + target + " returned a CLI result {exit_code, stdout, stderr}",
                     {{"expected", *expectation}, {"actual", nullptr}});
    }
    std::vector<const CliRun*> candidates;
    if (*which == "first") {
      candidates.push_back(&runs.front());
    } else if (*which == "any") {
      for (const auto& r : runs) candidates.push_back(&r);
    } else {
      candidates.push_back(&runs.back());
    }
    std::string problem;
    const CliRun* shown = candidates.back();
    for (const CliRun* run : candidates) {
      std::string why;
      if (Satisfied(run->result, *expectation, why)) {
        return Verdict(true, "call #" + std::to_string(run->call) + ": " + why,
                       {{"expected", *expectation}, {"actual", run->result}, {"evidence", {{"call", run->call}}}});
      }
      if (problem.empty()) {
        problem = why;
        shown = run;
      }
    }
    return Verdict(false, "call #" + std::to_string(shown->call) + " of " + target + ": " + problem,
                   {{"expected", *expectation},
                    {"actual", shown->result},
                    {"evidence", {{"call", shown->call}, {"checked", *which}}}});
  }

 protected:
  virtual Result<Json> Expectation(const EvalContext& ctx) const = 0;
  /// Whether |run| meets |expected|; |why| says what was seen either way.
  virtual bool Satisfied(const Json& run, const Json& expected, std::string& why) const = 0;

  Json fields_;
};

class CliExitCode : public CliAssertion {
 public:
  using CliAssertion::CliAssertion;

 protected:
  Result<Json> Expectation(const EvalContext& ctx) const override {
    auto code = NumberField(fields_, fields_.contains("expected") ? "expected" : "value", ctx, 0);
    if (!code) return code.error();
    return Json(static_cast<int64_t>(*code));
  }
  bool Satisfied(const Json& run, const Json& expected, std::string& why) const override {
    auto actual = ParseNumber(Field(run, "exit_code"));
    std::string text = Field(run, "exit_code");
    if (actual && *actual == expected.get<double>()) {
      why = "exit code " + text;
      return true;
    }
    why = "expected exit code " + DumpJson(expected) + ", got " + text;
    std::string err = Field(run, "stderr");
    if (!err.empty()) why += " (stderr: \"" + Truncate(err, 200) + "\")";
    return false;
  }
};

class CliContains : public CliAssertion {
 public:
  CliContains(const config::AssertionSpec& spec, const char* stream) : CliAssertion(spec), stream_(stream) {}

 protected:
  Result<Json> Expectation(const EvalContext& ctx) const override {
    auto v = TextField(fields_, "value", ctx);
    if (!v) return v.error();
    return Json(*v);
  }
  bool Satisfied(const Json& run, const Json& expected, std::string& why) const override {
    std::string text = Field(run, stream_);
    const std::string& want = expected.get_ref<const std::string&>();
    if (text.find(want) != std::string::npos) {
      why = std::string(stream_) + " contains \"" + want + "\"";
      return true;
    }
    why = "expected " + std::string(stream_) + " to contain \"" + want + "\", it was \"" + Truncate(text, 200) + "\"";
    return false;
  }

 private:
  const char* stream_;
};

class CliStdoutRegex : public CliAssertion {
 public:
  using CliAssertion::CliAssertion;

 protected:
  Result<Json> Expectation(const EvalContext& ctx) const override {
    auto p = TextField(fields_, "pattern", ctx);
    if (!p) return p.error();
    auto re = CompiledRegex(*p);
    if (!re) return re.error();
    return Json(*p);
  }
  bool Satisfied(const Json& run, const Json& expected, std::string& why) const override {
    const std::string& pattern = expected.get_ref<const std::string&>();
    auto re = CompiledRegex(pattern);
    std::string text = Field(run, "stdout");
    if (re && RE2::PartialMatch(text, **re)) {
      why = "stdout matches /" + pattern + "/";
      return true;
    }
    why = "expected stdout to match /" + pattern + "/, it was \"" + Truncate(text, 200) + "\"";
    return false;
  }
};

void CheckCall(const config::AssertionSpec& spec, BuildContext& bc) {
  if (!spec.fields.contains("call")) return;
  std::string which = ScalarText(spec.fields["call"]);
  if (which != "last" && which != "first" && which != "any" && !HasTemplate(which)) {
    bc.Error(spec, "call", "'call' must be last, first or any, got '" + which + "'");
  }
}

}  // namespace

std::unique_ptr<Assertion> MakeCliExitCodeEquals(const config::AssertionSpec& spec, BuildContext& bc) {
  CheckCall(spec, bc);
  if (spec.fields.contains("expected") && spec.fields.contains("value") &&
      !(ScalarText(spec.fields["expected"]) == ScalarText(spec.fields["value"]))) {
    bc.Error(spec, "value", "'expected' and 'value' disagree; give one of them");
  }
  return std::make_unique<CliExitCode>(spec);
}

std::unique_ptr<Assertion> MakeCliStdoutContains(const config::AssertionSpec& spec, BuildContext& bc) {
  CheckCall(spec, bc);
  return std::make_unique<CliContains>(spec, "stdout");
}

std::unique_ptr<Assertion> MakeCliStdoutRegex(const config::AssertionSpec& spec, BuildContext& bc) {
  CheckCall(spec, bc);
  bc.CheckRegex(spec, "pattern");
  return std::make_unique<CliStdoutRegex>(spec);
}

std::unique_ptr<Assertion> MakeCliStderrContains(const config::AssertionSpec& spec, BuildContext& bc) {
  CheckCall(spec, bc);
  return std::make_unique<CliContains>(spec, "stderr");
}

}  // namespace ab::assertions
