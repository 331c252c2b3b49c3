// libFuzzer target: one incoming MCP message (JSON-RPC response, request, notification or batch) through the
// transports' bounded JSON parsing (mcp/incoming.h), the JSON-RPC peer's message routing, and the tools/list and
// tools/call result parsers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mcp/incoming.h"
#include "mcp/jsonrpc.h"
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ab::Json j = ab::mcp::ParseIncoming(std::string_view(reinterpret_cast<const char*>(data), size), {});
  if (j.is_discarded()) return 0;
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
  return 0;
}
