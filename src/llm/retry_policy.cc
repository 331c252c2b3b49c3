#include "llm/retry_policy.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <string>

#include "base/json.h"
#include "base/json_parse.h"
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

// Server hints are clamped to kMaxRetryHint before any conversion: a hostile "Retry-After: 1e300" must neither
// overflow the cast nor park the run for centuries.
std::chrono::milliseconds Ms(double ms) {
  const double capped = std::min(ms, static_cast<double>(kMaxRetryHint.count()));
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(capped)));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A decimal number at |text|[i...]: "12", "1.5". Advances |i| past it; empty when there is none. At most 32
// characters are read, so a run of 100 000 digits is not a number but is not a crash either.
std::optional<double> NumberAt(std::string_view text, size_t& i) {
  const size_t start = i;
  size_t j = i;
  while (j < text.size() && IsDigit(text[j]) && j - start < 32) ++j;
  if (j == start) return std::nullopt;
  if (j + 1 < text.size() && text[j] == '.' && IsDigit(text[j + 1])) {
    ++j;
    while (j < text.size() && IsDigit(text[j]) && j - start < 32) ++j;
  }
  if (j < text.size() && IsDigit(text[j])) return std::nullopt;  // longer than 32 characters
  i = j;
  return std::strtod(std::string(text.substr(start, j - start)).c_str(), nullptr);
}

// "12s", "1.5s", "250ms", "1m30s" (Go durations, as in RetryInfo and x-ratelimit-reset-*).
std::optional<double> ParseGoDurationMs(std::string_view text) {
  const std::string_view s = Trim(text);
  if (s.empty() || s.size() > 64) return std::nullopt;
  double total = 0;
  size_t i = 0;
  while (i < s.size()) {
    const std::optional<double> v = NumberAt(s, i);
    if (!v) return std::nullopt;
    if (s.substr(i, 2) == "ms") {
      total += *v, i += 2;
    } else if (i < s.size() && s[i] == 's') {
      total += *v * 1000, i += 1;
    } else if (i < s.size() && s[i] == 'm') {
      total += *v * 60'000, i += 1;
    } else if (i < s.size() && s[i] == 'h') {
      total += *v * 3'600'000, i += 1;
    } else {
      return std::nullopt;
    }
  }
  return total;
}

// After a phrase ("retry after", ...): "<blanks><number><blanks><unit>", the unit optional (seconds). Blanks are
// bounded, so "retry after" followed by 100 000 spaces is simply no hint.
std::optional<double> HintAfterPhrase(std::string_view lower, size_t i) {
  constexpr size_t kMaxBlanks = 16;
  const size_t blanks_from = i;
  while (i < lower.size() && std::isspace(static_cast<unsigned char>(lower[i])) && i - blanks_from <= kMaxBlanks) ++i;
  if (i == blanks_from || i - blanks_from > kMaxBlanks) return std::nullopt;
  const std::optional<double> v = NumberAt(lower, i);
  if (!v) return std::nullopt;
  const size_t unit_from = i;
  while (i < lower.size() && lower[i] == ' ' && i - unit_from < kMaxBlanks) ++i;
  const std::string_view unit = lower.substr(i, 12);
  if (StartsWith(unit, "ms") || StartsWith(unit, "millisecond")) return *v;
  if (StartsWith(unit, "min")) return *v * 60'000;
  return *v * 1000;  // "s", "sec", "seconds", or no unit at all
}

// The earliest "retry after N", "try again in N" or "retry in N" in |message|, case-insensitively. Only the first
// 64 KiB are searched: vendors put the hint in a sentence at the start, and the scan stays linear and small.
std::optional<double> HintFromText(std::string_view message) {
  const std::string lower = ToLower(message.substr(0, 64 * 1024));
  std::optional<double> best;
  size_t best_at = std::string::npos;
  for (const std::string_view phrase : {"retry after", "try again in", "retry in"}) {
    for (size_t at = lower.find(phrase); at != std::string::npos && at < best_at; at = lower.find(phrase, at + 1)) {
      if (auto v = HintAfterPhrase(lower, at + phrase.size())) {
        best = v;
        best_at = at;
        break;
      }
    }
  }
  return best;
}

std::optional<double> HintFromBody(const std::string& body) {
  const Json doc = ParseJsonOrDiscarded(body);
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
  return HintFromText(message);
}

}  // namespace

std::optional<int64_t> ParseHttpDate(std::string_view text) {
  std::tm tm{};
  const std::string s(Trim(text));
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S", &tm);
  // Years past 9999 are not HTTP-dates, and their milliseconds would overflow an int64.
  if (end == nullptr || tm.tm_year > 9999 - 1900) return std::nullopt;
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
  const Json doc = ParseJsonOrDiscarded(response.body);
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
