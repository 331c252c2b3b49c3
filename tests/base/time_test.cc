#include "base/time.h"

#include <doctest/doctest.h>

#include "base/civil.h"

namespace ab {

TEST_CASE("ParseRfc3339 reads what FormatRfc3339 and other tools write") {
  CHECK(ParseRfc3339("1970-01-01T00:00:00.000Z") == 0);
  CHECK(ParseRfc3339("2024-01-15T14:30:00Z") == 1705329000000);
  CHECK(ParseRfc3339("2024-01-15T14:30:00.5Z") == 1705329000500);
  CHECK(ParseRfc3339("2024-01-15T15:30:00+01:00") == 1705329000000);
  CHECK(ParseRfc3339("2024-01-15t14:30:00z") == 1705329000000);
  CHECK(ParseRfc3339("2000-02-29T00:00:00.001Z") == 951782400001);
  CHECK(ParseRfc3339(FormatRfc3339(1705329000123)) == 1705329000123);
  CHECK(FormatRfc3339(1705329000123) == "2024-01-15T14:30:00.123Z");
}

TEST_CASE("ParseRfc3339 rejects dates alone, times without a zone and out-of-range fields") {
  CHECK_FALSE(ParseRfc3339("2024-01-15").has_value());
  CHECK_FALSE(ParseRfc3339("2024-13-15T14:30:00Z").has_value());
  CHECK_FALSE(ParseRfc3339("2024-01-15T24:30:00Z").has_value());
  CHECK_FALSE(ParseRfc3339("2024-01-15T14:30:00").has_value());
  CHECK_FALSE(ParseRfc3339("2024-01-15T14:30:00.Z").has_value());
  CHECK_FALSE(ParseRfc3339("2024-01-15T14:30:00Z trailing").has_value());
  CHECK_FALSE(ParseRfc3339("2024-01-15T14:30:00+0100").has_value());
  CHECK_FALSE(ParseRfc3339("").has_value());
}

TEST_CASE("DaysFromCivil and CivilFromDays are inverse around the epoch, leap days and far years") {
  CHECK(DaysFromCivil(1970, 1, 1) == 0);
  CHECK(DaysFromCivil(2000, 3, 1) - DaysFromCivil(2000, 2, 28) == 2);  // 2000 is a leap year
  CHECK(DaysFromCivil(1900, 3, 1) - DaysFromCivil(1900, 2, 28) == 1);  // 1900 is not
  CHECK(DaysFromCivil(1969, 12, 31) == -1);
  for (int64_t days : {int64_t{-800000}, int64_t{-1}, int64_t{0}, int64_t{11016}, int64_t{2932896}}) {
    CivilDate c = CivilFromDays(days);
    CHECK(DaysFromCivil(c.year, c.month, c.day) == days);
  }
  static_assert(DaysFromCivil(2024, 1, 15) == 19737);
}

}  // namespace ab
