// Compatibility with files written for the reference, end to end: Agent Skills (system prompt order on the wire,
// reference tools, a path escape refused, {{SKILL_DIR}}, progressive disclosure with skill_loaded), session
// `agents:` and the zero values the reference's generator writes.
#include <doctest/doctest.h>

#include <filesystem>

#include "base/json.h"
#include "paths.h"
#include "process.h"

namespace ab::e2e::compat {

namespace fs = std::filesystem;

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

struct Run {
  ProcessResult process;
  Json report;
  std::string dir;
};

Run RunFile(const std::string& name, const std::string& file, const std::vector<std::string>& extra = {}) {
  Run r;
  r.dir = MakeTempDir(name);
  std::vector<std::string> argv = {kBin, "-f", file, "-o", r.dir + "/report", "-reportType", "json", "--no-progress"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  r.process = RunProcess(argv, {}, 120);
  r.report = Json::parse(ReadFile(r.dir + "/report.json"), nullptr, false);
  return r;
}

const Json* FindRun(const Json& report, const std::string& test, const std::string& agent) {
  if (!report.is_object()) return nullptr;
  for (const auto& r : report["detailed_results"])
    if (r["execution"]["testName"] == test && r["execution"]["agentName"] == agent) return &r;
  return nullptr;
}

int RunsOf(const Json& report, const std::string& agent) {
  int n = 0;
  if (!report.is_object()) return 0;
  for (const auto& r : report["detailed_results"]) n += r["execution"]["agentName"] == agent ? 1 : 0;
  return n;
}

std::string Output(const Json* run) { return run ? (*run)["execution"]["finalOutput"].get<std::string>() : ""; }

// Every request body the model was sent, from --record files.
std::vector<Json> RecordedRequests(const std::string& dir) {
  std::vector<Json> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    Json rec = Json::parse(ReadFile(e.path().string()), nullptr, false);
    if (rec.is_object() && rec.contains("request")) out.push_back(rec["request"]["body"]);
  }
  return out;
}

TEST_CASE("a skill's body goes first in the system prompt on the wire, its references are listed and read") {
  const std::string file = kData + "skills/skills.yaml";
  const std::string rec = MakeTempDir("skills-rec");
  Run r = RunFile("skills", file, {"--record", rec});
  INFO(r.process.err);
  REQUIRE(r.report.is_object());
  CHECK(r.process.exit_code == 1);  // "Did not choose the PDF skill" fails on purpose

  const std::string skill_dir = fs::weakly_canonical(kData + "skills/skills/demo-skill").string();
  bool saw_system = false, saw_tools = false;
  for (const Json& body : RecordedRequests(rec)) {
    if (!body.is_object() || !body.contains("messages")) continue;
    const Json& first = body["messages"][0];
    if (first["role"] != "system") continue;
    const std::string text = first["content"].is_string() ? first["content"].get<std::string>() : first.dump();
    if (!Contains(text, "Demo Skill")) continue;
    saw_system = true;
    // Body (without frontmatter) first, then the agent's system_prompt with {{SKILL_DIR}} rendered.
    CHECK(text.rfind("# Demo Skill\n\nAlways start your answer with", 0) == 0);
    CHECK_FALSE(Contains(text, "description:"));
    CHECK(Contains(text, "\n\nYou are skilled. Skill folder: " + skill_dir));
    for (const auto& tool : body.value("tools", Json::array()))
      saw_tools = saw_tools || tool.dump().find("read_skill_reference") != std::string::npos;
  }
  CHECK(saw_system);
  CHECK(saw_tools);

  const Json* greet = FindRun(r.report, "Greets as the skill says", "skilled");
  const Json* list = FindRun(r.report, "Lists references", "skilled");
  const Json* read = FindRun(r.report, "Reads a reference", "skilled");
  const Json* escape = FindRun(r.report, "Escape refused", "skilled");
  REQUIRE(greet);
  REQUIRE(list);
  REQUIRE(read);
  REQUIRE(escape);
  CHECK((*greet)["passed"] == true);
  CHECK((*list)["passed"] == true);
  CHECK(Contains(Output(list), "errors.md\nguide.md"));
  CHECK((*read)["passed"] == true);
  CHECK((*escape)["passed"] == true);
  CHECK(Contains(Output(escape), "leaves the skill's references/ folder"));
  // Built-in calls are in the transcript like MCP calls.
  const Json& calls = (*list)["execution"]["toolCalls"];
  REQUIRE(calls.size() == 1);
  CHECK(calls[0]["name"] == "list_skill_references");
}

TEST_CASE("progressive skills: the model loads one by name and skill_loaded says which") {
  Run r = RunFile("skills-progressive", kData + "skills/skills.yaml");
  INFO(r.process.err);
  const Json* chose = FindRun(r.report, "Chooses the Excel skill", "chooser");
  const Json* other = FindRun(r.report, "Did not choose the PDF skill", "chooser");
  REQUIRE(chose);
  REQUIRE(other);
  CHECK((*chose)["passed"] == true);
  CHECK(Contains(Output(chose), "EXCEL-CLI INSTRUCTIONS"));
  CHECK((*other)["passed"] == false);
  CHECK(Contains((*other)["assertions"].dump(), "expected skill 'pdf-tools' to be loaded"));
  // Only names and descriptions were in the system prompt: the body came from load_skill.
  const Json& msgs = (*chose)["execution"]["messages"];
  REQUIRE(msgs.size() > 0);
  CHECK(msgs[0]["role"] == "system");
  CHECK(Contains(msgs[0]["content"].get<std::string>(), "- excel-cli: Automates Excel workbooks"));
  CHECK_FALSE(Contains(msgs[0]["content"].get<std::string>(), "EXCEL-CLI INSTRUCTIONS"));
}

TEST_CASE("session agents restrict a session to those agents") {
  Run r = RunFile("session-agents", kData + "skills/skills.yaml");
  // Each session names one agent: 4 tests for skilled, 2 for chooser, none crossed.
  CHECK(RunsOf(r.report, "skilled") == 4);
  CHECK(RunsOf(r.report, "chooser") == 2);
  CHECK_FALSE(FindRun(r.report, "Greets as the skill says", "chooser"));
  CHECK_FALSE(FindRun(r.report, "Chooses the Excel skill", "skilled"));

  auto bad = RunProcess({kBin, "validate", kData + "compat/session-agents-typo.yaml"});
  CHECK(bad.exit_code == 2);
  CHECK(Contains(bad.out + bad.err,
                 "session-agents-typo.yaml:14:9: error: session refers to unknown agent 'agnet-b', did you mean "
                 "'agent-b'?"));
}

TEST_CASE("a generator-style file with zero values runs with the defaults") {
  auto v = RunProcess({kBin, "validate", kData + "compat/zero-values.yaml"});
  INFO(v.out << v.err);
  CHECK(v.exit_code == 0);
  Run r = RunFile("zero-values", kData + "compat/zero-values.yaml");
  INFO(r.process.err);
  CHECK(r.process.exit_code == 0);
  const Json* run = FindRun(r.report, "Echo", "agent");
  REQUIRE(run);
  CHECK((*run)["passed"] == true);
}

}  // namespace ab::e2e::compat
