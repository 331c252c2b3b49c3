#include <doctest/doctest.h>

#include "transcript_json.h"

namespace ab::assertions {
namespace {

using testing::Eval;
using testing::TranscriptFromJson;

// A scripted judge that records what it was asked.
struct FakeJudge {
  double score = 0.8;
  bool fail = false;
  std::string provider;
  std::string prompt;
  EvalContext Context() {
    EvalContext ctx;
    ctx.judge = [this](const std::string& p, const std::string& text) -> Result<JudgeVerdict> {
      provider = p;
      prompt = text;
      if (fail) return Error(ErrorCode::kNetwork, "connection refused");
      JudgeVerdict v;
      v.score = score;
      v.reasoning = "Covers the rubric.";
      v.usage.prompt_tokens = 120;
      v.usage.completion_tokens = 30;
      return v;
    };
    return ctx;
  }
};

const char* kSpec = R"({"type": "llm_judge", "rubric": "Mentions the capital of France", "provider": "judge-gpt"})";

TEST_CASE("llm_judge passes at or above the threshold and keeps score, reasoning and tokens") {
  Transcript t = TranscriptFromJson(Json::parse(R"({"prompt": "Capital?", "final_output": "Paris."})"));
  FakeJudge judge;
  AssertionResult r = Eval(Json::parse(kSpec), t, judge.Context());
  CHECK(r.passed);
  CHECK(judge.provider == "judge-gpt");
  CHECK(judge.prompt.find("Mentions the capital of France") != std::string::npos);
  CHECK(judge.prompt.find("Paris.") != std::string::npos);
  CHECK(judge.prompt.find("Capital?") != std::string::npos);
  CHECK(r.details["score"] == 0.8);
  CHECK(r.details["reasoning"] == "Covers the rubric.");
  CHECK(r.details["tokens"]["total"] == 150);
  judge.score = 0.4;
  r = Eval(Json::parse(kSpec), t, judge.Context());
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("expected a judge score >= 0.50, got 0.40") == 0);
  judge.score = 0.7;
  CHECK_FALSE(
      Eval(Json::parse(R"({"type": "llm_judge", "rubric": "r", "threshold": 0.9})"), t, judge.Context()).passed);
}

TEST_CASE("llm_judge fails clearly without a judge or when the judge call fails") {
  Transcript t = TranscriptFromJson(Json::parse(R"({"final_output": "x"})"));
  AssertionResult r = Eval(Json::parse(kSpec), t);
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("no LLM judge is configured") == 0);
  FakeJudge judge;
  judge.fail = true;
  r = Eval(Json::parse(kSpec), t, judge.Context());
  CHECK_FALSE(r.passed);
  CHECK(r.message == "the judge call failed: connection refused");
}

TEST_CASE("llm_judge threshold must lie in 0..1") {
  Diagnostics d = ValidateAssertions(
      {testing::SpecFromJson(Json::parse(R"({"type": "llm_judge", "rubric": "r", "threshold": 5})"))});
  REQUIRE(d.size() == 1);
  CHECK(d[0].message == "assertion 'llm_judge': 'threshold' must be between 0 and 1");
}

EvalContext WithCalibration(FakeJudge& judge, std::optional<JudgeCalibration> cal, std::string* asked = nullptr) {
  EvalContext ctx = judge.Context();
  ctx.judge_calibration = [cal, asked](const std::string& provider,
                                       const std::string& rv) -> Result<std::optional<JudgeCalibration>> {
    if (asked) *asked = provider + "|" + rv;
    return cal;
  };
  return ctx;
}

const char* kCalibrated =
    R"({"type": "llm_judge", "rubric": "r", "provider": "judge-gpt", "rubric_version": "facts-v1",
        "calibration": {"min_kappa": 0.6}})";

TEST_CASE("llm_judge with a calibration above min_kappa gates as usual and names the calibration") {
  FakeJudge judge;
  judge.score = 0.2;
  std::string asked;
  Transcript t = TranscriptFromJson(Json::parse(R"({"final_output": "x"})"));
  AssertionResult r =
      Eval(Json::parse(kCalibrated), t, WithCalibration(judge, JudgeCalibration{"cal-1", "K", 0.8}, &asked));
  CHECK(asked == "judge-gpt|facts-v1");
  CHECK_FALSE(r.passed);  // a calibrated judge's fail is a fail
  CHECK(r.message.find("[calibrated: cal-1, kappa 0.80]") != std::string::npos);
  CHECK(r.details["calibration"]["id"] == "cal-1");
  // Without `calibration:` the id is still in the verdict.
  judge.score = 0.9;
  AssertionResult plain = Eval(Json::parse(kSpec), t, WithCalibration(judge, JudgeCalibration{"cal-2", "K", 0.1}));
  CHECK(plain.passed);
  CHECK(plain.details["calibration"]["id"] == "cal-2");
}

TEST_CASE("llm_judge with an uncalibrated judge warns instead of gating, or fails when asked") {
  FakeJudge judge;
  judge.score = 0.1;  // the judge says fail
  Transcript t = TranscriptFromJson(Json::parse(R"({"final_output": "x"})"));
  AssertionResult none = Eval(Json::parse(kCalibrated), t, WithCalibration(judge, std::nullopt));
  CHECK(none.passed);  // not gating
  CHECK(none.message.find("warning: uncalibrated judge (no stored calibration") == 0);
  CHECK(none.details["warning"] == "uncalibrated judge");
  CHECK(none.details["judge_passed"] == false);
  AssertionResult low = Eval(Json::parse(kCalibrated), t, WithCalibration(judge, JudgeCalibration{"cal-3", "K", 0.4}));
  CHECK(low.passed);
  CHECK(low.message.find("calibration cal-3 gives kappa 0.40 < 0.60") != std::string::npos);
  // No lookup at all (e.g. no history) counts as uncalibrated.
  CHECK(Eval(Json::parse(kCalibrated), t, judge.Context()).details["warning"] == "uncalibrated judge");
  Json strict = Json::parse(kCalibrated);
  strict["calibration"]["on_uncalibrated"] = "fail";
  judge.score = 0.9;  // even a passing grade fails when the judge is not trusted
  AssertionResult failed = Eval(strict, t, WithCalibration(judge, std::nullopt));
  CHECK_FALSE(failed.passed);
  CHECK(failed.message.find("uncalibrated judge: ") == 0);
}

TEST_CASE("llm_judge calibration fields are validated") {
  Diagnostics d = ValidateAssertions({testing::SpecFromJson(Json::parse(
      R"({"type": "llm_judge", "rubric": "r", "calibration": {"min_kapa": 0.6, "on_uncalibrated": "maybe"}})"))});
  std::string all;
  for (const Diagnostic& x : d) all += x.message + "\n";
  CHECK(all.find("unknown key 'min_kapa' in 'calibration'") != std::string::npos);
  CHECK(all.find("'on_uncalibrated' must be warn or fail") != std::string::npos);
  CHECK(ValidateAssertions({testing::SpecFromJson(Json::parse(kCalibrated))}).empty());
}

}  // namespace
}  // namespace ab::assertions
