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
  CHECK_FALSE(Eval(Json::parse(R"({"type": "llm_judge", "rubric": "r", "threshold": 0.9})"), t, judge.Context()).passed);
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
  Diagnostics d = ValidateAssertions({testing::SpecFromJson(
      Json::parse(R"({"type": "llm_judge", "rubric": "r", "threshold": 5})"))});
  REQUIRE(d.size() == 1);
  CHECK(d[0].message == "assertion 'llm_judge': 'threshold' must be between 0 and 1");
}

}  // namespace
}  // namespace ab::assertions
