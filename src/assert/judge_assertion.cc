// llm_judge: an LLM grades the final answer against a rubric. The judge call itself is the runner's business
// (EvalContext::judge); this file builds the prompt and turns the score into a verdict.
#include <cstdio>

#include "assert/factories.h"
#include "assert/fields.h"
#include "base/strings.h"

namespace ab::assertions {
namespace {

std::string JudgePrompt(const std::string& rubric, const Transcript& t) {
  std::vector<std::string> tools;
  for (const auto& c : t.tool_calls) tools.push_back(c.name);
  return "You are grading the answer of an AI agent against a rubric.\n\n"
         "## Rubric\n" + rubric + "\n\n"
         "## Task given to the agent\n" + t.prompt + "\n\n"
         "## Tools the agent called, in order\n" + (tools.empty() ? "(none)" : Join(tools, ", ")) + "\n\n"
         "## The agent's final answer\n" + t.final_output + "\n\n"
         "Reply with JSON only: {\"score\": <number from 0 to 1>, \"reasoning\": \"<one short paragraph>\"}";
}

std::string Score(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

class LlmJudge : public Assertion {
 public:
  explicit LlmJudge(const config::AssertionSpec& spec) : fields_(spec.fields) {}

  AssertionResult Check(const Transcript& t, const EvalContext& ctx) const override {
    auto rubric = TextField(fields_, "rubric", ctx);
    if (!rubric) return Verdict(false, rubric.error().message);
    auto provider = TextField(fields_, "provider", ctx);
    if (!provider) return Verdict(false, provider.error().message);
    auto threshold = NumberField(fields_, "threshold", ctx, 0.5);
    if (!threshold) return Verdict(false, threshold.error().message);
    Json details = {{"expected", {{"threshold", *threshold}}}, {"provider", *provider}, {"rubric", *rubric}};
    if (!ctx.judge) {
      std::string who = provider->empty() ? "the agent's provider" : "provider '" + *provider + "'";
      return Verdict(false, "no LLM judge is configured, so the rubric cannot be graded (" + who + ")", details);
    }
    Result<JudgeVerdict> verdict = ctx.judge(*provider, JudgePrompt(*rubric, t));
    if (!verdict) {
      details["actual"] = nullptr;
      return Verdict(false, "the judge call failed: " + verdict.error().message, details);
    }
    details["actual"] = {{"score", verdict->score}};
    details["score"] = verdict->score;
    details["reasoning"] = verdict->reasoning;
    details["tokens"] = {{"prompt", verdict->usage.prompt_tokens},
                         {"completion", verdict->usage.completion_tokens},
                         {"total", verdict->usage.total()}};
    if (verdict->usage.cost_usd) details["cost_usd"] = *verdict->usage.cost_usd;
    std::string summary = "judge score " + Score(verdict->score) + " (threshold " + Score(*threshold) + ")";
    if (verdict->score >= *threshold) return Verdict(true, summary + ": " + Truncate(verdict->reasoning, 200), details);
    return Verdict(false, "expected a judge score >= " + Score(*threshold) + ", got " + Score(verdict->score) + ": " +
                              Truncate(verdict->reasoning, 200),
                   details);
  }

 private:
  Json fields_;
};

}  // namespace

std::unique_ptr<Assertion> MakeLlmJudge(const config::AssertionSpec& spec, BuildContext& bc) {
  if (spec.fields.contains("threshold")) {
    const Json& v = spec.fields["threshold"];
    std::optional<double> t = v.is_number() ? std::optional<double>(v.get<double>())
                                            : (HasTemplate(ScalarText(v)) ? std::nullopt : ParseNumber(ScalarText(v)));
    if (t && (*t < 0 || *t > 1)) bc.Error(spec, "threshold", "'threshold' must be between 0 and 1");
  }
  return std::make_unique<LlmJudge>(spec);
}

}  // namespace ab::assertions
