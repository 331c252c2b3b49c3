// Compatibility with files written for the reference, end to end: Agent Skills (system prompt order on the wire,
// reference tools, a path escape refused, {{SKILL_DIR}}, progressive disclosure with skill_loaded), session
// `agents:`, the zero values the reference's generator writes, and the verdict on every file of the compat corpus
// (docs/COMPATIBILITY.md).
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

TEST_CASE("a skill body goes first in the system prompt on the wire, and its references are listed and read") {
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

TEST_CASE("a suite agent's skill resolves against the suite's directory at run time, as validate checked it") {
  Run r;
  r.dir = MakeTempDir("skills-suite");
  r.process = RunProcess(
      {kBin, "-s", kData + "skills/suite.yaml", "-o", r.dir + "/report", "-reportType", "json", "--no-progress"});
  r.report = Json::parse(ReadFile(r.dir + "/report.json"), nullptr, false);
  INFO(r.process.err);
  CHECK(r.process.exit_code == 0);
  const Json* greet = FindRun(r.report, "Greets from a suite agent", "suite-agent");
  const Json* list = FindRun(r.report, "Lists references from a suite agent", "suite-agent");
  REQUIRE(greet);
  REQUIRE(list);
  CHECK((*greet)["passed"] == true);
  CHECK((*list)["passed"] == true);
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

TEST_CASE(
    "${VAR} in a token and a header reaches the model, its value is a secret, and unset is refused before a run") {
  const std::string rec = MakeTempDir("env-rec");
  Run r;
  r.dir = MakeTempDir("env-vars");
  r.process = RunProcess({kBin, "-f", kData + "compat/env-vars.yaml", "-o", r.dir + "/report", "-reportType", "json",
                          "--no-progress", "--record", rec},
                         {{"AB_E2E_TOKEN", "sk-e2e-secret-4242"}, {"AB_E2E_HEADER", "header-from-env"}}, 120);
  r.report = Json::parse(ReadFile(r.dir + "/report.json"), nullptr, false);
  INFO(r.process.err);
  CHECK(r.process.exit_code == 0);
  bool saw_header = false;
  for (const auto& e : fs::directory_iterator(rec)) {
    const std::string text = ReadFile(e.path().string());
    CHECK_FALSE(Contains(text, "sk-e2e-secret-4242"));
    saw_header = saw_header || (Contains(text, "header-from-env") && Contains(text, "from-default"));
  }
  CHECK(saw_header);
  const Json* run = FindRun(r.report, "Echo", "agent");
  REQUIRE(run);
  CHECK((*run)["passed"] == true);
  const std::string report_text = r.report.dump();
  CHECK_FALSE(Contains(report_text, "sk-e2e-secret-4242"));
  CHECK(Contains(report_text, "[REDACTED]"));

  // Unset without a default: validate accepts it (like {{VAR}}), a run refuses it before anything starts.
  auto v = RunProcess({kBin, "validate", kData + "compat/env-unset.yaml"});
  CHECK(v.exit_code == 0);
  auto unset =
      RunProcess({kBin, "-f", kData + "compat/env-unset.yaml", "-o", MakeTempDir("env-unset") + "/r", "--no-progress"});
  CHECK(unset.exit_code == 2);
  CHECK(Contains(unset.err, "'AB_E2E_SURELY_UNSET_VARIABLE' is not a variable, a set environment variable"));
  CHECK(Contains(unset.err, "nothing ran"));
}

struct CorpusVerdict {
  const char* file;  ///< under ../shared/compat-corpus/
  bool accepted;
  const char* error;  ///< for a rejected file: part of the expected error
};

// The table of docs/COMPATIBILITY.md: keep both in step.
const CorpusVerdict kCorpus[] = {
    {"agent-benchmark-examples/agent-skills-test.yaml", false, "skill folder"},
    {"agent-benchmark-examples/azure-entra-id-test.yaml", true, ""},
    {"agent-benchmark-examples/chrome-devtools-mcp-test.yaml", false, "field 'value' is not supported: use 'count: N'"},
    {"agent-benchmark-examples/cli-server-test.yaml", true, ""},
    {"agent-benchmark-examples/explorer-config.yaml", false, "unknown key 'timeout_seconds' in settings"},
    {"agent-benchmark-examples/generator-config.yaml", true, ""},
    {"agent-benchmark-examples/windows-mcp-notepad.yaml", true, ""},
    {"mcp-server-excel/ExcelMcp.CLI.LLM.Tests__Scenarios__excel-chart-positioning-cli-test.yaml", true, ""},
    {"mcp-server-excel/ExcelMcp.CLI.LLM.Tests__Scenarios__excel-cli-vs-mcp-comparison.yaml", true, ""},
    {"mcp-server-excel/ExcelMcp.CLI.LLM.Tests__Scenarios__excel-file-worksheet-cli-test.yaml", true, ""},
    {"mcp-server-excel/ExcelMcp.CLI.LLM.Tests__Scenarios__excel-modification-patterns-cli-test.yaml", true, ""},
    {"mcp-server-excel/ExcelMcp.CLI.LLM.Tests__Scenarios__excel-pivottable-layout-cli-test.yaml", true, ""},
    {"mcp-server-excel/ExcelMcp.CLI.LLM.Tests__Scenarios__excel-powerquery-datamodel-cli-test.yaml", false,
     "requests_per_minute"},
    {"mcp-server-excel/ExcelMcp.CLI.LLM.Tests__Scenarios__excel-range-cli-test.yaml", false,
     "unknown field 'substring'"},
    {"mcp-server-excel/ExcelMcp.CLI.LLM.Tests__Scenarios__excel-slicer-cli-test.yaml", true, ""},
    {"mcp-server-excel/ExcelMcp.CLI.LLM.Tests__Scenarios__excel-table-cli-test.yaml", false,
     "unknown field 'substring'"},
    {"mcp-server-excel/ExcelMcp.CLI.LLM.Tests__Scenarios__financial-report-automation-cli.yaml", true, ""},
    {"mcp-server-excel/ExcelMcp.CLI.LLM.Tests__Scenarios__sales-report-complete-workflow-cli.yaml", false,
     "unknown field 'text'"},
    {"mcp-server-excel/ExcelMcp.McpServer.LLM.Tests__Scenarios__excel-chart-create-from-table-test.yaml", true, ""},
    {"mcp-server-excel/ExcelMcp.McpServer.LLM.Tests__Scenarios__excel-chart-positioning-test.yaml", true, ""},
    {"mcp-server-excel/ExcelMcp.McpServer.LLM.Tests__Scenarios__excel-chart-test.yaml", false, "requests_per_minute"},
    {"mcp-server-excel/ExcelMcp.McpServer.LLM.Tests__Scenarios__excel-file-worksheet-test.yaml", true, ""},
    {"mcp-server-excel/ExcelMcp.McpServer.LLM.Tests__Scenarios__excel-incremental-update-test.yaml", true, ""},
    {"mcp-server-excel/ExcelMcp.McpServer.LLM.Tests__Scenarios__excel-modification-patterns-test.yaml", false,
     "requests_per_minute"},
    {"mcp-server-excel/ExcelMcp.McpServer.LLM.Tests__Scenarios__excel-pivottable-layout-test.yaml", false,
     "unknown field 'param', did you mean 'params'?"},
    {"mcp-server-excel/ExcelMcp.McpServer.LLM.Tests__Scenarios__excel-powerquery-datamodel-test.yaml", false,
     "requests_per_minute"},
    {"mcp-server-excel/ExcelMcp.McpServer.LLM.Tests__Scenarios__excel-range-test.yaml", true, ""},
    {"mcp-server-excel/ExcelMcp.McpServer.LLM.Tests__Scenarios__excel-slicer-test.yaml", false, "requests_per_minute"},
    {"mcp-server-excel/ExcelMcp.McpServer.LLM.Tests__Scenarios__excel-table-test.yaml", true, ""},
    {"mcp-server-excel/ExcelMcp.McpServer.LLM.Tests__Scenarios__sales-report-complete-workflow.yaml", false,
     "unknown field 'text'"},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Integration__app-tool-uwp-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Integration__file-dialog-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Integration__keyboard-mouse-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Integration__paint-ui-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Integration__run-dialog-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Integration__screenshot-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Integration__window-activate-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Integration__window-management-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__Eval__4sysops-cursortouch-test.yaml", false,
     "unknown key 'init_timeout' in server, did you mean 'server_delay'?"},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__Eval__4sysops-workflow-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios___config-template.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__app-tool-uwp-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__argument-assertion-test.yaml", false,
     "this is not an agent-benchmark test file: 'scenarios:' belongs to another tool's format"},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__calculator-workflow-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__file-dialog-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__handle-based-window-management.yaml", false,
     "this is not an agent-benchmark test file: 'scenarios:' belongs to another tool's format"},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__keyboard-mouse-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__notepad-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__notepad-ui-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__notepad-workflow.yaml", false,
     "this is not an agent-benchmark test file: 'scenarios:' belongs to another tool's format"},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__paint-smiley-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__paint-ui-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__paint-workflow-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__real-world-workflows-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__run-dialog-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__screenshot-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__screenshot-workflow-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__window-management-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__window-workflow-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__windows-mcp-server-test.yaml", true, ""},
    {"mcp-windows/Sbroenne.WindowsMcp.LLM.Tests__Scenarios__word-test.yaml", true, ""},
};

