// The generator end to end: the real binary, the mock LLM scripted to play the generator's model
// (tests/gen/data/gen-script.yaml) and the sample MCP server. What it writes must validate and run.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "base/json.h"
#include "e2e/paths.h"
#include "e2e/process.h"

namespace ab::e2e {
namespace {

namespace fs = std::filesystem;

#ifdef AB_SAMPLE_SERVER
const std::string kSample = AB_SAMPLE_SERVER;
#else
const std::string kSample = std::string(AB_BINARY_DIR) + "/sample-mcp-server";
#endif
const std::string kGenData = std::string(AB_SOURCE_DIR) + "/tests/gen/data/";
const std::map<std::string, std::string> kEnv = {{"SAMPLE_SERVER", kSample}};

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// gen-config.yaml with its generator section changed: |generator| replaces the lines after "generator:".
std::string WriteConfig(const std::string& dir, const std::string& generator) {
  std::string text = ReadFile(kGenData + "gen-config.yaml");
  text = text.substr(0, text.find("generator:")) + "generator:\n" + generator;
  const std::string script = "mock_script: gen-script.yaml";
  const size_t at = text.find(script);
  text.replace(at, script.size(), "mock_script: " + kGenData + "gen-script.yaml");
  const std::string path = dir + "/gen.yaml";
  std::ofstream(path) << text;
  return path;
}

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

int CountTests(const std::string& folder) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(folder)) {
    if (e.path().filename() == "suite.yaml") continue;
    const std::string text = ReadFile(e.path().string());
    for (size_t at = text.find("      - name:"); at != std::string::npos; at = text.find("      - name:", at + 1)) ++n;
  }
  return n;
}

TEST_CASE("the generator repairs a bad plan and a bad intent, retries, and writes a suite that validates and runs") {
  const std::string dir = MakeTempDir("gen-full");
  auto r = RunProcess({kBin, "-g", kGenData + "gen-config.yaml", "--output-dir", dir + "/out"}, kEnv, 120);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Contains(r.err, "plan of tests 1-3: answer rejected (attempt 1): tests[0]: there is no tool 'add_notes'"));
  CHECK(Contains(r.err, "plan of tests 1-3: accepted (attempt 1, after a repair)"));
  CHECK(Contains(r.err, "unknown assertion type 'tool_caled', did you mean 'tool_called'?"));
  CHECK(Contains(r.err, "'Search notes': answer rejected (attempt 1, repair)"));
  CHECK(Contains(r.err, "'Search notes': accepted (attempt 2)"));
  CHECK(Contains(r.err, "3 of 3 tests accepted; 8 model calls, 1200 tokens"));
  const std::string suite = Trimmed(r.out);
  REQUIRE(fs::exists(suite));
  CHECK(fs::path(suite).parent_path().filename().string().rfind("generated_", 0) == 0);
  CHECK(CountTests(fs::path(suite).parent_path().string()) == 3);

  auto v = RunProcess({kBin, "validate", suite}, {}, 60);
  CHECK(v.exit_code == 0);
  CHECK(Contains(v.out, "ok (1 agent, 2 sessions, 3 tests)"));

  auto run = RunProcess({kBin, "-s", suite, "-o", dir + "/report", "-reportType", "json", "--no-progress"}, kEnv, 120);
  INFO(run.err);
  CHECK(run.exit_code == 0);
  Json report = Json::parse(ReadFile(dir + "/report.json"), nullptr, false);
  REQUIRE(report.is_object());
  CHECK(report["summary"]["total"] == 3);
  CHECK(report["summary"]["passed"] == 3);
}

TEST_CASE("a token budget spent mid-way stops the generator cleanly and keeps what was accepted") {
  const std::string dir = MakeTempDir("gen-budget");
  // 150 tokens a reply: the plan takes two calls (300), the first test one more (450 >= 400), then it stops.
  const std::string cfg = WriteConfig(dir,
                                      "  test_count: 3\n  include_edge_cases: true\n  max_retries: 2\n"
                                      "  max_tokens: 400\n  tools: [add_note, calculate, search_notes]\n");
  auto r = RunProcess({kBin, "-g", cfg, "--output-dir", dir + "/out"}, kEnv, 120);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(
      Contains(r.err, "stopped: token budget reached (max_tokens: 400, 450 tokens used); keeping the 1 accepted test"));
  CHECK(Contains(r.err, "1 of 3 tests accepted; 3 model calls, 450 tokens"));
  const std::string suite = Trimmed(r.out);
  REQUIRE(fs::exists(suite));
  CHECK(CountTests(fs::path(suite).parent_path().string()) == 1);
  CHECK(RunProcess({kBin, "validate", suite}, {}, 60).exit_code == 0);
}

