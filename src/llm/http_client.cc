#include "llm/http_client.h"

#include <algorithm>

#include "base/strings.h"

namespace ab::llm {

namespace {

net::ClientOptions NetOptions(const HttpClientOptions& o) {
  net::ClientOptions n;
  n.insecure = o.insecure;
  n.max_idle = o.max_idle;
  n.max_idle_per_origin = o.max_idle_per_origin;
  n.max_attempts = o.max_attempts;
  n.trust_hint = "an endpoint you trust with a self-signed certificate, set insecure: true on the provider";
  return n;
}

}  // namespace

PooledHttpClient::PooledHttpClient(HttpClientOptions options)
    : client_(std::make_unique<net::Client>(NetOptions(options))) {}
PooledHttpClient::~PooledHttpClient() = default;

HttpPoolStats PooledHttpClient::stats() const { return client_->stats(); }

size_t PooledHttpClient::idle_count() const { return client_->idle_count(); }

Result<HttpResponse> PooledHttpClient::Send(const HttpRequest& request) {
  Result<net::Url> url = net::ParseUrl(request.url);
  if (!url) return url.error();
  net::Request req;
  req.method = request.method;
  req.url = std::move(*url);
  req.headers = request.headers;
  req.body = request.body;
  req.deadline = std::max(request.timeout, std::chrono::milliseconds(1));
  req.connect_timeout = std::min(req.deadline, std::chrono::milliseconds(30'000));
  req.cancel = request.cancel;
  if (request.max_response_bytes != 0) req.limits.max_response_bytes = request.max_response_bytes;
  Result<net::Response> res = client_->Fetch(req);
  if (!res) return res.error();
  HttpResponse out;
  out.status = res->status;
  out.headers = std::move(res->headers);
  out.body = std::move(res->body);
  out.attempts = res->attempts;
  out.note = std::move(res->note);
  return out;
}

std::string HttpResponse::Header(std::string_view name) const {
  const std::string want = ToLower(name);
  for (const auto& [key, value] : headers) {
    if (ToLower(key) == want) return value;
  }
  return "";
}

std::unique_ptr<HttpClient> MakeHttpClient(bool insecure) {
  HttpClientOptions options;
  options.insecure = insecure;
  return std::make_unique<PooledHttpClient>(std::move(options));
}

Result<UrlParts> SplitUrl(std::string_view text) {
  Result<net::Url> url = net::ParseUrl(text);
  if (!url) return url.error();
  return UrlParts{url->scheme, url->host, url->port, url->target};
}

}  // namespace ab::llm
