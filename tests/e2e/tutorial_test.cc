// docs/tutorial.md works as written: every ```bash block runs, in order, in one fresh folder, with the built
// agent-bench first on PATH; a block's exit code must be 0, or one of those its fence lists ("```bash exit=0,1");
// a plain ``` block right after a bash block is output that must appear, line by line, in what it printed.
#include <doctest/doctest.h>

#include <cstdlib>
#include <sstream>

#include "paths.h"
#include "process.h"

namespace ab::e2e {
namespace tutorial_e2e {  // named: the e2e tests are built in unity batches

struct Block {
  std::string script;
  std::vector<int> exits = {0};
  std::vector<std::string> expected;  ///< lines of the plain block that follows, if any
  int line = 0;                       ///< where the block starts in the tutorial
};

std::vector<Block> BashBlocks(const std::string& doc) {
  std::vector<std::string> lines;
  std::istringstream in(doc);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::vector<Block> blocks;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("```bash", 0) != 0) continue;
    Block b;
    b.line = static_cast<int>(i) + 1;
    if (size_t at = lines[i].find("exit="); at != std::string::npos) {
      b.exits.clear();
      std::istringstream codes(lines[i].substr(at + 5));
      for (std::string c; std::getline(codes, c, ',');) b.exits.push_back(std::atoi(c.c_str()));
    }
    for (++i; i < lines.size() && lines[i] != "```"; ++i) b.script += lines[i] + "\n";
    size_t next = i + 1;
    while (next < lines.size() && lines[next].empty()) ++next;
    if (next < lines.size() && lines[next] == "```") {
      for (++next; next < lines.size() && lines[next] != "```"; ++next) b.expected.push_back(lines[next]);
    }
    blocks.push_back(std::move(b));
  }
  return blocks;
}

TEST_CASE("tutorial: every command of docs/tutorial.md works") {
  const std::string doc = ReadFile(std::string(AB_SOURCE_DIR) + "/docs/tutorial.md");
  std::vector<Block> blocks = BashBlocks(doc);
  REQUIRE(blocks.size() >= 6);
  const std::string dir = MakeTempDir("tutorial");
  const std::string bin_dir = std::string(AB_BINARY_DIR);
  const char* path = std::getenv("PATH");
  std::map<std::string, std::string> env = {{"PATH", bin_dir + ":" + (path ? path : "/usr/bin:/bin")},
                                            {"NO_COLOR", "1"}};
  for (const Block& b : blocks) {
    auto r = RunProcess({"/bin/bash", "-euo", "pipefail", "-c", "cd '" + dir + "'\n" + b.script}, env, 240);
    INFO("docs/tutorial.md:" << b.line << "\n" << b.script << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err);
    bool allowed = false;
    for (int code : b.exits) allowed = allowed || r.exit_code == code;
    CHECK(allowed);
    for (const auto& line : b.expected) CHECK((r.out + r.err).find(line) != std::string::npos);
  }
  // What the steps left behind: the reports of step 3 and the history of step 7.
  CHECK_FALSE(ReadFile(dir + "/my-tests/results/report.xml").empty());
  CHECK_FALSE(ReadFile(dir + "/my-tests/results/report.md").empty());
  CHECK_FALSE(ReadFile(dir + "/my-tests/history.db").empty());
}

}  // namespace tutorial_e2e
}  // namespace ab::e2e
