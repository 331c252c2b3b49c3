// No file is written through a planted symbolic link: reports (and their old predictable PATH.tmp names), the
// journal, recordings and the history database. A link at a whole-file destination is replaced by the new file;
// a link at an append-only file (the journal) is refused with a warning; the target is never touched. Files that
// hold transcripts (journal, recordings, history) are owner-only.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>

#include "harness.h"

namespace ab::faults {
namespace {
namespace fs = std::filesystem;

const char* kTestFile =
    "providers:\n"
    "  - {name: mock, type: MOCK}\n"
    "agents:\n"
    "  - {name: a, provider: mock}\n"
    "sessions:\n"
    "  - name: S\n"
    "    tests:\n"
    "      - {name: T, prompt: \"say back hi\", assertions: [{type: output_contains, value: hi}]}\n";

mode_t ModeOf(const fs::path& p) {
  struct stat st {};
  if (::lstat(p.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

/// A directory with the test file and a victim file that no write may reach.
struct Scene {
  fs::path root, victim, file;
  explicit Scene(const std::string& name) {
    root = e2e::MakeTempDir(name);
    victim = root / "victim.txt";
    file = root / "t.yaml";
    WriteFile(victim.string(), "untouched");
    WriteFile(file.string(), kTestFile);
  }
  void Plant(const fs::path& at) const {
    fs::create_directories(at.parent_path());
    fs::create_symlink(victim, at);
  }
  bool VictimUntouched() const { return e2e::ReadFile(victim.string()) == "untouched"; }
  e2e::ProcessResult Run(const std::vector<std::string>& extra) const {
    std::vector<std::string> argv = {AgentBench(),   "-f", file.string(), "-o", (root / "out" / "report").string(),
                                     "--no-progress"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return e2e::RunProcess(argv, {}, static_cast<int>(120 * kSlack));
  }
};

}  // namespace

TEST_CASE("links planted at every report path and at the old PATH.tmp names are replaced, not followed") {
  Scene s("faults-links-reports");
  const fs::path out = s.root / "out";
  for (const char* name : {"report.json", "report.html", "report.md", "report.xml", "report.json.tmp",
                           "report.html.tmp", "report.md.tmp", "report.xml.tmp"})
    s.Plant(out / name);
  const e2e::ProcessResult p = s.Run({"-reportType", "json,html,md,junit"});
  INFO(p.err);
  CHECK(p.exit_code == 0);
  CHECK(s.VictimUntouched());
  for (const char* name : {"report.json", "report.html", "report.md", "report.xml"}) {
    CAPTURE(name);
    CHECK_FALSE(fs::is_symlink(out / name));
    CHECK(fs::is_regular_file(out / name));
  }
  CHECK(Json::parse(e2e::ReadFile((out / "report.json").string()), nullptr, false).is_object());
  // The old temporary names are left as they were: never opened, never removed.
  CHECK(fs::is_symlink(out / "report.json.tmp"));
  // No temporary is left behind.
  for (const auto& entry : fs::directory_iterator(out)) {
    const std::string name = entry.path().filename().string();
    CAPTURE(name);
    CHECK(name.rfind(".report.", 0) != 0);
  }
}

TEST_CASE("a link planted at the journal is replaced by a fresh run and refused by --resume") {
  Scene s("faults-links-journal");
  const fs::path journal = s.root / "out" / "report.jsonl";
  s.Plant(journal);
  // A fresh run removes the old journal (the link itself) and creates a new, owner-only one.
  const e2e::ProcessResult fresh = s.Run({"-reportType", "json"});
  INFO(fresh.err);
  CHECK(fresh.exit_code == 0);
  CHECK(s.VictimUntouched());
  CHECK_FALSE(fs::is_symlink(journal));
  CHECK(ModeOf(journal) == 0600);

  // Resuming appends to the journal named: a link there is refused, with a warning, and the run goes on.
  fs::remove(journal);
  s.Plant(journal);
  const e2e::ProcessResult resumed = s.Run({"-reportType", "json", "--resume", journal.string()});
  INFO(resumed.err);
  CHECK(resumed.exit_code == 0);
  CHECK(s.VictimUntouched());
  CHECK(fs::is_symlink(journal));
  const Json report = Json::parse(e2e::ReadFile((s.root / "out" / "report.json").string()), nullptr, false);
  REQUIRE(report.is_object());
  CHECK(report.dump().find("symbolic link") != std::string::npos);  // the warning says why
}

TEST_CASE("the journal and recordings are owner-only, and links planted at recording names are replaced") {
  Scene s("faults-links-recordings");
  const fs::path rec = s.root / "rec";
  e2e::ProcessResult first = s.Run({"-reportType", "json", "--record", rec.string()});
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(ModeOf(s.root / "out" / "report.jsonl") == 0600);
  std::vector<fs::path> recordings;
  for (const auto& entry : fs::directory_iterator(rec)) recordings.push_back(entry.path());
  REQUIRE_FALSE(recordings.empty());
  for (const fs::path& r : recordings) {
    CAPTURE(r.string());
    CHECK(ModeOf(r) == 0600);
    // Recording names are predictable (a hash of the request): plant a link at each one.
    fs::remove(r);
    s.Plant(r);
  }
  e2e::ProcessResult second = s.Run({"-reportType", "json", "--record", rec.string()});
  INFO(second.err);
  CHECK(second.exit_code == 0);
  CHECK(s.VictimUntouched());
  for (const fs::path& r : recordings) {
    CAPTURE(r.string());
    CHECK_FALSE(fs::is_symlink(r));
    CHECK(fs::is_regular_file(r));
    CHECK(ModeOf(r) == 0600);
  }
}

TEST_CASE("the history database is created owner-only and a link planted at it is refused") {
  Scene s("faults-links-history");
  const fs::path db = s.root / "hist" / "history.db";
  e2e::ProcessResult made =
      e2e::RunProcess({AgentBench(), "history", "--store", db.string()}, {}, static_cast<int>(60 * kSlack));
  INFO(made.err);
  CHECK(made.exit_code == 0);
  CHECK(fs::is_regular_file(db));
  CHECK(ModeOf(db) == 0600);

  const fs::path linked = s.root / "hist" / "linked.db";
  s.Plant(linked);
  e2e::ProcessResult refused =
      e2e::RunProcess({AgentBench(), "history", "--store", linked.string()}, {}, static_cast<int>(60 * kSlack));
  CHECK(refused.exit_code != 0);
  CHECK(refused.err.find("symbolic link") != std::string::npos);
  CHECK(s.VictimUntouched());

  // SQLite's side files: a link planted at the write-ahead log of a new history is refused too.
  const fs::path fresh = s.root / "hist" / "fresh.db";
  s.Plant(fs::path(fresh.string() + "-wal"));
  e2e::ProcessResult wal =
      e2e::RunProcess({AgentBench(), "history", "--store", fresh.string()}, {}, static_cast<int>(60 * kSlack));
  CHECK(wal.exit_code != 0);
  CHECK(wal.err.find("symbolic link") != std::string::npos);
  CHECK(s.VictimUntouched());
}

}  // namespace ab::faults
