// TLS certificates are verified by default: an HTTPS MCP server and an HTTPS provider with a self-signed
// certificate (made with openssl for this test) are refused, and accepted only with `insecure: true` on that
// server or provider. The HTTPS endpoints run in this process: a minimal streamable-HTTP MCP server at /mcp and
// an OpenAI-compatible chat endpoint at /v1/chat/completions.
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "harness.h"

namespace ab::faults {
namespace {

/// A self-signed certificate for 127.0.0.1 in |dir| (cert.pem, key.pem); false when openssl is missing.
bool MakeCertificate(const std::string& dir) {
  const e2e::ProcessResult r =
      e2e::RunProcess({"/usr/bin/env", "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                       "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir + "/key.pem",
                       "-out", dir + "/cert.pem"},
                      {}, 60);
  return r.exit_code == 0 && std::filesystem::exists(dir + "/cert.pem");
}

/// The HTTPS endpoints, served on a free loopback port for the test's lifetime.
class TlsServer {
 public:
  explicit TlsServer(const std::string& dir) : server_((dir + "/cert.pem").c_str(), (dir + "/key.pem").c_str()) {
    server_.Post("/v1/chat/completions", [](const httplib::Request&, httplib::Response& res) {
      const Json reply = {{"id", "chatcmpl-tls"},
                          {"object", "chat.completion"},
                          {"created", 1763776889},
                          {"model", "tls-model"},
                          {"choices",
                           {{{"index", 0},
                             {"message", {{"role", "assistant"}, {"content", "answer over tls"}}},
                             {"finish_reason", "stop"}}}},
                          {"usage", {{"prompt_tokens", 5}, {"completion_tokens", 3}, {"total_tokens", 8}}}};
      res.set_content(reply.dump(), "application/json");
    });
    server_.Post("/mcp", [](const httplib::Request& req, httplib::Response& res) {
      const Json msg = Json::parse(req.body, nullptr, false);
      if (!msg.is_object() || !msg.contains("id")) {  // notifications
        res.status = 202;
        return;
      }
      const std::string method = msg.value("method", "");
      Json result = Json::object();
      if (method == "initialize") {
        result = {{"protocolVersion", msg["params"].value("protocolVersion", "2025-06-18")},
                  {"capabilities", {{"tools", Json::object()}}},
                  {"serverInfo", {{"name", "tls-mcp"}, {"version", "1"}}}};
      } else if (method == "tools/list") {
        result = {{"tools", {{{"name", "tls_echo"}, {"inputSchema", {{"type", "object"}}}}}}};
      } else if (method == "tools/call") {
        result = {{"content", {{{"type", "text"}, {"text", "echo"}}}}};
      }
      res.set_content(Json({{"jsonrpc", "2.0"}, {"id", msg["id"]}, {"result", result}}).dump(), "application/json");
    });
    server_.Get("/mcp", [](const httplib::Request&, httplib::Response& res) { res.status = 405; });
    server_.Delete("/mcp", [](const httplib::Request&, httplib::Response& res) { res.status = 405; });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~TlsServer() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  bool ok() const { return server_.is_valid() && port_ > 0; }

 private:
  httplib::SSLServer server_;
  int port_ = 0;
  std::thread thread_;
};

/// A test file with one agent using the HTTPS provider and the HTTPS MCP server.
std::string TestFile(int port, bool provider_insecure, bool server_insecure) {
  const std::string base = "https://127.0.0.1:" + std::to_string(port);
  return "providers:\n"
         "  - name: tls-provider\n"
         "    type: OPENAI_COMPATIBLE\n"
         "    model: tls-model\n"
         "    baseUrl: " +
         base + "/v1\n" + (provider_insecure ? "    insecure: true\n" : "") +
         "servers:\n"
         "  - name: tls-server\n"
         "    type: http\n"
         "    url: " +
         base + "/mcp\n" + (server_insecure ? "    insecure: true\n" : "") +
         "agents:\n"
         "  - {name: a, provider: tls-provider, servers: [{name: tls-server}]}\n"
         "sessions:\n"
         "  - name: S\n"
         "    tests:\n"
         "      - name: T\n"
         "        agent: a\n"
         "        prompt: hello\n"
         "        assertions: [{type: output_contains, value: answer over tls}]\n";
}

struct TlsRun {
  Outcome outcome;
  std::string text;  ///< the run's errors, stdout and stderr together
};

TlsRun Run(const std::string& dir, const std::string& name, int port, bool provider_insecure, bool server_insecure) {
  const std::string file = dir + "/" + name + ".yaml";
  WriteFile(file, TestFile(port, provider_insecure, server_insecure));
  TlsRun r;
  r.outcome = RunBench("tls-" + name, file, WithArgs({}, 60));
  const Json* run = FindRun(r.outcome.report, "T", "a");
  r.text = (run ? Errors(*run) : std::string()) + r.outcome.process.out + r.outcome.process.err;
  return r;
}

bool MentionsCertificate(const std::string& text) {
  return text.find("SSLServerVerification") != std::string::npos ||
         text.find("SSL server verification failed") != std::string::npos ||
         text.find("certificate") != std::string::npos;
}

}  // namespace

TEST_CASE("TLS: a self-signed certificate is refused unless insecure is set on that server or provider") {
  const std::string dir = e2e::MakeTempDir("faults-tls");
  REQUIRE_MESSAGE(MakeCertificate(dir), "openssl could not make a test certificate");
  TlsServer server(dir);
  REQUIRE(server.ok());

  SUBCASE("both insecure: the run talks to both over TLS and passes") {
    TlsRun r = Run(dir, "both-insecure", server.port(), true, true);
    INFO(r.text);
    CHECK(r.outcome.process.exit_code == 0);
    const Json* run = FindRun(r.outcome.report, "T", "a");
    REQUIRE(run);
    CHECK((*run)["passed"] == true);
    CHECK_FALSE(MentionsCertificate(r.text));
  }
  SUBCASE("provider verified by default: its calls fail with a certificate error, the server still connects") {
    TlsRun r = Run(dir, "provider-verified", server.port(), false, true);
    INFO(r.text);
    CHECK(r.outcome.process.exit_code != 0);
    CHECK(MentionsCertificate(r.text));
    CHECK(r.text.find("openai_compatible") != std::string::npos);
    CHECK(r.text.find("set insecure: true on the provider") != std::string::npos);
    const Json* run = FindRun(r.outcome.report, "T", "a");
    REQUIRE(run);
    CHECK((*run)["passed"] == false);
    CHECK((*run)["execution"].value("finalOutput", "") == "");
  }
  SUBCASE("MCP server verified by default: it is not connected, with a certificate error") {
    TlsRun r = Run(dir, "server-verified", server.port(), true, false);
    INFO(r.text);
    CHECK(r.outcome.process.exit_code != 0);
    CHECK(MentionsCertificate(r.text));
    CHECK(r.text.find("tls-server") != std::string::npos);
    CHECK(r.text.find("set insecure: true on it") != std::string::npos);
  }
  CHECK(LeftoverProcesses().empty());
}

}  // namespace ab::faults
