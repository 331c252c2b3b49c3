#include "llm/mock_script.h"

#include <doctest/doctest.h>

namespace ab::llm {
namespace {

MockConversation Conv(std::string user, int turns = 0, std::string tool_result = "") {
  MockConversation c;
  c.last_user = std::move(user);
  c.assistant_turns = turns;
  c.last_tool_result = std::move(tool_result);
  c.model = "m1";
  c.prompt_chars = 400;
  return c;
}

TEST_CASE("rules match on contains / regex and model / replies follow the round trip / the last repeats") {
  Result<MockScript> s = ParseMockScript(R"({"rules":[
      {"match":{"contains":"SUM","model":"m2"},"replies":["wrong model"]},
      {"match":{"regex":"sum of [0-9]+"},"replies":[{"tool_calls":[{"name":"add","arguments":{"q":"{{user}}"}}]},"got {{last_tool_result}}"]}]})");
  REQUIRE(s);
  MockEngine engine(*s);
  MockDecision first = engine.Decide(Conv("the sum of 4"));
  REQUIRE(first.reply.tool_calls.size() == 1);
  CHECK(first.reply.tool_calls[0].arguments["q"] == "the sum of 4");
  CHECK(first.usage.prompt_tokens == 100);
  CHECK(engine.Decide(Conv("the sum of 4", 1, "4")).reply.text == "got 4");
  CHECK(engine.Decide(Conv("the sum of 4", 5, "9")).reply.text == "got 9");
  CHECK(engine.Decide(Conv("no match")).reply.text == "Mock reply to: no match");
}

TEST_CASE("faults with times are served that many times / then the reply") {
  Result<MockScript> s = ParseMockScript(
      "rules:\n  - match: x\n    reply: {text: ok, fault: {status: 429, retry_after_ms: 10, times: 2}}\n");
  REQUIRE(s);
  MockEngine engine(*s);
  CHECK(engine.Decide(Conv("x")).fault->status == 429);
  CHECK(engine.Decide(Conv("x")).fault->retry_after_ms == 10);
  MockDecision third = engine.Decide(Conv("x"));
  CHECK_FALSE(third.fault);
  CHECK(third.reply.text == "ok");
}

TEST_CASE("script errors name the key and suggest the right one") {
  Result<MockScript> typo = ParseMockScript("rules:\n  - match: x\n    replies: [{txt: hi}]\n", "s.yaml");
  REQUIRE_FALSE(typo);
  CHECK(typo.error().code == ErrorCode::kConfig);
  CHECK(typo.error().message.find("s.yaml: rules[0].replies[0]: unknown key 'txt', did you mean 'text'?") !=
        std::string::npos);
  Result<MockScript> kind = ParseMockScript("rules:\n  - match: x\n    reply: {fault: hangg}\n");
  REQUIRE_FALSE(kind);
  CHECK(kind.error().message.find("did you mean 'hang'") != std::string::npos);
  CHECK_FALSE(ParseMockScript("rules: [\n"));
  CHECK_FALSE(ParseMockScript("rules:\n  - match: {regex: \"(\"}\n    reply: x\n"));
}

TEST_CASE("a script's YAML scalars are typed as in test files: 0x10 is the integer 16, yes stays a string") {
  Result<MockScript> s = ParseMockScript(
      "rules:\n  - match: go\n    reply: {tool_calls: [{name: t, arguments: {n: 0x10, flag: yes, on: True, q: "
      "'7'}}]}\n");
  REQUIRE(s);
  MockEngine engine(*s);
  MockDecision d = engine.Decide(Conv("go"));
  REQUIRE(d.reply.tool_calls.size() == 1);
  const Json& args = d.reply.tool_calls[0].arguments;
  CHECK(args["n"] == Json(16));
  CHECK(args["n"].is_number_integer());
  CHECK(args["flag"] == Json("yes"));
  CHECK(args["on"] == Json(true));
  CHECK(args["q"] == Json("7"));
}

TEST_CASE("key=value arguments are typed") {
  CHECK(ParseKeyValues("call add with a=2 b=3.5 c=\"x y\" d=false, e=path/to.") ==
        Json({{"a", 2}, {"b", 3.5}, {"c", "x y"}, {"d", false}, {"e", "path/to"}}));
}

}  // namespace
}  // namespace ab::llm

namespace ab::llm {
namespace {

TEST_CASE("a huge request is matched in linear time, not a crash") {
  // libstdc++'s std::regex recursed once per character here, so one 100 kB prompt killed mock-llm.
  const std::string huge = "call add with a=" + std::string(200'000, 'x') + " b=" + std::string(200'000, ' ') + "2";
  Json args = ParseKeyValues(huge);
  CHECK(args["a"].get<std::string>().size() == 200'000);
  CHECK_FALSE(args.contains("b"));  // "b=" followed by blanks has no value

  Result<MockScript> s = ParseMockScript("rules:\n  - match: {regex: \"(a|b)*c\"}\n    reply: matched\n");
  REQUIRE(s);
  MockEngine engine(*s);
  CHECK(engine.Decide(Conv(std::string(300'000, 'a') + "c")).reply.text == "matched");
  CHECK(engine.Decide(Conv(std::string(300'000, 'a'))).reply.text != "matched");
}

TEST_CASE("script regexes are RE2: a pattern RE2 cannot run is refused at load") {
  Result<MockScript> bad = ParseMockScript("rules:\n  - match: {regex: \"a(?=b)\"}\n    reply: x\n", "s.yaml");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("s.yaml: rules[0].match.regex: invalid pattern") != std::string::npos);
}

}  // namespace
}  // namespace ab::llm
