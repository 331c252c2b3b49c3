// Assertions about which tools were called, how often, in what order, and how the calls ended.
#include <algorithm>

#include "assert/factories.h"
#include "assert/fields.h"
#include "base/strings.h"

namespace ab::assertions {
namespace {

Json CalledNames(const Transcript& t) {
  Json names = Json::array();
  for (const auto& c : t.tool_calls) names.push_back(c.name);
  return names;
}

std::string NamesText(const Transcript& t) {
  std::vector<std::string> names;
  for (const auto& c : t.tool_calls) names.push_back(c.name);
  return names.empty() ? "no tool was called" : "calls were [" + Join(names, ", ") + "]";
}

// Holds the raw fields; every leaf that reads `tool` renders it the same way.
class FieldsAssertion : public Assertion {
 public:
  explicit FieldsAssertion(const config::AssertionSpec& spec) : fields_(spec.fields) {}

 protected:
  Json fields_;
};

class ToolCalled : public FieldsAssertion {
 public:
  ToolCalled(const config::AssertionSpec& spec, bool negate) : FieldsAssertion(spec), negate_(negate) {}
  AssertionResult Check(const Transcript& t, const EvalContext& ctx) const override {
    auto tool = TextField(fields_, "tool", ctx);
    if (!tool) return Verdict(false, tool.error().message);
    Json details = {{"expected", *tool}, {"actual", CalledNames(t)}};
    for (size_t i = 0; i < t.tool_calls.size(); ++i) {
      if (t.tool_calls[i].name != *tool) continue;
      details["evidence"] = {{"call", i + 1}, {"iteration", t.tool_calls[i].iteration}};
      if (negate_)
        return Verdict(false, "tool '" + *tool + "' was called (call #" + std::to_string(i + 1) + ")", details);
      return Verdict(true, "tool '" + *tool + "' was called (call #" + std::to_string(i + 1) + ")", details);
    }
    if (negate_) return Verdict(true, "tool '" + *tool + "' was not called", details);
    return Verdict(false, "expected tool '" + *tool + "' to be called; " + NamesText(t), details);
  }

 private:
  bool negate_;
};

class ToolCallCount : public FieldsAssertion {
 public:
  using FieldsAssertion::FieldsAssertion;
  AssertionResult Check(const Transcript& t, const EvalContext& ctx) const override {
    auto tool = TextField(fields_, "tool", ctx);
    if (!tool) return Verdict(false, tool.error().message);
    auto count = NumberField(fields_, "count", ctx, 0);
    if (!count) return Verdict(false, count.error().message);
    int64_t expected = static_cast<int64_t>(*count);
    int64_t actual = tool->empty() ? static_cast<int64_t>(t.tool_calls.size())
                                   : std::count_if(t.tool_calls.begin(), t.tool_calls.end(),
                                                   [&](const ToolCall& c) { return c.name == *tool; });
    std::string what = tool->empty() ? "tool calls" : "calls of '" + *tool + "'";
    Json details = {{"expected", expected}, {"actual", actual}, {"tool", *tool}, {"calls", CalledNames(t)}};
    if (actual == expected) return Verdict(true, std::to_string(actual) + " " + what, details);
    return Verdict(false, "expected " + std::to_string(expected) + " " + what + ", got " + std::to_string(actual),
                   details);
  }
};

class ToolCallOrder : public FieldsAssertion {
 public:
  using FieldsAssertion::FieldsAssertion;
  AssertionResult Check(const Transcript& t, const EvalContext& ctx) const override {
    std::vector<std::string> sequence;
    for (const auto& item : fields_["sequence"]) {
      auto r = Render(ScalarText(item), ctx);
      if (!r) return Verdict(false, "cannot render 'sequence': " + r.error().message);
      sequence.push_back(*r);
    }
    Json matched = Json::array();
    size_t next = 0;
    for (size_t i = 0; i < t.tool_calls.size() && next < sequence.size(); ++i) {
      if (t.tool_calls[i].name == sequence[next]) {
        matched.push_back({{"tool", sequence[next]}, {"call", i + 1}});
        ++next;
      }
    }
    Json details = {{"expected", sequence}, {"actual", CalledNames(t)}, {"evidence", matched}};
    if (next == sequence.size())
      return Verdict(true, "tools were called in order [" + Join(sequence, ", ") + "]", details);
    return Verdict(false,
                   "expected the calls to contain [" + Join(sequence, ", ") + "] in this order; '" + sequence[next] +
                       "' (step " + std::to_string(next + 1) + ") was not found; " + NamesText(t),
                   details);
  }
};

class ToolOutcome : public FieldsAssertion {
 public:
  // |want_error|: tool_result_is_error (some call failed); otherwise tool_succeeded (every call, at least one).
  ToolOutcome(const config::AssertionSpec& spec, bool want_error) : FieldsAssertion(spec), want_error_(want_error) {}
  AssertionResult Check(const Transcript& t, const EvalContext& ctx) const override {
    auto tool = TextField(fields_, "tool", ctx);
    if (!tool) return Verdict(false, tool.error().message);
    Json statuses = Json::array();
    int calls = 0;
    for (size_t i = 0; i < t.tool_calls.size(); ++i) {
      const ToolCall& c = t.tool_calls[i];
      if (c.name != *tool) continue;
      ++calls;
      bool is_error = c.status == ToolCallStatus::kToolError || (c.result && c.result->is_error);
      statuses.push_back({{"call", i + 1}, {"status", ToolCallStatusName(c.status)}, {"is_error", is_error}});
      if (want_error_ && is_error) {
        return Verdict(true, "call #" + std::to_string(i + 1) + " of '" + *tool + "' returned an error",
                       {{"expected", "isError"}, {"actual", statuses}});
      }
      if (!want_error_ && c.status != ToolCallStatus::kOk) {
        std::string why = c.error.empty() ? ToolCallStatusName(c.status) : c.error;
        return Verdict(false,
                       "expected every call of '" + *tool + "' to succeed; call #" + std::to_string(i + 1) +
                           " ended with " + ToolCallStatusName(c.status) + ": " + Truncate(why, 200),
                       {{"expected", "ok"}, {"actual", statuses}});
      }
    }
    if (calls == 0)
      return Verdict(false, "tool '" + *tool + "' was not called; " + NamesText(t),
                     {{"expected", *tool}, {"actual", CalledNames(t)}});
    if (want_error_)
      return Verdict(
          false, "expected a call of '" + *tool + "' to return an error; all " + std::to_string(calls) + " succeeded",
          {{"expected", "isError"}, {"actual", statuses}});
    return Verdict(true, "all " + std::to_string(calls) + " call(s) of '" + *tool + "' succeeded",
                   {{"expected", "ok"}, {"actual", statuses}});
  }

