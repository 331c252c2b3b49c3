// Sampling and elicitation exchanges (mcp/sampling.h): what a server's sampling request is read into and refused
// for, the CreateMessageResult sent back, and, through McpClient over a scripted transport, both eras' requests
// answered by a sampler, recorded on the tool call, bounded per call, and the capability advertised only when a
// sampler answers.
#include "mcp/sampling.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "base/redact.h"
#include "fake_transport.h"
#include "mcp/client.h"

namespace ab::mcp {
namespace {

using testing::FakeTransport;

Json TextMessage(const std::string& role, const std::string& text) {
  return {{"role", role}, {"content", {{"type", "text"}, {"text", text}}}};
}

std::string Refusal(const Json& params, const SamplingLimits& limits = {}) {
  auto read = ReadSamplingRequest(params, limits);
  if (auto* failure = std::get_if<RpcFailure>(&read)) {
    CHECK(failure->code == kInvalidParams);
    return failure->message;
  }
  return "";
}

TEST_CASE("a sampling request is read text only, with maxTokens capped and temperature kept") {
  SamplingLimits limits;
  limits.max_tokens = 100;
  Json params = {{"systemPrompt", "Be brief."},
                 {"messages", Json::array({TextMessage("user", "hi"),
                                           TextMessage("assistant", "hello"),
                                           {{"role", "user"},
                                            {"content", Json::array({{{"type", "text"}, {"text", "a"}},
                                                                     {{"type", "text"}, {"text", "b"}}})}}})},
                 {"maxTokens", 5000},
                 {"temperature", 0.3}};
  auto read = ReadSamplingRequest(params, limits);
  REQUIRE(std::holds_alternative<SamplingRequest>(read));
  const SamplingRequest& r = std::get<SamplingRequest>(read);
  CHECK(r.system_prompt == "Be brief.");
  REQUIRE(r.messages.size() == 3);
  CHECK(r.messages[1].role == "assistant");
  CHECK(r.messages[2].text == "a\nb");  // a 2025-11-25 content array, joined
  CHECK(r.max_tokens == 100);
  CHECK(r.temperature == 0.3);
  params["maxTokens"] = 1e300;  // a hostile value caps, never overflows
  CHECK(std::get<SamplingRequest>(ReadSamplingRequest(params, limits)).max_tokens == 100);
  params["maxTokens"] = static_cast<uint64_t>(18446744073709551615ULL);
  CHECK(std::get<SamplingRequest>(ReadSamplingRequest(params, limits)).max_tokens == 100);
  params["maxTokens"] = 20;
  CHECK(std::get<SamplingRequest>(ReadSamplingRequest(params, limits)).max_tokens == 20);
}

TEST_CASE("sampling requests agent-bench cannot answer are refused with a sentence naming why") {
  Json image = {
      {"messages", Json::array({{{"role", "user"},
                                 {"content", {{"type", "image"}, {"data", "AAAA"}, {"mimeType", "image/png"}}}}})},
      {"maxTokens", 10}};
  CHECK(Refusal(image) ==
        "agent-bench answers sampling requests with text only: sampling message 1 has content of "
        "type 'image'");
  Json tools = {{"messages", Json::array({TextMessage("user", "x")})},
                {"maxTokens", 10},
                {"tools", Json::array({{{"name", "t"}}})}};
  CHECK(Refusal(tools).find("does not answer sampling requests with tools") != std::string::npos);
  CHECK(Refusal(Json{{"messages", Json::array()}, {"maxTokens", 10}}) == "sampling/createMessage has no messages");
  CHECK(Refusal(Json{{"messages", Json::array({TextMessage("system", "x")})}, {"maxTokens", 10}}) ==
        "sampling message 1 has role 'system'; expected user or assistant");
  SamplingLimits small;
  small.max_messages = 2;
  small.max_message_bytes = 8;
  small.max_total_bytes = 12;
  Json many = {
      {"messages", Json::array({TextMessage("user", "a"), TextMessage("user", "b"), TextMessage("user", "c")})}};
  CHECK(Refusal(many, small) ==
        "the sampling request has 3 messages; agent-bench takes at most 2 (sampling message count limit)");
  Json big = {{"messages", Json::array({TextMessage("user", "123456789")})}};
  CHECK(Refusal(big, small) ==
        "sampling message 1 is 9 bytes; agent-bench takes at most 8 (sampling message size limit)");
  Json total = {{"messages", Json::array({TextMessage("user", "1234567"), TextMessage("user", "1234567")})}};
  CHECK(Refusal(total, small) == "the sampling request's texts exceed 12 bytes (sampling total size limit)");
  CHECK(Refusal(Json{{"messages", Json::array({TextMessage("user", "x")})}, {"maxTokens", 0}}) ==
        "sampling maxTokens must be at least 1");
}

TEST_CASE("the CreateMessageResult names the model and maps the stop reason") {
  SamplingReply reply{"Rain", "m-1", "length", {}, 0};
  CHECK(CreateMessageResult(reply) == Json{{"role", "assistant"},
                                           {"content", {{"type", "text"}, {"text", "Rain"}}},
                                           {"model", "m-1"},
                                           {"stopReason", "maxTokens"}});
  reply.stop_reason = "stop";
  CHECK(CreateMessageResult(reply)["stopReason"] == "endTurn");
}

TEST_CASE("the record of what was asked is redacted and bounded, whatever the server sends") {
  RegisterSecret("sk-sampling-secret-42");
  ExchangePolicy decline;
  ExchangeScope scope;
  scope.deadline = std::chrono::steady_clock::now() + Millis(1000);
  Json blocks = Json::array();
  for (int i = 0; i < 64; ++i) blocks.push_back({{"type", "text"}, {"text", std::string(3000, 'x')}});
  Json messages = Json::array();
  for (int i = 0; i < 40; ++i) messages.push_back({{"role", "user"}, {"content", blocks}});
  Json params = {{"systemPrompt", "key sk-sampling-secret-42 " + std::string(5000, 'y')},
                 {"messages", messages},
                 {"maxTokens", 10}};
  ServerExchange record;
  auto outcome = AnswerExchange("sampling/createMessage", params, decline, scope, &record);
  REQUIRE(std::holds_alternative<RpcFailure>(outcome));
  CHECK(std::get<RpcFailure>(outcome).code == -1);
  CHECK(record.action == "declined");
  CHECK(record.asked["messageCount"] == 40);
  CHECK_FALSE(record.asked.contains("messages"));
  CHECK(record.asked["omitted"] == "what was asked is over 16000 bytes; messages not kept");
  const std::string system = record.asked["systemPrompt"];
  CHECK(system.find("sk-sampling-secret-42") == std::string::npos);
  CHECK(system.size() < 2100);

  ServerExchange small;
  (void)AnswerExchange("sampling/createMessage",
                       Json{{"messages", Json::array({TextMessage("user", "use sk-sampling-secret-42")})}}, decline,
                       scope, &small);
  REQUIRE(small.asked["messages"].size() == 1);
  CHECK(small.asked["messages"][0]["content"]["text"].get<std::string>().find("sk-sampling-secret-42") ==
        std::string::npos);
}

// A 2025-11-25 server whose tool `sample` sends |asks| sampling requests, one after the other, then reports the
// last answer it got.
struct LegacySampler {
  FakeTransport* transport = nullptr;
  int asks = 1;
  int asked = 0;
  Json call_id;
  Json capabilities;
  Json last_answer;
  Json SamplingRequestMessage() {
    ++asked;
    return {
        {"jsonrpc", "2.0"},
        {"id", "s" + std::to_string(asked)},
        {"method", "sampling/createMessage"},
        {"params",
         {{"systemPrompt", "sys"}, {"messages", Json::array({TextMessage("user", "question")})}, {"maxTokens", 5000}}}};
  }
  Json Answer(const Json& sent) {
    if (!sent.contains("method") && sent.contains("id")) {  // our answer to a server request
      last_answer = sent;
      if (asked < asks) return SamplingRequestMessage();
      const std::string text = sent.contains("result") ? sent["result"]["content"]["text"].get<std::string>()
                                                       : "error " + sent["error"]["message"].get<std::string>();
      return {{"jsonrpc", "2.0"},
              {"id", call_id},
              {"result", {{"content", Json::array({{{"type", "text"}, {"text", text}}})}}}};
    }
    if (!sent.contains("id")) return Json();
    const std::string method = sent["method"];
    auto reply = [&](Json result) {
      return Json{{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"result", std::move(result)}};
    };
    if (method == "server/discover") {
      return {{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"error", {{"code", -32601}, {"message", "Method not found"}}}};
    }
    if (method == "initialize") {
      capabilities = sent["params"]["capabilities"];
      return reply({{"protocolVersion", "2025-11-25"}, {"capabilities", {{"tools", Json::object()}}}});
    }
    if (method == "tools/list") {
      return reply({{"tools", Json::array({{{"name", "sample"}, {"inputSchema", {{"type", "object"}}}}})}});
    }
    if (method == "tools/call") {
      call_id = sent["id"];
      return SamplingRequestMessage();
    }
    return Json();
  }
};

// A sampler that records what it was asked.
struct RecordingSampler {
  int calls = 0;
  SamplingRequest last;
  std::chrono::steady_clock::time_point deadline;
  SampleFn Fn() {
    return [this](const SamplingRequest& r, std::chrono::steady_clock::time_point d,
                  const std::atomic<bool>*) -> Result<SamplingReply> {
      ++calls;
      last = r;
      deadline = d;
      Usage usage;
      usage.prompt_tokens = 12;
      usage.completion_tokens = 3;
      return SamplingReply{"model says " + r.messages.back().text, "m-7", "stop", usage, 4.5};
    };
  }
};

ClientOptions SamplingOptions(RecordingSampler& sampler) {
  ClientOptions options;
  options.server_name = "s";
  options.sampling = "provider";
  options.sampling_provider = "p";
  options.sampling_limits.max_tokens = 64;
  options.sampler = sampler.Fn();
  return options;
}

TEST_CASE("a 2025-11-25 sampling request is answered by the sampler and recorded on its tool call") {
  auto owned = std::make_unique<FakeTransport>();
  LegacySampler server;
  server.transport = owned.get();
  owned->responder = [&](const Json& sent) { return server.Answer(sent); };
  RecordingSampler sampler;
  McpClient client(std::move(owned), SamplingOptions(sampler));
  REQUIRE(client.Connect().ok());
  CHECK(server.capabilities.contains("sampling"));  // advertised: a provider answers
  REQUIRE(client.ListTools().has_value());
  ToolProgress record;
  const auto before = std::chrono::steady_clock::now();
  auto result = client.CallToolWithProgress("sample", Json::object(), Millis(5000), nullptr, &record);
  REQUIRE_MESSAGE(result.has_value(), (result ? "" : result.error().message));
  CHECK(result->Text() == "model says question");
  CHECK(server.last_answer["result"] == Json{{"role", "assistant"},
                                             {"content", {{"type", "text"}, {"text", "model says question"}}},
                                             {"model", "m-7"},
                                             {"stopReason", "endTurn"}});
  CHECK(sampler.last.system_prompt == "sys");
  CHECK(sampler.last.max_tokens == 64);  // asked 5000, capped by the policy
  // The model's deadline is inside the call's.
  CHECK(sampler.deadline < before + Millis(5000));
  REQUIRE(record.exchanges.size() == 1);
  CHECK(record.exchange_count == 1);
  const ServerExchange& x = record.exchanges[0];
  CHECK(x.method == "sampling/createMessage");
  CHECK(x.via == "request");
  CHECK(x.action == "answered");
  CHECK(x.provider == "p");
  CHECK(x.model == "m-7");
  CHECK(x.text == "model says question");
  CHECK(x.usage.total() == 15);
  CHECK(x.latency_ms == 4.5);
  CHECK(x.asked["systemPrompt"] == "sys");
  CHECK(x.asked["maxTokens"] == 5000);
}

TEST_CASE("a server asking for sampling over and over in one call gets at most 32 model answers") {
  auto owned = std::make_unique<FakeTransport>();
  LegacySampler server;
  server.asks = 40;
  owned->responder = [&](const Json& sent) { return server.Answer(sent); };
  RecordingSampler sampler;
  McpClient client(std::move(owned), SamplingOptions(sampler));
  REQUIRE(client.Connect().ok());
  REQUIRE(client.ListTools().has_value());
  ToolProgress record;
  auto result = client.CallToolWithProgress("sample", Json::object(), Millis(5000), nullptr, &record);
  REQUIRE(result.has_value());
  CHECK(sampler.calls == 32);
  CHECK(record.exchange_count == 40);
  CHECK(record.exchanges.size() == 32);
  CHECK(server.last_answer["error"]["code"] == -1);
  CHECK(result->Text() ==
        "error User rejected sampling request (agent-bench answers at most 32 requests per tool call)");
}

TEST_CASE("sampling: provider without a sampler (a command without providers) declines and does not advertise") {
  auto owned = std::make_unique<FakeTransport>();
  LegacySampler server;
  owned->responder = [&](const Json& sent) { return server.Answer(sent); };
  RecordingSampler sampler;
  ClientOptions options = SamplingOptions(sampler);
  options.sampler = nullptr;
  McpClient client(std::move(owned), options);
  REQUIRE(client.Connect().ok());
  CHECK_FALSE(server.capabilities.contains("sampling"));
  REQUIRE(client.ListTools().has_value());
  ToolProgress record;
  auto result = client.CallToolWithProgress("sample", Json::object(), Millis(5000), nullptr, &record);
  REQUIRE(result.has_value());
  CHECK(result->Text() == "error User rejected sampling request (provider 'p' is not available to this command)");
  REQUIRE(record.exchanges.size() == 1);
  CHECK(record.exchanges[0].action == "declined");
}

// A 2026-07-28 server whose tool asks for sampling and elicitation as inputRequests and echoes the responses.
Json ModernAnswer(const Json& sent, Json& responses) {
  if (!sent.contains("id")) return Json();
  const std::string method = sent["method"];
  auto reply = [&](Json result) { return Json{{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"result", std::move(result)}}; };
  if (method == "server/discover") {
    return reply({{"supportedVersions", Json::array({"2026-07-28"})}, {"capabilities", {{"tools", Json::object()}}}});
  }
  if (method == "tools/list")
    return reply({{"tools", Json::array({{{"name", "t"}, {"inputSchema", {{"type", "object"}}}}})}});
  if (method == "tools/call" && !sent["params"].contains("inputResponses")) {
    return reply(
        {{"resultType", "input_required"},
         {"inputRequests",
          {{"m",
            {{"method", "sampling/createMessage"},
             {"params", {{"messages", Json::array({TextMessage("user", "q")})}, {"maxTokens", 8}}}}},
           {"e",
            {{"method", "elicitation/create"},
             {"params",
              {{"message", "city?"}, {"requestedSchema", {{"properties", {{"city", {{"default", "Lyon"}}}}}}}}}}}}}});
  }
  if (method == "tools/call") {
    responses = sent["params"]["inputResponses"];
    return reply({{"content", Json::array({{{"type", "text"}, {"text", "ok"}}})}});
  }
  return Json();
}

TEST_CASE("2026-07-28 inputRequests for sampling and elicitation are answered and both exchanges recorded") {
  auto owned = std::make_unique<FakeTransport>();
  Json responses;
  Json capabilities;
  owned->responder = [&](const Json& sent) {
    if (sent.contains("params") && sent["params"].contains("_meta"))
      capabilities = sent["params"]["_meta"]["io.modelcontextprotocol/clientCapabilities"];
    return ModernAnswer(sent, responses);
  };
  RecordingSampler sampler;
  ClientOptions options = SamplingOptions(sampler);
  options.elicitation = "accept_defaults";
  McpClient client(std::move(owned), options);
  REQUIRE(client.Connect().ok());
  REQUIRE(client.ListTools().has_value());
  ToolProgress record;
  auto result = client.CallToolWithProgress("t", Json::object(), Millis(5000), nullptr, &record);
  REQUIRE_MESSAGE(result.has_value(), (result ? "" : result.error().message));
  CHECK(capabilities.contains("sampling"));
  CHECK(responses["m"]["content"]["text"] == "model says q");
  CHECK(responses["m"]["role"] == "assistant");
  CHECK(responses["e"] == Json{{"action", "accept"}, {"content", {{"city", "Lyon"}}}});
  REQUIRE(record.exchanges.size() == 2);
  for (const ServerExchange& x : record.exchanges) {
    CHECK(x.via == "input_required");
    if (x.method == "elicitation/create") {
      CHECK(x.action == "accept");
      CHECK(x.asked["message"] == "city?");
      CHECK(x.content == Json{{"city", "Lyon"}});
    } else {
      CHECK(x.action == "answered");
      CHECK(x.text == "model says q");
    }
  }
}

TEST_CASE("a failing model leaves the sampling input out and records why") {
  auto owned = std::make_unique<FakeTransport>();
  Json responses;
  owned->responder = [&](const Json& sent) { return ModernAnswer(sent, responses); };
  ClientOptions options;
  options.sampling = "provider";
  options.sampling_provider = "p";
  options.sampler = [](const SamplingRequest&, std::chrono::steady_clock::time_point,
                       const std::atomic<bool>*) -> Result<SamplingReply> {
    return Error(ErrorCode::kRateLimited, "429 from the vendor after 3 retries");
  };
  McpClient client(std::move(owned), options);
  REQUIRE(client.Connect().ok());
  REQUIRE(client.ListTools().has_value());
  ToolProgress record;
  auto result = client.CallToolWithProgress("t", Json::object(), Millis(5000), nullptr, &record);
  REQUIRE(result.has_value());
  CHECK_FALSE(responses.contains("m"));
  CHECK(responses["e"]["action"] == "decline");
  auto sampling = std::find_if(record.exchanges.begin(), record.exchanges.end(),
                               [](const ServerExchange& x) { return x.method == "sampling/createMessage"; });
  REQUIRE(sampling != record.exchanges.end());
  CHECK(sampling->action == "error");
  CHECK(sampling->error == "sampling with provider 'p' failed: 429 from the vendor after 3 retries");
}

// Requests a server makes outside tool calls: answered, kept on the connection and handed out once per take.

Json LooseRequest(const std::string& id, const std::string& method) {
  Json params =
      method == "sampling/createMessage"
          ? Json{{"messages", Json::array({TextMessage("user", "between calls")})}, {"maxTokens", 8}}
          : Json{{"message", "Your city?"}, {"requestedSchema", {{"properties", {{"city", {{"default", "Lyon"}}}}}}}};
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

// Waits (up to 5 s) until the client answered the server request with id |id|; returns that answer.
Json AnswerTo(FakeTransport& transport, const std::string& id) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < until) {
    for (const Json& m : transport.sent())
      if (!m.contains("method") && m.contains("id") && m["id"] == id) return m;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return Json();
}

// A 2025-11-25 server that asks for elicitation right after notifications/initialized, before any call.
struct EagerAsker {
  LegacySampler server;
  FakeTransport* transport = nullptr;
  Json Answer(const Json& sent) {
    if (sent.value("method", "") == "notifications/initialized") return LooseRequest("hello", "elicitation/create");
    if (!sent.contains("method") && sent.contains("id") && sent["id"].is_string() &&
        sent["id"].get<std::string>().rfind("s", 0) != 0) {
      return Json();  // our answer to a request made outside calls
    }
    return server.Answer(sent);
  }
};

TEST_CASE("a request a server makes outside tool calls is on the next record taken, and only that one") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport& transport = *owned;
  EagerAsker asker;
  owned->responder = [&](const Json& sent) { return asker.Answer(sent); };
  RecordingSampler sampler;
  ClientOptions options = SamplingOptions(sampler);
  options.elicitation = "accept_defaults";
  McpClient client(std::move(owned), options);
  REQUIRE(client.Connect().ok());
  REQUIRE(client.ListTools().has_value());
  CHECK(AnswerTo(transport, "hello")["result"] == Json{{"action", "accept"}, {"content", {{"city", "Lyon"}}}});

