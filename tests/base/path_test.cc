#include "base/path.h"

#include <doctest/doctest.h>

namespace ab {

TEST_CASE("ResolvePath joins a relative path to the base folder and leaves the rest alone") {
  CHECK(ResolvePath("/work/tests", "data/a.yaml") == "/work/tests/data/a.yaml");
  CHECK(ResolvePath("/work/tests/", "a.yaml") == "/work/tests/a.yaml");
  CHECK(ResolvePath("/work/tests", "/etc/a.yaml") == "/etc/a.yaml");
  CHECK(ResolvePath("", "data/a.yaml") == "data/a.yaml");
  CHECK(ResolvePath("/work", "../x/./y") == "/work/../x/./y");  // lexical only, not normalised
  CHECK(ResolvePath("/work", "") == "/work/");
}

TEST_CASE("ResolvePathNormalized removes . and .. without reading the disk") {
  CHECK(ResolvePathNormalized("/work/tests", "../x/./y.yaml") == "/work/x/y.yaml");
  CHECK(ResolvePathNormalized("/work", "/a/b/../c") == "/a/c");
  CHECK(ResolvePathNormalized("", "a/./b") == "a/b");
  CHECK(ResolvePathNormalized("rel/dir", "f.yaml") == "rel/dir/f.yaml");
  CHECK(ResolvePathNormalized("/no/such/folder/at/all", "f") == "/no/such/folder/at/all/f");
}

}  // namespace ab
