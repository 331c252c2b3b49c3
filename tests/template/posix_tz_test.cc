#include "template/posix_tz.h"

#include <doctest/doctest.h>

#include "base/civil.h"

namespace ab::tmpl {
namespace {

int64_t Utc(int64_t y, int m, int d, int hh, int mm, int ss) {
  return DaysFromCivil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
}

TEST_CASE("US rules switch at 2am local on the second Sunday of March and first Sunday of November") {
  auto tz = ParsePosixTz("EST5EDT,M3.2.0,M11.1.0");
  REQUIRE(tz);
  CHECK(tz->std_offset.utc_offset_s == -18000);
  CHECK(tz->dst_offset.utc_offset_s == -14400);
  CHECK(PosixTzAt(*tz, Utc(2024, 3, 10, 6, 59, 59)).abbrev == "EST");
  CHECK(PosixTzAt(*tz, Utc(2024, 3, 10, 7, 0, 0)).abbrev == "EDT");
  CHECK(PosixTzAt(*tz, Utc(2024, 11, 3, 5, 59, 59)).abbrev == "EDT");
  CHECK(PosixTzAt(*tz, Utc(2024, 11, 3, 6, 0, 0)).abbrev == "EST");
  CHECK(PosixTzAt(*tz, Utc(2024, 11, 3, 6, 0, 0)).is_dst == false);
}

TEST_CASE("southern hemisphere DST spans the new year") {
  auto tz = ParsePosixTz("AEST-10AEDT,M10.1.0,M4.1.0/3");
  REQUIRE(tz);
  CHECK(PosixTzAt(*tz, Utc(2024, 1, 15, 0, 0, 0)).utc_offset_s == 11 * 3600);
  CHECK(PosixTzAt(*tz, Utc(2024, 7, 15, 0, 0, 0)).utc_offset_s == 10 * 3600);
  CHECK(PosixTzAt(*tz, Utc(2024, 12, 31, 23, 0, 0)).abbrev == "AEDT");
}

TEST_CASE("quoted names, minutes, fixed zones and Julian days") {
  auto ist = ParsePosixTz("<+0530>-5:30");
  REQUIRE(ist);
  CHECK(ist->std_offset.utc_offset_s == 19800);
  CHECK(ist->std_offset.abbrev == "+0530");
  CHECK(!ist->has_dst);
  auto utc = ParsePosixTz("UTC0");
  REQUIRE(utc);
  CHECK(PosixTzAt(*utc, 0).utc_offset_s == 0);
  auto jul = ParsePosixTz("XST3XDT,J60/0,J300/0");
  REQUIRE(jul);
  // J60 is March 1 even in leap years.
  CHECK(PosixTzAt(*jul, Utc(2024, 2, 29, 12, 0, 0)).abbrev == "XST");
  CHECK(PosixTzAt(*jul, Utc(2024, 3, 1, 12, 0, 0)).abbrev == "XDT");
  auto defaulted = ParsePosixTz("CST6CDT");
  REQUIRE(defaulted);
  CHECK(PosixTzAt(*defaulted, Utc(2024, 7, 1, 12, 0, 0)).abbrev == "CDT");
}

TEST_CASE("malformed TZ strings are errors") {
  CHECK(!ParsePosixTz("").has_value());
  CHECK(!ParsePosixTz("5EST").has_value());
  CHECK(!ParsePosixTz("EST").has_value());
  CHECK(!ParsePosixTz("EST5EDT,M13.1.0,M1.1.0").has_value());
  CHECK(!ParsePosixTz("EST5EDT,M3.2.0").has_value());
}

}  // namespace
}  // namespace ab::tmpl
