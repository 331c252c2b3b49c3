// libFuzzer target: the bounded JSON parser every piece of peer data goes through (base/json_parse.h), the UTF-8
// repair at the boundary (base/utf8.h) and DumpJson. Whatever the bytes: no crash, no exception, a parsed value
// within the depth limit that dumps and parses back to itself, and repaired text that is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/json_dump.h"
#include "base/json_parse.h"
#include "base/utf8.h"

namespace {

size_t Depth(const ab::Json& j) {
  size_t deepest = 0;
  if (j.is_structured()) {
    for (const auto& child : j) deepest = std::max(deepest, Depth(child));
    return deepest + 1;
  }
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const std::string valid = ab::ValidUtf8(text);
  if (ab::FirstInvalidUtf8(valid) != std::string_view::npos) std::abort();
  if ((ab::FirstInvalidUtf8(text) == std::string_view::npos) != (valid == text)) std::abort();

  // A small depth limit, so the fuzzer reaches it with short inputs.
  const ab::JsonLimits limits{16, 1 << 16};
  ab::Result<ab::Json> parsed = ab::ParseJson(text, limits);
  if (parsed) {
    if (Depth(*parsed) > limits.max_depth) std::abort();
    const std::string dumped = ab::DumpJson(*parsed);
    ab::Result<ab::Json> again = ab::ParseJson(dumped, limits);
    if (!again || ab::DumpJson(*again) != dumped) std::abort();
  }
  (void)ab::PeekTopLevelMember(text, "id");
  (void)ab::ParseJsonOrDiscarded(text);
  return 0;
}
