// ClosestSibling: the did-you-mean of a missing file (test files, mock scripts) and of a missing skill folder.
#include "base/sibling.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>

namespace ab {
namespace {

namespace fs = std::filesystem;

struct Dir {
  fs::path path = fs::temp_directory_path() / ("ab-sibling-" + std::to_string(::getpid()));
  Dir() {
    fs::remove_all(path);
    fs::create_directories(path / "excel-cli");
    std::ofstream(path / "tests.yaml") << "x";
  }
  ~Dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

TEST_CASE("ClosestSibling names the closest file or folder of the wanted kind beside a missing path") {
  Dir d;
  CHECK(ClosestSibling(d.path / "test.yaml", SiblingKind::kFile, 100) == "tests.yaml");
  CHECK(ClosestSibling(d.path / "exel-cli", SiblingKind::kDirectory, 100) == "excel-cli");
  CHECK(ClosestSibling(d.path / "exel-cli/", SiblingKind::kDirectory, 100) == "excel-cli");  // trailing '/'
  // Only entries of the wanted kind: a folder is no answer for a missing file, nor a file for a folder.
  CHECK(ClosestSibling(d.path / "exel-cli", SiblingKind::kFile, 100).empty());
  CHECK(ClosestSibling(d.path / "test.yaml", SiblingKind::kDirectory, 100).empty());
  CHECK(ClosestSibling(d.path / "zzzzzzzzzz", SiblingKind::kFile, 100).empty());  // nothing close: no guess
  CHECK(ClosestSibling(d.path / "no-such-folder" / "x", SiblingKind::kFile, 100).empty());
  CHECK(ClosestSibling(d.path / "test.yaml", SiblingKind::kFile, 0).empty());  // no entry read
}

}  // namespace
}  // namespace ab
