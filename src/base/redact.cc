#include "base/redact.h"

#include <algorithm>
#include <mutex>
#include <set>

#include "base/strings.h"

namespace ab {
namespace {

std::mutex& Mu() {
  static std::mutex mu;
  return mu;
}
std::set<std::string, std::greater<>>& Secrets() {  // longest first among equal prefixes
  static std::set<std::string, std::greater<>> s;
  return s;
}

}  // namespace

void RegisterSecret(std::string_view secret) {
  std::string s(Trim(secret));
  if (s.size() < 6) return;
  std::lock_guard<std::mutex> lock(Mu());
  Secrets().insert(std::move(s));
}

std::string Redact(std::string_view text) {
  std::string out(text);
  std::lock_guard<std::mutex> lock(Mu());
  for (const auto& secret : Secrets()) {
    size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), "[REDACTED]");
      pos += 10;
    }
  }
  return out;
}

bool IsSecretHeader(std::string_view name) {
  std::string n = ToLower(name);
  return n == "authorization" || n == "proxy-authorization" || n == "api-key" || n == "x-api-key" ||
         n == "x-goog-api-key" || n == "cookie" || n == "set-cookie" || n.find("token") != std::string::npos ||
         n.find("secret") != std::string::npos;
}

}  // namespace ab
