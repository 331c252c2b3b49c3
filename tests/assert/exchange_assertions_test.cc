// server_requested: the elicitation and sampling requests servers made, on tool calls and outside them.
#include <doctest/doctest.h>

#include "assert/assertion.h"
#include "transcript_json.h"

namespace ab::assertions {
namespace {

using testing::E;
using testing::J;
using testing::SpecFromJson;

ServerExchange Exchange(const std::string& method, const std::string& action, Json asked) {
  ServerExchange x;
  x.method = method;
  x.via = "request";
  x.action = action;
  x.asked = std::move(asked);
  return x;
}

// A booking call whose server asked the user to confirm (accepted) and a model to summarise (answered), a search
// call that asked nothing, and a request the travel server made before any call (declined).
Transcript Booking() {
  Transcript t;
  ToolCall search;
  search.name = "search";
  search.server = "travel";
  ToolCall book;
  book.name = "book_flight";
  book.server = "travel";
  book.progress.exchanges.push_back(
      Exchange("elicitation/create", "accept", {{"message", "Confirm the booking of flight AB123?"}}));
  book.progress.exchanges.push_back(Exchange(
      "sampling/createMessage", "answered",
      {{"messages", Json::array({{{"role", "user"}, {"content", {{"type", "text"}, {"text", "Summarise AB123"}}}}})}}));
  book.progress.exchange_count = 2;
  t.tool_calls = {search, book};
  ServerProtocol travel;
  travel.server = "travel";
  travel.exchanges.push_back(Exchange("elicitation/create", "decline", {{"message", "Share your location?"}}));
  travel.exchange_count = 1;
  ServerProtocol other;
  other.server = "weather";
  t.servers = {travel, other};
  return t;
}

TEST_CASE("server_requested: at least one matching request, with evidence naming the call") {
  const Transcript t = Booking();
  AssertionResult r = E(R"({"type": "server_requested", "method": "elicitation", "tool": "book_flight"})", t);
  CHECK(r.passed);
  CHECK(r.message ==
        "1 server request(s) (elicitation/create, during book_flight): elicitation/create from travel "
        "during book_flight (call #2): accept");
  REQUIRE(r.details["evidence"].size() == 1);
  CHECK(r.details["evidence"][0]["call"] == 2);
  CHECK(r.details["evidence"][0]["action"] == "accept");
  CHECK(E(R"({"type": "server_requested"})", t).passed);
  CHECK(E(R"({"type": "server_requested", "method": "sampling/createMessage", "action": "answered"})", t).passed);
  CHECK(E(R"({"type": "server_requested", "value": "AB123", "count": 2})", t).passed);  // message and prompt
  CHECK(E(R"({"type": "server_requested", "server": "travel", "count": 3})", t).passed);
}

TEST_CASE("server_requested: requests outside tool calls count unless a tool is named") {
  const Transcript t = Booking();
  CHECK(E(R"({"type": "server_requested", "method": "elicitation", "count": 2})", t).passed);
  CHECK(E(R"({"type": "server_requested", "action": "decline", "value": "location"})", t).passed);
  AssertionResult r = E(R"({"type": "server_requested", "action": "decline", "tool": "book_flight"})", t);
  CHECK_FALSE(r.passed);
  CHECK(r.message ==
        "expected at least one server request(s) (during book_flight, answered decline); requests were "
        "[elicitation/create from travel during book_flight (call #2): accept; sampling/createMessage from travel "
        "during book_flight (call #2): answered; elicitation/create from travel outside tool calls: decline]");
}

TEST_CASE("server_requested: count 0 asserts that a server asked nothing, and a wrong count names both") {
  const Transcript t = Booking();
  CHECK(E(R"({"type": "server_requested", "server": "weather", "count": 0})", t).passed);
  CHECK(E(R"({"type": "server_requested", "tool": "search", "count": 0})", t).passed);
  AssertionResult r = E(R"({"type": "server_requested", "method": "sampling", "count": 0})", t);
  CHECK_FALSE(r.passed);
  CHECK(r.details["expected"] == 0);
  CHECK(r.details["actual"] == 1);
  CHECK(r.message.rfind("expected 0 server request(s) (sampling/createMessage), got 1; requests were [", 0) == 0);
  AssertionResult none = E(R"({"type": "server_requested", "method": "sampling"})", Transcript{});
  CHECK_FALSE(none.passed);
  CHECK(none.message ==
        "expected at least one server request(s) (sampling/createMessage); the servers made no elicitation or "
        "sampling request");
}

TEST_CASE("server_requested: requests past the record's bound are said to be unmatched") {
  Transcript t = Booking();
  t.tool_calls[1].progress.exchange_count = 40;  // 38 more than the two kept
  AssertionResult r = E(R"({"type": "server_requested", "action": "cancel"})", t);
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("(38 more were made but not kept in the record, so not matched)") != std::string::npos);
}

TEST_CASE("server_requested: method and action are checked at load time with a did-you-mean") {
  Diagnostics d = ValidateAssertions({SpecFromJson(J(R"({"type": "server_requested", "method": "elicitaton"})"), 7)});
  REQUIRE(d.size() == 1);
  CHECK(d[0].message ==
        "assertion 'server_requested': 'method' must be one of elicitation, sampling, elicitation/create, "
        "sampling/createMessage, got 'elicitaton', did you mean 'elicitation'?");
  CHECK(d[0].loc.line == 7);
  d = ValidateAssertions({SpecFromJson(J(R"({"type": "server_requested", "action": "accepted"})"))});
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("'action' must be one of accept, decline, cancel, answered, declined, error, got "
                          "'accepted', did you mean 'accept'?") != std::string::npos);
  CHECK(ValidateAssertions({SpecFromJson(J(R"({"type": "server_requested", "method": "{{M}}"})"))}).empty());
}

}  // namespace
}  // namespace ab::assertions
