#include "llm/recording.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fakes.h"
#include "llm/factory.h"
#include "llm/mock_server.h"

namespace ab::llm {
namespace {

using testing::Msg;

ChatRequest AskText(const std::string& text) {
  ChatRequest r;
  r.messages.push_back(Msg(Role::kUser, text));
  r.tools.push_back({"get_weather", "", Json::parse(R"({"type":"object","properties":{"city":{"type":"string"}}})")});
  return r;
}

TEST_CASE(
    "record then replay gives identical responses / secrets never reach the files / unknown requests fail loudly") {
  const std::string dir = std::string(AB_BINARY_DIR) + "/llm_recording_test";
  std::filesystem::remove_all(dir);
  MockLlmServer mock;
  REQUIRE(mock.Start(0, *ParseMockScript("rules:\n  - match: weather\n    reply: {tool_calls: [{name: get_weather, "
                                         "arguments: {city: Oslo}}]}\n"))
              .ok());
  config::Provider cfg;
  cfg.name = "a";
  cfg.type = "ANTHROPIC";
  cfg.model = "claude-haiku-4-5";
  cfg.token = "sk-ant-very-secret-123";
  cfg.base_url = mock.base_url();
  ProviderOptions record;
  record.record_dir = dir;
  auto recorder = MakeProvider(cfg, record);
  REQUIRE(recorder);
  Result<ChatResponse> live_text = (*recorder)->Complete(AskText("hello"), {});
  Result<ChatResponse> live_tool = (*recorder)->Complete(AskText("weather please"), {});
  REQUIRE(live_text);
  REQUIRE(live_tool);
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++files;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str().find("sk-ant-very-secret-123") == std::string::npos);
    CHECK(text.str().find("x-api-key") == std::string::npos);
  }
  CHECK(files == 2);

  mock.Stop();  // replay needs no server and no token
  cfg.token.clear();
  cfg.base_url = "http://127.0.0.1:1";
  ProviderOptions replay;
  replay.replay_dir = dir;
  auto player = MakeProvider(cfg, replay);
  REQUIRE_MESSAGE(player.has_value(), (player.has_value() ? std::string() : player.error().ToString()));
  Result<ChatResponse> text = (*player)->Complete(AskText("hello"), {});
  Result<ChatResponse> tool = (*player)->Complete(AskText("weather please"), {});
  REQUIRE(text);
  REQUIRE(tool);
  CHECK(text->message.text == live_text->message.text);
  CHECK(text->usage.prompt_tokens == live_text->usage.prompt_tokens);
  CHECK(text->usage.cost_usd == live_text->usage.cost_usd);
  CHECK(tool->message.tool_calls[0].id == live_tool->message.tool_calls[0].id);
  CHECK(tool->message.tool_calls[0].arguments == live_tool->message.tool_calls[0].arguments);
  CHECK(tool->message.provider_raw == live_tool->message.provider_raw);

  Result<ChatResponse> unknown = (*player)->Complete(AskText("hello again"), {});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code == ErrorCode::kNotFound);
  CHECK(unknown.error().message.find("no recording for POST /v1/messages") != std::string::npos);
  CHECK(unknown.error().message.find("closest recorded request") != std::string::npos);
  CHECK(unknown.error().message.find("hello") != std::string::npos);
}

TEST_CASE("the key ignores host / JSON key order and masked query keys") {
  HttpRequest a;
  a.url = "http://127.0.0.1:1234/v1beta/models/m:generateContent?key=abc";
  a.body = R"({"b":1,"a":2})";
  HttpRequest b = a;
  b.url = "https://example.com/v1beta/models/m:generateContent?key=xyz";
  b.body = R"({"a":2,"b":1})";
  CHECK(RecordingKey(a) == RecordingKey(b));
  b.body = R"({"a":3,"b":1})";
  CHECK(RecordingKey(a) != RecordingKey(b));
}

}  // namespace
}  // namespace ab::llm
