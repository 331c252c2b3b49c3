// libFuzzer target: the MCP wire parsers. The input is fed to the SSE parser in two pieces (split by its first
// byte, so split lines and CR/LF pairs across chunks get covered); every event's data, and the whole input, go
// through JSON parsing, the JSON-RPC peer's message routing, and the tools/list and tools/call result parsers.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mcp/jsonrpc.h"
#include "mcp/sse_parser.h"
#include "mcp/tool_result.h"
#include "mcp/transport.h"

namespace {

/// A transport that accepts everything and delivers nothing: replies the peer sends (ping answers, errors for
/// unknown server requests) just vanish.
class NullTransport final : public ab::mcp::Transport {
 public:
  ab::Status Start(ab::mcp::TransportHandlers) override { return ab::Status(); }
  ab::Status Send(const ab::Json&) override { return ab::Status(); }
  void Close() override {}
};

void ParseMessage(std::string_view text) {
  ab::Json j = ab::Json::parse(text, nullptr, false);
  if (j.is_discarded()) return;
  (void)ab::mcp::ParseToolResult(j, 4096);
  (void)ab::mcp::ParseToolInfo(j);
  if (j.is_object() && j.contains("result")) {
    (void)ab::mcp::ParseToolResult(j["result"], 4096);
    if (j["result"].is_object() && j["result"].contains("tools") && j["result"]["tools"].is_array())
      for (const auto& t : j["result"]["tools"]) (void)ab::mcp::ParseToolInfo(t);
  }
  NullTransport transport;
  ab::mcp::RpcPeer peer(transport);
  peer.HandleMessage(std::move(j));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t cut = size == 0 ? 0 : data[0] % (size + 1);
  ab::mcp::SseParser sse([](const ab::mcp::SseEvent& e) { ParseMessage(e.data); });
  sse.Feed(text.substr(0, cut));
  sse.Feed(text.substr(cut));
  ParseMessage(text);
  return 0;
}
