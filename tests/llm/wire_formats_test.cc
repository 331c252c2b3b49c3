// Request building and reply parsing per dialect, against bodies taken from the vendors' documentation.
#include <doctest/doctest.h>

#include "fakes.h"
#include "llm/anthropic.h"
#include "llm/azure.h"
#include "llm/google.h"
#include "llm/openai.h"

namespace ab::llm {
namespace {

using testing::Msg;
using testing::ReadData;

ChatRequest ToolRoundTrip() {
  ChatRequest r;
  r.model = "m";
  r.messages.push_back(Msg(Role::kSystem, "You are a helper."));
  r.messages.push_back(Msg(Role::kUser, "What is 2+3?"));
  Message assistant = Msg(Role::kAssistant, "Let me add.");
  ToolCallRequest call;
  call.id = "call_abc";
  call.name = "add";
  call.arguments = {{"a", 2}, {"b", 3}};
  call.arguments_raw = R"({"a":2,"b":3})";
  assistant.tool_calls.push_back(call);
  r.messages.push_back(assistant);
  Message tool = Msg(Role::kTool, "5");
  tool.tool_call_id = "call_abc";
  tool.tool_name = "add";
  r.messages.push_back(tool);
  r.tools.push_back(
      {"add", "Add two integers", Json::parse(R"({"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
                       "properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"],
                       "additionalProperties":false})")});
  r.temperature = 0;
  r.max_tokens = 256;
  r.seed = 7;
  return r;
}

std::string HeaderOf(const HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

HttpResponse Ok(const std::string& body) {
  HttpResponse r;
  r.status = 200;
  r.body = body;
  return r;
}

TEST_CASE("openai builds chat completions with tools / tool calls and tool results") {
  OpenAiWireOptions o;
  o.url = "https://api.openai.com/v1/chat/completions";
  o.api_key = "sk-test-123456";
  auto wire = MakeOpenAiWire(std::move(o));
  Result<HttpRequest> req = wire->Build(ToolRoundTrip());
  REQUIRE(req);
  CHECK(req->url == "https://api.openai.com/v1/chat/completions");
  CHECK(HeaderOf(*req, "Authorization") == "Bearer sk-test-123456");
  const Json body = Json::parse(req->body);
  CHECK(body["model"] == "m");
  CHECK(body["messages"][0] == Json({{"role", "system"}, {"content", "You are a helper."}}));
  CHECK(body["messages"][2]["tool_calls"][0]["function"]["arguments"] == R"({"a":2,"b":3})");
  CHECK(body["messages"][2]["tool_calls"][0]["type"] == "function");
  CHECK(body["messages"][3] == Json({{"role", "tool"}, {"tool_call_id", "call_abc"}, {"content", "5"}}));
  CHECK(body["tools"][0]["function"]["name"] == "add");
  CHECK(body["tools"][0]["function"]["parameters"]["required"] == Json::array({"a", "b"}));
  CHECK(body["tool_choice"] == "auto");
  CHECK(body["max_completion_tokens"] == 256);
  CHECK(body["seed"] == 7);
  CHECK(body["temperature"] == 0);
}

TEST_CASE("openai parses parallel tool calls and maps usage (cached and reasoning are subsets)") {
  auto wire = MakeOpenAiWire({});
  int64_t writes = -1;
  Result<ChatResponse> r = wire->Parse(Ok(ReadData("openai_tool_calls.json")), writes);
  REQUIRE(r);
  CHECK(writes == 0);
  REQUIRE(r->message.tool_calls.size() == 2);
  CHECK(r->message.tool_calls[0].id == "call_abc");
  CHECK(r->message.tool_calls[1].name == "mul");
  CHECK(r->message.tool_calls[1].arguments["b"] == 5);
  CHECK(r->stop_reason == "tool_calls");
  CHECK(r->model == "gpt-4o-mini-2024-07-18");
  CHECK(r->usage.prompt_tokens == 82);
  CHECK(r->usage.cached_tokens == 64);
  CHECK(r->usage.completion_tokens == 17);
  CHECK(r->usage.reasoning_tokens == 5);
}

TEST_CASE("openai text reply and invalid tool-argument JSON") {
  auto wire = MakeOpenAiWire({});
  int64_t writes = 0;
  Result<ChatResponse> text = wire->Parse(Ok(ReadData("openai_text.json")), writes);
  REQUIRE(text);
  CHECK(text->message.text == "2 + 3 = 5.");
  CHECK(text->stop_reason == "stop");
  Result<ChatResponse> bad = wire->Parse(Ok(ReadData("openai_bad_arguments.json")), writes);
  REQUIRE(bad);
  REQUIRE(bad->message.tool_calls.size() == 1);
  CHECK_FALSE(bad->message.tool_calls[0].arguments_valid);
  CHECK(bad->message.tool_calls[0].arguments_raw == R"({"a":2,"b":)");
  CHECK(bad->message.tool_calls[0].arguments == Json::object());
}

TEST_CASE("openai: malformed body is kParse / empty choices and empty message are kModel") {
  auto wire = MakeOpenAiWire({});
  int64_t writes = 0;
  Result<ChatResponse> truncated = wire->Parse(Ok(R"({"id":"chatcmpl-1","choices":[{"index":0,)"), writes);
  REQUIRE_FALSE(truncated);
  CHECK(truncated.error().code == ErrorCode::kParse);
  Result<ChatResponse> empty = wire->Parse(Ok(R"({"id":"x","choices":[]})"), writes);
  REQUIRE_FALSE(empty);
  CHECK(empty.error().code == ErrorCode::kModel);
  Result<ChatResponse> nothing = wire->Parse(
      Ok(R"({"choices":[{"index":0,"message":{"role":"assistant","content":null},"finish_reason":"stop"}]})"), writes);
  REQUIRE_FALSE(nothing);
  CHECK(nothing.error().code == ErrorCode::kModel);
}

TEST_CASE("azure uses the deployment URL with api-version and the api-key header") {
  auto wire = MakeAzureWire("https://res.openai.azure.com/", "gpt4o-deploy", "", "azure-key-123456", nullptr);
  Result<HttpRequest> req = wire->Build(ToolRoundTrip());
  REQUIRE(req);
  CHECK(req->url ==
        "https://res.openai.azure.com/openai/deployments/gpt4o-deploy/chat/completions?api-version=2024-10-21");
  CHECK(HeaderOf(*req, "api-key") == "azure-key-123456");
  CHECK(HeaderOf(*req, "Authorization").empty());
  CHECK_FALSE(Json::parse(req->body).contains("model"));
}

TEST_CASE("anthropic builds top-level system / max_tokens / tool_use and tool_result blocks") {
  auto wire = MakeAnthropicWire("", "sk-ant-123456");
  ChatRequest request = ToolRoundTrip();
  request.max_tokens.reset();
  Result<HttpRequest> req = wire->Build(request);
  REQUIRE(req);
  CHECK(req->url == "https://api.anthropic.com/v1/messages");
  CHECK(HeaderOf(*req, "x-api-key") == "sk-ant-123456");
  CHECK(HeaderOf(*req, "anthropic-version") == "2023-06-01");
  const Json body = Json::parse(req->body);
  CHECK(body["system"] == "You are a helper.");
  CHECK(body["max_tokens"] == kAnthropicDefaultMaxTokens);
  CHECK(body["messages"].size() == 3);
  CHECK(body["messages"][1]["content"][1] ==
        Json({{"type", "tool_use"}, {"id", "call_abc"}, {"name", "add"}, {"input", {{"a", 2}, {"b", 3}}}}));
  CHECK(body["messages"][2]["role"] == "user");
  CHECK(body["messages"][2]["content"][0] ==
        Json({{"type", "tool_result"}, {"tool_use_id", "call_abc"}, {"content", "5"}}));
  CHECK(body["tools"][0]["input_schema"]["type"] == "object");
  CHECK_FALSE(body.contains("seed"));
}

TEST_CASE("anthropic keeps text and tool_use of one reply / usage adds cache reads and writes to input") {
  auto wire = MakeAnthropicWire("", "");
  int64_t writes = 0;
  Result<ChatResponse> r = wire->Parse(Ok(ReadData("anthropic_text_tool_use.json")), writes);
  REQUIRE(r);
  CHECK(r->message.text == "I'll add those.");
  REQUIRE(r->message.tool_calls.size() == 1);
  CHECK(r->message.tool_calls[0].arguments == Json({{"a", 2}, {"b", 3}}));
  CHECK(r->stop_reason == "tool_calls");
  CHECK(r->usage.prompt_tokens == 710);
  CHECK(r->usage.cached_tokens == 200);
  CHECK(writes == 100);
  CHECK(r->usage.completion_tokens == 57);
  // The content array is replayed verbatim on the next turn.
  ChatRequest next;
  next.model = "claude";
  next.messages.push_back(Msg(Role::kUser, "go"));
  next.messages.push_back(r->message);
  Result<HttpRequest> req = wire->Build(next);
  REQUIRE(req);
  CHECK(Json::parse(req->body)["messages"][1]["content"] == r->message.provider_raw);
}

TEST_CASE("google builds generateContent with cleaned schemas and functionResponse parts") {
  auto wire = MakeGoogleWire("", "gemini-2.5-flash", "goog-key-123456");
  Result<HttpRequest> req = wire->Build(ToolRoundTrip());
  REQUIRE(req);
  CHECK(req->url == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
  CHECK(HeaderOf(*req, "x-goog-api-key") == "goog-key-123456");
  const Json body = Json::parse(req->body);
  CHECK(body["systemInstruction"]["parts"][0]["text"] == "You are a helper.");
  CHECK(body["contents"][1]["role"] == "model");
  CHECK(body["contents"][1]["parts"][1]["functionCall"]["args"]["a"] == 2);
  CHECK(body["contents"][2]["parts"][0]["functionResponse"] ==
        Json({{"name", "add"}, {"response", {{"result", "5"}}}}));
  const Json& params = body["tools"][0]["functionDeclarations"][0]["parameters"];
  CHECK_FALSE(params.contains("$schema"));
  CHECK_FALSE(params.contains("additionalProperties"));
  CHECK(params["required"] == Json::array({"a", "b"}));
  CHECK(body["generationConfig"] == Json({{"temperature", 0.0}, {"maxOutputTokens", 256}, {"seed", 7}}));
}

TEST_CASE("google parses parallel function calls / replays the signed content verbatim / maps usage") {
  auto wire = MakeGoogleWire("", "gemini-2.5-flash", "");
  int64_t writes = 0;
  Result<ChatResponse> r = wire->Parse(Ok(ReadData("gemini_function_call.json")), writes);
  REQUIRE(r);
  REQUIRE(r->message.tool_calls.size() == 2);
  CHECK(r->stop_reason == "tool_calls");
  CHECK(r->usage.prompt_tokens == 52);
  CHECK(r->usage.cached_tokens == 20);
  CHECK(r->usage.completion_tokens == 25);
  CHECK(r->usage.reasoning_tokens == 20);
  ChatRequest next;
  next.messages.push_back(Msg(Role::kUser, "go"));
  next.messages.push_back(r->message);
  Result<HttpRequest> req = wire->Build(next);
  REQUIRE(req);
  CHECK(Json::parse(req->body)["contents"][1]["parts"][0]["thoughtSignature"] == "CiQBVKhc7oSig==");
  Result<ChatResponse> blocked = wire->Parse(Ok(ReadData("gemini_blocked.json")), writes);
  REQUIRE_FALSE(blocked);
  CHECK(blocked.error().code == ErrorCode::kModel);
  CHECK(blocked.error().message.find("SAFETY") != std::string::npos);
}

TEST_CASE("vertex uses the regional endpoint / the global host / and a bearer token") {
  auto wire =
      MakeVertexWire("", "proj", "europe-west4", "gemini-2.5-flash", MakeStaticTokenSource("ya29.token-123456"), "");
  Result<HttpRequest> req = wire->Build(ToolRoundTrip());
  REQUIRE(req);
  CHECK(req->url ==
        "https://europe-west4-aiplatform.googleapis.com/v1/projects/proj/locations/europe-west4/publishers/"
        "google/models/gemini-2.5-flash:generateContent");
  CHECK(HeaderOf(*req, "Authorization") == "Bearer ya29.token-123456");
  auto global = MakeVertexWire("", "proj", "global", "gemini-2.5-pro", MakeStaticTokenSource("t"), "");
  Result<HttpRequest> g = global->Build(ToolRoundTrip());
  REQUIRE(g);
  CHECK(g->url.rfind("https://aiplatform.googleapis.com/v1/projects/proj/locations/global/", 0) == 0);
}

}  // namespace
}  // namespace ab::llm