TEST_CASE("plan_chunk_size splits the plan: 7 tests in chunks of 3 are 3 plan calls of 3, 3 and 1 tests") {
  const std::string dir = MakeTempDir("gen-chunks");
  std::string cfg =
      WriteConfig(dir, "  test_count: 7\n  complexity: simple\n  plan_chunk_size: 3\n  tools: [list_notes]\n");
  std::string text = ReadFile(cfg);
  text.replace(text.find("data/gen-script.yaml"), 20, "data/gen-chunk-script.yaml");
  std::ofstream(cfg) << text;
  // The recording is the request log: one file per distinct request the mock answered.
  auto r = RunProcess({kBin, "-g", cfg, "--record", dir + "/rec", "--output-dir", dir + "/out"}, kEnv, 120);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> plans;
  int intents = 0;
  for (const auto& e : fs::directory_iterator(dir + "/rec")) {
    const std::string body = ReadFile(e.path().string());
    if (Contains(body, "PHASE: plan")) plans.push_back(body);
    if (Contains(body, "PHASE: intent")) ++intents;
  }
  REQUIRE(plans.size() == 3);
  int of3 = 0, of1 = 0, after_t3 = 0, after_t6 = 0;
  for (const auto& p : plans) {
    of3 += Contains(p, "Plan 3 tests of the tools");
    of1 += Contains(p, "Plan 1 test of the tools");
    after_t3 += Contains(p, "Already planned (do not repeat these names): \\\"T1\\\" \\\"T2\\\" \\\"T3\\\"\\n");
    after_t6 += Contains(p, "\\\"T5\\\" \\\"T6\\\"\\n");
  }
  CHECK(of3 == 2);
  CHECK(of1 == 1);
  CHECK(after_t3 == 1);  // the second chunk sees the first three names, and only those
  CHECK(after_t6 == 1);  // the third sees all six
  CHECK(intents == 7);
  CHECK(Contains(r.err, "plan of tests 1-3: accepted"));
  CHECK(Contains(r.err, "plan of tests 4-6: accepted"));
  CHECK(Contains(r.err, "plan of tests 7-7: accepted"));
  CHECK(Contains(r.err, "7 of 7 tests accepted"));
  CHECK(CountTests(fs::path(Trimmed(r.out)).parent_path().string()) == 7);
}

TEST_CASE("a plan that stays invalid after repairs and retries is rejected and nothing is written") {
  const std::string dir = MakeTempDir("gen-reject");
  // Only calculate is allowed: the repaired plan still names add_note.
  const std::string cfg = WriteConfig(dir, "  test_count: 3\n  max_retries: 2\n  tools: [calculate, search_notes]\n");
  auto r = RunProcess({kBin, "-g", cfg, "--output-dir", dir + "/out"}, kEnv, 120);
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK(Contains(r.err, "plan of tests 1-3: rejected after 4 model calls"));
  CHECK(Contains(r.err, "the generator produced no test; nothing written"));
  CHECK_FALSE(fs::exists(dir + "/out"));
}

TEST_CASE("max_iterations caps the model calls of a step, and goal and seed reach the model") {
  const std::string dir = MakeTempDir("gen-iterations");
  const std::string cfg = WriteConfig(dir, "  test_count: 3\n  max_iterations: 1\n  goal: Focus on zebra notes\n");
  auto r =
      RunProcess({kBin, "-g", cfg, "--seed", "99", "--record", dir + "/rec", "--output-dir", dir + "/out"}, kEnv, 120);
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK(Contains(r.err, "plan of tests 1-3: rejected after 1 model call: tests[0]: there is no tool 'add_notes'"));
  std::string recorded;
  for (const auto& e : fs::recursive_directory_iterator(dir + "/rec"))
    if (e.is_regular_file()) recorded += ReadFile(e.path().string());
  CHECK(Contains(recorded, "Goal: Focus on zebra notes"));
  CHECK(Contains(recorded, "Seed for variety: 99"));
}

TEST_CASE("--dry-run prints the plan and the files and writes nothing, and tools: names are checked") {
  const std::string dir = MakeTempDir("gen-dry");
  auto r = RunProcess({kBin, "-g", kGenData + "gen-config.yaml", "--dry-run", "--output-dir", dir + "/out"}, kEnv, 120);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(Contains(r.out, "# plan (3 of 3 tests)"));
  CHECK(Contains(r.out, "# suite.yaml"));
  CHECK(Contains(r.out, "prompt: \"Please call add_note title=Plan body=ship\""));
  CHECK_FALSE(fs::exists(dir + "/out"));

  const std::string cfg = WriteConfig(dir, "  tools: [add_note, calculat]\n");
  auto bad = RunProcess({kBin, "-g", cfg}, kEnv, 60);
  CHECK(bad.exit_code == 2);
  CHECK(Contains(bad.err,
                 "generator.tools names 'calculat', which no server of the agent offers, did you mean 'calculate'?"));
}

TEST_CASE("generator keys are checked at load time with line and column") {
  const std::string dir = MakeTempDir("gen-keys");
  const std::string cfg = WriteConfig(dir, "  complexity: extreme\n  test_cuont: 3\n  agent: writter\n");
  auto r = RunProcess({kBin, "validate", cfg}, {}, 60);
  CHECK(r.exit_code == 2);
  CHECK(Contains(r.err, "gen.yaml:18:15: error: unknown complexity 'extreme' (one of simple, medium, complex)"));
  CHECK(Contains(r.err, "unknown key 'test_cuont' in generator, did you mean 'test_count'?"));
  CHECK(Contains(r.err, "gen.yaml:20:10: error: generator refers to unknown agent 'writter', did you mean 'writer'?"));
}

TEST_CASE("a recorded generation replays offline to the same files") {
  const std::string dir = MakeTempDir("gen-replay");
  auto rec = RunProcess(
      {kBin, "-g", kGenData + "gen-config.yaml", "--seed", "5", "--record", dir + "/rec", "--output-dir", dir + "/a"},
      kEnv, 120);
  INFO(rec.err);
  REQUIRE(rec.exit_code == 0);
  auto rep = RunProcess(
      {kBin, "-g", kGenData + "gen-config.yaml", "--seed", "5", "--replay", dir + "/rec", "--output-dir", dir + "/b"},
      kEnv, 120);
  INFO(rep.err);
  REQUIRE(rep.exit_code == 0);
  const fs::path a = fs::path(Trimmed(rec.out)).parent_path(), b = fs::path(Trimmed(rep.out)).parent_path();
  int compared = 0;
  for (const auto& e : fs::directory_iterator(a)) {
    CHECK(ReadFile(e.path().string()) == ReadFile((b / e.path().filename()).string()));
    ++compared;
  }
  CHECK(compared == 3);
}

}  // namespace
}  // namespace ab::e2e
