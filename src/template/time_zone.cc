#include "template/time_zone.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

namespace ab::tmpl {
namespace {

// Big-endian integers at |pos|; the caller has checked the bounds.
uint32_t Be32(std::string_view d, size_t pos) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(d[pos + i]);
  return v;
}
int64_t Be64(std::string_view d, size_t pos) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(d[pos + i]);
  return static_cast<int64_t>(v);
}

struct Counts {
  uint32_t isut, isstd, leap, time, type, chars;
};

bool ReadCounts(std::string_view d, size_t pos, Counts* c) {
  if (d.size() < pos + 44 || d.substr(pos, 4) != "TZif") return false;
  *c = Counts{Be32(d, pos + 20), Be32(d, pos + 24), Be32(d, pos + 28),
              Be32(d, pos + 32), Be32(d, pos + 36), Be32(d, pos + 40)};
  // Sanity limits keep a corrupt file from asking for gigabytes.
  return c->time < 100000 && c->type > 0 && c->type < 256 && c->chars < 100000 && c->leap < 100000 && c->isut < 256 &&
         c->isstd < 256;
}

size_t BlockSize(const Counts& c, size_t time_size) {
  return c.time * time_size + c.time + c.type * 6 + c.chars + c.leap * (time_size + 4) + c.isstd + c.isut;
}

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 200 || name.front() == '/') return false;
  for (char ch : name) {
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '/' || ch == '_' || ch == '-' || ch == '+')) {
      return false;
    }
  }
  return name.find("..") == std::string::npos;
}

}  // namespace

Result<TimeZone> TimeZone::FromTzif(std::string_view d, std::string name) {
  auto corrupt = [&] { return Error(ErrorCode::kParse, "time zone '" + name + "': not a valid TZif file"); };
  Counts c{};
  if (!ReadCounts(d, 0, &c)) return corrupt();
  size_t pos = 44;
  size_t time_size = 4;
  if (d[4] >= '2') {
    // Version 2+: skip the 32-bit block and read the 64-bit one that follows.
    pos += BlockSize(c, 4);
    if (!ReadCounts(d, pos, &c)) return corrupt();
    pos += 44;
    time_size = 8;
  }
  if (d.size() < pos + BlockSize(c, time_size)) return corrupt();
  TimeZone tz;
  tz.name_ = std::move(name);
  for (uint32_t i = 0; i < c.time; ++i) {
    tz.transitions_.push_back(time_size == 8 ? Be64(d, pos + i * 8) : static_cast<int32_t>(Be32(d, pos + i * 4)));
  }
  pos += c.time * time_size;
  for (uint32_t i = 0; i < c.time; ++i) {
    uint8_t t = static_cast<uint8_t>(d[pos + i]);
    if (t >= c.type) return corrupt();
    tz.type_of_.push_back(t);
  }
  pos += c.time;
  const size_t chars_at = pos + c.type * 6;
  for (uint32_t i = 0; i < c.type; ++i) {
    ZoneOffset z;
    z.utc_offset_s = static_cast<int32_t>(Be32(d, pos + i * 6));
    z.is_dst = d[pos + i * 6 + 4] != 0;
    size_t abbr = static_cast<unsigned char>(d[pos + i * 6 + 5]);
    if (abbr >= c.chars) return corrupt();
    std::string_view chars = d.substr(chars_at, c.chars);
    size_t nul = chars.find('\0', abbr);
    z.abbrev = std::string(chars.substr(abbr, nul == std::string_view::npos ? std::string_view::npos : nul - abbr));
    tz.types_.push_back(std::move(z));
  }
  pos += BlockSize(c, time_size) - c.time * time_size - c.time;
  // Footer: "\n<POSIX TZ>\n" (version 2+). An empty one means "no rule"; a bad one is ignored, the table stays.
  if (time_size == 8 && pos < d.size() && d[pos] == '\n') {
    size_t end = d.find('\n', pos + 1);
    if (end != std::string_view::npos && end > pos + 1) {
      auto footer = ParsePosixTz(d.substr(pos + 1, end - pos - 1));
      if (footer) tz.footer_ = std::move(*footer);
    }
  }
  return tz;
}

const TimeZone& TimeZone::Utc() {
  static const TimeZone utc = [] {
    TimeZone tz;
    tz.types_.push_back(ZoneOffset{});
    return tz;
  }();
  return utc;
}

ZoneOffset TimeZone::At(int64_t epoch_s) const {
  if (transitions_.empty() || epoch_s >= transitions_.back()) {
    if (footer_) return PosixTzAt(*footer_, epoch_s);
    if (transitions_.empty()) return types_.empty() ? ZoneOffset{} : types_.front();
    return types_[type_of_.back()];
  }
  if (epoch_s < transitions_.front()) return types_.front();  // RFC 8536: type 0 before the first transition
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), epoch_s);
  return types_[type_of_[static_cast<size_t>(it - transitions_.begin()) - 1]];
}

Result<const TimeZone*> LoadTimeZone(const std::string& name, const std::string& dir) {
  if (name.empty() || name == "UTC" || name == "Z" || name == "Etc/UTC") return &TimeZone::Utc();
  std::string path;
  if (name == "Local") {
    path = "/etc/localtime";
  } else {
    if (!ValidName(name)) return Error(ErrorCode::kInvalidArgument, "invalid time zone name '" + name + "'");
    std::string base = dir;
    if (base.empty()) {
      const char* env = std::getenv("TZDIR");
      base = env != nullptr && *env != '\0' ? env : "/usr/share/zoneinfo";
    }
    path = base + "/" + name;
  }
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<TimeZone>> cache;  // never shrinks: pointers stay valid
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = cache.find(path); it != cache.end()) return static_cast<const TimeZone*>(it->second.get());
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::kNotFound, "unknown time zone '" + name + "' (no file " + path + ")");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto tz = TimeZone::FromTzif(bytes.str(), name);
  if (!tz) return tz.error();
  auto& slot = cache[path];
  slot = std::make_unique<TimeZone>(std::move(*tz));
  return static_cast<const TimeZone*>(slot.get());
}

}  // namespace ab::tmpl
