// Agent Skills at load time: SKILL.md frontmatter validation at SKILL.md:line:col, the body without frontmatter,
// references/ listing, and `skill:` / `skills:` in agents (validated when the folder is known at load time).
#include "config/skill.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "config_test_util.h"

namespace ab::config {
namespace {

namespace fs = std::filesystem;
using testing::All;
using testing::ErrorCount;

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("ab-skill-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string Joined(const Diagnostics& d) {
  std::string out;
  for (const auto& x : d) out += x.ToString() + "\n";
  return out;
}

TEST_CASE("a valid SKILL.md loads: frontmatter, body without frontmatter, references") {
  TempDir t;
  Write(t.path / "demo" / "SKILL.md",
        "---\nname: demo-skill\ndescription: Greets.\nlicense: MIT\nversion: 1.2.0\ntags: [a, b]\n---\n\n"
        "Say hello first.\n");
  Write(t.path / "demo" / "references" / "guide.md", "guide");
  Write(t.path / "demo" / "references" / "sub" / "deep.md", "deep");
  Diagnostics d;
  auto doc = LoadSkill((t.path / "demo").string(), SourceLoc{"t.yaml", 3, 5}, d);
  REQUIRE_MESSAGE(doc, Joined(d));
  CHECK(d.empty());
  CHECK(doc->name == "demo-skill");
  CHECK(doc->description == "Greets.");
  CHECK(doc->license == "MIT");
  CHECK(doc->version == "1.2.0");
  CHECK(doc->tags == std::vector<std::string>{"a", "b"});
  CHECK(doc->body == "Say hello first.");
  CHECK(doc->references == std::vector<std::string>{"guide.md", "sub/deep.md"});
}

TEST_CASE("SKILL.md frontmatter mistakes are errors at SKILL.md:line:col") {
  TempDir t;
  const std::string file = (t.path / "x" / "SKILL.md").string();
  Diagnostics d;
  SUBCASE("name with uppercase and double hyphen") {
    Write(file, "---\ndescription: ok\nname: Bad--Name\n---\nbody\n");
    CHECK_FALSE(LoadSkill((t.path / "x").string(), {}, d));
    REQUIRE(d.size() == 1);
    CHECK(d[0].ToString() == file +
                                 ":3:7: error: skill name 'Bad--Name' must be 1-64 lowercase letters, digits "
                                 "and single hyphens (e.g. 'excel-cli')");
  }
  SUBCASE("name longer than 64") {
    Write(file, "---\nname: " + std::string(65, 'a') + "\ndescription: ok\n---\n");
    CHECK_FALSE(LoadSkill((t.path / "x").string(), {}, d));
    CHECK(Joined(d).find(":2:7: error: skill name") != std::string::npos);
  }
  SUBCASE("description over 1024 characters") {
    Write(file, "---\nname: ok\ndescription: " + std::string(1025, 'd') + "\n---\n");
    CHECK_FALSE(LoadSkill((t.path / "x").string(), {}, d));
    CHECK(Joined(d).find(":3:14: error: skill description is 1025 characters, over the limit of 1024") !=
          std::string::npos);
  }
  SUBCASE("missing description and no closing ---") {
    Write(file, "---\nname: ok\n---\n");
    CHECK_FALSE(LoadSkill((t.path / "x").string(), {}, d));
    CHECK(Joined(d).find(":1:1: error: SKILL.md frontmatter is missing required key 'description'") !=
          std::string::npos);
    d.clear();
    Write(file, "# no frontmatter\n");
    CHECK_FALSE(LoadSkill((t.path / "x").string(), {}, d));
    CHECK(Joined(d).find(":1:1: error: SKILL.md must start with YAML frontmatter") != std::string::npos);
  }
  SUBCASE("invalid YAML in the frontmatter") {
    Write(file, "---\nname: ok\ndescription: [unclosed\n---\n");
    CHECK_FALSE(LoadSkill((t.path / "x").string(), {}, d));
    CHECK(Joined(d).find("invalid YAML in SKILL.md frontmatter") != std::string::npos);
  }
  SUBCASE("a missing folder is reported at the skill's path in the test file") {
    CHECK_FALSE(LoadSkill((t.path / "nope").string(), SourceLoc{"t.yaml", 7, 13}, d));
    REQUIRE(d.size() == 1);
    CHECK(d[0].ToString().rfind("t.yaml:7:13: error: skill folder '", 0) == 0);
  }
}

TEST_CASE("skill paths are known at load time with {{TEST_DIR}} or relative, later with other templates") {
  CHECK(SkillDirAtLoad("{{TEST_DIR}}/skills/x", "/base") == "/base/skills/x");
  CHECK(SkillDirAtLoad("skills/x", "/base") == "/base/skills/x");
  CHECK(SkillDirAtLoad("/abs/x", "/base") == "/abs/x");
  CHECK_FALSE(SkillDirAtLoad("{{SKILL_PATH_CLI}}", "/base").has_value());
}

TEST_CASE("agents' skill and skills are read and validated when the test file loads") {
  TempDir t;
  Write(t.path / "skills" / "good" / "SKILL.md", "---\nname: good\ndescription: fine\n---\nbody\n");
  Write(t.path / "skills" / "other" / "SKILL.md", "---\nname: other\ndescription: fine\n---\nbody\n");
  Write(t.path / "skills" / "bad" / "SKILL.md", "---\nname: Bad\ndescription: fine\n---\nbody\n");
  const std::string head = "providers:\n  - name: mock\n    type: MOCK\nagents:\n  - name: a\n    provider: mock\n";
  const std::string tail = "sessions:\n  - name: s\n    tests:\n      - name: t\n        prompt: hi\n";
  const std::string path = (t.path / "t.yaml").string();
  SUBCASE("valid skill, progressive skills, unknown-at-load-time path") {
    Write(path, head +
                    "    skill:\n      path: \"{{TEST_DIR}}/skills/good\"\n      file_access: true\n"
                    "    skills:\n      - path: skills/other\n      - path: \"{{LATER}}\"\n" +
                    tail);
    Loaded<TestFile> f = LoadTestFile(path);
    REQUIRE_MESSAGE(f.ok(), All(f));
    const Agent& a = f.value->agents[0];
    REQUIRE(a.skill);
    CHECK(a.skill->path == "{{TEST_DIR}}/skills/good");
    CHECK(a.skill->loc.line == 8);
    REQUIRE(a.skills.size() == 2);
    CHECK(All(f).find("'file_access' in a skill is not an agent-benchmark key; ignored") != std::string::npos);
  }
  SUBCASE("two skills of one agent with the same name") {
    Write(path, head + "    skill:\n      path: skills/good\n    skills:\n      - path: skills/good\n" + tail);
    Loaded<TestFile> f = LoadTestFile(path);
    CHECK(All(f).find("t.yaml:10:15: error: agent 'a' has two skills named 'good'") != std::string::npos);
  }
  SUBCASE("a wrong SKILL.md fails validation of the test file") {
    Write(path, head + "    skill:\n      path: skills/bad\n" + tail);
    Loaded<TestFile> f = LoadTestFile(path);
    CHECK_FALSE(f.ok());
    CHECK(ErrorCount(f) == 1);
    CHECK(All(f).find((t.path / "skills" / "bad" / "SKILL.md").string() + ":2:7: error: skill name 'Bad'") !=
          std::string::npos);
  }
  SUBCASE("skill without path") {
    Write(path, head + "    skill:\n      file_access: true\n" + tail);
    Loaded<TestFile> f = LoadTestFile(path);
    CHECK(All(f).find("t.yaml:8:7: error: skill is missing required key 'path'") != std::string::npos);
  }
}

}  // namespace
}  // namespace ab::config