  ServerProtocol first = client.protocol();
  client.TakeExchanges(&first);
  CHECK(first.exchange_count == 1);
  REQUIRE(first.exchanges.size() == 1);
  CHECK(first.exchanges[0].method == "elicitation/create");
  CHECK(first.exchanges[0].via == "request");
  CHECK(first.exchanges[0].action == "accept");
  CHECK(first.exchanges[0].asked["message"] == "Your city?");
  CHECK(first.exchanges[0].content == Json{{"city", "Lyon"}});

  ServerProtocol second = client.protocol();
  client.TakeExchanges(&second);
  CHECK(second.exchange_count == 0);
  CHECK(second.exchanges.empty());

  // Between calls: a sampling request is answered by the model and goes on the following record.
  transport.Deliver(LooseRequest("between", "sampling/createMessage"));
  CHECK(AnswerTo(transport, "between")["result"]["content"]["text"] == "model says between calls");
  ServerProtocol third = client.protocol();
  client.TakeExchanges(&third);
  REQUIRE(third.exchanges.size() == 1);
  CHECK(third.exchanges[0].action == "answered");
  CHECK(third.exchanges[0].usage.total() == 15);
  // A call's own request stays on the call, not on the server's record.
  ToolProgress record;
  auto result = client.CallToolWithProgress("sample", Json::object(), Millis(5000), nullptr, &record);
  REQUIRE(result.has_value());
  CHECK(record.exchange_count == 1);
  ServerProtocol fourth = client.protocol();
  client.TakeExchanges(&fourth);
  CHECK(fourth.exchange_count == 0);
}

TEST_CASE("requests outside tool calls: every one counted, 32 kept and 32 model answers per record") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport& transport = *owned;
  EagerAsker asker;
  owned->responder = [&](const Json& sent) {
    if (sent.value("method", "") == "notifications/initialized") return Json();
    return asker.Answer(sent);
  };
  RecordingSampler sampler;
  McpClient client(std::move(owned), SamplingOptions(sampler));
  REQUIRE(client.Connect().ok());
  int answered = 0;
  int refused = 0;
  // One at a time, as a server that waits for each answer: 40 at once would also meet the connection's limit on
  // requests waiting to be answered (32, tests/mcp/jsonrpc_test.cc), which is not the bound tested here.
  for (int i = 0; i < 40; ++i) {
    transport.Deliver(LooseRequest("x" + std::to_string(i), "sampling/createMessage"));
    const Json answer = AnswerTo(transport, "x" + std::to_string(i));
    if (answer.contains("result")) ++answered;
    if (answer.contains("error")) {
      ++refused;
      CHECK(answer["error"]["message"] ==
            "User rejected sampling request (agent-bench answers at most 32 requests outside tool calls)");
    }
  }
  CHECK(answered == 32);
  CHECK(refused == 8);
  CHECK(sampler.calls == 32);
  ServerProtocol taken = client.protocol();
  client.TakeExchanges(&taken);
  CHECK(taken.exchange_count == 40);
  REQUIRE(taken.exchanges.size() == ServerProtocol::kMaxExchanges);
  CHECK(taken.exchanges.front().asked["messages"][0]["content"]["text"] == "between calls");
  // The bound is per record: after the take the model answers again.
  transport.Deliver(LooseRequest("y", "sampling/createMessage"));
  CHECK(AnswerTo(transport, "y").contains("result"));
  CHECK(sampler.calls == 33);
}

