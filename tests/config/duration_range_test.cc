// Every configured timeout and delay is range-checked where it is read: a typo like 99999999999h is an error at
// its file:line:col naming the maximum, never a deadline that overflows into the past.
#include <doctest/doctest.h>

#include "config_test_util.h"

namespace ab::config {
namespace {

using testing::All;
using testing::kMinimal;
using testing::Parse;

TEST_CASE("a duration above the maximum is an error at its location naming the maximum") {
  Loaded<TestFile> f = Parse(std::string(kMinimal) + "settings:\n  test_timeout: 99999999999h\n");
  CHECK_FALSE(f.ok());
  CHECK(All(f) == "t.yaml:13:17: error: 'test_timeout': 99999999999h is longer than the maximum of 7 days (168h)\n");
  for (const char* key : {"tool_timeout", "test_delay", "session_delay"}) {
    Loaded<TestFile> g = Parse(std::string(kMinimal) + "settings:\n  " + key + ": 8d\n");
    CHECK_FALSE(g.ok());  // "d" is no unit: still an error, not an overflow
    Loaded<TestFile> h = Parse(std::string(kMinimal) + "settings:\n  " + key + ": 169h\n");
    CHECK_MESSAGE(All(h).find("is longer than the maximum of 7 days") != std::string::npos, key);
  }
}

TEST_CASE("durations up to the maximum are accepted") {
  Loaded<TestFile> f = Parse(std::string(kMinimal) + "settings:\n  test_timeout: 168h\n  test_delay: 10080m\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  CHECK(f.value->settings.test_timeout->count() == 168LL * 3'600'000);
}

TEST_CASE("test-level timeouts are checked as well") {
  std::string yaml = kMinimal;
  yaml += "        timeout: 1000000h\n";
  Loaded<TestFile> f = Parse(yaml);
  CHECK(All(f).find("t.yaml:12:18: error: 'timeout': 1000000h is longer than the maximum") == 0);
}

}  // namespace
}  // namespace ab::config
