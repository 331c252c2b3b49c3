// Stability: trajectory consistency and output agreement over the repetitions of one cell.
#include "bench/stability.h"

#include <doctest/doctest.h>

#include "bench/fixtures.h"

namespace ab::bench {
namespace {

RunTrace Trace(std::vector<std::string> tools, std::string output) {
  return RunTrace{std::move(tools), std::move(output), true};
}

TEST_CASE("stability: normalised output is trimmed, case- and whitespace-folded") {
  CHECK(NormalizeOutput("  The Answer\n\t is  4 ") == "the answer is 4");
  CHECK(NormalizeOutput("") == "");
  CHECK(NormalizeOutput(" \n ") == "");
  CHECK(NormalizeOutput("Ünïcode Stays") == "Ünïcode stays");  // ASCII folding only: bytes of UTF-8 untouched
  CHECK(SequenceText({}) == "(no tools)");
  CHECK(SequenceText({"search", "add_note"}) == "search → add_note");
}

TEST_CASE("stability: modal sequence share, distinct sequences with counts, exact and normalised agreement") {
  std::vector<RunRecord> runs = testing::Runs("gpt", 5, 5);
  std::vector<RunTrace> traces = {
      Trace({"search", "add_note"}, "Done."),
      Trace({"search", "add_note"}, "done. "),
      Trace({"search", "add_note"}, "Done."),
      Trace({"add_note"}, "DONE."),
      Trace({"search", "search", "add_note"}, "Something else"),
  };
  std::vector<Stability> s = ComputeStability(runs, traces);
  REQUIRE(s.size() == 1);
  CHECK(s[0].runs == 5);
  CHECK(s[0].trajectory_consistency == doctest::Approx(0.6));
  REQUIRE(s[0].sequences.size() == 3);
  CHECK(s[0].sequences[0].sequence == "search → add_note");
  CHECK(s[0].sequences[0].count == 3);
  CHECK(s[0].sequences[1].sequence == "add_note");                  // ties keep first-seen order
  CHECK(s[0].output_exact_agreement == doctest::Approx(0.4));       // "Done." twice
  CHECK(s[0].output_normalized_agreement == doctest::Approx(0.8));  // "done." four times
  CHECK(s[0].distinct_outputs == 4);
  CHECK(s[0].distinct_normalized_outputs == 2);
}

TEST_CASE("stability: untraced runs and single runs are left out") {
  std::vector<RunRecord> runs = testing::Runs("gpt", 3, 3);
  std::vector<RunTrace> traces = {Trace({}, "a"), RunTrace{}, RunTrace{}};
  CHECK(ComputeStability(runs, traces).empty());  // one traced run is no repetition
  traces[1] = Trace({}, "a");
  std::vector<Stability> s = ComputeStability(runs, traces);
  REQUIRE(s.size() == 1);
  CHECK(s[0].runs == 2);
  CHECK(s[0].trajectory_consistency == 1.0);
  CHECK(s[0].sequences[0].sequence == "(no tools)");
}

}  // namespace
}  // namespace ab::bench
