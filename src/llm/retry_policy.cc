#include "llm/retry_policy.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <regex>
#include <string>

#include "base/json.h"
#include "base/strings.h"

namespace ab::llm {
namespace {

std::optional<double> ParseNumber(std::string_view text) {
  const std::string s(Trim(text));
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(s.c_str(), &end);
  if (*end != '\0' || !std::isfinite(value) || value < 0) return std::nullopt;
  return value;
}

std::chrono::milliseconds Ms(double ms) { return std::chrono::milliseconds(static_cast<long long>(std::ceil(ms))); }

// "12s", "1.5s", "250ms", "1m30s" (Go durations, as in RetryInfo and x-ratelimit-reset-*).
std::optional<double> ParseGoDurationMs(std::string_view text) {
  static const std::regex kPart(R"(([0-9]+(?:\.[0-9]+)?)(ms|s|m|h))");
  const std::string s(Trim(text));
  double total = 0;
  size_t consumed = 0;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), kPart); it != std::sregex_iterator(); ++it) {
    if (static_cast<size_t>(it->position()) != consumed) return std::nullopt;
    consumed += static_cast<size_t>(it->length());
    const double v = std::strtod((*it)[1].str().c_str(), nullptr);
    const std::string unit = (*it)[2].str();
    total += unit == "ms" ? v : unit == "s" ? v * 1000 : unit == "m" ? v * 60'000 : v * 3'600'000;
  }
  if (consumed == 0 || consumed != s.size()) return std::nullopt;
  return total;
}

std::optional<double> HintFromBody(const std::string& body) {
  const Json doc = Json::parse(body, nullptr, false);
  std::string message = body;
  if (doc.is_object() && doc.contains("error") && doc["error"].is_object()) {
    const Json& err = doc["error"];
    if (err.contains("details") && err["details"].is_array()) {
      for (const Json& detail : err["details"]) {
        if (detail.is_object() && detail.value("@type", "").find("RetryInfo") != std::string::npos &&
            detail.contains("retryDelay") && detail["retryDelay"].is_string()) {
          if (auto ms = ParseGoDurationMs(detail["retryDelay"].get<std::string>())) return ms;
        }
      }
    }
    if (err.contains("message") && err["message"].is_string()) message = err["message"].get<std::string>();
  }
  static const std::regex kText(
      R"((?:retry after|try again in|retry in)\s+([0-9]+(?:\.[0-9]+)?)\s*(ms|milliseconds?|s|secs?|seconds?)?)",
      std::regex::icase);
  std::smatch m;
  if (std::regex_search(message, m, kText)) {
    const double v = std::strtod(m[1].str().c_str(), nullptr);
    const std::string unit = ToLower(m[2].str());
    return StartsWith(unit, "m") ? v : v * 1000;
  }
  return std::nullopt;
}

}  // namespace

std::optional<int64_t> ParseHttpDate(std::string_view text) {
  std::tm tm{};
  const std::string s(Trim(text));
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S", &tm);
  if (end == nullptr) return std::nullopt;
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

std::optional<std::chrono::milliseconds> RetryHint(const HttpResponse& response, int64_t now_wall_ms) {
  for (const char* name : {"retry-after-ms", "x-ms-retry-after-ms"}) {
    if (auto v = ParseNumber(response.Header(name))) return Ms(*v);
  }
  const std::string retry_after = response.Header("retry-after");
  if (!retry_after.empty()) {
    if (auto v = ParseNumber(retry_after)) return Ms(*v * 1000);
    if (auto when = ParseHttpDate(retry_after)) {
      return Ms(static_cast<double>(std::max<int64_t>(0, *when - now_wall_ms)));
    }
  }
  if (auto v = HintFromBody(response.body)) return Ms(*v);
  return std::nullopt;
}

std::chrono::milliseconds Backoff(int attempt) {
  const int shift = std::clamp(attempt, 0, 10);
  return std::min(std::chrono::milliseconds(1000LL << shift), std::chrono::milliseconds(60'000));
}

bool IsPermanentRateLimit(const HttpResponse& response) {
  if (response.status != 429) return false;
  const Json doc = Json::parse(response.body, nullptr, false);
  if (doc.is_object() && doc.contains("error") && doc["error"].is_object()) {
    const Json& err = doc["error"];
    if (err.value("code", Json()).is_string() && err["code"] == "insufficient_quota") return true;
    if (err.contains("details") && err["details"].is_array()) {
      for (const Json& detail : err["details"]) {
        if (!detail.is_object() || !detail.contains("violations") || !detail["violations"].is_array()) continue;
        for (const Json& v : detail["violations"]) {
          if (v.is_object() && v.value("quotaValue", Json()) == Json("0")) return true;
        }
      }
    }
  }
  return response.body.find("limit: 0,") != std::string::npos;
}

}  // namespace ab::llm
