// libFuzzer target: every provider dialect's response parser on the same 2xx body (OpenAI, Azure, Anthropic,
// Gemini). A malformed body must become kParse/kModel, never a crash or an exception.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "llm/anthropic.h"
#include "llm/azure.h"
#include "llm/google.h"
#include "llm/openai.h"

namespace {

std::vector<std::unique_ptr<ab::llm::WireFormat>>& Wires() {
  static std::vector<std::unique_ptr<ab::llm::WireFormat>> wires = [] {
    std::vector<std::unique_ptr<ab::llm::WireFormat>> w;
    ab::llm::OpenAiWireOptions o;
    o.url = "http://127.0.0.1:1/v1/chat/completions";
    o.api_key = "k";
    w.push_back(ab::llm::MakeOpenAiWire(o));
    w.push_back(ab::llm::MakeAzureWire("http://127.0.0.1:1", "dep", "2024-06-01", "k", nullptr));
    w.push_back(ab::llm::MakeAnthropicWire("http://127.0.0.1:1", "k"));
    w.push_back(ab::llm::MakeGoogleWire("http://127.0.0.1:1", "gemini-2.0-flash", "k"));
    return w;
  }();
  return wires;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ab::llm::HttpResponse response;
  response.status = 200;
  response.body.assign(reinterpret_cast<const char*>(data), size);
  for (const auto& wire : Wires()) {
    int64_t cache_write = 0;
    (void)wire->Parse(response, cache_write);
  }
  (void)ab::llm::ParseOpenAiResponse("openai", response.body);
  return 0;
}
