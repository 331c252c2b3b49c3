// Report type parsing and atomic report files.
#include "report/writer.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "report/fixtures.h"
#include "report/golden_util.h"
#include "report/json_reader.h"

namespace ab::report {
namespace {

namespace fs = std::filesystem;

fs::path FreshDir(const std::string& name) {
  fs::path dir = fs::path(AB_BINARY_DIR) / "report_writer_test" / name;
  fs::remove_all(dir);
  return dir;
}

TEST_CASE("writer: ParseReportTypes") {
  auto ok = ParseReportTypes(" HTML, json,markdown,md ,junit,");
  REQUIRE(ok.has_value());
  CHECK(*ok == std::vector<std::string>{"html", "json", "md", "junit"});
  auto bad = ParseReportTypes("html,jsno");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().code == ErrorCode::kInvalidArgument);
  CHECK(bad.error().message.find("did you mean 'json'") != std::string::npos);
  CHECK_FALSE(ParseReportTypes("xml").has_value());
  CHECK_FALSE(ParseReportTypes("console").has_value());
  CHECK_FALSE(ParseReportTypes(" , ").has_value());
}

TEST_CASE("writer: WriteReports writes every type and creates the directory") {
  fs::path dir = FreshDir("all");
  Run run = testing::MakeScenario("04_multi_agent_multi_test");
  std::vector<std::string> written;
  Status s = WriteReports(run, (dir / "nested" / "results.json").string(), {"html", "json", "md", "junit"},
                          RenderOptions{}, &written);
  REQUIRE(s.ok());
  REQUIRE(written.size() == 4);
  CHECK(written[0] == (dir / "nested" / "results.html").string());
  CHECK(written[3] == (dir / "nested" / "results.xml").string());
  for (const auto& p : written) {
    CHECK(fs::file_size(p) > 100);
    CHECK_FALSE(fs::exists(p + ".tmp"));
  }
  Result<Run> back = ReadJsonReport((dir / "nested" / "results.json").string());
  REQUIRE(back.has_value());
  CHECK(back->runs.size() == run.runs.size());
  CHECK(testing::ReadFile(written[0]).find("\033[") == std::string::npos);
}

TEST_CASE("writer: unknown type is an error") {
  fs::path dir = FreshDir("unknown");
  Status s = WriteReports(testing::MakeScenario("01_single_agent_single_test"), (dir / "r").string(), {"htmll"},
                          RenderOptions{}, nullptr);
  CHECK_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kInvalidArgument);
  CHECK(s.error().message.find("did you mean 'html'") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "r.htmll"));
}

TEST_CASE("writer: atomic write replaces the whole file and leaves no temporary") {
  fs::path dir = FreshDir("atomic");
  std::string path = (dir / "out.txt").string();
  REQUIRE(WriteFileAtomically(path, [](std::ostream& out) { out << "first version, quite long\n"; }).ok());
  CHECK(testing::ReadFile(path) == "first version, quite long\n");
  REQUIRE(WriteFileAtomically(path, [](std::ostream& out) { out << "second\n"; }).ok());
  CHECK(testing::ReadFile(path) == "second\n");
  CHECK_FALSE(fs::exists(path + ".tmp"));
  // While rendering, the old file is still whole: the new content goes to a hidden temporary with a random name
  // (never the predictable PATH.tmp, where a link could be planted).
  REQUIRE(WriteFileAtomically(path, [&](std::ostream& out) {
            out << "third\n";
            out.flush();
            CHECK(testing::ReadFile(path) == "second\n");
            CHECK_FALSE(fs::exists(path + ".tmp"));
            int temporaries = 0;
            for (const auto& e : fs::directory_iterator(dir))
              temporaries += e.path().filename().string().rfind(".out.txt.", 0) == 0;
            CHECK(temporaries == 1);
          }).ok());
  CHECK(testing::ReadFile(path) == "third\n");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
}

TEST_CASE("writer: failure leaves the target untouched") {
  fs::path dir = FreshDir("fail");
  fs::create_directories(dir);
  // The parent "directory" is a regular file: neither the directory nor the file can be created.
  std::ofstream(dir / "blocker") << "x";
  Status s = WriteFileAtomically((dir / "blocker" / "out.txt").string(), [](std::ostream& out) { out << "y"; });
  CHECK_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kIo);
  // Rename onto a directory fails: the temporary is removed and the directory stays.
  fs::create_directories(dir / "target");
  Status r = WriteFileAtomically((dir / "target").string(), [](std::ostream& out) { out << "z"; });
  CHECK_FALSE(r.ok());
  CHECK(fs::is_directory(dir / "target"));
  CHECK_FALSE(fs::exists(dir / "target.tmp"));
}

}  // namespace
}  // namespace ab::report
