// The bench command's report files and merge's input checks, without a process.
#include "bench/bench_command.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "bench/fixtures.h"

namespace ab::bench {
namespace {

std::string FreshDir(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(AB_BINARY_DIR) / "tmp-bench-tests" / name;
  std::filesystem::remove_all(dir);
  return dir.string();
}

}  // namespace

TEST_CASE("bench command: report names default to json and html, an unknown one gets a did-you-mean") {
  auto def = BenchRenderersFor({});
  REQUIRE(def);
  REQUIRE(def->size() == 2);
  CHECK(std::string((*def)[0]->name) == "json");
  CHECK(std::string((*def)[1]->name) == "html");
  auto dup = BenchRenderersFor({"md", "markdown", "json"});
  REQUIRE(dup);
  CHECK(dup->size() == 2);
  auto bad = BenchRenderersFor({"jsno"});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("did you mean 'json'?") != std::string::npos);
}

TEST_CASE("bench command: report files are written under BASE, creating directories") {
  std::string dir = FreshDir("write-reports");
  BenchMeta m;
  m.id = "w-1";
  m.name = "demo";
  m.configs = {"gpt"};
  m.variants = {"default"};
  std::vector<RunRecord> runs = testing::Runs("gpt", 4, 3);
  BenchSummary s = Summarize(m, runs);
  std::vector<std::string> written;
  REQUIRE(WriteBenchReports(s, runs, dir + "/deep/bench", *BenchRenderersFor({"json", "md"}), {}, &written).ok());
  REQUIRE(written.size() == 2);
  CHECK(written[0] == dir + "/deep/bench.json");
  std::ifstream in(written[0]);
  std::stringstream text;
  text << in.rdbuf();
  Json j = Json::parse(text.str(), nullptr, false);
  REQUIRE(j.is_object());
  CHECK(j["runs"].size() == 4);
  CHECK(std::filesystem::exists(dir + "/deep/bench.md"));
}

TEST_CASE("bench command: merge refuses missing, non-JSON and no inputs with exit 2") {
  std::string dir = FreshDir("merge-inputs");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/not.json") << "{ nope";
  std::ostringstream out, err;
  CHECK(MergeCommand({}, "", {}, dir + "/h.db", "", false, out, err) == 2);
  CHECK(MergeCommand({dir + "/missing.json"}, "", {}, dir + "/h.db", "", false, out, err) == 2);
  CHECK(err.str().find("cannot read") != std::string::npos);
  CHECK(MergeCommand({dir + "/not.json"}, "", {}, dir + "/h.db", "", false, out, err) == 2);
  CHECK(err.str().find("is not JSON") != std::string::npos);
  CHECK(out.str().empty());
}

}  // namespace ab::bench
