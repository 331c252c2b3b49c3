// Built-in skill tools: system prompt order, references listed and read, every way out of references/ refused
// (.., absolute paths, symbolic links), reads capped, and load_skill for progressive disclosure.
#include "agent/skill_tools.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace ab::agent {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("ab-skilltools-" + std::to_string(rd()) + std::to_string(rd()));
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

config::SkillDoc Doc(const std::string& name, const fs::path& dir, std::vector<std::string> refs = {}) {
  config::SkillDoc d;
  d.name = name;
  d.description = "what " + name + " does";
  d.body = "BODY OF " + name;
  d.dir = dir.string();
  d.references = std::move(refs);
  return d;
}

std::vector<std::string> ToolNames(SkillTools& t) {
  std::vector<std::string> out;
  auto tools = t.ListTools();
  REQUIRE(tools);
  for (const auto& i : *tools) out.push_back(i.name);
  return out;
}

TEST_CASE("the skill body comes first in the system prompt, then the catalogue, then the agent's prompt") {
  TempDir t;
  config::SkillDoc single = Doc("one", t.path);
  CHECK(SkillSystemPrompt(&single, {}, "You are X.") == "BODY OF one\n\nYou are X.");
  CHECK(SkillSystemPrompt(&single, {}, "") == "BODY OF one");
  std::string p = SkillSystemPrompt(nullptr, {Doc("pdf", t.path), Doc("excel", t.path)}, "You are X.");
  CHECK(p.find("- pdf: what pdf does\n- excel: what excel does\n\nYou are X.") != std::string::npos);
  CHECK(p.find("BODY OF") == std::string::npos);  // progressive: bodies only through load_skill
  CHECK(p.find("load_skill") != std::string::npos);
}

TEST_CASE("reference tools are offered only when references/ has files") {
  TempDir t;
  SkillTools none(Doc("s", t.path), {});
  CHECK_FALSE(none.HasTools());
  SkillTools some(Doc("s", t.path, {"guide.md"}), {});
  CHECK(ToolNames(some) == std::vector<std::string>{"list_skill_references", "read_skill_reference"});
  CHECK(some.name() == "skills");
}

TEST_CASE("references are listed and read, and every path outside references/ is refused") {
  TempDir t;
  Write(t.path / "skill" / "SKILL.md", "---\nname: s\n---\nsecret body");
  Write(t.path / "skill" / "references" / "guide.md", "the guide");
  Write(t.path / "outside.txt", "OUTSIDE");
  fs::create_symlink(t.path / "outside.txt", t.path / "skill" / "references" / "link.md");
  fs::create_directory_symlink(t.path, t.path / "skill" / "references" / "up");
  SkillTools tools(Doc("s", t.path / "skill", {"guide.md"}), {});

  auto list = tools.CallTool("list_skill_references", Json::object(), Millis(1000), nullptr);
  REQUIRE(list);
  CHECK(list->Text() == "guide.md");
  auto read = tools.CallTool("read_skill_reference", {{"filename", "guide.md"}}, Millis(1000), nullptr);
  REQUIRE(read);
  CHECK_FALSE(read->is_error);
  CHECK(read->Text() == "the guide");

  for (const std::string bad :
       {"../SKILL.md", "sub/../../SKILL.md", "/etc/passwd", "link.md", "up/outside.txt", "missing.md", ""}) {
    CAPTURE(bad);
    auto r = tools.CallTool("read_skill_reference", {{"filename", bad}}, Millis(1000), nullptr);
    REQUIRE(r);
    CHECK(r->is_error);
    CHECK(r->Text().find("OUTSIDE") == std::string::npos);
    CHECK(r->Text().find("secret body") == std::string::npos);
  }
  auto dots = tools.CallTool("read_skill_reference", {{"filename", "../SKILL.md"}}, Millis(1000), nullptr);
  CHECK(dots->Text().find("leaves the skill's references/ folder") != std::string::npos);
  auto link = tools.CallTool("read_skill_reference", {{"filename", "link.md"}}, Millis(1000), nullptr);
  CHECK(link->Text().find("resolves outside the skill's references/ folder") != std::string::npos);
}

TEST_CASE("a large reference is cut at the cap and marked truncated, and invalid UTF-8 is replaced") {
  TempDir t;
  Write(t.path / "references" / "big.txt", std::string(kMaxReferenceBytes + 10, 'x'));
  Write(t.path / "references" / "bin.txt", std::string("a\xff\xfe"
                                                       "b"));
  SkillTools tools(Doc("s", t.path, {"big.txt", "bin.txt"}), {});
  auto big = tools.CallTool("read_skill_reference", {{"filename", "big.txt"}}, Millis(1000), nullptr);
  REQUIRE(big);
  CHECK(big->truncated);
  CHECK(big->Text().size() < kMaxReferenceBytes + 100);
  CHECK(big->Text().find("[reference cut at") != std::string::npos);
  auto bin = tools.CallTool("read_skill_reference", {{"filename", "bin.txt"}}, Millis(1000), nullptr);
  REQUIRE(bin);
  CHECK(bin->Text() ==
        "a\xEF\xBF\xBD\xEF\xBF\xBD"
        "b");
}

TEST_CASE("load_skill returns the chosen skill body, and an unknown name is an error result") {
  TempDir t;
  SkillTools tools(std::nullopt, {Doc("pdf", t.path), Doc("excel-cli", t.path)});
  CHECK(ToolNames(tools) == std::vector<std::string>{"load_skill"});
  auto r = tools.CallTool("load_skill", {{"name", "excel-cli"}}, Millis(1000), nullptr);
  REQUIRE(r);
  CHECK(r->Text() == "BODY OF excel-cli");
  auto bad = tools.CallTool("load_skill", {{"name", "word"}}, Millis(1000), nullptr);
  REQUIRE(bad);
  CHECK(bad->is_error);
  CHECK(bad->Text().find("pdf, excel-cli") != std::string::npos);
}

}  // namespace
}  // namespace ab::agent
