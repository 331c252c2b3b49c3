#include "llm/http_provider.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "base/deadline.h"
#include "base/log.h"
#include "base/redact.h"
#include "llm/http_errors.h"
#include "llm/prices.h"
#include "llm/retry_policy.h"

namespace ab::llm {
namespace {

using std::chrono::milliseconds;

double Ms(std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

bool Retryable(const Error& error, const HttpResponse* response, const config::RetryPolicy& retry,
               bool retry_dropped_connections) {
  if (error.code == ErrorCode::kNetwork && retry_dropped_connections) return true;
  if (error.code == ErrorCode::kRateLimited)
    return retry.retry_on_429 && !(response && IsPermanentRateLimit(*response));
  if (error.code == ErrorCode::kServer) return retry.retry_on_5xx;
  if (error.code == ErrorCode::kNetwork || error.code == ErrorCode::kTimeout) return retry.retry_on_network;
  return false;
}

}  // namespace

HttpProvider::HttpProvider(std::unique_ptr<WireFormat> wire, HttpClient& http, Clock& clock,
                           HttpProviderSettings settings, std::unique_ptr<HttpClient> owned_http)
    : owned_http_(std::move(owned_http)),
      wire_(std::move(wire)),
      http_(http),
      clock_(clock),
      settings_(std::move(settings)),
      // Vendors quantize RPM limits to shorter windows (OpenAI: "60 RPM may be enforced as 1 per second"), so
      // requests are spaced evenly, 60/rpm s apart, with no burst: any window of W seconds holds at most
      // W * rpm / 60 of them (rounded up), the first second and the first minute included. A bucket of the
      // reference's whole minute let 2x rpm through in the first minute, and even one second's worth lets 2x
      // through in the first second. Tokens keep a full-minute bucket: one request may need thousands.
      requests_(clock, settings_.limits.rpm, 1.0),
      tokens_(clock, settings_.limits.tpm, settings_.limits.tpm) {}

Status HttpProvider::Wait(milliseconds duration, const CallOptions& options) {
  const auto until = DeadlineAfter(duration, clock_.Now());
  if (options.deadline && until > *options.deadline) {
    return Error(ErrorCode::kTimeout, std::string(wire_->name()) + ": the call's deadline would pass while waiting " +
                                          std::to_string(duration.count()) + " ms for the rate limit");
  }
  while (true) {
    if (options.cancel && options.cancel->load()) return Error(ErrorCode::kCancelled, "cancelled while waiting");
    const auto now = clock_.Now();
    if (now >= until) return Status::Ok();
    clock_.SleepFor(
        std::min(std::chrono::duration_cast<milliseconds>(until - now) + milliseconds(1), milliseconds(100)));
  }
}

Result<ChatResponse> HttpProvider::Complete(const ChatRequest& in, const CallOptions& options) {
  // The provider's defaults fill what the request leaves unset. The request (the whole history) is copied only
  // when a default actually applies.
  const bool defaults = (in.model.empty() && !settings_.model.empty()) || (!in.temperature && settings_.temperature) ||
                        (!in.max_tokens && settings_.max_tokens) || (!in.seed && settings_.seed);
  std::optional<ChatRequest> with_defaults;
  if (defaults) {
    with_defaults = in;
    if (with_defaults->model.empty()) with_defaults->model = settings_.model;
    if (!with_defaults->temperature) with_defaults->temperature = settings_.temperature;
    if (!with_defaults->max_tokens) with_defaults->max_tokens = settings_.max_tokens;
    if (!with_defaults->seed) with_defaults->seed = settings_.seed;
  }
  const ChatRequest& request = with_defaults ? *with_defaults : in;

  double wait_ms = 0;
  int retries = 0, rate_limit_hits = 0;
  bool throttled = false;
  for (int attempt = 0;; ++attempt) {
    if (options.cancel && options.cancel->load()) return Error(ErrorCode::kCancelled, "cancelled");
    Result<HttpRequest> http_request = wire_->Build(request);
    if (!http_request) return http_request.error();
    for (const auto& header : settings_.extra_headers) http_request->headers.push_back(header);
    http_request->timeout = settings_.timeout;
    http_request->cancel = options.cancel;
    http_request->max_response_bytes = settings_.max_response_bytes;
    if (options.deadline) {
      const auto left = std::chrono::duration_cast<milliseconds>(*options.deadline - clock_.Now());
      if (left <= milliseconds(0)) return Error(ErrorCode::kTimeout, std::string(wire_->name()) + ": deadline passed");
      http_request->timeout = std::min(http_request->timeout, left);
    }

    // Proactive limits: reserve first, then sleep outside any lock.
    const double estimate = EstimateTokens(http_request->body.size());
    const auto started_wait = clock_.Now();
    milliseconds limit_wait = std::max(requests_.Acquire(1), tokens_.Acquire(estimate));
    if (limit_wait > milliseconds(0)) {
      throttled = true;
      if (Status s = Wait(limit_wait, options); !s.ok()) return s.error();
      wait_ms += Ms(clock_.Now() - started_wait);
    }

    const auto sent = clock_.Now();
    Result<HttpResponse> response = http_.Send(*http_request);
    const double latency = Ms(clock_.Now() - sent);
    if (response && response->attempts > 1) {
      // The connection failed before any response byte and net sent the request again; the retries are counted
      // with the provider's own, so the transcript shows them.
      retries += response->attempts - 1;
      LogInfo(Redact(std::string(wire_->name()) + ": the request needed " + std::to_string(response->attempts) +
                     " connection attempts (" + response->note + ")"));
    }
    Error error;
    const HttpResponse* failed = nullptr;
    if (!response) {
      if (response.error().code == ErrorCode::kCancelled) return response.error();
      error = response.error();
      error.message = std::string(wire_->name()) + ": " + error.message;
    } else if (response->status / 100 != 2) {
      error = HttpStatusError(wire_->name(), *response);
      failed = &*response;
      if (response->status == 429) ++rate_limit_hits;
    } else {
      int64_t cache_writes = 0;
      Result<ChatResponse> parsed = wire_->Parse(*response, cache_writes);
      if (!parsed) {
        Error e = parsed.error();
        e.http_status = response->status;
        return e;
      }
      ChatResponse out = std::move(parsed.value());
      if (out.usage.estimated) out.usage.prompt_tokens = static_cast<int64_t>(http_request->body.size() / 4);
      tokens_.Adjust(static_cast<double>(out.usage.total()) - estimate);
      ApplyPrice(settings_.provider_type, {request.model, out.model}, settings_.pricing, out.usage, cache_writes);
      out.latency_ms = latency;
      out.wait_ms = wait_ms;
      out.retries = retries;
      out.rate_limit_hits = rate_limit_hits;
      out.throttled = throttled;
      return out;
    }

    if (attempt >= settings_.retry.max_retries ||
        !Retryable(error, failed, settings_.retry, settings_.retry_dropped_connections))
      return error;
    milliseconds pause = Backoff(attempt);
    if (failed) {
      if (auto hint = RetryHint(*failed, clock_.WallMs())) pause = *hint + kRetryBuffer;
    }
    LogInfo(Redact(error.message + "; retry " + std::to_string(attempt + 1) + "/" +
                   std::to_string(settings_.retry.max_retries) + " in " + std::to_string(pause.count()) + " ms"));
    const auto started_pause = clock_.Now();
    if (Status s = Wait(pause, options); !s.ok()) {
      Error stopped = s.error();
      stopped.message += " (after " + error.message + ")";
      return stopped;
    }
    wait_ms += Ms(clock_.Now() - started_pause);
    ++retries;
  }
}

}  // namespace ab::llm