 private:
  bool want_error_;
};

class NoHallucinatedTools : public Assertion {
 public:
  AssertionResult Check(const Transcript& t, const EvalContext&) const override {
    Json bad = Json::array();
    for (size_t i = 0; i < t.tool_calls.size(); ++i) {
      const ToolCall& c = t.tool_calls[i];
      bool offered = std::find(t.available_tools.begin(), t.available_tools.end(), c.name) != t.available_tools.end();
      if (c.status == ToolCallStatus::kNotOffered || !offered) bad.push_back({{"call", i + 1}, {"tool", c.name}});
    }
    Json details = {{"expected", t.available_tools}, {"actual", CalledNames(t)}, {"evidence", bad}};
    if (bad.empty()) return Verdict(true, "every called tool was offered", details);
    std::vector<std::string> names;
    for (const auto& b : bad) names.push_back(b["tool"].get<std::string>());
    return Verdict(false, "the agent called tools it was not offered: [" + Join(names, ", ") + "]", details);
  }
};

}  // namespace

std::unique_ptr<Assertion> MakeToolCalled(const config::AssertionSpec& spec, BuildContext&) {
  return std::make_unique<ToolCalled>(spec, false);
}

std::unique_ptr<Assertion> MakeToolNotCalled(const config::AssertionSpec& spec, BuildContext&) {
  return std::make_unique<ToolCalled>(spec, true);
}

std::unique_ptr<Assertion> MakeToolCallCount(const config::AssertionSpec& spec, BuildContext&) {
  return std::make_unique<ToolCallCount>(spec);
}

std::unique_ptr<Assertion> MakeToolCallOrder(const config::AssertionSpec& spec, BuildContext& bc) {
  if (spec.fields["sequence"].empty()) {
    bc.Error(spec, "sequence", "'sequence' must list at least one tool");
    return nullptr;
  }
  return std::make_unique<ToolCallOrder>(spec);
}

std::unique_ptr<Assertion> MakeToolResultIsError(const config::AssertionSpec& spec, BuildContext&) {
  return std::make_unique<ToolOutcome>(spec, true);
}

std::unique_ptr<Assertion> MakeToolSucceeded(const config::AssertionSpec& spec, BuildContext&) {
  return std::make_unique<ToolOutcome>(spec, false);
}

std::unique_ptr<Assertion> MakeNoHallucinatedTools(const config::AssertionSpec&, BuildContext&) {
  return std::make_unique<NoHallucinatedTools>();
}

}  // namespace ab::assertions
