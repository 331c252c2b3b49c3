#include "template/time_zone.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <thread>
#include <vector>

namespace ab::tmpl {
namespace {

void Put32(std::string& s, uint32_t v) {
  for (int i = 3; i >= 0; --i) s += static_cast<char>((v >> (8 * i)) & 0xFF);
}
void Put64(std::string& s, int64_t v) {
  for (int i = 7; i >= 0; --i) s += static_cast<char>((static_cast<uint64_t>(v) >> (8 * i)) & 0xFF);
}
void Header(std::string& s, uint32_t timecnt, uint32_t typecnt, uint32_t charcnt) {
  s += "TZif2";
  s += std::string(15, '\0');
  for (uint32_t c : {0u, 0u, 0u, timecnt, typecnt, charcnt}) Put32(s, c);
}
void Type(std::string& s, int32_t off, bool dst, uint8_t abbr) {
  Put32(s, static_cast<uint32_t>(off));
  s += static_cast<char>(dst ? 1 : 0);
  s += static_cast<char>(abbr);
}

// A version-2 file: a minimal v1 block, then transitions at t=1000 (to BBB) and t=2000 (back to AAA), then a
// footer rule (AAA, +1h) for everything after.
std::string SyntheticTzif() {
  std::string s;
  Header(s, 0, 1, 4);
  Type(s, 0, false, 0);
  s += std::string("UTC\0", 4);
  Header(s, 2, 2, 8);
  Put64(s, 1000);
  Put64(s, 2000);
  s += '\x01';
  s += '\x00';
  Type(s, 3600, false, 0);
  Type(s, 7200, true, 4);
  s += std::string("AAA\0BBB\0", 8);
  s += "\nAAA-1\n";
  return s;
}

TEST_CASE("TZif transitions, the time before them, and the footer after them") {
  auto tz = TimeZone::FromTzif(SyntheticTzif(), "Test/Zone");
  REQUIRE(tz);
  CHECK(tz->name() == "Test/Zone");
  CHECK(tz->At(-5000000).abbrev == "AAA");
  CHECK(tz->At(999).utc_offset_s == 3600);
  CHECK(tz->At(1000).abbrev == "BBB");
  CHECK(tz->At(1000).is_dst);
  CHECK(tz->At(1999).utc_offset_s == 7200);
  CHECK(tz->At(2000).abbrev == "AAA");
  CHECK(tz->At(99999999999).utc_offset_s == 3600);
}

TEST_CASE("corrupt TZif data is an error, not a crash") {
  CHECK(!TimeZone::FromTzif("", "x").has_value());
  CHECK(!TimeZone::FromTzif("TZif2", "x").has_value());
  std::string data = SyntheticTzif();
  for (size_t cut = 0; cut < data.size() - 8; cut += 7) {
    CHECK(!TimeZone::FromTzif(data.substr(0, cut), "x").has_value());
  }
  std::string bad_index = data;
  bad_index[bad_index.size() - 7 - 8 - 12 - 2] = '\x09';  // first transition's type index, out of range
  CHECK(!TimeZone::FromTzif(bad_index, "x").has_value());
}

TEST_CASE("LoadTimeZone: UTC aliases, caching, and concurrent loads") {
  auto utc = LoadTimeZone("", "");
  REQUIRE(utc);
  CHECK((*utc)->At(0).abbrev == "UTC");
  CHECK(*LoadTimeZone("Z", "") == *utc);
  CHECK(!LoadTimeZone("a/../b", "").has_value());
  CHECK(!LoadTimeZone("/etc/passwd", "").has_value());
  if (!std::filesystem::exists("/usr/share/zoneinfo/Europe/Paris")) {
    MESSAGE("no /usr/share/zoneinfo on this machine; file loading not checked");
    return;
  }
  std::vector<const TimeZone*> got(8, nullptr);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] {
      auto z = LoadTimeZone("Europe/Paris", "/usr/share/zoneinfo");
      if (z) got[i] = *z;
    });
  }
  for (auto& t : threads) t.join();
  REQUIRE(got[0] != nullptr);
  for (const TimeZone* z : got) CHECK(z == got[0]);
  CHECK(got[0]->At(1705329000).abbrev == "CET");       // 2024-01-15
  CHECK(got[0]->At(1720000000).utc_offset_s == 7200);  // 2024-07-03, CEST
}

}  // namespace
}  // namespace ab::tmpl