namespace ab::config {
namespace {

TEST_CASE("a skill folder that does not exist suggests the folder beside it with the closest name") {
  TempDir t;
  Write(t.path / "excel-cli" / "SKILL.md", "---\nname: excel-cli\ndescription: Spreadsheets.\n---\nbody\n");
  fs::create_directories(t.path / "pdf-tools");
  Diagnostics d;
  CHECK_FALSE(LoadSkill((t.path / "exel-cli").string(), SourceLoc{"t.yaml", 4, 12}, d));
  REQUIRE(d.size() == 1);
  CHECK(d[0].loc.line == 4);
  CHECK(d[0].message == "skill folder '" + (t.path / "exel-cli").string() + "' does not exist, did you mean '" +
                            (t.path / "excel-cli").string() + "'?");
  d.clear();
  CHECK_FALSE(LoadSkill((t.path / "excel-cli/").string(), SourceLoc{"t.yaml", 4, 12}, d) == std::nullopt);
  d.clear();
  CHECK_FALSE(LoadSkill((t.path / "zzzzzzzz").string(), SourceLoc{"t.yaml", 4, 12}, d));
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("did you mean") == std::string::npos);  // nothing close: no guess
  d.clear();
  CHECK_FALSE(LoadSkill((t.path / "no-parent" / "x").string(), SourceLoc{"t.yaml", 4, 12}, d));
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("does not exist") != std::string::npos);
}

TEST_CASE("SKILL.md with invalid UTF-8 loads with the bad bytes replaced") {
  TempDir t;
  Write(t.path / "u" / "SKILL.md", std::string("---\nname: u\ndescription: caf\xe9\n---\nbad \xff byte\n"));
  Diagnostics d;
  auto doc = LoadSkill((t.path / "u").string(), {}, d);
  REQUIRE_MESSAGE(doc, Joined(d));
  CHECK(doc->description == "caf\xEF\xBF\xBD");
  CHECK(doc->body == "bad \xEF\xBF\xBD byte");
}

}  // namespace
}  // namespace ab::config
