// Secrets never leak: a provider token, a server's Authorization header and a server environment value, all read
// from the environment through templates, must not appear in any output: stdout, stderr, the -l log, any report
// format, the journal, or the --record directory, even with -verbose and with failing tests and provider errors.
// Redaction is by value: names that say nothing (DB_PASS, DATABASE_URL, GH_PAT) and values that need escaping
// are hidden in every encoding a server may echo them in; a value marked `redact: false` is shown.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "base/redact.h"
#include "harness.h"

extern char** environ;

namespace ab::faults {
namespace {

/// Every file under |roots| (recursively) plus stdout and stderr, named.
std::vector<std::pair<std::string, std::string>> AllOutputs(const e2e::ProcessResult& p,
                                                            const std::vector<std::string>& roots) {
  std::vector<std::pair<std::string, std::string>> outputs = {{"stdout", p.out}, {"stderr", p.err}};
  for (const std::string& root : roots) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (entry.is_regular_file()) outputs.emplace_back(entry.path().string(), e2e::ReadFile(entry.path().string()));
    }
  }
  return outputs;
}

/// A free loopback TCP port (bound, read back, released).
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

bool Accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

/// sample-mcp-server --http PORT for the length of a test; killed and reaped on destruction.
class HttpSampleServer {
 public:
  explicit HttpSampleServer(int port) {
    std::string port_text = std::to_string(port);
    std::vector<std::string> argv = {SampleServer(), "--http", port_text};
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    if (posix_spawn(&pid_, args[0], &fa, nullptr, args.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
    for (int i = 0; i < 100 && pid_ > 0 && !Accepts(port); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ~HttpSampleServer() { Stop(); }
  /// Kills and reaps the server (idempotent).
  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  HttpSampleServer(const HttpSampleServer&) = delete;
  HttpSampleServer& operator=(const HttpSampleServer&) = delete;
  bool running() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
};

}  // namespace

TEST_CASE("no secret appears in stdout, stderr, the log, any report or the recordings") {
  const std::map<std::string, std::string> secrets = {
      {"FAULT_PROVIDER_TOKEN", "sk-prov-7Qx9LmZ2vB8nR4tW"},
      {"FAULT_HEADER_SECRET", "hdr-K3pV6yH1cJ5dF0sA"},
      {"FAULT_ENV_SECRET", "env-U8gT2wE4qN7mX9zC"},
  };
  const int port = FreePort();
  REQUIRE(port > 0);
  HttpSampleServer server(port);
  REQUIRE(server.running());
  REQUIRE(Accepts(port));

  const std::string dir = e2e::MakeTempDir("faults-secrets-outputs");
  RunOptions options;
  options.env = secrets;
  options.env["FAULT_HTTP_PORT"] = std::to_string(port);
  options.extra_args = {"-reportType", "json,html,md,junit", "-l",      dir + "/run.log",
                        "--record",    dir + "/record",      "-verbose"};
  Outcome o = RunBench("secrets", "secrets.yaml", options);
  INFO(o.process.err);
  REQUIRE(o.report.is_object());
  CHECK(o.process.exit_code == 1);
  const Json* remote = FindRun(o.report, "Remote echo", "keeper");
  REQUIRE(remote);
  CHECK((*remote)["passed"] == true);  // the header really was used: the HTTP server answered

  // Every byte the run produced.
  std::vector<std::pair<std::string, std::string>> outputs = {{"stdout", o.process.out}, {"stderr", o.process.err}};
  for (const std::string& root : {o.dir, dir}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (entry.is_regular_file()) outputs.emplace_back(entry.path().string(), e2e::ReadFile(entry.path().string()));
    }
  }
  size_t files = 0;
  for (const auto& [name, text] : outputs) {
    if (name.find("/report.") != std::string::npos || name.find("/record") != std::string::npos ||
        name.find("run.log") != std::string::npos)
      ++files;
    for (const auto& [var, value] : secrets) {
      // Named copies: clang 14 cannot capture a structured binding in CAPTURE's lambda.
      const std::string output = name, secret_var = var;
      CAPTURE(output);
      CAPTURE(secret_var);
      CHECK(text.find(value) == std::string::npos);
    }
  }
  CHECK(files >= 6);  // four report formats, the log, at least one recording
  CHECK_FALSE(e2e::ReadFile(dir + "/run.log").empty());
  server.Stop();  // ours, not agent-bench's
  CHECK(LeftoverProcesses().empty());
}

// Values passed to a server through `env:` are secrets whatever their names: a server that echoes its token on
// stderr must not get it printed in the run's error ("server stderr: ... API_TOKEN=<secret>") or the reports.
TEST_CASE("a server env secret echoed on the server's stderr is redacted") {
  const std::string secret = "env-U8gT2wE4qN7mX9zC";
  RunOptions options;
  options.env = {{"FAULT_ENV_SECRET", secret}};
  Outcome o = RunBench("secrets-stderr", "secrets-stderr.yaml", options);
  REQUIRE(o.report.is_object());
  CHECK(o.report.dump().find(secret) == std::string::npos);
  CHECK(o.process.out.find(secret) == std::string::npos);
  CHECK(o.process.err.find(secret) == std::string::npos);
  CHECK(LeftoverProcesses().empty());
}

TEST_CASE("secrets are redacted by value in every encoding, and a redact: false value is shown") {
  const std::map<std::string, std::string> secrets = {
      {"FAULT_DB_PASS", "hunter2-Pq7Lm3Zx"},
      {"FAULT_DATABASE_URL", "postgres://app:Db-S3cr3t-9vKq@db.internal:5432/prod?sslmode=require"},
      {"FAULT_GH_PAT", "ghp_R4nd0mT0k3nV4lu3Xy12ab"},
      {"FAULT_QUOTED_SECRET", R"(q"uo\te-Z8xK2m&<x>)"},
      {"FAULT_PROVIDER_HEADER", "custom-auth-Wq9Er8Ty7U"},
      {"FAULT_VAR_SECRET", "var-from-env-K7Lp2Qs9"},
      {"FAULT_PROMPT_SECRET", "prompt-from-env-Mn4Bv8Cx"},
  };
  const std::string plain = "plain-visible-setting-42";
  const std::string dir = e2e::MakeTempDir("faults-secrets-by-value");
  RunOptions options;
  options.env = secrets;
  options.env["FAULT_PLAIN_SETTING"] = plain;
  options.extra_args = {"-reportType", "json,html,md,junit", "-l",      dir + "/run.log",
                        "--record",    dir + "/record",      "-verbose"};
  Outcome o = RunBench("secrets-by-value", "secrets-by-value.yaml", options);
  INFO(o.process.err);
  REQUIRE(o.report.is_object());
  const Json* run = FindRun(o.report, "Leak", "keeper");
  REQUIRE(run);
  // The server really answered: the tool was called and its answer reached the report.
  CHECK((*run)["passed"] == false);
  CHECK(o.report.dump().find(plain) != std::string::npos);  // redact: false
  const Json* repeat = FindRun(o.report, "Repeat", "keeper");
  REQUIRE(repeat);  // the mock repeated the prompt: its answer is in the report, redacted
  CHECK((*repeat).dump().find("Repeat token [REDACTED] and [REDACTED]") != std::string::npos);

  const auto outputs = AllOutputs(o.process, {o.dir, dir});
  size_t files = 0;
  for (const auto& [name, text] : outputs) {
    if (name.find("/report.") != std::string::npos || name.find("/record") != std::string::npos ||
        name.find("run.log") != std::string::npos)
      ++files;
    for (const auto& [var, value] : secrets) {
      // The forms the server printed (raw, URL, base64, base64 of admin:value, JSON) and those the reports give
      // them (JSON-escaped, HTML/XML entities ...): SecretForms lists them all.
      for (const std::string& form : SecretForms(value)) {
        const std::string output = name, secret_var = var, secret_form = form;
        CAPTURE(output);
        CAPTURE(secret_var);
        CAPTURE(secret_form);
        CHECK(text.find(form) == std::string::npos);
      }
    }
  }
  CHECK(files >= 7);  // four report formats, the journal, the log, at least one recording
  bool plain_in_html = false, plain_in_md = false;
  for (const auto& [name, text] : outputs) {
    if (name.size() > 5 && name.substr(name.size() - 5) == ".html")
      plain_in_html = text.find(plain) != std::string::npos;
    if (name.size() > 3 && name.substr(name.size() - 3) == ".md") plain_in_md = text.find(plain) != std::string::npos;
  }
  CHECK(plain_in_html);
  CHECK(plain_in_md);
  CHECK(LeftoverProcesses().empty());
}

TEST_CASE("a bench's reports and the history hold no secret") {
  const std::map<std::string, std::string> secrets = {
      {"FAULT_DB_PASS", "bench-hunter2-Pq7Lm3Zx"},
      {"FAULT_DATABASE_URL", "postgres://app:Bench-S3cr3t-9vKq@db.internal/prod"},
      {"FAULT_GH_PAT", "ghp_B3nchT0k3nV4lu3Xy12ab"},
      {"FAULT_QUOTED_SECRET", R"(bench"q\uo-Z8xK2m)"},
      {"FAULT_PROVIDER_HEADER", "bench-auth-Wq9Er8Ty7U"},
      {"FAULT_VAR_SECRET", "bench-var-K7Lp2Qs9"},
      {"FAULT_PROMPT_SECRET", "bench-prompt-Mn4Bv8Cx"},
  };
  const std::string dir = e2e::MakeTempDir("faults-secrets-bench");
  std::map<std::string, std::string> env = secrets;
  env["FAULT_PLAIN_SETTING"] = "bench-visible-setting-42";
  env["SAMPLE_SERVER"] = SampleServer();
  env["FAULTS_DATA"] = DataDir();
  const e2e::ProcessResult p =
      e2e::RunProcess({AgentBench(), "bench", DataDir() + "/secrets-by-value.yaml", "--configs",
                       DataDir() + "/secrets-bench-configs.yaml", "--store", dir + "/history.db", "--report",
                       "json,html,md", "-o", dir + "/bench", "--no-progress"},
                      env, static_cast<int>(120 * kSlack));
  INFO(p.err);
  REQUIRE(std::filesystem::exists(dir + "/history.db"));
  CHECK(std::filesystem::exists(dir + "/bench.json"));
  CHECK((std::filesystem::status(dir + "/history.db").permissions() & std::filesystem::perms::all) ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  // The history keeps each run's transcript, so the tool's answer (with the shown value) is in it.
  bool plain_stored = false;
  for (const auto& [name, text] : AllOutputs(p, {dir})) {
    if (name.find("history.db") != std::string::npos)
      plain_stored = plain_stored || text.find("bench-visible-setting-42") != std::string::npos;
    for (const auto& [var, value] : secrets) {
      for (const std::string& form : SecretForms(value)) {
        const std::string output = name, secret_var = var, secret_form = form;
        CAPTURE(output);
        CAPTURE(secret_var);
        CAPTURE(secret_form);
        CHECK(text.find(form) == std::string::npos);
      }
    }
  }
  CHECK(plain_stored);
  CHECK(LeftoverProcesses().empty());
}

}  // namespace ab::faults
