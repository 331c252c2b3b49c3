#include "mcp/incoming.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace ab::mcp {
namespace {

struct RefusedAnswer {
  Json id;
  Error reason;
};

TransportHandlers RecordingRefusals(std::vector<RefusedAnswer>& failed) {
  TransportHandlers h;
  h.on_request_failed = [&failed](const Json& id, const Error& reason) { failed.push_back({id, reason}); };
  return h;
}

TEST_CASE("ParseIncoming: an ordinary message parses, with invalid UTF-8 replaced") {
  std::vector<RefusedAnswer> failed;
  Json m = ParseIncoming("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"text\":\"caf\xE9\"}}", RecordingRefusals(failed));
  REQUIRE(m.is_object());
  CHECK(m["result"]["text"] == "caf\xEF\xBF\xBD");
  CHECK(failed.empty());
}

TEST_CASE("ParseIncoming: an answer nested 60 000 levels deep fails its request naming the limit") {
  std::vector<RefusedAnswer> failed;
  const std::string deep =
      R"({"jsonrpc":"2.0","id":42,"result":{"v":)" + std::string(60'000, '[') + std::string(60'000, ']') + "}}";
  CHECK(ParseIncoming(deep, RecordingRefusals(failed)).is_discarded());
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].id == 42);
  CHECK(failed[0].reason.code == ErrorCode::kProtocol);
  CHECK(failed[0].reason.message.find("nested deeper than 512 levels (json_max_depth)") != std::string::npos);
}

TEST_CASE("ParseIncoming: malformed text with an id fails that request, a log line fails nothing") {
  std::vector<RefusedAnswer> failed;
  CHECK(ParseIncoming(R"({"jsonrpc":"2.0","id":"a-1","result":{"x":tru})", RecordingRefusals(failed)).is_discarded());
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].id == "a-1");
  CHECK(failed[0].reason.message == "the server's answer was refused: it is not valid JSON");
  CHECK(ParseIncoming("server starting on stdout, id 5", RecordingRefusals(failed)).is_discarded());
  CHECK(ParseIncoming(R"({"jsonrpc":"2.0","id":null,"error":)", RecordingRefusals(failed)).is_discarded());
  CHECK(failed.size() == 1);
  // Without the hook nothing is called, and nothing breaks.
  CHECK(ParseIncoming(R"({"id":3,"result":)", TransportHandlers{}).is_discarded());
}

}  // namespace
}  // namespace ab::mcp
