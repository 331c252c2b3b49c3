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

TEST_CASE("ReplaceAll replaces left to right and never searches a replacement again") {
  CHECK(ReplaceAll("a-b-c", "-", "+") == "a+b+c");
  CHECK(ReplaceAll("aaa", "a", "aa") == "aaaaaa");
  CHECK(ReplaceAll("aaaa", "aa", "a") == "aa");
  CHECK(ReplaceAll("{{x}} and {{x}}", "{{x}}", "{{x}}{{x}}") == "{{x}}{{x}} and {{x}}{{x}}");
  CHECK(ReplaceAll("abc", "", "z") == "abc");
  CHECK(ReplaceAll("", "a", "b").empty());
}

TEST_CASE("ReplaceAllBounded gives up once the result would pass the bound") {
  CHECK(ReplaceAllBounded("abab", "a", "xyz", 8) == "xyzbxyzb");
  CHECK_FALSE(ReplaceAllBounded("abab", "a", "xyz", 7).has_value());
  CHECK_FALSE(ReplaceAllBounded(std::string(100, 'a'), "a", std::string(1000, 'b'), 1 << 16).has_value());
  CHECK(ReplaceAllBounded("abc", "x", "y", 3) == "abc");
}

}  // namespace ab
