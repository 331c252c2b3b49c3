// The run journal and the JSON report of whole sessions: each test result carries only its own part of the
// conversation (so both grow linearly with the session length), and --resume reads the journal back into the
// same reports.
#include "runner/journal.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "agent/loop.h"
#include "fakes/fake_provider.h"
#include "report/json.h"
#include "report/json_reader.h"
#include "report/render.h"

namespace ab::runner {
namespace {

std::string TempPath(const std::string& name) { return std::string(AB_BINARY_DIR) + "/journal_test_" + name; }

// One agent running a session of |length| tests through the real agent loop (fake model), each test's prompt
// and answer carrying ~1 KB, every result appended to |journal|.
report::Run RunSessionOf(int length, Journal& journal) {
  fakes::FakeProvider provider;
  agent::ToolSet tools;
  agent::Conversation conv;
  conv.SetSystemPrompt("You are a test agent.");
  agent::LoopOptions options;
  const std::string filler(1000, 'x');
  report::Run run;
  run.agents = {"agent"};
  run.test_files = {"s.yaml"};
  for (int i = 0; i < length; ++i) provider.AddText("answer " + std::to_string(i) + " " + filler);
  for (int i = 0; i < length; ++i) {
    report::TestRun r;
    r.file = "s.yaml";
    r.session = "session";
    r.test = "test " + std::to_string(i);
    r.agent = "agent";
    r.test_index = i;
    r.transcript = agent::RunAgentTest(provider, tools, conv, "prompt " + std::to_string(i) + " " + filler, options);
    r.passed = r.transcript.final_answer;
    r.status = r.passed ? report::RunStatus::kPassed : report::RunStatus::kFailed;
    journal.Append(r);
    run.runs.push_back(std::move(r));
  }
  return run;
}

std::string Render(report::RenderFn fn, const report::Run& run) {
  std::ostringstream out;
  report::RenderOptions o;
  o.deterministic = true;
  fn(run, out, o);
  return out.str();
}

size_t FileSize(const std::string& path) { return static_cast<size_t>(std::filesystem::file_size(path)); }

TEST_CASE("journal and JSON report grow linearly with the session length") {
  std::string short_path = TempPath("short.jsonl"), long_path = TempPath("long.jsonl");
  std::remove(short_path.c_str());
  std::remove(long_path.c_str());
  auto short_journal = Journal::Open(short_path);
  auto long_journal = Journal::Open(long_path);
  REQUIRE(short_journal.has_value());
  REQUIRE(long_journal.has_value());
  report::Run short_run = RunSessionOf(10, **short_journal);
  report::Run long_run = RunSessionOf(40, **long_journal);
  REQUIRE(long_run.runs.size() == 40);
  CHECK(long_run.runs[39].transcript.final_answer);

  // Per test, a session 4x as long costs the same (the whole history per test would make it ~3.7x).
  double json_short = static_cast<double>(Render(&report::RenderJson, short_run).size()) / 10;
  double json_long = static_cast<double>(Render(&report::RenderJson, long_run).size()) / 40;
  CHECK(json_long / json_short < 1.1);
  double html_short = static_cast<double>(Render(&report::RenderHtml, short_run).size()) / 10;
  double html_long = static_cast<double>(Render(&report::RenderHtml, long_run).size()) / 40;
  CHECK(html_long / html_short < 1.1);
  (*short_journal).reset();
  (*long_journal).reset();
  double journal_short = static_cast<double>(FileSize(short_path)) / 10;
  double journal_long = static_cast<double>(FileSize(long_path)) / 40;
  CHECK(journal_long / journal_short < 1.1);

  // Each message of the session is carried once: the system prompt by the first test, then each test's own.
  CHECK(long_run.runs[0].transcript.messages.size() == 3);
  CHECK(long_run.runs[0].transcript.messages[0].role == "system");
  CHECK(long_run.runs[0].transcript.first_message_of_test == 1);
  CHECK(long_run.runs[39].transcript.messages.size() == 2);
  CHECK(long_run.runs[39].transcript.first_message_of_test == 0);
  CHECK(long_run.runs[39].transcript.messages[0].content.rfind("prompt 39 ", 0) == 0);
  std::remove(short_path.c_str());
  std::remove(long_path.c_str());
}

TEST_CASE("the journal line is the run's JSON, kept for the report") {
  std::string path = TempPath("line.jsonl");
  std::remove(path.c_str());
  auto journal = Journal::Open(path);
  REQUIRE(journal.has_value());
  report::Run run = RunSessionOf(3, **journal);
  (*journal).reset();
  std::ifstream in(path);
  std::string line;
  for (const auto& r : run.runs) {
    REQUIRE(std::getline(in, line));
    CHECK(line == r.json.str());
    report::TestRun fresh = r;
    fresh.json.clear();
    CHECK(line == report::TestRunJsonText(fresh));
    CHECK(Json::parse(line) == report::TestRunToJson(r));
  }
  std::remove(path.c_str());
}

TEST_CASE("resume: the journal reads back into identical reports") {
  std::string path = TempPath("resume.jsonl");
  std::remove(path.c_str());
  auto journal = Journal::Open(path);
  REQUIRE(journal.has_value());
  report::Run run = RunSessionOf(12, **journal);
  (*journal).reset();
  auto read = ReadJournal(path);
  REQUIRE(read.has_value());
  REQUIRE(read->size() == 12);
  report::Run back = run;
  back.runs.clear();
  for (auto& [key, r] : *read) back.runs.push_back(std::move(r));
  std::stable_sort(back.runs.begin(), back.runs.end(),
                   [](const report::TestRun& a, const report::TestRun& b) { return a.test_index < b.test_index; });
  for (report::RenderFn fn :
       {&report::RenderJson, &report::RenderHtml, &report::RenderMarkdown, &report::RenderJunit}) {
    CHECK(Render(fn, back) == Render(fn, run));
  }
  std::remove(path.c_str());
}

TEST_CASE("resume: a journal written before schema 2 (whole history per line) reads into the current meaning") {
  std::string path = TempPath("v1.jsonl");
  std::string scratch = TempPath("v1-scratch.jsonl");
  auto journal = Journal::Open(scratch);
  REQUIRE(journal.has_value());
  report::Run run = RunSessionOf(5, **journal);
  (*journal).reset();
  {
    std::ofstream out(path);
    std::vector<TranscriptMessage> so_far;
    for (const auto& r : run.runs) {
      report::TestRun old = r;
      size_t before = so_far.size();
      so_far.insert(so_far.end(), r.transcript.messages.begin(), r.transcript.messages.end());
      old.transcript.messages = so_far;
      old.transcript.first_message_of_test = before + r.transcript.first_message_of_test;
      out << report::TestRunToJson(old).dump() << '\n';
    }
    out << R"({"execution": {"testName": "torn)";  // a killed run's last line
  }
  auto read = ReadJournal(path);
  REQUIRE(read.has_value());
  REQUIRE(read->size() == 5);
  for (const auto& r : run.runs) {
    const report::TestRun& got = read->at(JournalKey(r));
    CAPTURE(r.test);
    CHECK(got.transcript.messages.size() == r.transcript.messages.size());
    CHECK(got.transcript.first_message_of_test == r.transcript.first_message_of_test);
    CHECK(got.transcript.messages.back().content == r.transcript.messages.back().content);
  }
  std::remove(path.c_str());
  std::remove(scratch.c_str());
}

}  // namespace
}  // namespace ab::runner
