#include "template/date_format.h"

#include <doctest/doctest.h>

namespace ab::tmpl {
namespace {

constexpr int64_t kT = 1705329000123;  // 2024-01-15T14:30:00.123Z, a Monday

std::string F(std::string_view pattern, ZoneOffset z = ZoneOffset{}) {
  auto r = FormatJavaDate(kT, z, pattern);
  REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
  return *r;
}

TEST_CASE("SimpleDateFormat letters") {
  CHECK(F("yyyy-MM-dd HH:mm:ss") == "2024-01-15 14:30:00");
  CHECK(F("yy/M/d") == "24/1/15");
  CHECK(F("MMM MMMM") == "Jan January");
  CHECK(F("EEE EEEE E") == "Mon Monday Mon");
  CHECK(F("hh:mm a") == "02:30 PM");
  CHECK(F("h H k K") == "2 14 14 2");
  CHECK(F("ss.SSS") == "00.123");
  CHECK(F("D u") == "15 1");
  CHECK(F("z Z X XX XXX") == "UTC +0000 Z Z Z");
}

TEST_CASE("SimpleDateFormat quoting") {
  CHECK(F("yyyy-MM-dd'T'HH:mm:ss.SSSXXX") == "2024-01-15T14:30:00.123Z");
  CHECK(F("'at' h 'o''clock'") == "at 2 o'clock");
  CHECK(F("''") == "'");
  CHECK(!FormatJavaDate(kT, ZoneOffset{}, "'open").has_value());
}

TEST_CASE("SimpleDateFormat with a non-UTC offset") {
  ZoneOffset ist{19800, "IST", false};
  CHECK(F("HH:mm z Z X XX XXX", ist) == "20:00 IST +0530 +05 +0530 +05:30");
  ZoneOffset est{-18000, "EST", false};
  CHECK(F("yyyy-MM-dd HH:mm XXX", est) == "2024-01-15 09:30 -05:00");
}

TEST_CASE("unsupported letters are errors") {
  auto r = FormatJavaDate(kT, ZoneOffset{}, "yyyy-Q");
  REQUIRE(!r.has_value());
  CHECK(r.error().message.find("'Q'") != std::string::npos);
}

TEST_CASE("RFC 3339 in and out of UTC, and before the epoch") {
  CHECK(FormatRfc3339Zoned(kT, ZoneOffset{}) == "2024-01-15T14:30:00Z");
  CHECK(FormatRfc3339Zoned(kT, ZoneOffset{-12600, "NST", false}) == "2024-01-15T11:00:00-03:30");
  CHECK(FormatRfc3339Zoned(-1, ZoneOffset{}) == "1969-12-31T23:59:59Z");
  auto r = FormatJavaDate(-1, ZoneOffset{}, "yyyy-MM-dd HH:mm:ss.SSS");
  REQUIRE(r);
  CHECK(*r == "1969-12-31 23:59:59.999");
}

}  // namespace
}  // namespace ab::tmpl
