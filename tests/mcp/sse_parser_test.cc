#include "mcp/sse_parser.h"

#include <doctest/doctest.h>

#include <vector>

namespace ab::mcp {
namespace {

// Feeds |pieces| to a fresh parser and keeps what it reported.
struct Collector {
  std::vector<SseEvent> events;
  SseParser parser{[this](const SseEvent& e) { events.push_back(e); }};
  explicit Collector(const std::vector<std::string>& pieces) {
    for (const auto& piece : pieces) parser.Feed(piece);
  }
};

std::vector<SseEvent> ParseAll(const std::vector<std::string>& pieces) { return Collector(pieces).events; }

TEST_CASE("multi-line data is joined with newlines") {
  auto events = ParseAll({"data: line one\ndata: line two\n\n"});
  REQUIRE(events.size() == 1);
  CHECK(events[0].data == "line one\nline two");
  CHECK(events[0].event == "message");
}

TEST_CASE("comments are ignored and event names kept") {
  auto events = ParseAll({": keep-alive\n\nevent: endpoint\ndata: /message?sessionId=1\n\n"});
  REQUIRE(events.size() == 1);
  CHECK(events[0].event == "endpoint");
  CHECK(events[0].data == "/message?sessionId=1");
}

TEST_CASE("id and retry are tracked, priming events with empty data are reported") {
  Collector c({"id: event-1\nretry: 500\ndata: \n\n"});
  auto& events = c.events;
  SseParser* parser = &c.parser;
  REQUIRE(events.size() == 1);
  CHECK(events[0].data.empty());
  CHECK(events[0].id == "event-1");
  CHECK(parser->last_event_id() == "event-1");
  REQUIRE(parser->retry_ms().has_value());
  CHECK(*parser->retry_ms() == 500);
}

TEST_CASE("CRLF and CR line ends, split across pieces") {
  auto events = ParseAll({"data: a\r", "\ndata: b\r\n\r", "\nid: 9\rdata: c\r\r"});
  REQUIRE(events.size() == 2);
  CHECK(events[0].data == "a\nb");
  CHECK(events[1].data == "c");
  CHECK(events[1].id == "9");
}

TEST_CASE("bytes split mid-field still parse, a leading BOM is dropped") {
  auto events = ParseAll({"\xEF\xBB",
                          "\xBF"
                          "da",
                          "ta:{\"x\"", ":1}\n", "\n"});
  REQUIRE(events.size() == 1);
  CHECK(events[0].data == "{\"x\":1}");
}

TEST_CASE("an event without a terminating blank line is not dispatched yet") {
  auto events = ParseAll({"data: pending\n"});
  CHECK(events.empty());
}

TEST_CASE("a line longer than its cap stops the parser with an error naming the limit") {
  std::vector<SseEvent> events;
  SseParser parser([&](const SseEvent& e) { events.push_back(e); }, SseLimits{1024, 4096});
  parser.Feed("data: first\n\n");
  REQUIRE(events.size() == 1);
  const std::string piece(300, 'a');
  parser.Feed("data: ");
  for (int i = 0; i < 10; ++i) parser.Feed(piece);  // 3 000 bytes, no newline
  CHECK(parser.error() == "an event-stream line exceeded the 1 KiB limit (max_sse_line_bytes)");
  parser.Feed("\n\ndata: later\n\n");  // nothing more is parsed once the stream is condemned
  CHECK(events.size() == 1);
}

TEST_CASE("an event longer than its cap stops the parser, whatever its line lengths") {
  std::vector<SseEvent> events;
  SseParser parser([&](const SseEvent& e) { events.push_back(e); }, SseLimits{1024, 4096});
  const std::string line = "data: " + std::string(1000, 'b') + "\n";
  for (int i = 0; i < 4; ++i) parser.Feed(line);  // 4 003 bytes of data
  CHECK(parser.error().empty());
  parser.Feed(line);  // the fifth line passes 4 KiB
  CHECK(parser.error() == "an event-stream event exceeded the 4 KiB limit (max_sse_event_bytes)");
  parser.Feed("\n");
  CHECK(events.empty());
}

TEST_CASE("the default caps let a large honest event through") {
  std::vector<SseEvent> events;
  SseParser parser([&](const SseEvent& e) { events.push_back(e); });
  parser.Feed("data: " + std::string(2 << 20, 'c') + "\n\n");
  CHECK(parser.error().empty());
  REQUIRE(events.size() == 1);
  CHECK(events[0].data.size() == size_t{2} << 20);
}

}  // namespace
}  // namespace ab::mcp
