#include "base/safe_file.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ab {
namespace {

namespace fs = std::filesystem;

fs::path FreshDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("ab-safe-file-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

mode_t ModeOf(const fs::path& p) {
  struct stat st {};
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

size_t EntriesIn(const fs::path& dir) {
  size_t n = 0;
  for (auto it = fs::directory_iterator(dir); it != fs::directory_iterator(); ++it) ++n;
  return n;
}

}  // namespace

TEST_CASE("WriteFileAtomically writes, replaces and leaves no temporary behind") {
  const fs::path dir = FreshDir("write");
  const fs::path target = dir / "sub" / "report.json";
  REQUIRE(WriteFileAtomically(target.string(), std::string_view("first\n")).ok());
  CHECK(Read(target) == "first\n");
  REQUIRE(WriteFileAtomically(target.string(), [](std::ostream& out) {
            for (int i = 0; i < 100'000; ++i) out << "line " << i << "\n";  // past the 64 KiB buffer
          }).ok());
  CHECK(Read(target).size() > (1u << 16));
  CHECK(EntriesIn(target.parent_path()) == 1);
  fs::remove_all(dir);
}

TEST_CASE("a symbolic link planted at the destination is replaced, its target untouched") {
  const fs::path dir = FreshDir("link-dest");
  const fs::path victim = dir / "victim.txt";
  std::ofstream(victim) << "untouched";
  const fs::path target = dir / "report.json";
  fs::create_symlink(victim, target);
  REQUIRE(WriteFileAtomically(target.string(), std::string_view("report")).ok());
  CHECK_FALSE(fs::is_symlink(target));
  CHECK(Read(target) == "report");
  CHECK(Read(victim) == "untouched");
  fs::remove_all(dir);
}

TEST_CASE("a symbolic link at the old predictable temporary name is not followed") {
  const fs::path dir = FreshDir("link-tmp");
  const fs::path victim = dir / "victim.txt";
  std::ofstream(victim) << "untouched";
  const fs::path target = dir / "report.json";
  fs::create_symlink(victim, dir / "report.json.tmp");
  REQUIRE(WriteFileAtomically(target.string(), std::string_view("report")).ok());
  CHECK(Read(target) == "report");
  CHECK(Read(victim) == "untouched");
  CHECK(fs::is_symlink(dir / "report.json.tmp"));  // left alone, neither followed nor removed
  fs::remove_all(dir);
}

TEST_CASE("modes: private files are 0600, public ones follow the umask") {
  const fs::path dir = FreshDir("modes");
  REQUIRE(WriteFileAtomically((dir / "rec.json").string(), std::string_view("{}"), kPrivateFileMode).ok());
  CHECK(ModeOf(dir / "rec.json") == 0600);
  const mode_t old = ::umask(022);
  REQUIRE(WriteFileAtomically((dir / "report.html").string(), std::string_view("<p>"), kPublicFileMode).ok());
  CHECK(ModeOf(dir / "report.html") == 0644);
  ::umask(077);
  REQUIRE(WriteFileAtomically((dir / "report.md").string(), std::string_view("#"), kPublicFileMode).ok());
  CHECK(ModeOf(dir / "report.md") == 0600);  // the umask still narrows
  ::umask(old);
  // Replacing an existing, wider file narrows it too: the new inode is the private one.
  std::ofstream(dir / "journal.txt") << "old";
  fs::permissions(dir / "journal.txt", fs::perms(0644));
  REQUIRE(WriteFileAtomically((dir / "journal.txt").string(), std::string_view("new"), kPrivateFileMode).ok());
  CHECK(ModeOf(dir / "journal.txt") == 0600);
  fs::remove_all(dir);
}

TEST_CASE("a failed write leaves the destination untouched and removes the temporary") {
  const fs::path dir = FreshDir("fail");
  const fs::path target = dir / "target";
  fs::create_directories(target / "not-empty");  // rename(2) cannot replace a non-empty directory
  Status s = WriteFileAtomically(target.string(), std::string_view("z"));
  CHECK_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kIo);
  CHECK(s.error().message.find(target.string()) != std::string::npos);
  CHECK(fs::is_directory(target / "not-empty"));
  CHECK(EntriesIn(dir) == 1);
  fs::remove_all(dir);
}

TEST_CASE("OpenForAppend appends, creates 0600 and refuses links and non-regular files") {
  const fs::path dir = FreshDir("append");
  const fs::path journal = dir / "deep" / "run.jsonl";
  for (const char* line : {"one\n", "two\n"}) {
    Result<std::FILE*> f = OpenForAppend(journal.string());
    REQUIRE(f);
    std::fputs(line, *f);
    std::fclose(*f);
  }
  CHECK(Read(journal) == "one\ntwo\n");
  CHECK(ModeOf(journal) == 0600);

  const fs::path victim = dir / "victim.txt";
  std::ofstream(victim) << "untouched";
  fs::create_symlink(victim, dir / "linked.jsonl");
  Result<std::FILE*> linked = OpenForAppend((dir / "linked.jsonl").string());
  REQUIRE_FALSE(linked);
  CHECK(linked.error().message.find("symbolic link") != std::string::npos);
  CHECK(Read(victim) == "untouched");

  REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
  Result<std::FILE*> fifo = OpenForAppend((dir / "fifo").string());  // must not block (no reader: ENXIO)
  REQUIRE_FALSE(fifo);
  CHECK(fifo.error().message.find((dir / "fifo").string()) != std::string::npos);
  fs::create_directories(dir / "a-directory");
  Result<std::FILE*> directory = OpenForAppend((dir / "a-directory").string());
  REQUIRE_FALSE(directory);
  CHECK(directory.error().code == ErrorCode::kIo);
  Result<std::FILE*> device = OpenForAppend("/dev/null");
  REQUIRE_FALSE(device);
  CHECK(device.error().message.find("not a regular file") != std::string::npos);
  Result<std::FILE*> allowed = OpenForAppend("/dev/null", kPrivateFileMode, /*devices_too=*/true);  // -l /dev/null
  REQUIRE(allowed);
  std::fclose(*allowed);
  CHECK_FALSE(OpenForAppend((dir / "linked.jsonl").string(), kPrivateFileMode, true));  // links still refused
  fs::remove_all(dir);
}

TEST_CASE("CreatePrivateFile creates 0600 once, keeps an existing file and refuses a link") {
  const fs::path dir = FreshDir("create");
  const fs::path db = dir / "history.db";
  REQUIRE(CreatePrivateFile(db.string()).ok());
  CHECK(ModeOf(db) == 0600);
  std::ofstream(db, std::ios::app) << "data";
  REQUIRE(CreatePrivateFile(db.string()).ok());
  CHECK(Read(db) == "data");
  const fs::path victim = dir / "victim.txt";
  std::ofstream(victim) << "untouched";
  fs::create_symlink(victim, dir / "linked.db");
  Status s = CreatePrivateFile((dir / "linked.db").string());
  CHECK_FALSE(s.ok());
  CHECK(s.error().message.find("symbolic link") != std::string::npos);
  CHECK_FALSE(RefuseSymlink((dir / "linked.db").string()).ok());
  CHECK(RefuseSymlink(db.string()).ok());
  CHECK(RefuseSymlink((dir / "absent").string()).ok());
  fs::create_symlink(dir / "missing", dir / "dangling.db");  // a dangling link must not create its target
  CHECK_FALSE(CreatePrivateFile((dir / "dangling.db").string()).ok());
  CHECK_FALSE(fs::exists(dir / "missing"));
  fs::remove_all(dir);
}

}  // namespace ab
