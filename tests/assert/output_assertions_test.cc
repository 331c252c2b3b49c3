// output_contains, output_not_contains, output_regex, output_json_valid, output_matches_json, file_created.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "transcript_json.h"

namespace ab::assertions {
namespace {

using testing::Eval;
using testing::TranscriptFromJson;

Transcript Output(const std::string& text) { return TranscriptFromJson(Json{{"final_output", text}}); }
using testing::E;

TEST_CASE("output_contains / output_not_contains are case-sensitive substrings, unicode included") {
  Transcript t = Output("Température: 21 °C ✓");
  CHECK(E(R"({"type": "output_contains", "value": "21 °C"})", t).passed);
  CHECK_FALSE(E(R"({"type": "output_contains", "value": "température"})", t).passed);
  CHECK(E(R"({"type": "output_not_contains", "value": "error"})", t).passed);
  AssertionResult r = E(R"({"type": "output_not_contains", "value": "✓"})", t);
  CHECK_FALSE(r.passed);
  CHECK(r.details["evidence"]["offset"].get<int>() > 0);
  r = E(R"({"type": "output_contains", "value": "x"})", Output(""));
  CHECK_FALSE(r.passed);
  CHECK(r.message == "expected the output to contain \"x\"; the output was empty");
  CHECK(E(R"({"type": "output_contains", "value": ""})", Output("")).passed);
}

TEST_CASE("output_regex is an unanchored RE2 search that reports the match") {
  Transcript t = Output("line one\nUser ID: 12345\n");
  AssertionResult r = E(R"({"type": "output_regex", "pattern": "User ID: [0-9]{4,}"})", t);
  CHECK(r.passed);
  CHECK(r.details["evidence"]["match"] == "User ID: 12345");
  CHECK_FALSE(E(R"({"type": "output_regex", "pattern": "^User ID"})", t).passed);
  CHECK(E(R"({"type": "output_regex", "pattern": "(?m)^User ID"})", t).passed);
  CHECK(E(R"({"type": "output_regex", "pattern": "^\\p{Greek}+$"})", Output("αβγ")).passed);
}

TEST_CASE("output_json_valid accepts whole JSON or a fenced block") {
  CHECK(E(R"({"type": "output_json_valid"})", Output("[1, 2]")).passed);
  CHECK(E(R"({"type": "output_json_valid"})", Output("Sure!\n```json\n{\"a\": 1}\n```")).passed);
  AssertionResult r = E(R"({"type": "output_json_valid"})", Output("{not json"));
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("expected the output to be JSON") != std::string::npos);
}

TEST_CASE("output_matches_json applies JSONPath to the output's JSON") {
  Transcript t = Output(R"({"user": {"name": "Zoë", "age": 30, "tags": ["x", "y"]}})");
  CHECK(E(R"({"type": "output_matches_json", "path": "$.user.name", "value": "Zoë"})", t).passed);
  CHECK(E(R"({"type": "output_matches_json", "path": "$.user.age", "value": "30"})", t).passed);
  CHECK(E(R"({"type": "output_matches_json", "path": "$.user.tags[*]", "value": "y"})", t).passed);
  CHECK(E(R"({"type": "output_matches_json", "path": "$.user[?@ == 30]", "value": 30})", t).passed);
  AssertionResult r = E(R"({"type": "output_matches_json", "path": "$.user.email", "value": "a"})", t);
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("it selected nothing") != std::string::npos);
  r = E(R"({"type": "output_matches_json", "path": "$.a", "value": 1})", Output("plain text"));
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("not JSON") != std::string::npos);
}

TEST_CASE("file_created resolves against test_dir and refuses escapes") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("ab_assert_fc_" + std::to_string(::getpid()));
  fs::create_directories(dir / "out");
  std::ofstream(dir / "out" / "report.txt") << "x";
  EvalContext ctx;
  ctx.test_dir = dir.string();
  Transcript t = Output("");
  AssertionResult r = E(R"({"type": "file_created", "path": "out/report.txt"})", t, ctx);
  CHECK(r.passed);
  CHECK(r.details["evidence"]["resolved"] == (dir / "out" / "report.txt").string());
  CHECK_FALSE(E(R"({"type": "file_created", "path": "out/missing.txt"})", t, ctx).passed);
  std::string abs_spec = R"({"type": "file_created", "path": ")" + (dir / "out" / "report.txt").string() + "\"}";
  CHECK(Eval(Json::parse(abs_spec), t).passed);
  // A template that renders to a path leaving test_dir is rejected at evaluation.
  ctx.render = [](const std::string&) -> Result<std::string> { return std::string("../../etc/passwd"); };
  r = E(R"({"type": "file_created", "path": "{{F}}"})", t, ctx);
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("escapes the test directory") != std::string::npos);
  ctx.render = [](const std::string&) -> Result<std::string> { return std::string("/etc/../etc/passwd"); };
  CHECK_FALSE(E(R"({"type": "file_created", "path": "{{F}}"})", t, ctx).passed);
  fs::remove_all(dir);
}

TEST_CASE(
    "file_created: templated values cannot leave the intended directory through .. or absolute paths or symlinks") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("ab_assert_fc_esc_" + std::to_string(::getpid()));
  const fs::path outside = fs::temp_directory_path() / ("ab_assert_fc_out_" + std::to_string(::getpid()));
  fs::create_directories(dir / "work");
  fs::create_directories(outside);
  std::ofstream(outside / "secret.txt") << "x";
  std::ofstream(dir / "work" / "made.txt") << "x";
  fs::create_directory_symlink(outside, dir / "work" / "link");
  EvalContext ctx;
  ctx.test_dir = dir.string();
  Transcript t = Output("");
  std::string value;
  ctx.render = [&](const std::string& raw) -> Result<std::string> {
    std::string out = raw;
    const size_t at = out.find("{{F}}");
    if (at != std::string::npos) out.replace(at, 5, value);
    return out;
  };
  const auto check = [&](const std::string& raw, const std::string& v) {
    value = v;
    return Eval(Json({{"type", "file_created"}, {"path", raw}}), t, ctx);
  };

  // Values that stay inside pass (and the file is really looked up).
  CHECK(check("work/{{F}}", "made.txt").passed);
  CHECK(check("{{F}}", "work/./made.txt").passed);
  CHECK_FALSE(check("work/{{F}}", "missing.txt").passed);
  const std::string anchored = (dir / "work").string() + "/{{F}}";
  CHECK(check(anchored, "made.txt").passed);

  // ".." out of the test directory, or out of the literal directory of an absolute path.
  AssertionResult r = check("work/{{F}}", "../../" + outside.filename().string() + "/secret.txt");
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("escapes the test directory") != std::string::npos);
  r = check(anchored, "../../" + outside.filename().string() + "/secret.txt");
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("escapes '" + (dir / "work").string() + "/'") != std::string::npos);

  // An absolute value in a relative template.
  r = check("{{F}}", (outside / "secret.txt").string());
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("is absolute") != std::string::npos);

  // A symbolic link inside the directory that points outside it.
  r = check("work/{{F}}", "link/secret.txt");
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("symbolic link") != std::string::npos);
  r = check(anchored, "link/secret.txt");
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("symbolic link") != std::string::npos);

  // A literal path is the author's and is used as written, links included.
  value.clear();
  CHECK(check((outside / "secret.txt").string(), "").passed);
  CHECK(check("work/link/secret.txt", "").passed);
  fs::remove_all(dir);
  fs::remove_all(outside);
}

}  // namespace
}  // namespace ab::assertions
