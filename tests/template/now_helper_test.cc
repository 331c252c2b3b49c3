#include <filesystem>

#include "template/template.h"
#include "test_context.h"

namespace ab::tmpl {
namespace {

using testing::FixedContext;
using testing::MustRender;
using testing::RenderError;

bool HaveZoneinfo() { return std::filesystem::exists("/usr/share/zoneinfo/America/New_York"); }

TEST_CASE("now renders RFC 3339 UTC, epoch ms and unix seconds") {
  Context ctx = FixedContext();
  CHECK(MustRender("{{now}}", ctx) == "2024-01-15T14:30:00Z");
  CHECK(MustRender("{{now format=''}}", ctx) == "2024-01-15T14:30:00Z");
  CHECK(MustRender("{{now format='epoch'}}", ctx) == "1705329000123");
  CHECK(MustRender("{{now format=\"epoch\"}}", ctx) == "1705329000123");
  CHECK(MustRender("{{now format='unix'}}", ctx) == "1705329000");
  CHECK(MustRender("{{now format='yyyy-MM-dd HH:mm:ss'}}", ctx) == "2024-01-15 14:30:00");
}

TEST_CASE("now applies offsets in every unit, with signs") {
  Context ctx = FixedContext();
  const char* f = " format='yyyy-MM-dd HH:mm:ss'}}";
  auto at = [&](const std::string& offset) { return MustRender("{{now offset='" + offset + "'" + f, ctx); };
  CHECK(at("7 days") == "2024-01-22 14:30:00");
  CHECK(at("-24 hours") == "2024-01-14 14:30:00");
  CHECK(at("+90 minutes") == "2024-01-15 16:00:00");
  CHECK(at("-30 seconds") == "2024-01-15 14:29:30");
  CHECK(at("1 second") == "2024-01-15 14:30:01");
  CHECK(at("2 weeks") == "2024-01-29 14:30:00");
  CHECK(at("1 month") == "2024-02-14 14:30:00");  // a month is 30 days
  CHECK(at("1 years") == "2025-01-14 14:30:00");  // a year is 365 days (2024 is a leap year)
  CHECK(at("3days") == "2024-01-18 14:30:00");
  CHECK(at("") == "2024-01-15 14:30:00");
  CHECK(MustRender("{{now format='unix' offset='-1 minute'}}", ctx) == "1705328940");
  CHECK(MustRender("{{now format='yyyy-MM-dd' offset='7 days' timezone='UTC'}}", ctx) == "2024-01-22");
}

TEST_CASE("now rejects bad offsets with a suggestion") {
  Context ctx = FixedContext();
  std::string err = RenderError("{{now offset='3 dayz'}}", ctx);
  CHECK(err.find("unknown unit 'dayz'") != std::string::npos);
  CHECK(err.find("did you mean 'day'?") != std::string::npos);
  CHECK(RenderError("{{now offset='soon'}}", ctx).find("invalid offset") != std::string::npos);
  CHECK(RenderError("{{now offset='5'}}", ctx).find("missing unit") != std::string::npos);
}

TEST_CASE("now converts to IANA time zones, including DST and the far future") {
  if (!HaveZoneinfo()) {
    MESSAGE("no /usr/share/zoneinfo on this machine; zone conversions not checked");
    return;
  }
  Context ctx = FixedContext();
  CHECK(MustRender("{{now timezone='America/New_York'}}", ctx) == "2024-01-15T09:30:00-05:00");
  CHECK(MustRender("{{now timezone='America/New_York' format='HH:mm z XXX'}}", ctx) == "09:30 EST -05:00");
  CHECK(MustRender("{{now timezone='America/New_York' offset='180 days' format='HH:mm z'}}", ctx) == "10:30 EDT");
  CHECK(MustRender("{{now timezone='Asia/Kolkata'}}", ctx) == "2024-01-15T20:00:00+05:30");
  CHECK(MustRender("{{now timezone='Australia/Sydney' format='HH:mm Z'}}", ctx) == "01:30 +1100");
  // 30.5 years ahead: past any fat-file transition table, so the TZif footer rule decides.
  CHECK(MustRender("{{now timezone='America/New_York' offset='11130 days' format='z XXX'}}", ctx) == "EDT -04:00");
  CHECK(MustRender("{{now timezone='America/New_York' offset='10950 days' format='z XXX'}}", ctx) == "EST -05:00");
}

TEST_CASE("now rejects unknown and malformed time zones") {
  Context ctx = FixedContext();
  CHECK(RenderError("{{now timezone='Mars/Olympus_Mons'}}", ctx).find("unknown time zone") != std::string::npos);
  CHECK(RenderError("{{now timezone='../../etc/passwd'}}", ctx).find("invalid time zone name") != std::string::npos);
  CHECK(RenderError("{{now format='yyyy Q'}}", ctx).find("unsupported letter 'Q'") != std::string::npos);
}

TEST_CASE("now reads zone files from the context's zoneinfo_dir") {
  Context ctx = FixedContext();
  ctx.zoneinfo_dir = "/nonexistent-zoneinfo";
  CHECK(RenderError("{{now timezone='Europe/Paris'}}", ctx).find("/nonexistent-zoneinfo/Europe/Paris") !=
        std::string::npos);
  CHECK(MustRender("{{now timezone='UTC'}}", ctx) == "2024-01-15T14:30:00Z");
}

}  // namespace
}  // namespace ab::tmpl
