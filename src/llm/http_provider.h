// The dialect-free part of every HTTP provider: proactive rpm/tpm limits, the send, 429/5xx/network retries
// with the server's hinted wait, usage pricing, and the wait-vs-latency bookkeeping of ChatResponse.
// Thread-safe: one HttpProvider is shared by every concurrent run that uses it, and so are its limits.
#pragma once

#include <memory>
#include <string>

#include "config/model.h"
#include "llm/clock.h"
#include "llm/http_client.h"
#include "llm/provider.h"
#include "llm/rate_limiter.h"
#include "llm/wire_format.h"

namespace ab::llm {

/// Settings of an HttpProvider, taken from config::Provider.
struct HttpProviderSettings {
  std::string provider_type;  ///< for price lookups, e.g. "OPENAI"
  std::string model;
  config::RateLimits limits;
  config::RetryPolicy retry;
  config::Pricing pricing;
  std::optional<double> temperature;  ///< used when the request sets none
  std::optional<int> max_tokens;
  std::optional<long long> seed;
  std::chrono::milliseconds timeout{120'000};  ///< total deadline of each HTTP attempt (connect, send, whole body)
  HttpHeaders extra_headers;
  /// Cap on each response body (config `limits.max_response_bytes`); 0 = net's default (64 MiB).
  size_t max_response_bytes = 0;
  /// Retry connection failures (kNetwork, not timeouts) whatever the retry policy says. Set for the in-process
  /// mock: Debian's cpp-httplib listens with a backlog of 5, so a burst of concurrent runs can see dropped
  /// connections that say nothing about the model.
  bool retry_dropped_connections = false;
};

class HttpProvider final : public Provider {
 public:
  /// |http| and |clock| must outlive the provider; |owned_http| (may be null) is kept alive with it.
  HttpProvider(std::unique_ptr<WireFormat> wire, HttpClient& http, Clock& clock, HttpProviderSettings settings,
               std::unique_ptr<HttpClient> owned_http = nullptr);
  Result<ChatResponse> Complete(const ChatRequest& request, const CallOptions& options) override;
  const std::string& model() const override { return settings_.model; }

 private:
  /// Sleeps |duration| through the clock in short slices; kCancelled / kTimeout when the call must stop first.
  Status Wait(std::chrono::milliseconds duration, const CallOptions& options);

  std::unique_ptr<HttpClient> owned_http_;
  std::unique_ptr<WireFormat> wire_;
  HttpClient& http_;
  Clock& clock_;
  HttpProviderSettings settings_;
  TokenBucket requests_;
  TokenBucket tokens_;
};

}  // namespace ab::llm
