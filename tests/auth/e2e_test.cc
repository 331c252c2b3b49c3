// The real binary against data/oauth_server.py: an MCP server behind OAuth with its own authorization server.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "base/json.h"
#include "e2e/process.h"

namespace ab::auth {
namespace {

const std::string kData = AB_AUTH_DATA;

// One oauth_server.py, stopped when the test case ends.
class AuthServer {
 public:
  AuthServer(const std::string& dir, std::vector<std::string> flags) : log_(dir + "/server.log") {
    const std::string port_file = dir + "/port";
    std::vector<std::string> args = {"python3", kData + "/oauth_server.py", port_file, log_};
    args.insert(args.end(), flags.begin(), flags.end());
    pid_ = ::fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execvp("python3", argv.data());
      ::_exit(127);
    }
    for (int i = 0; i < 200 && port_ == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const std::string text = e2e::ReadFile(port_file);
      if (!text.empty()) port_ = std::stoi(text);
    }
    REQUIRE(port_ != 0);
  }
  ~AuthServer() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/mcp"; }
  std::string log() const { return e2e::ReadFile(log_); }
  int Count(const std::string& needle) const {
    const std::string text = log();
    int n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
  }

 private:
  std::string log_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// A test file with one agent (the mock LLM) that calls the server's whoami tool.
std::string WriteTestFile(const std::string& dir, const std::string& url, const std::string& oauth_yaml,
                          const std::string& type = "http") {
  const std::string path = dir + "/tests.yaml";
  std::ofstream(path)
      << "providers:\n  - name: mock\n    type: MOCK\nservers:\n  - name: prod\n    type: " << type
      << "\n    url: " << url << "\n    auth:\n      oauth:\n"
      << oauth_yaml
      << "agents:\n  - name: a\n    provider: mock\n    servers: [{name: prod}]\n"
         "sessions:\n  - name: s\n    tests:\n      - name: whoami\n        prompt: \"Please call whoami\"\n"
         "        assertions:\n          - type: output_contains\n            value: \"mcp:read\"\n";
  return path;
}

std::map<std::string, std::string> Env(const std::string& dir, bool ci) {
  return {{"AB_OAUTH_CACHE", dir + "/cache/tokens.json"},
          {"CI", ci ? "true" : ""},
          {"HOME", dir},
          {"BROWSER", "python3 " + kData + "/fake_browser.py"},
          {"DISPLAY", ""}};
}

e2e::ProcessResult Run(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv = {AB_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return e2e::RunProcess(argv, env, 90);
}

TEST_CASE("auth login follows the browser's redirect, caches the tokens 0600, and a CI run then uses them") {
  const std::string dir = e2e::MakeTempDir("auth_login");
  AuthServer server(dir, {});
  const std::string file = WriteTestFile(dir, server.url(), "        scopes: [mcp:read]\n");
  auto login = Run({"auth", "login", "prod", "-f", file}, Env(dir, false));
  INFO(login.out, login.err);
  REQUIRE(login.exit_code == 0);
  CHECK(login.err.find("/authorize?response_type=code") != std::string::npos);  // the URL is printed
  CHECK(login.out.find("Authorized server 'prod'") != std::string::npos);
  CHECK(server.Count("\"event\": \"register\"") == 1);
  CHECK(server.Count("\"method\": \"S256\"") == 1);
  CHECK(server.Count("\"resource\": \"" + server.url() + "\"") == 1);
  struct stat st {};
  REQUIRE(::stat((dir + "/cache/tokens.json").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  auto run = Run({"-f", file, "-o", dir + "/report", "-reportType", "json", "--no-progress"}, Env(dir, true));
  INFO(run.out, run.err);
  CHECK(run.exit_code == 0);
  CHECK(server.Count("\"event\": \"authorize\"") == 1);  // no second authorization: the cached token served
  auto status = Run({"auth", "status"}, Env(dir, true));
  CHECK(status.out.find(server.url()) != std::string::npos);
  CHECK(status.out.find("at-") == std::string::npos);  // no token value
  auto logout = Run({"auth", "logout", "prod", "-f", file}, Env(dir, true));
  CHECK(logout.exit_code == 0);
  CHECK(Run({"auth", "status"}, Env(dir, true)).out.find(server.url()) == std::string::npos);
}

TEST_CASE("a redirect with a forged state is refused, and login in CI fails at once instead of waiting") {
  const std::string dir = e2e::MakeTempDir("auth_state");
  AuthServer server(dir, {});
  const std::string file = WriteTestFile(dir, server.url(), "        scopes: [mcp:read]\n");
  auto env = Env(dir, false);
  env["BROWSER"] = "python3 " + kData + "/fake_browser.py --tamper-state";
  auto forged = Run({"auth", "login", "prod", "-f", file}, env);
  INFO(forged.out, forged.err);
  CHECK(forged.exit_code != 0);
  CHECK(forged.err.find("wrong state") != std::string::npos);
  CHECK(server.Count("\"grant\"") == 0);
  const auto started = std::chrono::steady_clock::now();
  auto in_ci = Run({"auth", "login", "prod", "-f", file}, Env(dir, true));
  CHECK(in_ci.exit_code != 0);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(20));
  CHECK(in_ci.err.find("cannot wait") != std::string::npos);
}

TEST_CASE("an expired token is refreshed without a browser") {
  const std::string dir = e2e::MakeTempDir("auth_refresh");
  AuthServer server(dir, {"--expires-in", "2"});
  const std::string file = WriteTestFile(dir, server.url(), "        scopes: [mcp:read]\n");
  REQUIRE(Run({"auth", "login", "prod", "-f", file}, Env(dir, false)).exit_code == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  auto run = Run({"tools", "-f", file}, Env(dir, true));
  INFO(run.out, run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("whoami") != std::string::npos);
  CHECK(server.Count("\"grant\": \"refresh_token\"") >= 1);
  CHECK(server.Count("\"event\": \"authorize\"") == 1);
}

TEST_CASE("a CI run without tokens fails at once and says what to provide") {
  const std::string dir = e2e::MakeTempDir("auth_ci");
  AuthServer server(dir, {});
  const std::string file = WriteTestFile(dir, server.url(), "        scopes: [mcp:read]\n");
  const auto started = std::chrono::steady_clock::now();
  auto run = Run({"tools", "-f", file}, Env(dir, true));
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  INFO(run.out, run.err);
  CHECK(run.exit_code != 0);
  CHECK(seconds < 20);
  CHECK(run.err.find("agent-bench auth login prod") != std::string::npos);
  CHECK(run.err.find("refresh_token") != std::string::npos);
  CHECK(server.Count("\"event\": \"authorize\"") == 0);
}

TEST_CASE("a refresh token from the environment authorizes a CI run and is never shown") {
  const std::string dir = e2e::MakeTempDir("auth_env_refresh");
  const std::string secret = "rt-seeded-3f9a7c1e2b";
  AuthServer server(dir, {"--refresh-token", secret});
  const std::string file =
      WriteTestFile(dir, server.url(), "        client_id: ci-client\n        refresh_token: ${MCP_REFRESH_TOKEN}\n");
  auto env = Env(dir, true);
  env["MCP_REFRESH_TOKEN"] = secret;
  auto run = Run({"-f", file, "-o", dir + "/report", "-reportType", "json", "--no-progress", "--verbose"}, env);
  INFO(run.out, run.err);
  CHECK(run.exit_code == 0);
  CHECK(server.Count("\"grant\": \"refresh_token\"") == 1);
  CHECK(run.out.find(secret) == std::string::npos);
  CHECK(run.err.find(secret) == std::string::npos);
  CHECK(e2e::ReadFile(dir + "/report.json").find(secret) == std::string::npos);
  // The report records which OAuth flow authorized the server (names only: the secret check above covers it).
  const Json report = Json::parse(e2e::ReadFile(dir + "/report.json"));
  const Json& server_entry = report.at("detailed_results").at(0).at("execution").at("mcpServers").at(0);
  INFO(server_entry.dump());
  REQUIRE(server_entry.contains("oauth"));
  const Json& oauth = server_entry.at("oauth");
  CHECK(oauth["grant"] == "refresh_token");
  CHECK(oauth["clientIdentity"] == "pre-registered client");
  CHECK(oauth["flows"].size() >= 1);
}

TEST_CASE("client credentials, with a step-up when the server asks for more scope") {
  const std::string dir = e2e::MakeTempDir("auth_client_credentials");
  AuthServer server(dir, {"--client", "svc:s3cret-value-42", "--step-up"});
  const std::string file = WriteTestFile(
      dir, server.url(),
      "        grant: client_credentials\n        client_id: svc\n        client_secret: s3cret-value-42\n");
  auto run = Run({"tools", "-f", file}, Env(dir, true));
  INFO(run.out, run.err, server.log());
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("whoami") != std::string::npos);
  CHECK(server.Count("\"grant\": \"client_credentials\"") == 2);
  CHECK(server.Count("\"event\": \"insufficient_scope\"") == 1);
  CHECK(server.Count("\"scope\": \"mcp:read mcp:admin\"") == 1);
}

TEST_CASE("a legacy HTTP+SSE server behind OAuth: the stream's 401 is authorized and the run passes") {
  const std::string dir = e2e::MakeTempDir("auth_sse");
  AuthServer server(dir, {"--client", "svc:s3cret-value-42"});
  std::string url = server.url();
  url.replace(url.size() - 4, 4, "/sse");
  const std::string file = WriteTestFile(
      dir, url, "        grant: client_credentials\n        client_id: svc\n        client_secret: s3cret-value-42\n",
      "sse");
  auto run = Run({"-f", file, "-o", dir + "/report", "-reportType", "json", "--no-progress"}, Env(dir, true));
  INFO(run.out, run.err, server.log());
  CHECK(run.exit_code == 0);
  CHECK(server.Count("\"event\": \"unauthorized\"") >= 1);
  CHECK(server.Count("\"grant\": \"client_credentials\"") == 1);
  CHECK(e2e::ReadFile(dir + "/report.json").find("s3cret-value-42") == std::string::npos);
}

TEST_CASE("hostile authorization server metadata is refused with a sentence naming the problem") {
  const std::vector<std::pair<std::string, std::string>> cases = {{"huge", "1 MiB"},
                                                                  {"deep", "json_max_depth"},
                                                                  {"wrong-issuer", "https://evil.example.com"},
                                                                  {"http-issuer", "plain http"}};
  for (const auto& [mode_binding, expected] : cases) {
    const std::string mode = mode_binding;  // clang 14 cannot capture a structured binding in CAPTURE's lambda
    CAPTURE(mode);
    const std::string dir = e2e::MakeTempDir("auth_hostile_" + mode);
    AuthServer server(dir, {"--client", "svc:s3cret-value-42", "--hostile", mode});
    const std::string file = WriteTestFile(
        dir, server.url(),
        "        grant: client_credentials\n        client_id: svc\n        client_secret: s3cret-value-42\n");
    auto run = Run({"tools", "-f", file}, Env(dir, true));
    INFO(run.out, run.err);
    CHECK(run.exit_code != 0);
    CHECK(run.err.find(expected) != std::string::npos);
    CHECK(server.Count("\"grant\"") == 0);
  }
}

}  // namespace
}  // namespace ab::auth
