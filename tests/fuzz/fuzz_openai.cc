// libFuzzer target: the OpenAI Chat Completions reply parser, and Azure OpenAI's (the same wire with Azure's
// URL, key header and name). A malformed body must become kParse/kModel, never a crash or an exception.
#include <memory>
#include <utility>

#include "llm/azure.h"
#include "llm/openai.h"
#include "provider_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::unique_ptr<ab::llm::WireFormat> openai = [] {
    ab::llm::OpenAiWireOptions o;
    o.url = "http://127.0.0.1:1/v1/chat/completions";
    o.api_key = "k";
    return ab::llm::MakeOpenAiWire(std::move(o));
  }();
  static const std::unique_ptr<ab::llm::WireFormat> azure =
      ab::llm::MakeAzureWire("http://127.0.0.1:1", "dep", "2024-10-21", "k", nullptr);
  ab::fuzz::FuzzProviderReply(*openai, data, size);
  ab::fuzz::FuzzProviderReply(*azure, data, size);
  return 0;
}
