// The Bearer challenge of a WWW-Authenticate header (RFC 6750 section 3, RFC 9728 section 5.1): which parameters
// the protected resource sent with its 401 or 403. A hand-written scanner in linear time (the header is peer text).
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace ab::auth {

struct BearerChallenge {
  bool present = false;                       ///< a Bearer challenge was found
  std::map<std::string, std::string> params;  ///< lower-case names; quoted values unescaped
  std::string Param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? "" : it->second;
  }
  std::string error() const { return Param("error"); }
  std::string scope() const { return Param("scope"); }
  std::string resource_metadata() const { return Param("resource_metadata"); }
};

/// The first Bearer challenge in |header| (several challenges may share one header: "Basic realm=x, Bearer
/// scope=..."). Malformed parameters are skipped; a value longer than 8 KiB is dropped.
BearerChallenge ParseBearerChallenge(std::string_view header);

}  // namespace ab::auth
