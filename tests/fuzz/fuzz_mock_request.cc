// libFuzzer target: the mock LLM server's request reader, for every dialect it speaks. The mock must read any
// JSON object a client sends (it is also what agent-bench's own providers are checked against) without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/json.h"
#include "base/json_parse.h"
#include "llm/mock_dialects.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The server parses request bodies with the peer limits, as here.
  const ab::Json body = ab::ParseJsonOrDiscarded(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!body.is_object()) return 0;  // the server answers 400 before reading such a body
  for (const char* dialect : {"openai", "azure", "anthropic", "gemini", "vertex"})
    (void)ab::llm::ReadMockRequest(dialect, body, "gemini-2.5-flash");
  return 0;
}
