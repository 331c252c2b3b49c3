#include "base/duration.h"

#include <doctest/doctest.h>

namespace ab {

TEST_CASE("ParseDuration accepts Go-style durations") {
  CHECK(ParseDuration("30s")->count() == 30'000);
  CHECK(ParseDuration("500ms")->count() == 500);
  CHECK(ParseDuration("2m")->count() == 120'000);
  CHECK(ParseDuration("1h30m")->count() == 5'400'000);
  CHECK(ParseDuration("1.5s")->count() == 1'500);
  CHECK(ParseDuration("10")->count() == 10'000);
  CHECK(ParseDuration(" 2s ")->count() == 2'000);
}

TEST_CASE("ParseDuration rejects nonsense with a reason") {
  auto r = ParseDuration("30 seconds");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message.find("unknown unit") != std::string::npos);
  CHECK_FALSE(ParseDuration("").has_value());
  CHECK_FALSE(ParseDuration("-5s").has_value());
  CHECK_FALSE(ParseDuration("abc").has_value());
  CHECK_FALSE(ParseDuration("1.2.3s").has_value());
  CHECK_FALSE(ParseDuration("5s10").has_value());
}

TEST_CASE("FormatDuration is readable") {
  CHECK(FormatDuration(Millis(250)) == "250ms");
  CHECK(FormatDuration(Millis(2000)) == "2s");
  CHECK(FormatDuration(Millis(1500)) == "1.5s");
  CHECK(FormatDuration(Millis(123'000)) == "2m3s");
}

}  // namespace ab

namespace ab {

TEST_CASE("ParseDuration refuses values no deadline can hold") {
  auto r = ParseDuration("99999999999999999h");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message.find("too large") != std::string::npos);
  CHECK_FALSE(ParseDuration(std::string(400, '9') + "s").has_value());  // strtod says inf
  // Large but representable values still parse: the configuration layer applies its own, smaller maximum.
  CHECK(ParseDuration("99999999999h")->count() == 99'999'999'999LL * 3'600'000);
}

}  // namespace ab
