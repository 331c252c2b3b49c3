// `agent-bench init`: the starter it writes validates and runs offline, and it never overwrites a file unless told.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "paths.h"
#include "process.h"

namespace ab::e2e {
namespace init_e2e {  // named: the e2e tests are built in unity batches

bool Has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

TEST_CASE("init → validate → run: the starter passes offline") {
  std::string dir = MakeTempDir("init-run") + "/starter";
  auto init = RunProcess({kBin, "init", dir});
  INFO(init.err);
  REQUIRE(init.exit_code == 0);
  CHECK(Has(init.out, "wrote " + dir + "/tests.yaml"));
  CHECK(Has(init.out, "wrote " + dir + "/mock-llm.yaml"));
  std::string text = ReadFile(dir + "/tests.yaml");
  // The commented sections a user turns on next: a real provider and an npm server started with npx -y.
  CHECK(Has(text, "#   type: OPENAI"));
  CHECK(Has(text, "#   args: [\"-y\", \"@modelcontextprotocol/server-filesystem\""));

  auto validate = RunProcess({kBin, "validate", dir + "/tests.yaml", dir + "/mock-llm.yaml"});
  INFO(validate.err);
  CHECK(validate.exit_code == 0);
  CHECK(Has(validate.out, "tests.yaml: ok (1 agent, 1 session, 2 tests)"));
  CHECK(Has(validate.out, "mock-llm.yaml: ok (mock script, 2 rules)"));

  auto run = RunProcess({kBin, "-f", dir + "/tests.yaml", "-reportType", "json", "--no-progress"});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(Has(run.out, "Total: 2 | Passed: 2 | Failed: 0 | Errors: 0"));
  CHECK(std::filesystem::exists(dir + "/test_results/report.json"));
}

TEST_CASE("init refuses to overwrite, --force replaces, a link is never followed") {
  std::string dir = MakeTempDir("init-overwrite");
  { std::ofstream(dir + "/tests.yaml") << "# mine\n"; }
  auto refused = RunProcess({kBin, "init", dir});
  CHECK(refused.exit_code == 2);
  CHECK(Has(refused.err, "refusing to overwrite " + dir + "/tests.yaml"));
  CHECK(ReadFile(dir + "/tests.yaml") == "# mine\n");
  CHECK_FALSE(std::filesystem::exists(dir + "/mock-llm.yaml"));  // nothing written at all

  auto forced = RunProcess({kBin, "init", dir, "--force"});
  CHECK(forced.exit_code == 0);
  CHECK(Has(ReadFile(dir + "/tests.yaml"), "agent-bench init"));

  // A dangling link where a starter file goes: refused, and its target is not created.
  std::string linked = MakeTempDir("init-link");
  std::filesystem::create_symlink(linked + "/elsewhere.yaml", linked + "/mock-llm.yaml");
  auto link = RunProcess({kBin, "init", linked});
  CHECK(link.exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(linked + "/elsewhere.yaml"));

  auto two = RunProcess({kBin, "init", "a", "b"});
  CHECK(two.exit_code == 2);
}

}  // namespace init_e2e
}  // namespace ab::e2e