TEST_CASE("every file of the compat corpus gets the verdict docs/COMPATIBILITY.md gives it") {
  // The corpus is read where it is kept, beside the repository; it is not copied into the project.
  const std::string root = std::string(AB_SOURCE_DIR) + "/../shared/compat-corpus/";
  if (!fs::is_directory(root)) {
    MESSAGE("compat corpus not found at " << root << "; skipped");
    return;
  }
  int files = 0, accepted = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) files += e.path().extension() == ".yaml" ? 1 : 0;
  CHECK(files == static_cast<int>(std::size(kCorpus)));  // a new corpus file needs a row here and in the doc
  for (const CorpusVerdict& v : kCorpus) {
    // No environment variable a file names needs to be set to validate it.
    auto r = RunProcess({kBin, "validate", root + v.file}, {}, 60);
    INFO(v.file << "\n" << r.out << r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == (v.accepted ? 0 : 2));
    if (!v.accepted) {
      CHECK(Contains(r.err, v.error));
      // Every message points at a line and column of a file.
      CHECK(Contains(r.err, std::string(v.file).substr(std::string(v.file).find('/') + 1) + ":"));
    }
    accepted += v.accepted ? 1 : 0;
  }
  CHECK(accepted == 44);
}

}  // namespace ab::e2e::compat
