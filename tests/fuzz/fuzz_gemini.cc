// libFuzzer target: the Google Gemini generateContent reply parser (candidates, parts, functionCall, thought
// signatures, blocked prompts) and its error replies with RetryInfo. Never a crash or an exception.
#include <memory>

#include "llm/google.h"
#include "provider_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::unique_ptr<ab::llm::WireFormat> wire =
      ab::llm::MakeGoogleWire("http://127.0.0.1:1", "gemini-2.5-flash", "k");
  ab::fuzz::FuzzProviderReply(*wire, data, size);
  return 0;
}
