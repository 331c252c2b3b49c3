// llm_judge: an LLM grades the final answer against a rubric. The judge call itself is the runner's business
// (EvalContext::judge); this file builds the prompt and turns the score into a verdict.
#include <cstdio>
#include <optional>

#include "assert/factories.h"
#include "assert/fields.h"
#include "base/strings.h"

namespace ab::assertions {
namespace {

std::string JudgePrompt(const std::string& rubric, const Transcript& t) {
  std::vector<std::string> tools;
  for (const auto& c : t.tool_calls) tools.push_back(c.name);
  return "You are grading the answer of an AI agent against a rubric.\n\n"
         "## Rubric\n" +
         rubric +
         "\n\n"
         "## Task given to the agent\n" +
         t.prompt +
         "\n\n"
         "## Tools the agent called, in order\n" +
         (tools.empty() ? "(none)" : Join(tools, ", ")) +
         "\n\n"
         "## The agent's final answer\n" +
         t.final_output +
         "\n\n"
         "Reply with JSON only: {\"score\": <number from 0 to 1>, \"reasoning\": \"<one short paragraph>\"}";
}

std::string Score(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

/// `calibration: {min_kappa, on_uncalibrated}` of an llm_judge: the judge must have a stored calibration with
/// Cohen's kappa >= min_kappa, else its verdict is a warning (default) or a failure.
struct CalibrationRule {
  double min_kappa = 0.6;
  bool fail = false;  ///< on_uncalibrated: fail
};

std::optional<CalibrationRule> ReadCalibrationRule(const Json& fields) {
  if (!fields.contains("calibration") || !fields["calibration"].is_object()) return std::nullopt;
  const Json& c = fields["calibration"];
  CalibrationRule rule;
  if (c.contains("min_kappa") && c["min_kappa"].is_number()) rule.min_kappa = c["min_kappa"].get<double>();
  if (c.contains("on_uncalibrated") && c["on_uncalibrated"].is_string())
    rule.fail = c["on_uncalibrated"].get<std::string>() == "fail";
  return rule;
}

class LlmJudge : public Assertion {
 public:
  explicit LlmJudge(const config::AssertionSpec& spec)
      : fields_(spec.fields), rule_(ReadCalibrationRule(spec.fields)) {}

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
    bool passed = verdict->score >= *threshold;
    std::string message = passed ? summary + ": " + Truncate(verdict->reasoning, 200)
                                 : "expected a judge score >= " + Score(*threshold) + ", got " + Score(verdict->score) +
                                       ": " + Truncate(verdict->reasoning, 200);
    // The calibration the judge has (if any) is part of every verdict; with `calibration:` it decides whether
    // the verdict may gate.
    std::string rubric_version = "v1";
    if (fields_.contains("rubric_version")) {
      auto rv = TextField(fields_, "rubric_version", ctx);
      if (!rv) return Verdict(false, rv.error().message, details);
      if (!rv->empty()) rubric_version = *rv;
    }
    std::optional<JudgeCalibration> calibration;
    std::string lookup_error;
    if (ctx.judge_calibration) {
      auto found = ctx.judge_calibration(*provider, rubric_version);
      if (found) {
        calibration = *found;
      } else {
        lookup_error = found.error().message;
      }
    }
    if (calibration) {
      details["calibration"] = {{"id", calibration->id}, {"key", calibration->key}, {"kappa", calibration->kappa}};
    } else {
      details["calibration"] = nullptr;
    }
    if (!rule_) return Verdict(passed, message, details);
    details["calibration_required"] = {{"min_kappa", rule_->min_kappa},
                                       {"on_uncalibrated", rule_->fail ? "fail" : "warn"},
                                       {"rubric_version", rubric_version}};
    std::string why;
    if (!calibration) {
      why = "no stored calibration of this judge with rubric version '" + rubric_version + "'" +
            (lookup_error.empty() ? "" : " (" + lookup_error + ")") + "; run agent-bench calibrate";
    } else if (calibration->kappa < rule_->min_kappa) {
      why = "calibration " + calibration->id + " gives kappa " + Score(calibration->kappa) + " < " +
            Score(rule_->min_kappa);
    }
    if (why.empty())
      return Verdict(
          passed, message + " [calibrated: " + calibration->id + ", kappa " + Score(calibration->kappa) + "]", details);
    details["warning"] = "uncalibrated judge";
    if (rule_->fail) return Verdict(false, "uncalibrated judge: " + why + "; the judge said: " + message, details);
    // A warning: the judge's opinion is reported, but it does not gate.
    details["judge_passed"] = passed;
    return Verdict(true, "warning: uncalibrated judge (" + why + "), not gating; the judge said: " + message, details);
  }

 private:
  Json fields_;
  std::optional<CalibrationRule> rule_;
};

}  // namespace

std::unique_ptr<Assertion> MakeLlmJudge(const config::AssertionSpec& spec, BuildContext& bc) {
  if (spec.fields.contains("calibration")) {
    const Json& c = spec.fields["calibration"];
    for (auto it = c.begin(); c.is_object() && it != c.end(); ++it) {
      if (it.key() != "min_kappa" && it.key() != "on_uncalibrated")
        bc.Error(spec, "calibration", "unknown key '" + it.key() + "' in 'calibration' (min_kappa, on_uncalibrated)");
    }
    if (c.contains("min_kappa") &&
        (!c["min_kappa"].is_number() || c["min_kappa"].get<double>() < -1 || c["min_kappa"].get<double>() > 1))
      bc.Error(spec, "calibration", "'min_kappa' must be a number between -1 and 1");
    if (c.contains("on_uncalibrated") && !(c["on_uncalibrated"] == "warn" || c["on_uncalibrated"] == "fail"))
      bc.Error(spec, "calibration", "'on_uncalibrated' must be warn or fail");
  }
  if (spec.fields.contains("threshold")) {
    const Json& v = spec.fields["threshold"];
    std::optional<double> t = v.is_number() ? std::optional<double>(v.get<double>())
                                            : (HasTemplate(ScalarText(v)) ? std::nullopt : ParseNumber(ScalarText(v)));
    if (t && (*t < 0 || *t > 1)) bc.Error(spec, "threshold", "'threshold' must be between 0 and 1");
  }
  return std::make_unique<LlmJudge>(spec);
}

}  // namespace ab::assertions
