#include "config/secrets.h"

#include <string>

#include "base/redact.h"

namespace ab::config {
namespace {

bool Templated(const std::string& v) { return v.find("{{") != std::string::npos; }

void Register(const std::string& v) {
  if (!Templated(v)) RegisterSecret(v);  // RegisterSecret ignores values too short to be credentials
}

// A header value and, for "Bearer <token>" / "Basic <base64>" (one space), the credential alone, which may be
// echoed apart.
void RegisterHeader(const std::string& v) {
  Register(v);
  const size_t space = v.find(' ');
  if (space != std::string::npos && v.find(' ', space + 1) == std::string::npos) Register(v.substr(space + 1));
}

// https://user:password@host/...: the password.
void RegisterUrlPassword(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return;
  const size_t authority_end = url.find_first_of("/?#", scheme + 3);
  const std::string authority =
      url.substr(scheme + 3, authority_end == std::string::npos ? std::string::npos : authority_end - scheme - 3);
  const size_t at = authority.rfind('@');
  if (at == std::string::npos) return;
  const size_t colon = authority.find(':');
  if (colon != std::string::npos && colon < at) Register(authority.substr(colon + 1, at - colon - 1));
}

}  // namespace

void RegisterSecrets(const Provider& p) {
  Register(p.token);
  Register(p.secret);
  for (const auto& [name, value] : p.headers)
    if (!p.plain_headers.count(name)) RegisterHeader(value);
  RegisterUrlPassword(p.base_url);
}

void RegisterSecrets(const Server& s) {
  for (const auto& [name, value] : s.env)
    if (!s.plain_env.count(name)) Register(value);
  for (const auto& [name, value] : s.headers)
    if (!s.plain_headers.count(name)) RegisterHeader(value);
  RegisterUrlPassword(s.url);
}

}  // namespace ab::config
