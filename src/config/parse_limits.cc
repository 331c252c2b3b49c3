// `limits:` of providers and servers: byte sizes with units and the connection retry count, checked at load
// time so a typo or an absurd cap is a file:line:col error, not a surprise in the middle of a run.
#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "base/strings.h"
#include "config/keys.h"
#include "config/parsers.h"

namespace ab::config {
namespace {

// One rule for every unit: K, M and G are powers of 1024, whether written KB or KiB (a cap is a memory bound,
// and the difference between the two readings is what a user would least expect to matter).
long long UnitFactor(const std::string& unit) {
  const std::string u = ToLower(unit);
  if (u.empty() || u == "b") return 1;
  if (u == "kb" || u == "kib" || u == "k") return 1LL << 10;
  if (u == "mb" || u == "mib" || u == "m") return 1LL << 20;
  if (u == "gb" || u == "gib" || u == "g") return 1LL << 30;
  return 0;
}

}  // namespace

std::optional<long long> ReadByteSize(Reader& r, const YAML::Node& v, std::string_view key) {
  if (v.IsNull()) return std::nullopt;
  const std::string what = "'" + std::string(key) + "'";
  if (!v.IsScalar()) {
    r.Error(v, "expected a size for " + what + " (bytes, or e.g. \"512KiB\", \"64MiB\"), got " + KindName(v));
    return std::nullopt;
  }
  const std::string text(Trim(v.Scalar()));
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  const long long factor = UnitFactor(std::string(Trim(std::string_view(text).substr(digits))));
  errno = 0;
  const long long n = digits == 0 || digits > 12 ? -1 : std::strtoll(text.substr(0, digits).c_str(), nullptr, 10);
  if (n < 0 || factor == 0 || errno != 0) {
    r.Error(v, "expected a size for " + what + " (bytes, or a number with a unit: B, KiB, MiB, GiB; KB, MB, GB " +
                   "are the same powers of 1024), got '" + Truncate(text, 40) + "'");
    return std::nullopt;
  }
  const long long bytes = n * factor;  // at most 12 digits times 2^30: no overflow
  if (bytes < kMinByteSize || bytes > kMaxByteSize) {
    r.Error(v, what + " must be between 1KiB and 4GiB, got '" + text + "' (" + std::to_string(bytes) + " bytes)");
    return std::nullopt;
  }
  return bytes;
}

ConnectionLimits ReadLimits(Reader& r, const YAML::Node& node, const std::string& section) {
  ConnectionLimits out;
  r.ForEachKey(node, "limits", KeysOf(section), [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
    if (key == "connection_retries") {
      std::optional<long long> n = r.Int(v, key);
      if (n && (*n < 0 || *n > 10)) return r.Error(v, "'connection_retries' must be between 0 and 10");
      if (n) out.connection_retries = static_cast<int>(*n);
      return;
    }
    std::optional<long long> bytes = ReadByteSize(r, v, key);
    if (!bytes) return;
    (key == "max_response_bytes" ? out.max_response_bytes : out.max_message_bytes) = static_cast<size_t>(*bytes);
  });
  return out;
}

}  // namespace ab::config
