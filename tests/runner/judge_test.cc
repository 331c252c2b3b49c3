#include "runner/judge.h"

#include <doctest/doctest.h>

#include "fakes/fake_provider.h"

namespace ab::runner {

TEST_CASE("ParseGrade reads the score from the judge's JSON, scaling 0-10 and 0-100") {
  auto g = ParseGrade("Here you go: {\"score\": 0.75, \"reasoning\": \"mostly right\"}");
  REQUIRE(g);
  CHECK(g->score == doctest::Approx(0.75));
  CHECK(g->reasoning == "mostly right");
  CHECK(ParseGrade("{\"score\": 8}")->score == doctest::Approx(0.8));
  CHECK(ParseGrade("{\"score\": \"90\"}")->score == doctest::Approx(0.9));
  CHECK_FALSE(ParseGrade("I think it is good"));
  CHECK_FALSE(ParseGrade("{\"score\": 500}"));
  CHECK_FALSE(ParseGrade("{\"grade\": 1}"));
}

TEST_CASE("GradeWithJudge keeps the judge's usage, the clarification judge reads YES/NO") {
  fakes::FakeProvider p;
  p.AddText("{\"score\": 1, \"reasoning\": \"ok\"}", 100, 20);
  auto g = GradeWithJudge(p, "Rubric: be right");
  REQUIRE(g);
  CHECK(g->usage.total() == 120);
  REQUIRE(p.requests.size() == 1);
  CHECK(p.requests[0].messages[1].text == "Rubric: be right");
  p.AddText("  yes.");
  p.AddText("NO");
  CHECK(*AskClarificationJudge(p, "Shall I?"));
  CHECK_FALSE(*AskClarificationJudge(p, "Done."));
}

}  // namespace ab::runner
