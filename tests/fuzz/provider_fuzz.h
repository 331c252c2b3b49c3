// Shared body of the provider fuzz targets: one input is both a 2xx reply for the dialect's parser and an error
// reply (status, retry hints, quota checks). An input whose first line is short and followed by a newline has
// that line used as every retry header's value, so header parsing gets fuzzed too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "llm/http_errors.h"
#include "llm/retry_policy.h"
#include "llm/wire_format.h"

namespace ab::fuzz {

inline void FuzzProviderReply(const llm::WireFormat& wire, const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  llm::HttpResponse response;
  response.status = 200;
  response.body.assign(text);
  int64_t cache_write = 0;
  (void)wire.Parse(response, cache_write);

  const size_t eol = text.find('\n');
  if (eol != std::string_view::npos && eol < 64) {
    const std::string value(text.substr(0, eol));
    for (const char* name : {"retry-after", "retry-after-ms", "x-ms-retry-after-ms", "x-should-retry"})
      response.headers.emplace_back(name, value);
    response.body.assign(text.substr(eol + 1));
  }
  for (int status : {400, 401, 404, 429, 500, 503, 529}) {
    response.status = status;
    (void)llm::HttpStatusError(wire.name(), response);
    (void)llm::RetryHint(response, 1763776889000);
    (void)llm::IsPermanentRateLimit(response);
  }
  (void)llm::ParseHttpDate(response.Header("retry-after"));
}

}  // namespace ab::fuzz
