// libFuzzer target: the retry hints a provider's 429/5xx answer carries (llm/retry_policy.h). The first line of the
// input is the Retry-After header, the second retry-after-ms, the rest the body. Whatever the server sends: no
// crash (the std::regex this replaced blew the stack on "retry after" and 100 000 spaces) and no hint above
// kMaxRetryHint.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "llm/retry_policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto line = [&text]() {
    const size_t nl = text.find('\n');
    const std::string_view first = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    return std::string(first);
  };
  ab::llm::HttpResponse response;
  response.status = 429;
  const std::string retry_after = line();
  const std::string retry_after_ms = line();
  if (!retry_after.empty()) response.headers.emplace_back("Retry-After", retry_after);
  if (!retry_after_ms.empty()) response.headers.emplace_back("retry-after-ms", retry_after_ms);
  response.body = std::string(text);
  const auto hint = ab::llm::RetryHint(response, 1'700'000'000'000);
  if (hint && (hint->count() < 0 || *hint > ab::llm::kMaxRetryHint)) std::abort();
  (void)ab::llm::IsPermanentRateLimit(response);
  return 0;
}
