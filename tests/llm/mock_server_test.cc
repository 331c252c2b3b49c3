// End-to-end: every dialect's provider (built by MakeProvider) against the mock LLM server over loopback HTTP.
#include "llm/mock_server.h"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "fakes.h"
#include "llm/factory.h"

namespace ab::llm {
namespace {

using testing::Msg;

const char* kScript = R"(
rules:
  - match: {contains: "weather"}
    replies:
      - tool_calls: [{name: get_weather, arguments: {city: Paris}}]
        usage: {prompt_tokens: 120, completion_tokens: 20, cached_tokens: 100, reasoning_tokens: 8}
      - text: "Forecast: {{last_tool_result}}"
  - match: {contains: "both"}
    replies:
      - text: "Checking two cities."
        tool_calls: [{name: get_weather, arguments: {city: Paris}}, {name: get_weather, arguments: {city: Oslo}}]
      - text: "done"
  - match: {contains: "unauthorized"}
    reply: {fault: {status: 401}}
  - match: {contains: "missing model"}
    reply: {fault: {status: 404, message: "The model `nope` does not exist"}}
  - match: {contains: "limited once"}
    reply: {text: "after the wait", fault: {status: 429, retry_after: 1, times: 1}}
  - match: {contains: "broken server"}
    reply: {fault: 500}
  - match: {contains: "truncate"}
    reply: {text: "cut", fault: truncated}
  - match: {contains: "bad args"}
    reply: {tool_calls: [{name: get_weather, arguments: {city: Rome}}], fault: malformed_tool_json}
  - match: {contains: "nothing"}
    reply: {fault: no_content}
  - match: {contains: "slow"}
    reply: {text: "late", fault: {kind: hang, hang_ms: 3000}}
)";

struct Server {
  MockLlmServer mock;
  Server() {
    Result<MockScript> script = ParseMockScript(kScript);
    REQUIRE(script);
    REQUIRE(mock.Start(0, *script).ok());
  }
};

config::Provider Config(const std::string& type, const std::string& base_url, const std::string& model) {
  config::Provider p;
  p.name = "p-" + type;
  p.type = type;
  p.model = model;
  p.base_url = base_url;
  p.token = "test-token-" + type;
  p.project_id = "proj";
  p.location = "us-central1";
  return p;
}

ChatRequest Ask(const std::string& text) {
  ChatRequest r;
  r.messages.push_back(Msg(Role::kSystem, "You are terse."));
  r.messages.push_back(Msg(Role::kUser, text));
  r.tools.push_back({"get_weather", "Weather for a city",
                     Json::parse(R"({"type":"object","properties":{"city":{"type":"string"}},"required":["city"]})")});
  return r;
}

// The tool loop the agent runs: append the assistant message and one result per call, ask again.
Result<ChatResponse> AnswerTools(Provider& p, ChatRequest& r, const ChatResponse& turn, const std::string& result) {
  r.messages.push_back(turn.message);
  for (const ToolCallRequest& call : turn.message.tool_calls) {
    Message tool = Msg(Role::kTool, result + " in " + call.arguments.value("city", "?"));
    tool.tool_call_id = call.id;
    tool.tool_name = call.name;
    r.messages.push_back(tool);
  }
  return p.Complete(r, {});
}

struct Dialect {
  const char* type;
  const char* dialect;
  std::string base_suffix;
  const char* model;
};

std::vector<Dialect> Dialects() {
  return {{"OPENAI", "openai", "/v1", "gpt-4o-mini"},
          {"GROQ", "openai", "/openai/v1", "llama-3.3-70b-versatile"},
          {"AZURE", "azure", "", "gpt-4o"},
          {"ANTHROPIC", "anthropic", "", "claude-sonnet-4-20250514"},
          {"GOOGLE", "gemini", "", "gemini-2.5-flash"},
          {"VERTEX", "vertex", "", "gemini-2.0-flash"}};
}

TEST_CASE("every dialect: text reply / tool call with usage / tool result round trip") {
  Server s;
  for (const Dialect& d : Dialects()) {
    CAPTURE(d.type);
    config::Provider cfg = Config(d.type, s.mock.base_url() + d.base_suffix, d.model);
    if (std::string(d.type) == "VERTEX") cfg.token = "express-key-123456";  // no credentials file: express mode
    ProviderOptions options;
    Result<std::unique_ptr<Provider>> p = MakeProvider(cfg, options);
    REQUIRE_MESSAGE(p.has_value(), (p.has_value() ? std::string() : p.error().ToString()));
    const int before = s.mock.request_count(d.dialect);

    Result<ChatResponse> hello = (*p)->Complete(Ask("hello there"), {});
    REQUIRE_MESSAGE(hello.has_value(), (hello.has_value() ? std::string() : hello.error().ToString()));
    CHECK(hello->message.text == "Mock reply to: hello there");
    CHECK(hello->usage.prompt_tokens > 0);
    CHECK(hello->stop_reason == "stop");

    ChatRequest r = Ask("what is the weather?");
    Result<ChatResponse> call = (*p)->Complete(r, {});
    REQUIRE_MESSAGE(call.has_value(), (call.has_value() ? std::string() : call.error().ToString()));
    REQUIRE(call->message.tool_calls.size() == 1);
    CHECK(call->message.tool_calls[0].name == "get_weather");
    CHECK(call->message.tool_calls[0].arguments == Json({{"city", "Paris"}}));
    CHECK(call->stop_reason == "tool_calls");
    CHECK(call->usage.prompt_tokens == 120);
    CHECK(call->usage.cached_tokens == 100);
    CHECK(call->usage.completion_tokens == 20);
    if (std::string(d.dialect) != "anthropic") CHECK(call->usage.reasoning_tokens == 8);
    if (std::string(d.type) == "OPENAI") {
      // gpt-4o-mini: 20*0.15 + 100*0.075 + 20*0.60 per 1M
      REQUIRE(call->usage.cost_usd);
      CHECK(*call->usage.cost_usd == doctest::Approx((3.0 + 7.5 + 12.0) / 1e6));
    }
    Result<ChatResponse> final_answer = AnswerTools(**p, r, *call, "sunny");
    REQUIRE_MESSAGE(final_answer.has_value(),
                    (final_answer.has_value() ? std::string() : final_answer.error().ToString()));
    CHECK(final_answer->message.text == "Forecast: sunny in Paris");
    CHECK(s.mock.request_count(d.dialect) == before + 3);
  }
  CHECK(s.mock.last_headers("anthropic")["x-api-key"] == "test-token-ANTHROPIC");
  CHECK(s.mock.last_headers("azure")["api-key"] == "test-token-AZURE");
  CHECK(s.mock.last_headers("gemini")["x-goog-api-key"] == "test-token-GOOGLE");
  CHECK(s.mock.last_request("anthropic")["messages"][2]["content"][0]["type"] == "tool_result");
  // Gemini's signed content came back verbatim.
  CHECK(s.mock.last_request("gemini")["contents"][1]["parts"][0].contains("thoughtSignature"));
}

TEST_CASE("parallel tool calls with text in the same reply / in every dialect") {
  Server s;
  for (const Dialect& d : Dialects()) {
    CAPTURE(d.type);
    auto p = MakeProvider(Config(d.type, s.mock.base_url() + d.base_suffix, d.model), {});
    REQUIRE(p);
    ChatRequest r = Ask("forecast for both cities");
    Result<ChatResponse> call = (*p)->Complete(r, {});
    REQUIRE_MESSAGE(call.has_value(), (call.has_value() ? std::string() : call.error().ToString()));
    CHECK(call->message.text == "Checking two cities.");
    REQUIRE(call->message.tool_calls.size() == 2);
    CHECK(call->message.tool_calls[1].arguments["city"] == "Oslo");
    CHECK(call->message.tool_calls[0].id != call->message.tool_calls[1].id);
    Result<ChatResponse> done = AnswerTools(**p, r, *call, "rain");
    REQUIRE(done);
    CHECK(done->message.text == "done");
  }
  // Both results went back in one Gemini user content and one Anthropic user message.
  CHECK(s.mock.last_request("gemini")["contents"][2]["parts"].size() == 2);
  CHECK(s.mock.last_request("anthropic")["messages"][2]["content"].size() == 2);
}

TEST_CASE("error classes from the mock: 401 / 404 / 500 / truncated body / invalid tool JSON / no content / timeout") {
  Server s;
  for (const Dialect& d : Dialects()) {
    if (std::string(d.type) == "VERTEX" || std::string(d.type) == "GROQ") continue;
    CAPTURE(d.type);
    config::Provider cfg = Config(d.type, s.mock.base_url() + d.base_suffix, d.model);
    cfg.timeout = std::chrono::milliseconds(500);
    auto p = MakeProvider(cfg, {});
    REQUIRE(p);
    const auto code = [&](const char* prompt) {
      Result<ChatResponse> r = (*p)->Complete(Ask(prompt), {});
      return r ? ErrorCode::kInternal : r.error().code;
    };
    CHECK(code("unauthorized") == ErrorCode::kAuth);
    Result<ChatResponse> missing = (*p)->Complete(Ask("missing model"), {});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::kNotFound);
    CHECK(missing.error().http_status == 404);
    CHECK(missing.error().message.find("does not exist") != std::string::npos);
    CHECK(code("broken server") == ErrorCode::kServer);
    CHECK(code("truncate please") == ErrorCode::kParse);
    CHECK(code("nothing at all") == ErrorCode::kModel);
    CHECK(code("slow one") == ErrorCode::kTimeout);
    Result<ChatResponse> bad = (*p)->Complete(Ask("bad args"), {});
    REQUIRE(bad);
    REQUIRE(bad->message.tool_calls.size() == 1);
    CHECK_FALSE(bad->message.tool_calls[0].arguments_valid);
    CHECK_FALSE(bad->message.tool_calls[0].arguments_raw.empty());
  }
}

