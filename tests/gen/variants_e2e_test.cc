// Generated bench variants: typed inputs are checked (a wrong set is asked for again), the fixture is reused with
// the same hash by the next bench, and --regenerate-variants makes it again.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "bench/variants_gen.h"
#include "e2e/paths.h"
#include "e2e/process.h"

namespace ab::e2e {
namespace {

namespace fs = std::filesystem;

const std::string kVariantData = std::string(AB_SOURCE_DIR) + "/tests/gen/data/";

bool Says(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string HashIn(const std::string& err) {
  const size_t at = err.find("(hash ");
  return at == std::string::npos ? "" : err.substr(at + 6, 16);
}

TEST_CASE("a bench with generated variants reuses the same fixture hash on the next run") {
  const std::string dir = MakeTempDir("variants-twice");
  for (const char* f : {"variants-script.yaml", "variants-test.yaml", "variants-configs.yaml"})
    fs::copy_file(kVariantData + f, dir + "/" + f);
  auto bench = [&](const std::string& out, bool regenerate) {
    std::vector<std::string> argv = {kBin,
                                     "bench",
                                     dir + "/variants-test.yaml",
                                     "--configs",
                                     dir + "/variants-configs.yaml",
                                     "--store",
                                     dir + "/h.db",
                                     "-o",
                                     dir + "/" + out,
                                     "--no-progress"};
    if (regenerate) argv.push_back("--regenerate-variants");
    return RunProcess(argv, {}, 120);
  };
  auto first = bench("one", false);
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(Says(first.err, "input 'days' must be an integer, got \"three\""));
  CHECK(Says(first.err, "bench: generated 3 variant sets in"));
  CHECK(Says(first.err, "1 config × 3 variants"));
  // The two generation calls are priced and shown apart from the runs, then added to the total.
  CHECK(Says(first.out, "Generation cost: $"));
  CHECK(Says(first.out, "(2 model calls, "));
  CHECK(Says(first.out, "total with the runs: $"));
  CHECK(Says(ReadFile(dir + "/one.html"), "id=\"generation-cost\""));
  const std::string hash = HashIn(first.err);
  REQUIRE(hash.size() == 16);
  CHECK(Says(ReadFile(dir + "/variants-configs.variants.json"), "\"hash\": \"" + hash + "\""));

  auto second = bench("two", false);
  INFO(second.err);
  CHECK(second.exit_code == 0);
  CHECK(Says(second.err, "bench: reusing 3 variant sets"));
  CHECK(HashIn(second.err) == hash);
  CHECK_FALSE(Says(second.err, "rejected"));  // no model call was needed
  CHECK_FALSE(Says(second.out, "Generation cost"));

  auto third = bench("three", true);
  INFO(third.err);
  CHECK(Says(third.err, "bench: generated 3 variant sets"));
  CHECK(HashIn(third.err) == hash);  // the same scripted model writes the same sets
}

TEST_CASE("the variant-generation calls are recorded with --record and replayed with --replay") {
  const std::string dir = MakeTempDir("variants-replay");
  for (const char* f : {"variants-script.yaml", "variants-test.yaml", "variants-configs.yaml"})
    fs::copy_file(kVariantData + f, dir + "/" + f);
  auto bench = [&](const std::string& out, const std::string& flag, const std::string& folder) {
    return RunProcess(
        {kBin, "bench", dir + "/variants-test.yaml", "--configs", dir + "/variants-configs.yaml", "--store",
         dir + "/h.db", "-o", dir + "/" + out, "--no-progress", "--regenerate-variants", flag, folder},
        {}, 120);
  };
  auto recorded = bench("one", "--record", dir + "/rec");
  INFO(recorded.err);
  REQUIRE(recorded.exit_code == 0);
  const std::string hash = HashIn(recorded.err);
  REQUIRE(hash.size() == 16);
  int files = 0;
  std::string log;
  for (const auto& e : fs::directory_iterator(dir + "/rec")) {
    ++files;
    log += ReadFile(e.path().string());
  }
  CHECK(files == 2);  // the two rounds of variant writing; the runs are not recorded
  CHECK(Says(log, "PHASE: variants (round 2)"));

  // With the model's script emptied, only the recording can write the same sets again.
  std::ofstream(dir + "/variants-script.yaml") << "rules: []\n";
  auto replayed = bench("two", "--replay", dir + "/rec");
  INFO(replayed.err);
  CHECK(replayed.exit_code == 0);
  CHECK(Says(replayed.err, "bench: generated 3 variant sets"));
  CHECK(HashIn(replayed.err) == hash);
}

TEST_CASE("variant values are checked against the declared types, enums and required inputs") {
  bench::InputDecl city{"city", "string", "", true, std::nullopt, {}, {}};
  bench::InputDecl days{"days", "integer", "", false, std::string("1"), {}, {}};
  bench::InputDecl mode{"mode", "string", "", false, std::nullopt, {"car", "train"}, {}};
  std::vector<bench::InputDecl> inputs = {city, days, mode};
  std::vector<std::pair<std::string, std::string>> vars;
  CHECK(bench::CheckVariantValues(Json{{"city", "Oslo"}, {"mode", "train"}}, inputs, &vars).empty());
  CHECK(vars == std::vector<std::pair<std::string, std::string>>{{"city", "Oslo"}, {"days", "1"}, {"mode", "train"}});
  auto errors = bench::CheckVariantValues(Json{{"days", 2.5}, {"mode", "boat"}, {"cty", "x"}}, inputs, nullptr);
  REQUIRE(errors.size() == 4);
  CHECK(errors[0] == "there is no input 'cty', did you mean 'city'?");
  CHECK(errors[1] == "input 'city' is required");
  CHECK(errors[2] == "input 'days' must be an integer, got 2.5");
  CHECK(errors[3] == "input 'mode' must be one of: car, train (got 'boat')");
  CHECK(bench::VariantsHash(Json::array()) != bench::VariantsHash(Json::array({1})));
}

}  // namespace
}  // namespace ab::e2e
