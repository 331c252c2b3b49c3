#include "base/strings.h"

#include <doctest/doctest.h>

namespace ab {

TEST_CASE("SuggestClosest finds a misspelled key") {
  std::vector<std::string> keys = {"tool_timeout", "max_iterations", "test_delay", "session_delay"};
  CHECK(SuggestClosest("max_iteration", keys) == "max_iterations");
  CHECK(SuggestClosest("tool_timout", keys) == "tool_timeout");
  CHECK(SuggestClosest("MAX_ITERATIONS", keys) == "max_iterations");
  CHECK(SuggestClosest("completely_different", keys).empty());
  CHECK(DidYouMean("test_dely", keys) == ", did you mean 'test_delay'?");
  CHECK(DidYouMean("zzz", keys).empty());
}

TEST_CASE("EditDistance is exact and capped") {
  CHECK(EditDistance("kitten", "sitting") == 3);
  CHECK(EditDistance("", "abc") == 3);
  CHECK(EditDistance("same", "same") == 0);
  CHECK(EditDistance("aaaaaaaa", "bbbbbbbb", 2) == 3);
}

TEST_CASE("Split, Join and Trim round-trip") {
  CHECK(Split("a,b,,c", ',') == std::vector<std::string>{"a", "b", "", "c"});
  CHECK(Join({"a", "b"}, ", ") == "a, b");
  CHECK(Trim("  x y \n") == "x y");
  CHECK(Trim("   ").empty());
}

TEST_CASE("Truncate keeps UTF-8 valid") {
  CHECK(Truncate("hello", 10) == "hello");
  CHECK(Truncate("hello", 3) == "hel…");
  // "é" is two bytes; cutting in its middle steps back before it.
  CHECK(Truncate("aé", 2) == "a…");
}

}  // namespace ab