TEST_CASE("a request answered after its tool call timed out goes on the server's record") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport& transport = *owned;
  std::thread late;
  owned->responder = [&](const Json& sent) -> Json {
    if (!sent.contains("id") || !sent.contains("method")) return Json();
    const std::string method = sent["method"];
    auto reply = [&](Json result) {
      return Json{{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"result", std::move(result)}};
    };
    if (method == "server/discover") {
      return {{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"error", {{"code", -32601}, {"message", "no"}}}};
    }
    if (method == "initialize") {
      return reply({{"protocolVersion", "2025-11-25"}, {"capabilities", {{"tools", Json::object()}}}});
    }
    if (method == "tools/list") {
      return reply({{"tools", Json::array({{{"name", "slow"}, {"inputSchema", {{"type", "object"}}}}})}});
    }
    if (method == "tools/call") {  // asks for sampling from another thread and never answers the call
      late = std::thread([&transport] { transport.Deliver(LooseRequest("late", "sampling/createMessage")); });
    }
    return Json();
  };
  std::atomic<bool> call_ended{false};
  ClientOptions options;
  options.server_name = "s";
  options.sampling = "provider";
  options.sampling_provider = "p";
  options.sampler = [&](const SamplingRequest&, std::chrono::steady_clock::time_point,
                        const std::atomic<bool>*) -> Result<SamplingReply> {
    // The model answers only once the call it was asked for has timed out.
    for (int i = 0; i < 500 && !call_ended.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return SamplingReply{"too late", "m-7", "stop", {}, 1};
  };
  McpClient client(std::move(owned), options);
  REQUIRE(client.Connect().ok());
  REQUIRE(client.ListTools().has_value());
  ToolProgress record;
  auto result = client.CallToolWithProgress("slow", Json::object(), Millis(1000), nullptr, &record);
  call_ended.store(true);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == ErrorCode::kTimeout);
  CHECK(AnswerTo(transport, "late")["result"]["content"]["text"] == "too late");
  if (late.joinable()) late.join();
  CHECK(record.exchange_count == 0);
  ServerProtocol taken = client.protocol();
  client.TakeExchanges(&taken);
  REQUIRE(taken.exchanges.size() == 1);
  CHECK(taken.exchanges[0].action == "answered");
  CHECK(taken.exchanges[0].text == "too late");
}

}  // namespace
}  // namespace ab::mcp
