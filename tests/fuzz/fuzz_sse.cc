// libFuzzer target: the SSE (text/event-stream) parser. The stream is fed whole and again in pieces cut where the
// input's first bytes say (so lines, CR/LF pairs and the BOM get split across reads); both must yield the same
// events, last event id and retry value: a difference is reported as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/sse_parser.h"

namespace {

struct Seen {
  std::vector<std::string> events;  // event type, id and data joined with a separator byte
  std::string last_id;
  long retry = -1;
};

template <typename FeedAll>
Seen Parse(FeedAll feed) {
  Seen seen;
  ab::mcp::SseParser parser(
      [&](const ab::mcp::SseEvent& e) { seen.events.push_back(e.event + '\x01' + e.id + '\x01' + e.data); });
  feed(parser);
  seen.last_id = parser.last_event_id();
  seen.retry = parser.retry_ms().value_or(-1);
  return seen;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  // Two control bytes choose the piece sizes; the rest is the stream.
  const size_t a = data[0] % 7 + 1, b = data[1] % 13 + 1;
  std::string_view stream(reinterpret_cast<const char*>(data) + 2, size - 2);
  const Seen whole = Parse([&](ab::mcp::SseParser& p) { p.Feed(stream); });
  const Seen pieces = Parse([&](ab::mcp::SseParser& p) {
    size_t at = 0;
    for (bool odd = false; at < stream.size(); odd = !odd) {
      const size_t n = odd ? b : a;
      p.Feed(stream.substr(at, n));
      at += n;
    }
  });
  if (whole.events != pieces.events || whole.last_id != pieces.last_id || whole.retry != pieces.retry) {
    std::fprintf(stderr, "SSE parser: pieces (%zu, %zu) gave %zu events, the whole stream %zu\n", a, b,
                 pieces.events.size(), whole.events.size());
    std::abort();
  }
  return 0;
}
