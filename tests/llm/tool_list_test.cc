// The tool list a request carries: copies share one serialization per dialect, any change starts a fresh one,
// and the bodies built from the cached text are the ones built from the specs.
#include <doctest/doctest.h>

#include "fakes.h"
#include "llm/anthropic.h"
#include "llm/google.h"
#include "llm/openai.h"

namespace ab::llm {
namespace {

using testing::Msg;

ToolSpec Tool(const std::string& name) {
  return ToolSpec{name, "Tool " + name,
                  Json::parse(R"({"type":"object","properties":{"x":{"type":"string"}},"required":["x"]})")};
}

ChatRequest Request(ToolList tools) {
  ChatRequest r;
  r.model = "m";
  r.messages.push_back(Msg(Role::kUser, "hi"));
  r.tools = std::move(tools);
  r.temperature = 0.5;
  r.max_tokens = 64;
  r.seed = 3;
  return r;
}

std::unique_ptr<WireFormat> OpenAi() {
  OpenAiWireOptions o;
  o.url = "https://api.openai.com/v1/chat/completions";
  o.api_key = "sk-tool-list-1";
  return MakeOpenAiWire(std::move(o));
}

Json Body(WireFormat& wire, const ChatRequest& r) {
  Result<HttpRequest> built = wire.Build(r);
  REQUIRE(built);
  return Json::parse(built->body);
}

std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : object.items()) keys.push_back(k);
  return keys;
}

TEST_CASE("tool list: each dialect serializes a list once, and copies share it") {
  ToolList tools({Tool("a"), Tool("b")});
  auto openai = OpenAi();
  auto anthropic = MakeAnthropicWire("", "sk-ant-tool-list");
  auto gemini = MakeGoogleWire("", "gemini-2.5-flash", "g-key-tool-list");
  const Json first = Body(*openai, Request(tools));
  CHECK(tools.renders() == 1);
  ToolList copy = tools;
  const Json second = Body(*openai, Request(copy));
  CHECK(tools.renders() == 1);  // served from the cache, through a copy
  CHECK(first == second);
  Body(*anthropic, Request(copy));
  Body(*gemini, Request(copy));
  CHECK(tools.renders() == 3);  // one per dialect
  Body(*anthropic, Request(tools));
  CHECK(copy.renders() == 3);
}

TEST_CASE("tool list: a changed list gets a fresh cache and copies keep the old tools") {
  ToolList tools({Tool("a")});
  auto openai = OpenAi();
  CHECK(Body(*openai, Request(tools))["tools"].size() == 1);
  ToolList grown = tools;
  grown.push_back(Tool("b"));
  CHECK(grown.renders() == 0);
  const Json body = Body(*openai, Request(grown));
  REQUIRE(body["tools"].size() == 2);
  CHECK(body["tools"][1]["function"]["name"] == "b");
  CHECK(Body(*openai, Request(tools))["tools"].size() == 1);  // the original is unchanged
  CHECK(tools.renders() == 1);
  grown.clear();
  CHECK(grown.empty());
  CHECK_FALSE(Body(*openai, Request(grown)).contains("tools"));
}

TEST_CASE("tool list: bodies keep their member order and values with the cached tools spliced in") {
  ToolList tools({Tool("a")});
  const Json openai = Body(*OpenAi(), Request(tools));
  CHECK(Keys(openai) == std::vector<std::string>{"model", "messages", "tools", "tool_choice", "temperature",
                                                 "max_completion_tokens", "seed"});
  CHECK(openai["tools"][0] ==
        Json({{"type", "function"},
              {"function", {{"name", "a"}, {"description", "Tool a"}, {"parameters", Tool("a").parameters}}}}));
  CHECK(openai["tool_choice"] == "auto");
  const Json anthropic = Body(*MakeAnthropicWire("", "sk-ant-tool-list"), Request(tools));
  CHECK(Keys(anthropic) ==
        std::vector<std::string>{"model", "max_tokens", "messages", "tools", "tool_choice", "temperature"});
  CHECK(anthropic["tool_choice"] == Json({{"type", "auto"}}));
  CHECK(anthropic["tools"][0]["input_schema"]["required"] == Json::array({"x"}));
  const Json gemini = Body(*MakeGoogleWire("", "gemini-2.5-flash", "g-key-tool-list"), Request(tools));
  CHECK(Keys(gemini) == std::vector<std::string>{"contents", "tools", "toolConfig", "generationConfig"});
  CHECK(gemini["tools"][0]["functionDeclarations"][0]["name"] == "a");
  CHECK(gemini["toolConfig"]["functionCallingConfig"]["mode"] == "AUTO");
  CHECK(gemini["generationConfig"]["maxOutputTokens"] == 64);
  // Without tools nothing is spliced and the body is still one valid object.
  const Json bare = Body(*OpenAi(), Request(ToolList()));
  CHECK(Keys(bare) == std::vector<std::string>{"model", "messages", "temperature", "max_completion_tokens", "seed"});
}

}  // namespace
}  // namespace ab::llm
