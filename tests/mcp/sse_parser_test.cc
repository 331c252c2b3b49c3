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
  auto events = ParseAll({"\xEF\xBB", "\xBF" "da", "ta:{\"x\"", ":1}\n", "\n"});
  REQUIRE(events.size() == 1);
  CHECK(events[0].data == "{\"x\":1}");
}

TEST_CASE("an event without a terminating blank line is not dispatched yet") {
  auto events = ParseAll({"data: pending\n"});
  CHECK(events.empty());
}

}  // namespace
}  // namespace ab::mcp