TEST_CASE("a real 429 with Retry-After: 1 is retried after the server's wait") {
  Server s;
  config::Provider cfg = Config("OPENAI", s.mock.base_url() + "/v1", "gpt-4o-mini");
  cfg.retry.retry_on_429 = true;
  auto p = MakeProvider(cfg, {});
  REQUIRE(p);
  const auto started = std::chrono::steady_clock::now();
  Result<ChatResponse> r = (*p)->Complete(Ask("limited once"), {});
  const double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  REQUIRE_MESSAGE(r.has_value(), (r.has_value() ? std::string() : r.error().ToString()));
  CHECK(r->message.text == "after the wait");
  CHECK(r->retries == 1);
  CHECK(r->rate_limit_hits == 1);
  CHECK(r->wait_ms >= 1900);  // 1 s asked + 1 s buffer
  CHECK(elapsed >= 1900);
  CHECK(elapsed < 20'000);
}

TEST_CASE("rpm limit holds across concurrent callers sharing one provider") {
  Server s;
  config::Provider cfg = Config("OPENAI", s.mock.base_url() + "/v1", "gpt-4o-mini");
  cfg.rate_limits.rpm = 240;  // 4 per second, burst 4
  auto p = MakeProvider(cfg, {});
  REQUIRE(p);
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0}, throttled{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 3; ++i) {
        Result<ChatResponse> r = (*p)->Complete(Ask("hello"), {});
        if (r) ++ok;
        if (r && r->throttled) ++throttled;
      }
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(ok == 12);
  CHECK(throttled >= 8);
  CHECK(elapsed >= 1.8);  // 12 requests, 4 at once, then 4 per second: at least 2 s
  CHECK(elapsed < 30);
  CHECK(s.mock.request_count("openai") == 12);
}

