// `agent-bench validate --fix`: the real binary renames the misspelled keys of a file written for agent-benchmark
// in place, byte-exact elsewhere, and leaves what it cannot be sure of as errors.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "paths.h"
#include "process.h"

namespace ab::e2e {
namespace {

bool OutHas(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// A copy of data/fix/|name| in a fresh directory, with |mode|. The directory is unique to this process (ctest runs
// each case in its own, in parallel), so two cases never remove each other's files.
std::string CopyFixData(const std::string& name, mode_t mode = 0640) {
  static int copies = 0;
  const std::string path =
      MakeTempDir("fix-" + std::to_string(::getpid()) + "-" + std::to_string(++copies)) + "/" + name;
  std::filesystem::copy_file(kData + "fix/" + name, path);
  ::chmod(path.c_str(), mode);
  return path;
}

mode_t FileMode(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("validate --fix renames the certain misspellings in place and the file then validates") {
  const std::string path = CopyFixData("migrated.yaml");
  auto before = RunProcess({kBin, "validate", path});
  CHECK(before.exit_code == 2);

  auto r = RunProcess({kBin, "validate", "--fix", path});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(OutHas(r.out, path + ":9:7: 'requests_per_minute' -> 'rpm'"));
  CHECK(OutHas(r.out, path + ":10:7: 'tokens_per_minute' -> 'tpm'"));
  CHECK(OutHas(r.out, path + ":13:19: 'requests_per_minute' -> 'rpm'"));
  CHECK(OutHas(r.out, path + ":13:44: 'tokens_per_minute' -> 'tpm'"));
  CHECK(OutHas(r.out, path + ":29:13: 'param' -> 'params'"));
  CHECK(OutHas(r.out, path + ": ok ("));
  CHECK(ReadFile(path) == ReadFile(kData + "fix/migrated.fixed.yaml"));
  CHECK(FileMode(path) == 0640);

  // A second run finds nothing left to fix.
  auto again = RunProcess({kBin, "validate", "--fix", path});
  CHECK(again.exit_code == 0);
  CHECK(!OutHas(again.out, "->"));
}

TEST_CASE("validate --fix --dry-run prints the edits and changes nothing") {
  const std::string path = CopyFixData("migrated.yaml");
  auto r = RunProcess({kBin, "validate", "--fix", "--dry-run", path});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(OutHas(r.out, "'requests_per_minute' -> 'rpm'"));
  CHECK(OutHas(r.out, "dry run"));
  CHECK(ReadFile(path) == ReadFile(kData + "fix/migrated.yaml"));
  auto alone = RunProcess({kBin, "validate", "--dry-run", path});
  CHECK(alone.exit_code == 2);
  CHECK(OutHas(alone.err, "--dry-run only goes with --fix"));
}

TEST_CASE("validate --fix leaves an ambiguous key as an error and exits 2") {
  const std::string path = CopyFixData("ambiguous.yaml");
  auto r = RunProcess({kBin, "validate", "--fix", path});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(OutHas(r.out, "'requests_per_minute' -> 'rpm'"));
  CHECK(!OutHas(r.out, "'xpm' ->"));
  CHECK(OutHas(r.err, path + ":11:7: error: unknown key 'xpm'"));
  const std::string text = ReadFile(path);
  CHECK(OutHas(text, "      xpm: 3\n"));
  CHECK(OutHas(text, "      rpm: 60    # shared quota\n"));
  // `param: NAME` with `value: V` needs `params: {NAME: V}`, which a rename cannot make: left as an error.
  CHECK(OutHas(text, "            param: action   # a name and a value: not a rename\n"));
  CHECK(OutHas(r.err, path + ":36:13: error: assertion 'tool_param_equals': unknown field 'param'"));
}

TEST_CASE("validate prints a file's errors in line order") {
  const std::string dir = MakeTempDir("order");
  const std::string path = dir + "/order.yaml";
  // The assertion error (found after loading) is above the unknown key (found while loading).
  std::ofstream(path) << "providers:\n  - name: m\n    type: MOCK\nagents:\n  - name: a\n    provider: m\n"
                         "sessions:\n  - name: s\n    tests:\n      - name: t\n        prompt: hi\n"
                         "        assertions:\n          - type: tool_caled\n            tool: x\n"
                         "settings:\n  max_iteration: 3\n";
  auto r = RunProcess({kBin, "validate", path});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  const size_t assertion = r.err.find(path + ":13:");
  const size_t key = r.err.find(path + ":16:3: error: unknown key 'max_iteration'");
  REQUIRE(assertion != std::string::npos);
  REQUIRE(key != std::string::npos);
  CHECK(assertion < key);
}

}  // namespace ab::e2e
