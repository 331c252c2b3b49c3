// One vendor dialect: how a neutral ChatRequest becomes an HTTP request and how a 2xx reply becomes a
// ChatResponse. Vendor JSON lives only in the implementations (openai.cc, anthropic.cc, google.cc); waiting,
// retries, limits and prices are the dialect-free HttpProvider's job.
#pragma once

#include <string>

#include "base/result.h"
#include "llm/chat.h"
#include "llm/http_client.h"

namespace ab::llm {

class WireFormat {
 public:
  virtual ~WireFormat() = default;
  /// Short name for messages and price lookups, e.g. "openai", "azure".
  virtual const char* name() const = 0;
  /// The complete request (URL, auth and content headers, body). Errors: kAuth when a token cannot be obtained.
  [[nodiscard]] virtual Result<HttpRequest> Build(const ChatRequest& request) = 0;
  /// Parses a 2xx body. Errors: kParse (malformed body), kModel (no choices, neither text nor tool calls).
  /// Fills usage counts but not cost; |cache_write_tokens| receives tokens billed at a cache-write rate.
  [[nodiscard]] virtual Result<ChatResponse> Parse(const HttpResponse& response, int64_t& cache_write_tokens) const = 0;
};

}  // namespace ab::llm