TEST_CASE("default tool mode calls a tool named in the prompt with key=value arguments / then answers") {
  MockLlmServer mock;
  REQUIRE(mock.Start(0, {}).ok());
  auto p = MakeProvider(Config("OPENAI", mock.base_url() + "/v1", "gpt-4o-mini"), {});
  REQUIRE(p);
  ChatRequest r = Ask("use get_weather with city=Lyon days=3 metric=true");
  Result<ChatResponse> call = (*p)->Complete(r, {});
  REQUIRE(call);
  REQUIRE(call->message.tool_calls.size() == 1);
  CHECK(call->message.tool_calls[0].arguments == Json({{"city", "Lyon"}, {"days", 3}, {"metric", true}}));
  Result<ChatResponse> done = AnswerTools(**p, r, *call, "cloudy");
  REQUIRE(done);
  CHECK(done->message.text == "The get_weather tool returned: cloudy in Lyon");
}

TEST_CASE("MOCK provider type runs an in-process server from a script relative to base_dir") {
  const std::string dir = std::string(AB_BINARY_DIR) + "/llm_mock_provider_test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir + "/script.yaml");
    out << "rules:\n  - match: {regex: \"^ping\"}\n    reply: {text: pong}\n";
  }
  config::Provider cfg;
  cfg.name = "m";
  cfg.type = "mock";
  cfg.mock_script = "script.yaml";
  ProviderOptions options;
  options.base_dir = dir;
  auto p = MakeProvider(cfg, options);
  REQUIRE_MESSAGE(p.has_value(), (p.has_value() ? std::string() : p.error().ToString()));
  CHECK((*p)->model() == "mock-model");
  Result<ChatResponse> r = (*p)->Complete(Ask("ping"), {});
  REQUIRE(r);
  CHECK(r->message.text == "pong");
  CHECK(r->model == "mock-model");
}

TEST_CASE("unknown provider type is a config error with a suggestion") {
  config::Provider cfg;
  cfg.name = "x";
  cfg.type = "ANTHROPIK";
  auto p = MakeProvider(cfg, {});
  REQUIRE_FALSE(p);
  CHECK(p.error().code == ErrorCode::kConfig);
  CHECK(p.error().message.find("did you mean 'ANTHROPIC'") != std::string::npos);
}

}  // namespace
}  // namespace ab::llm
