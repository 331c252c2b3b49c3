// libFuzzer target: the Anthropic Messages reply parser (content blocks, thinking, tool_use, cache usage) and
// its error replies. A malformed body must become kParse/kModel, never a crash or an exception.
#include <memory>

#include "llm/anthropic.h"
#include "provider_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::unique_ptr<ab::llm::WireFormat> wire = ab::llm::MakeAnthropicWire("http://127.0.0.1:1", "k");
  ab::fuzz::FuzzProviderReply(*wire, data, size);
  return 0;
}
