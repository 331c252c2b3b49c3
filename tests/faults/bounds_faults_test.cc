// Hostile input, end to end: a model reply and an MCP tool result nested 60 000 levels deep, a 429 whose body is
// "retry after" and 100 000 spaces, a 100 kB prompt through the mock LLM's matcher, a test file saved as Latin-1,
// a template bomb and a timeout that would overflow. None may end agent-bench by a signal: each is an error that
// names the limit (in the report, or at load with exit code 2), and the other tests carry on.
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <thread>

#include "base/json_dump.h"
#include "harness.h"

namespace ab::faults {
namespace {

constexpr int kBoundsDeep = 60'000;

bool Mentions(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

/// An OpenAI-compatible provider on a loopback port: /deep answers with a body nested 60 000 levels deep,
/// /flood answers 429 with "retry after" and 100 000 spaces.
class HostileProvider {
 public:
  HostileProvider() {
    server_.Post("/deep/v1/chat/completions", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"id":"c","object":"chat.completion","model":"m","choices":[{"index":0,"message":)"
                      R"({"role":"assistant","content":"hi"},"finish_reason":"stop"}],"extra":)" +
                          std::string(kBoundsDeep, '[') + std::string(kBoundsDeep, ']') + "}",
                      "application/json");
    });
    server_.Post("/flood/v1/chat/completions", [](const httplib::Request&, httplib::Response& res) {
      res.status = 429;
      res.set_content("retry after" + std::string(100'000, ' '), "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~HostileProvider() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

std::string HostileFile(int port) {
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  return "providers:\n"
         "  - {name: deep-model, type: OPENAI_COMPATIBLE, model: m, baseUrl: " +
         base +
         "/deep/v1}\n"
         "  - name: flood-model\n"
         "    type: OPENAI_COMPATIBLE\n"
         "    model: m\n"
         "    baseUrl: " +
         base +
         "/flood/v1\n"
         "    retry: {retry_on_429: true, max_retries: 1}\n"
         "  - {name: mock, type: MOCK}\n"
         "servers:\n"
         "  - name: deep-server\n"
         "    type: stdio\n"
         "    command: node\n"
         "    args: [\"{{FAULTS_DATA}}/bounds-deep-server.js\"]\n"
         "agents:\n"
         "  - {name: deep-reply, provider: deep-model, servers: [{name: deep-server}]}\n"
         "  - {name: flooded, provider: flood-model, servers: [{name: deep-server}]}\n"
         "  - {name: tools, provider: mock, servers: [{name: deep-server}]}\n"
         "settings:\n"
         "  max_iterations: 3\n"
         "  tool_timeout: 30s\n"
         "sessions:\n"
         "  - name: Replies\n"
         "    tests:\n"
         "      - {name: Deep reply, agent: deep-reply, prompt: hi}\n"
         "      - {name: Retry after flood, agent: flooded, prompt: hi}\n"
         "  - name: Tools\n"
         "    tests:\n"
         "      - name: Deep tool result\n"
         "        agent: tools\n"
         "        prompt: Please call deep\n"
         "        assertions: [{type: no_error_messages}]\n"
         "      - name: Huge prompt\n"
         "        agent: tools\n"
         "        prompt: Please call echo message=" +
         std::string(100'000, 'x') +
         "\n"
         "        assertions: [{type: output_contains, value: 'echo: xxxxxxxxxx'}]\n"
         "      - name: Still fine\n"
         "        agent: tools\n"
         "        prompt: Please call echo message=fine\n"
         "        assertions: [{type: output_contains, value: 'echo: fine'}]\n";
}

}  // namespace

TEST_CASE("bounds: deep replies and tool results, a retry-after flood and a huge prompt are errors, not crashes") {
  HostileProvider provider;
  REQUIRE(provider.port() > 0);
  const std::string dir = e2e::MakeTempDir("bounds-input-hostile");
  WriteFile(dir + "/bounds-hostile.yaml", HostileFile(provider.port()));
  const Outcome o = RunBench("bounds-hostile", dir + "/bounds-hostile.yaml", WithArgs({"-j", "1"}, 120));
  INFO(o.process.err);
  CHECK_FALSE(o.process.timed_out);
  CHECK(o.process.exit_code == 1);  // tests errored; no signal (exit_code -1), no abort (134)
  REQUIRE(o.report.is_object());
  CHECK(o.seconds < 60 * kSlack);

  SUBCASE("a model reply nested 60 000 levels deep is refused by the depth limit") {
    const Json* run = FindRun(o.report, "Deep reply", "deep-reply");
    REQUIRE(run);
    CHECK((*run)["passed"] == false);
    const std::string errors = Errors(*run);
    INFO(errors);
    CHECK(Mentions(errors, "nested deeper than 512 levels (json_max_depth)"));
  }
  SUBCASE("a 429 whose body is 'retry after' and 100 000 spaces is a rate-limit error") {
    const Json* run = FindRun(o.report, "Retry after flood", "flooded");
    REQUIRE(run);
    CHECK((*run)["passed"] == false);
    const std::string errors = Errors(*run);
    INFO(errors);
    CHECK(Mentions(errors, "429"));
  }
  SUBCASE("an MCP tool result nested 60 000 levels deep fails that call naming the depth limit") {
    const Json* run = FindRun(o.report, "Deep tool result", "tools");
    REQUIRE(run);
    CHECK((*run)["passed"] == false);
    const std::string text = Errors(*run) + DumpJson((*run)["execution"]["toolCalls"]);
    INFO(text);
    CHECK(Mentions(text, "json_max_depth"));
    CHECK(Mentions(text, "deep-server"));
  }
  SUBCASE("a 100 kB prompt goes through the mock's matcher, and the session carries on") {
    for (const char* test : {"Huge prompt", "Still fine"}) {
      CAPTURE(test);
      const Json* run = FindRun(o.report, test, "tools");
      REQUIRE(run);
      INFO(Errors(*run));
      CHECK((*run)["passed"] == true);
    }
  }
}

TEST_CASE("bounds: a test file saved as Latin-1 loads with a warning at the first bad byte, and runs") {
  const std::string dir = e2e::MakeTempDir("bounds-input-latin1");
  const std::string file = dir + "/bounds-latin1.yaml";
  WriteFile(file,
            "providers:\n  - {name: mock, type: MOCK}\n"
            "servers:\n  - {name: sample, type: stdio, command: \"{{SAMPLE_SERVER}}\"}\n"
            "agents:\n  - {name: a, provider: mock, servers: [{name: sample}]}\n"
            "sessions:\n  - name: S\n    tests:\n"
            "      - name: Caf\xE9\n"  // line 10, column 18
            "        prompt: \"Say back cr\xE8me br\xFBl\xE9"
            "e\"\n"
            "        assertions: [{type: output_contains, value: \"Say back cr\"}]\n");
  const Outcome o = RunBench("bounds-latin1", file, WithArgs({}, 60));
  INFO(o.process.err);
  CHECK(o.process.exit_code == 0);
  CHECK(Mentions(o.process.err, "bounds-latin1.yaml:10:18: warning: the file is not valid UTF-8"));
  REQUIRE(o.report.is_object());
  const Json* run = FindRun(o.report, "Caf\xEF\xBF\xBD", "a");
  REQUIRE(run);
  CHECK((*run)["passed"] == true);
}

TEST_CASE("bounds: a template bomb stops at the value limit with exit code 2") {
  std::string yaml =
      "providers:\n  - {name: mock, type: MOCK}\n"
      "servers:\n  - {name: sample, type: stdio, command: \"{{SAMPLE_SERVER}}\"}\n"
      "agents:\n  - {name: a, provider: mock, servers: [{name: sample}]}\n"
      "variables:\n  v0: \"0123456789abcdef\"\n";
  for (int i = 1; i <= 40; ++i) {
    const std::string prev = "{{v" + std::to_string(i - 1) + "}}";
    yaml += "  v" + std::to_string(i) + ": \"" + prev + prev + "\"\n";
  }
  yaml += "sessions:\n  - name: S\n    tests:\n      - {name: T, prompt: \"{{v40}}\"}\n";
  const std::string dir = e2e::MakeTempDir("bounds-input-bomb");
  WriteFile(dir + "/bounds-bomb.yaml", yaml);
  const Outcome o = RunBench("bounds-bomb", dir + "/bounds-bomb.yaml", WithArgs({}, 60));
  INFO(o.process.err);
  CHECK(o.process.exit_code == 2);
  CHECK(Mentions(o.process.err, "variable 'v17'"));
  CHECK(Mentions(o.process.err, "larger than 1 MiB (the limit per templated value)"));
  CHECK(o.seconds < 20 * kSlack);
}

TEST_CASE("bounds: a timeout that would overflow the deadline is a load error naming the maximum") {
  const std::string dir = e2e::MakeTempDir("bounds-input-timeout");
  WriteFile(dir + "/bounds-timeout.yaml",
            "providers:\n  - {name: mock, type: MOCK}\n"
            "servers:\n  - {name: sample, type: stdio, command: \"{{SAMPLE_SERVER}}\"}\n"
            "agents:\n  - {name: a, provider: mock, servers: [{name: sample}]}\n"
            "settings:\n  test_timeout: 99999999999h\n"
            "sessions:\n  - name: S\n    tests:\n      - {name: T, prompt: hi}\n");
  const Outcome o = RunBench("bounds-timeout", dir + "/bounds-timeout.yaml", WithArgs({}, 60));
  INFO(o.process.err);
  CHECK(o.process.exit_code == 2);
  CHECK(Mentions(o.process.err,
                 "bounds-timeout.yaml:8:17: error: 'test_timeout': 99999999999h is longer than the "
                 "maximum of 7 days (168h)"));
}

}  // namespace ab::faults
