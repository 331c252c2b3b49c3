// Assertions about what a test cost (tokens, time, money, turns, calls) and about how cleanly it ran (errors,
// clarification questions, rate limits).
#include <cstdio>
#include <functional>
#include <optional>

#include "assert/factories.h"
#include "assert/fields.h"
#include "base/strings.h"

namespace ab::assertions {
namespace {

std::string FormatNumber(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// actual <= limit, where the limit is `value` (or `count`, which generated test files use for max_tokens).
class AtMost : public Assertion {
 public:
  using Measure = std::function<std::optional<double>(const Transcript&)>;
  AtMost(const config::AssertionSpec& spec, std::string what, Measure measure)
      : fields_(spec.fields), what_(std::move(what)), measure_(std::move(measure)) {}

  AssertionResult Check(const Transcript& t, const EvalContext& ctx) const override {
    const char* field = fields_.contains("value") ? "value" : "count";
    auto limit = NumberField(fields_, field, ctx, 0);
    if (!limit) return Verdict(false, limit.error().message);
    std::optional<double> actual = measure_(t);
    if (!actual) {
      return Verdict(false, "unknown " + what_ + ": the model has no known price",
                     {{"expected", *limit}, {"actual", nullptr}, {"max", *limit}});
    }
    Json details = {{"expected", *limit}, {"actual", *actual}, {"max", *limit}};
    if (*actual <= *limit) {
      return Verdict(true, what_ + " " + FormatNumber(*actual) + " <= " + FormatNumber(*limit), details);
    }
    return Verdict(false, "expected " + what_ + " <= " + FormatNumber(*limit) + ", got " + FormatNumber(*actual),
                   details);
  }

 private:
  Json fields_;
  std::string what_;
  Measure measure_;
};

class NoErrorMessages : public Assertion {
 public:
  AssertionResult Check(const Transcript& t, const EvalContext&) const override {
    Json errors = Json::array();
    for (const auto& e : t.errors) {
      errors.push_back({{"kind", e.KindName()}, {"message", Truncate(e.message, 500)}, {"iteration", e.iteration}});
    }
    Json details = {{"expected", 0}, {"actual", t.errors.size()}, {"errors", errors}};
    if (t.errors.empty()) return Verdict(true, "no errors", details);
    const auto& first = t.errors.front();
    return Verdict(false,
                   "expected no errors, got " + std::to_string(t.errors.size()) + "; first (" + first.KindName() +
                       "): " + Truncate(first.message, 200),
                   details);
  }
};

class NoClarificationQuestions : public Assertion {
 public:
  AssertionResult Check(const Transcript& t, const EvalContext&) const override {
    const Clarification& c = t.clarification;
    Json details = {{"expected", 0}, {"actual", c.count}, {"iterations", c.iterations}, {"examples", c.examples}};
    if (!t.clarification_enabled) {
      details["warning"] = "clarification detection is disabled";
      return Verdict(true,
                     "warning: clarification detection is not enabled for this agent, so this assertion cannot "
                     "fail (enable clarification_detection)",
                     details);
    }
    if (c.count == 0) return Verdict(true, "the agent asked no clarification question", details);
    std::string example = c.examples.empty() ? "" : ": \"" + Truncate(c.examples.front(), 200) + "\"";
    return Verdict(false, "expected no clarification questions, the agent asked " + std::to_string(c.count) + example,
                   details);
  }
};

class NoRateLimitErrors : public Assertion {
 public:
  AssertionResult Check(const Transcript& t, const EvalContext&) const override {
    const RateLimitStats& r = t.rate_limits;
    Json details = {{"expected", 0},
                    {"actual", r.rate_limit_hits},
                    {"retry_count", r.retry_count},
                    {"retry_success_count", r.retry_success_count}};
    if (r.rate_limit_hits == 0) return Verdict(true, "no rate-limit (429) answers", details);
    return Verdict(
        false,
        "expected no rate-limit errors, got " + std::to_string(r.rate_limit_hits) + " 429 answer(s) in this test",
        details);
  }
};

std::unique_ptr<Assertion> MakeAtMost(const config::AssertionSpec& spec, BuildContext& bc, std::string what,
                                      AtMost::Measure measure, bool count_alias = false) {
  bool has_value = spec.fields.contains("value");
  bool has_count = count_alias && spec.fields.contains("count");
  if (!has_value && !has_count) {
    bc.Error(spec, "", count_alias ? "missing required field 'value' (or 'count')" : "missing required field 'value'");
    return nullptr;
  }
  if (has_value && has_count) {
    bc.Error(spec, "count", "give either 'value' or 'count', not both");
    return nullptr;
  }
  return std::make_unique<AtMost>(spec, std::move(what), std::move(measure));
}

}  // namespace

std::unique_ptr<Assertion> MakeMaxTokens(const config::AssertionSpec& spec, BuildContext& bc) {
  return MakeAtMost(
      spec, bc, "total tokens", [](const Transcript& t) { return static_cast<double>(t.usage.total()); }, true);
}

std::unique_ptr<Assertion> MakeMaxLatencyMs(const config::AssertionSpec& spec, BuildContext& bc) {
  return MakeAtMost(spec, bc, "latency (ms)", [](const Transcript& t) { return t.latency_ms; });
}

std::unique_ptr<Assertion> MakeMaxCostUsd(const config::AssertionSpec& spec, BuildContext& bc) {
  return MakeAtMost(spec, bc, "cost (USD)", [](const Transcript& t) { return t.usage.cost_usd; });
}

std::unique_ptr<Assertion> MakeMaxIterations(const config::AssertionSpec& spec, BuildContext& bc) {
  return MakeAtMost(spec, bc, "iterations", [](const Transcript& t) { return static_cast<double>(t.iterations); });
}

std::unique_ptr<Assertion> MakeMaxToolCalls(const config::AssertionSpec& spec, BuildContext& bc) {
  return MakeAtMost(spec, bc, "tool calls",
                    [](const Transcript& t) { return static_cast<double>(t.tool_calls.size()); });
}

std::unique_ptr<Assertion> MakeNoErrorMessages(const config::AssertionSpec&, BuildContext&) {
  return std::make_unique<NoErrorMessages>();
}

std::unique_ptr<Assertion> MakeNoClarificationQuestions(const config::AssertionSpec&, BuildContext&) {
  return std::make_unique<NoClarificationQuestions>();
}

std::unique_ptr<Assertion> MakeNoRateLimitErrors(const config::AssertionSpec&, BuildContext&) {
  return std::make_unique<NoRateLimitErrors>();
}

}  // namespace ab::assertions
