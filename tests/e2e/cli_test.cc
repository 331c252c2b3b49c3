// The CLI contract: help, version, exit codes, validate's diagnostics.
#include <doctest/doctest.h>

#include <filesystem>

#include "paths.h"
#include "process.h"

namespace ab::e2e {
namespace {

bool Contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("--help and -v work and exit 0") {
  auto help = RunProcess({kBin, "--help"});
  CHECK(help.exit_code == 0);
  CHECK(Contains(help.out, "Exit codes"));
  CHECK(Contains(help.out, "validate"));
  auto v = RunProcess({kBin, "-v"});
  CHECK(v.exit_code == 0);
  CHECK(Contains(v.out, "agent-bench 0."));
}

TEST_CASE("usage errors exit 2 with a did-you-mean") {
  auto bad_flag = RunProcess({kBin, "-reportTyp", "html"});
  CHECK(bad_flag.exit_code == 2);
  CHECK(Contains(bad_flag.err, "did you mean 'reportType'"));
  auto bad_cmd = RunProcess({kBin, "valdate", "x.yaml"});
  CHECK(bad_cmd.exit_code == 2);
  CHECK(Contains(bad_cmd.err, "did you mean 'validate'"));
  auto nothing = RunProcess({kBin});
  CHECK(nothing.exit_code == 2);
}

TEST_CASE("validate points at a misspelled key and a misspelled assertion type") {
  auto r = RunProcess({kBin, "validate", kData + "misspelled.yaml"});
  CHECK(r.exit_code == 2);
  CHECK(Contains(r.err, "misspelled.yaml:8:3: error: unknown key 'max_iteration'"));
  CHECK(Contains(r.err, "did you mean 'max_iterations'?"));
  CHECK(Contains(r.err, "did you mean 'tool_called'?"));
  CHECK(Contains(r.out, "invalid"));
}

TEST_CASE("validate accepts every suite and example under suites/") {
  int checked = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(AB_SOURCE_DIR) + "/suites")) {
    if (entry.path().extension() != ".yaml") continue;
    // Test files listed by a suite.yaml are validated through their suite; mock scripts are not test files.
    bool standalone = entry.path().parent_path().filename() == "examples";
    if (entry.path().filename() != "suite.yaml" && !standalone) continue;
    auto r = RunProcess({kBin, "validate", entry.path().string()});
    INFO(entry.path().string() << "\n" << r.err);
    CHECK(r.exit_code == 0);
    CHECK(Contains(r.out, ": ok ("));
    ++checked;
  }
  CHECK(checked > 0);
}

TEST_CASE("a run with a configuration error runs nothing and exits 2") {
  auto r = RunProcess({kBin, "-f", kData + "misspelled.yaml"});
  CHECK(r.exit_code == 2);
  CHECK(Contains(r.err, "nothing ran"));
}

}  // namespace ab::e2e
