// JUnit output is well-formed XML with the attributes GitLab and Jenkins read.
#include <doctest/doctest.h>

#include <sstream>
#include <vector>

#include "report/fixtures.h"
#include "report/render.h"

namespace ab::report {
namespace {

// A tiny tag-balance checker: every element closes in order, attributes are quoted, no stray '<' or '&'.
std::string CheckWellFormed(const std::string& xml) {
  std::vector<std::string> stack;
  size_t i = 0;
  if (xml.rfind("<?xml ", 0) != 0) return "no XML declaration";
  i = xml.find("?>") + 2;
  while (i < xml.size()) {
    if (xml[i] == '&') {
      size_t semi = xml.find(';', i);
      std::string ent = xml.substr(i, semi - i + 1);
      if (ent != "&amp;" && ent != "&lt;" && ent != "&gt;" && ent != "&quot;" && ent != "&apos;")
        return "bad entity " + ent;
      i = semi + 1;
      continue;
    }
    if (xml[i] != '<') {
      if (xml[i] == '>') return "stray '>' at " + std::to_string(i);
      if (static_cast<unsigned char>(xml[i]) < 0x20 && xml[i] != '\n' && xml[i] != '\t' && xml[i] != '\r') {
        return "control character at " + std::to_string(i);
      }
      ++i;
      continue;
    }
    size_t end = i + 1;
    bool in_quote = false;
    while (end < xml.size() && (in_quote || xml[end] != '>')) {
      if (xml[end] == '"') in_quote = !in_quote;
      if (in_quote && xml[end] == '<') return "'<' in attribute at " + std::to_string(end);
      ++end;
    }
    if (end >= xml.size()) return "unterminated tag";
    std::string tag = xml.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag[0] == '/') {
      if (stack.empty() || stack.back() != tag.substr(1)) return "mismatched </" + tag.substr(1) + ">";
      stack.pop_back();
    } else if (tag.back() != '/') {
      stack.push_back(tag.substr(0, tag.find(' ')));
    }
  }
  return stack.empty() ? "" : "unclosed <" + stack.back() + ">";
}

std::string Render(const Run& run) {
  std::ostringstream out;
  RenderJunit(run, out, RenderOptions{});
  return out.str();
}

TEST_CASE("junit: the checker catches broken XML") {
  CHECK_FALSE(CheckWellFormed("<?xml version=\"1.0\"?><a><b></a></b>").empty());
  CHECK_FALSE(CheckWellFormed("<?xml version=\"1.0\"?><a>x < y</a>").empty());
  CHECK(CheckWellFormed("<?xml version=\"1.0\"?><a x=\"1\"><b/>t &amp; u</a>").empty());
}

TEST_CASE("junit: every scenario is well-formed") {
  for (const auto& name : testing::ScenarioNames()) {
    CAPTURE(name);
    std::string xml = Render(testing::MakeScenario(name));
    std::string problem = CheckWellFormed(xml);
    CHECK_MESSAGE(problem.empty(), problem);
  }
}

TEST_CASE("junit: counts, failure, error and skipped") {
  std::string xml = Render(testing::MakeScenario("09_failed_with_errors"));
  CHECK(xml.find("<testsuites name=\"agent-bench\" tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\"") !=
        std::string::npos);
  CHECK(xml.find("<testsuite name=\"tests/errors.yaml [gemini-agent]\"") != std::string::npos);
  CHECK(xml.find("<testcase classname=\"tests/errors.yaml/default\" name=\"Read config\" time=\"2.340\">") !=
        std::string::npos);
  CHECK(xml.find("<failure message=\"3 of 5 assertions failed\"") != std::string::npos);
  CHECK(xml.find("<error message=\"server &apos;fs&apos; failed to start") != std::string::npos);
  CHECK(xml.find("<skipped/>") != std::string::npos);
  CHECK(xml.find("<system-out>Done: Write config</system-out>") != std::string::npos);
}

TEST_CASE("junit: illegal XML characters from a model are replaced") {
  Run run = testing::MakeScenario("01_single_agent_single_test");
  run.runs[0].transcript.final_output = std::string("bell\x07 nul\0 end", 14);
  std::string xml = Render(run);
  CHECK(CheckWellFormed(xml).empty());
  CHECK(xml.find("bell\xEF\xBF\xBD nul\xEF\xBF\xBD end") != std::string::npos);
}

}  // namespace
}  // namespace ab::report
