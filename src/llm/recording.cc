#include "llm/recording.h"

#include <openssl/sha.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "base/json.h"
#include "base/json_dump.h"
#include "base/json_parse.h"
#include "base/redact.h"
#include "base/safe_file.h"
#include "base/strings.h"

namespace ab::llm {
namespace {

namespace fs = std::filesystem;

std::string PathOf(const std::string& url) {
  Result<UrlParts> parts = SplitUrl(url);
  return parts ? parts->path : url;
}

// Masks the values of key-like query parameters (?key=, &api_key=, &token= ...). By hand, not std::regex, whose
// libstdc++ implementation recurses per character of a long URL.
std::string MaskKeys(const std::string& url) {
  static const char* const kNames[] = {"key", "apikey", "api-key", "api_key", "token", "access_token", "sig"};
  std::string out;
  out.reserve(url.size());
  size_t i = 0;
  while (i < url.size()) {
    const char c = url[i];
    out += c;
    ++i;
    if (c != '?' && c != '&') continue;
    const size_t eq = url.find_first_of("=&?", i);
    if (eq == std::string::npos || url[eq] != '=') continue;
    const std::string name = ToLower(std::string_view(url).substr(i, eq - i));
    bool secret = false;
    for (const char* k : kNames) secret = secret || name == k;
    if (!secret) continue;
    out.append(url, i, eq + 1 - i);
    out += "[REDACTED]";
    i = url.find('&', eq);
    if (i == std::string::npos) i = url.size();
  }
  return out;
}

std::string MaskUrl(const std::string& url) { return Redact(MaskKeys(url)); }

// Canonical JSON (sorted keys) so key order does not change the hash; non-JSON bodies are used as they are.
std::string CanonicalBody(const std::string& body) {
  if (!CheckJsonLimits(body, kStoredJsonLimits).ok()) return body;
  const nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  return doc.is_discarded() ? body : DumpJson(doc);
}

std::string Normalised(const HttpRequest& request) {
  return request.method + " " + PathOf(MaskKeys(request.url)) + "\n" + CanonicalBody(request.body);
}

Json BodyJson(const std::string& body) {
  Json doc = ParseJsonOrDiscarded(body, kStoredJsonLimits);
  return doc.is_discarded() ? Json(Redact(body)) : ParseJsonOrDiscarded(Redact(DumpJson(doc)), kStoredJsonLimits);
}

std::string BodyText(const Json& body) { return body.is_string() ? body.get<std::string>() : DumpJson(body); }

class RecordingClient final : public HttpClient {
 public:
  RecordingClient(HttpClient& inner, std::string dir) : inner_(inner), dir_(std::move(dir)) {}

  Result<HttpResponse> Send(const HttpRequest& request) override {
    Result<HttpResponse> response = inner_.Send(request);
    if (!response) return response;
    Json headers = Json::object();
    for (const auto& [name, value] : request.headers) {
      if (!IsSecretHeader(name)) headers[name] = Redact(value);
    }
    Json response_headers = Json::object();
    for (const auto& [name, value] : response->headers) {
      if (!IsSecretHeader(name) && ToLower(name) != "set-cookie") response_headers[name] = Redact(value);
    }
    const std::string key = RecordingKey(request);
    Json record = {{"key", key},
                   {"request",
                    {{"method", request.method},
                     {"url", MaskUrl(request.url)},
                     {"path", PathOf(MaskUrl(request.url))},
                     {"headers", headers},
                     {"body", BodyJson(request.body)}}},
                   {"response",
                    {{"status", response->status}, {"headers", response_headers}, {"body", BodyJson(response->body)}}}};
    std::lock_guard<std::mutex> lock(mu_);
    // Transcripts: owner-only, through a fresh temporary renamed into place, so a link planted at
    // rec/<key>.json is replaced, not followed.
    const std::string path = (fs::path(dir_) / (key + ".json")).string();
    auto render = [&](std::ostream& out) { out << DumpJson(record, 2) << "\n"; };
    Status written = WriteFileAtomically(path, render, kPrivateFileMode);
    if (!written) return Error(ErrorCode::kIo, "cannot write recording: " + written.error().message);
    return response;
  }

 private:
  HttpClient& inner_;
  std::string dir_;
  std::mutex mu_;
};

class ReplayClient final : public HttpClient {
 public:
  explicit ReplayClient(std::string dir) : dir_(std::move(dir)) {}

  Result<HttpResponse> Send(const HttpRequest& request) override {
    const std::string key = RecordingKey(request);
    const fs::path file = fs::path(dir_) / (key + ".json");
    std::ifstream in(file);
    if (!in) return NotFound(request, key);
    std::stringstream text;
    text << in.rdbuf();
    const Json record = ParseJsonOrDiscarded(text.str(), kStoredJsonLimits);
    if (!record.is_object() || !record.contains("response")) {
      return Error(ErrorCode::kParse, "malformed recording " + file.string());
    }
    const Json& r = record["response"];
    HttpResponse response;
    response.status = r.value("status", 0);
    if (r.contains("headers") && r["headers"].is_object()) {
      for (const auto& [name, value] : r["headers"].items()) {
        response.headers.emplace_back(name, value.is_string() ? value.get<std::string>() : DumpJson(value));
      }
    }
    response.body = BodyText(r.value("body", Json("")));
    return response;
  }

 private:
  Error NotFound(const HttpRequest& request, const std::string& key) {
    const std::string wanted = Normalised(request);
    std::string closest, closest_file;
    int best = 1 << 30;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir_, ec)) {
      if (entry.path().extension() != ".json") continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      const Json record = ParseJsonOrDiscarded(text.str(), kStoredJsonLimits);
      if (!record.is_object() || !record.contains("request")) continue;
      const Json& r = record["request"];
      const std::string candidate =
          r.value("method", "") + " " + r.value("path", "") + "\n" + CanonicalBody(BodyText(r.value("body", Json(""))));
      // Compare the tails, where conversations differ, with a bounded edit distance.
      const auto tail = [](const std::string& s) { return s.size() > 1500 ? s.substr(s.size() - 1500) : s; };
      const int d = EditDistance(tail(candidate), tail(wanted), best);
      if (d < best) {
        best = d;
        closest = Truncate(candidate, 300);
        closest_file = entry.path().filename().string();
      }
    }
    std::string message =
        "no recording for " + request.method + " " + PathOf(MaskUrl(request.url)) + " (key " + key + ") in " + dir_;
    if (ec) message += " (cannot read the directory: " + ec.message() + ")";
    if (!closest_file.empty()) {
      message += "; closest recorded request is " + closest_file + " (edit distance " + std::to_string(best) +
                 "): " + Redact(closest);
    }
    return Error(ErrorCode::kNotFound, message);
  }

  std::string dir_;
};

}  // namespace

std::string RecordingKey(const HttpRequest& request) {
  const std::string text = Normalised(request);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  std::string hex;
  char buf[3];
  for (int i = 0; i < 8; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", digest[i]);
    hex += buf;
  }
  return hex;
}

std::unique_ptr<HttpClient> MakeRecordingClient(HttpClient& inner, std::string dir) {
  return std::make_unique<RecordingClient>(inner, std::move(dir));
}

std::unique_ptr<HttpClient> MakeReplayClient(std::string dir) { return std::make_unique<ReplayClient>(std::move(dir)); }

}  // namespace ab::llm
