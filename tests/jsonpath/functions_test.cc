#include "jsonpath/functions.h"

#include <doctest/doctest.h>

#include "jsonpath/jsonpath.h"

namespace ab::jsonpath {
namespace {

size_t Count(const char* query, const char* doc) {
  Result<Path> p = Parse(query);
  REQUIRE_MESSAGE(p.has_value(), p.error().message);
  return Select(*p, Json::parse(doc)).size();
}

TEST_CASE("length() counts code points, array elements and members") {
  const char* doc = R"([{"s": "héllo"}, {"s": [1, 2, 3, 4, 5]}, {"s": {"a": 1}}, {"s": 5}, {"s": "abcdef"}])";
  CHECK(Count("$[?length(@.s) == 5]", doc) == 2);
  CHECK(Count("$[?length(@.s) == 1]", doc) == 1);
  CHECK(Count("$[?length(@.s) >= 0]", doc) == 4);  // 5 has no length: Nothing compares false
}

TEST_CASE("count() and value() take nodelists") {
  const char* doc = R"([{"a": [1, 2]}, {"a": [3]}, {"b": 1}])";
  CHECK(Count("$[?count(@.a[*]) == 2]", doc) == 1);
  CHECK(Count("$[?count(@..*) == 0]", doc) == 0);
  CHECK(Count("$[?value(@.a[*]) == 3]", doc) == 1);
  CHECK(Count("$[?value(@.a[*]) == 1]", doc) == 0);  // two nodes: value() is Nothing
}

TEST_CASE("match() is anchored, search() is not, and '.' excludes line breaks") {
  const char* doc = R"([{"d": "1974-05-01"}, {"d": "x1974-05-01"}, {"d": "a\nb"}, {"d": 7}])";
  CHECK(Count(R"($[?match(@.d, '1974-05-..')])", doc) == 1);
  CHECK(Count(R"($[?search(@.d, '1974-05-..')])", doc) == 2);
  CHECK(Count(R"($[?search(@.d, 'a.b')])", doc) == 0);
  CHECK(Count(R"($[?match(@.d, '[invalid')])", doc) == 0);
  CHECK(Count(R"($[?!match(@.d, '1974.*')])", doc) == 3);
}

TEST_CASE("FindFunction knows the five RFC functions only") {
  for (const char* name : {"length", "count", "match", "search", "value"}) CHECK(FindFunction(name) != nullptr);
  CHECK(FindFunction("size") == nullptr);
}

}  // namespace
}  // namespace ab::jsonpath
