// Report, journal and recording paths come from -o/--record (or the test file's directory) only: names and
// templated values holding "../", absolute paths or a planted symbolic link cannot make agent-bench write
// anywhere else. (file_created's own containment is unit-tested in tests/assert/output_assertions_test.cc.)
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "harness.h"

namespace ab::faults {
namespace fs = std::filesystem;

TEST_CASE("hostile names and values cannot move report or journal or recording files out of their directories") {
  const fs::path root = e2e::MakeTempDir("faults-paths");
  const fs::path tests = root / "tests";
  fs::create_directories(tests / "test_results");
  const std::string escape_abs = (root / "abs-escape").string();
  WriteFile((tests / "hostile.yaml").string(),
            "providers:\n"
            "  - {name: mock, type: MOCK}\n"
            "agents:\n"
            "  - {name: ../../agent-escape, provider: mock}\n"
            "variables:\n"
            "  up: ../../../var-escape\n"
            "  abs: " +
                escape_abs +
                "\n"
                "sessions:\n"
                "  - name: ../../session-escape\n"
                "    tests:\n"
                "      - name: ../../test-escape/{{up}}\n"
                "        agent: ../../agent-escape\n"
                "        prompt: \"say back {{up}} {{abs}}\"\n"
                "        assertions: [{type: output_contains, value: \"{{up}}\"}]\n"
                "      - name: " +
                escape_abs +
                "/test\n"
                "        agent: ../../agent-escape\n"
                "        prompt: \"say back {{abs}}\"\n"
                "        assertions: [{type: output_contains, value: \"{{abs}}\"}]\n");
  // A symbolic link planted where the JSON report goes: the report replaces the link, the target is untouched.
  WriteFile((root / "victim.txt").string(), "untouched");
  fs::create_symlink(root / "victim.txt", tests / "test_results" / "report.json");

  const e2e::ProcessResult p =
      e2e::RunProcess({AgentBench(), "-f", (tests / "hostile.yaml").string(), "-reportType", "json,html,md,junit",
                       "--record", (root / "rec").string(), "--no-progress"},
                      {}, static_cast<int>(120 * kSlack));
  INFO(p.out);
  INFO(p.err);
  CHECK(p.exit_code == 0);

  std::ifstream victim(root / "victim.txt");
  std::string victim_text((std::istreambuf_iterator<char>(victim)), std::istreambuf_iterator<char>());
  CHECK(victim_text == "untouched");
  CHECK_FALSE(fs::is_symlink(tests / "test_results" / "report.json"));
  const Json report = Json::parse(e2e::ReadFile((tests / "test_results" / "report.json").string()), nullptr, false);
  REQUIRE(report.is_object());
  CHECK(report["detailed_results"].size() == 2);

  // Every file written is a report or journal in test_results/, or a recording in rec/.
  int reports = 0, recordings = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const fs::path rel = entry.path().lexically_relative(root);
    const std::string s = rel.string();
    CAPTURE(s);
    CHECK(s.find("escape") == std::string::npos);
    if (!entry.is_regular_file()) continue;
    const bool allowed = s == "victim.txt" || s == "tests/hostile.yaml" ||
                         s.rfind("tests/test_results/report.", 0) == 0 || s.rfind("rec/", 0) == 0;
    CHECK(allowed);
    reports += s.rfind("tests/test_results/report.", 0) == 0;
    recordings += s.rfind("rec/", 0) == 0;
  }
  CHECK(reports >= 5);  // json, html, md, junit xml, jsonl journal
  CHECK(recordings >= 1);
  CHECK_FALSE(fs::exists(escape_abs));
  for (const char* name : {"session-escape", "agent-escape", "test-escape", "var-escape"}) {
    CAPTURE(name);
    CHECK_FALSE(fs::exists(root.parent_path() / name));
    CHECK_FALSE(fs::exists(fs::current_path().parent_path() / name));
    CHECK_FALSE(fs::exists(fs::current_path().parent_path().parent_path() / name));
  }
}

}  // namespace ab::faults
