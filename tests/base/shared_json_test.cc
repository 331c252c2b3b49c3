#include "base/shared_json.h"

#include <doctest/doctest.h>

namespace ab {
namespace {

TEST_CASE("copies of a shared JSON value share one tree, and the default is an empty object") {
  SharedJson a(Json{{"echo", {{"type", "object"}}}});
  SharedJson b = a;
  CHECK(b.SharesWith(a));
  CHECK(b->at("echo")["type"] == "object");
  SharedJson c(Json{{"echo", {{"type", "object"}}}});
  CHECK_FALSE(c.SharesWith(a));  // equal, but a separate tree
  CHECK(*c == *a);
  SharedJson none;
  CHECK(none->is_object());
  CHECK(none->empty());
  CHECK(none.SharesWith(SharedJson()));  // no allocation per empty value
}

}  // namespace
}  // namespace ab
