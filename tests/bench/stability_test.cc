// Stability: trajectory consistency and output agreement over the repetitions of one cell.
#include "bench/stability.h"

#include <doctest/doctest.h>

#include "bench/aggregate.h"
#include "bench/fixtures.h"
#include "bench/record.h"
#include "store/model.h"

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

TEST_CASE("stability: tool names are read back from a record's tool chain, a cut chain included") {
  CHECK(ToolsOfChain("") == std::vector<std::string>{});
  CHECK(ToolsOfChain(store::ToolChainText({{"search", true}, {"add_note", false}})) ==
        std::vector<std::string>{"search", "add_note"});
  CHECK(ToolsOfChain("get_weather ok") == std::vector<std::string>{"get_weather"});
  std::vector<std::pair<std::string, bool>> many(200, {"list_notes", true});
  std::vector<std::string> cut = ToolsOfChain(store::ToolChainText(many));
  REQUIRE(cut.size() > 2);
  CHECK(cut.front() == "list_notes");
  CHECK(cut.back() == "\u2026");  // the mark of a cut chain stays, so cut chains only equal cut chains
}

TEST_CASE("stability: a merged or stored bench gets it from its records' answers and tool chains") {
  std::vector<RunRecord> runs = testing::Runs("gpt", 4, 3);
  const char* chains[] = {"search ok \u2192 add_note ok", "search ok \u2192 add_note ok", "add_note ok",
                          "search ok \u2192 add_note error"};
  const char* answers[] = {"Done.", "done.", "Done.", "Failed"};
  for (size_t i = 0; i < runs.size(); ++i) {
    runs[i].tool_chain = chains[i];
    runs[i].final_answer = answers[i];
  }
  // Through the bench JSON and back, as merge reads the shards.
  std::vector<RunRecord> read;
  for (const RunRecord& r : runs) {
    auto back = RunFromJson(RunToJson(r));
    REQUIRE(back);
    read.push_back(*back);
  }
  BenchSummary s = Summarize(BenchMeta{}, read);
  REQUIRE(s.stability.size() == 1);
  CHECK(s.stability[0].runs == 4);
  CHECK(s.stability[0].trajectory_consistency == doctest::Approx(0.75));  // 3 of 4 took search → add_note
  CHECK(s.stability[0].sequences[0].sequence == "search → add_note");
  CHECK(s.stability[0].output_exact_agreement == doctest::Approx(0.5));
  CHECK(s.stability[0].output_normalized_agreement == doctest::Approx(0.75));

  // An error record without a trace is left out; records without any trace (old reports) give no stability.
  read.push_back(read.back());
  read.back().status = RunStatus::kError;
  read.back().tool_chain.clear();
  read.back().final_answer.clear();
  CHECK(TracesFromRecords(read).back().known == false);
  CHECK(Summarize(BenchMeta{}, read).stability[0].runs == 4);
  for (RunRecord& r : read) r.tool_chain.clear(), r.final_answer.clear();
  CHECK(Summarize(BenchMeta{}, read).stability.empty());
}

}  // namespace
}  // namespace ab::bench
