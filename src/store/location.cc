#include <string>
#include <string_view>

#include "store/store.h"

namespace ab::store {

bool IsPostgresUrl(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string RedactStoreLocation(std::string_view location) {
  std::string out(location);
  if (!IsPostgresUrl(location)) return out;
  size_t scheme_end = out.find("://") + 3;
  size_t authority_end = out.find_first_of("/?#", scheme_end);
  if (authority_end == std::string::npos) authority_end = out.size();
  // user:password@host — the password ends at the last '@' of the authority (a raw '@' may appear in it).
  size_t at = out.rfind('@', authority_end == 0 ? 0 : authority_end - 1);
  if (at != std::string::npos && at >= scheme_end) {
    size_t colon = out.find(':', scheme_end);
    if (colon != std::string::npos && colon < at) {
      out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // ?password=... or &password=... in the query string.
  for (size_t pos = out.find('?'); pos != std::string::npos && pos < out.size();) {
    size_t key = pos + 1;
    size_t end = out.find('&', key);
    if (end == std::string::npos) end = out.size();
    std::string_view param(out.data() + key, end - key);
    if (param.starts_with("password=")) {
      out.replace(key + 9, end - key - 9, "***");
      end = key + 9 + 3;
    }
    pos = end < out.size() ? end : std::string::npos;
  }
  return out;
}

}  // namespace ab::store
