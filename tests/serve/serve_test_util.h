// Shared by the serve tests: a temporary directory with a real SQLite history, the server started in-process on
// a free port, an HTTP client for it, seeded benches, and a copy of the offline bench sample (suites/bench).
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "base/json.h"
#include "report/json.h"
#include "serve/server.h"
#include "store/store.h"

namespace ab::serve::testing {

// A mock model that takes 1.5 s per reply: a 20-run bench (2 tests each) takes a minute, long enough to cancel
// it or to stop the server while it runs.
inline constexpr const char* kCrawlScript = R"(rules:
  - match: "come from"
    replies:
      - {text: "Source: a slow book", latency_ms: 1500}
  - match: "fact about"
    replies:
      - {text: "Fact: slow", latency_ms: 1500}
)";

inline std::string MakeTempDir() {
  static int n = 0;
  std::filesystem::path p =
      std::filesystem::temp_directory_path() / ("ab-serve-" + std::to_string(getpid()) + "-" + std::to_string(++n));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p.string();
}

/// A run record with the given shape; the figures are derived from |seq| so every run differs.
inline store::RunRecord MakeRun(const std::string& bench, const std::string& config, const std::string& variant,
                                int rep, const std::string& test, store::RunStatus status, const std::string& provider,
                                const std::string& model, int64_t started_ms, double duration_ms) {
  store::RunRecord r;
  r.run_id = bench + "-" + config + "-" + variant + "-" + std::to_string(rep);
  r.bench_id = bench;
  r.config = config;
  r.variant = variant;
  r.repetition = rep;
  r.test_key = test;
  r.agent = "assistant";
  r.status = status;
  r.duration_ms = duration_ms;
  r.prompt_tokens = 100;
  r.completion_tokens = 20;
  r.cost_usd = 0.001;
  r.error = status == store::RunStatus::kPassed ? "" : "output_contains: expected 'cats'";
  r.inputs = Json{{"topic", variant}};
  r.provider_type = provider;
  r.model = model;
  r.started_ms = started_ms;
  return r;
}

/// Two benches of suite "alpha" (2026-01-10 and 2026-02-10) and one of suite "beta" (2026-03-10).
inline void SeedHistory(const std::string& location) {
  auto store = store::OpenStore(location);
  REQUIRE_MESSAGE(store.has_value(), (store ? "" : store.error().ToString()));
  auto bench = [&](const std::string& id, const std::string& suite, int64_t t, std::vector<std::string> configs,
                   std::vector<store::RunRecord> runs) {
    store::StoredBench b;
    b.info.id = id;
    b.info.name = suite + "-bench";
    b.info.suite = suite;
    b.info.started_ms = t;
    b.info.ended_ms = t + 5000;
    b.info.tool_version = "test";
    b.info.configs = configs;
    b.info.total_runs = static_cast<int>(runs.size());
    for (const auto& r : runs) b.info.passed_runs += r.status == store::RunStatus::kPassed;
    b.info.total_cost_usd = 0.001 * static_cast<double>(runs.size());
    b.runs = std::move(runs);
    REQUIRE((*store)->SaveBench(b).ok());
  };
  using S = store::RunStatus;
  const int64_t jan = 1768003200000, feb = 1770681600000, mar = 1773100800000;  // 2026-01-10, 02-10, 03-10 UTC
  bench("b-jan", "alpha", jan, {"fast", "slow"},
        {MakeRun("b-jan", "fast", "cats", 0, "t.yaml/Facts/One", S::kPassed, "MOCK", "m-fast", jan, 100),
         MakeRun("b-jan", "fast", "cats", 1, "t.yaml/Facts/One", S::kPassed, "MOCK", "m-fast", jan, 110),
         MakeRun("b-jan", "slow", "cats", 0, "t.yaml/Facts/One", S::kFailed, "OPENAI", "gpt-x", jan, 900),
         MakeRun("b-jan", "slow", "cats", 1, "t.yaml/Facts/One", S::kPassed, "OPENAI", "gpt-x", jan, 950)});
  bench("b-feb", "alpha", feb, {"fast"},
        {MakeRun("b-feb", "fast", "cats", 0, "t.yaml/Facts/One", S::kPassed, "MOCK", "m-fast", feb, 120),
         MakeRun("b-feb", "fast", "cats", 1, "t.yaml/Facts/One", S::kTimeout, "MOCK", "m-fast", feb, 30000)});
  bench("b-mar", "beta", mar, {"solo"},
        {MakeRun("b-mar", "solo", "dogs", 0, "u.yaml/S/Two", S::kError, "ANTHROPIC", "claude-x", mar, 0)});
}

/// Saves bench "b-rep" with one run whose transcript holds hostile text in its output and a tool call.
inline std::string SeedRunWithTranscript(const std::string& location) {
  store::RunRecord r = MakeRun("b-rep", "fast", "cats", 0, "t.yaml/Facts/Escapes", store::RunStatus::kPassed, "MOCK",
                               "m-fast", 1775000000000, 120);
  report::TestRun t;
  t.file = "t.yaml";
  t.session = "Facts";
  t.test = "Escapes";
  t.agent = r.agent;
  t.passed = true;
  t.transcript.prompt = "Say something about cats";
  t.transcript.messages = {{"user", "Say something about cats", 0, ""},
                           {"assistant", "<script>alert('owned')</script> cats purr", 0, ""}};
  ToolCall call;
  call.id = "c1";
  call.name = "lookup_fact";
  call.arguments = Json{{"topic", "cats"}};
  t.transcript.tool_calls.push_back(call);
  t.transcript.final_output = "<script>alert('owned')</script> cats purr";
  t.transcript.final_answer = true;
  store::StoredBench b;
  b.info.id = "b-rep";
  b.info.name = "rep";
  b.info.suite = "alpha";
  b.info.started_ms = r.started_ms;
  b.info.ended_ms = r.started_ms + 1000;
  b.info.configs = {"fast"};
  b.info.total_runs = b.info.passed_runs = 1;
  b.runs = {r};
  b.transcripts.push_back(
      {r.run_id, r.test_key, r.agent, SpilledText::Keep(store::TranscriptText(report::TestRunToJson(t)))});
  auto store = store::OpenStore(location);
  REQUIRE(store.has_value());
  REQUIRE((*store)->SaveBench(b).ok());
  return "b-rep~0";
}

/// A client of |server| that sends its token (Authorization: Bearer).
inline std::unique_ptr<httplib::Client> AuthorizedClient(const Server& server) {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", server.port());
  client->set_read_timeout(std::chrono::seconds(60));
  client->set_bearer_token_auth(server.token());
  return client;
}

/// A running server over a fresh history in a temporary directory (its base directory), and a client for it that
/// sends the server's (generated) token.
struct ServeEnv {
  std::string dir = MakeTempDir();
  std::string store_path = dir + "/history.db";
  Server server;
  std::unique_ptr<httplib::Client> client;

  /// |options.store_path| empty = a SQLite file in the temporary directory (else e.g. a PostgreSQL URL).
  explicit ServeEnv(bool seed = true, ServeOptions options = {}) {
    if (!options.store_path.empty()) store_path = options.store_path;
    options.store_path = store_path;
    if (seed) SeedHistory(store_path);
    options.port = 0;
    if (options.base_dir.empty()) options.base_dir = dir;
    Status s = server.Start(options);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
    client = AuthorizedClient(server);
  }
  ~ServeEnv() {
    server.Stop();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  /// GET |path|: checks the status and returns the JSON body.
  Json Get(const std::string& path, int status = 200) {
    auto res = client->Get(path.c_str());
    REQUIRE_MESSAGE(res, "no response for GET " << path);
    CHECK_MESSAGE(res->status == status, "GET " << path << ": " << res->status << " " << res->body);
    return Json::parse(res->body, nullptr, false);
  }
  /// POST/PUT |body| as JSON.
  Json Send(const std::string& method, const std::string& path, const Json& body, int status) {
    std::string text = body.dump();
    auto res = method == "PUT" ? client->Put(path.c_str(), text, "application/json")
                               : client->Post(path.c_str(), text, "application/json");
    REQUIRE_MESSAGE(res, "no response for " << method << " " << path);
    CHECK_MESSAGE(res->status == status, method << " " << path << ": " << res->status << " " << res->body);
    return Json::parse(res->body, nullptr, false);
  }

  /// Copies suites/bench (the offline mock bench sample) to <dir>/suite and returns that directory.
  std::string CopyBenchSuite() {
    std::filesystem::path to = std::filesystem::path(dir) / "suite";
    std::filesystem::create_directories(to);
    for (const auto& f : std::filesystem::directory_iterator(std::string(AB_SOURCE_DIR) + "/suites/bench"))
      std::filesystem::copy_file(f.path(), to / f.path().filename(), std::filesystem::copy_options::overwrite_existing);
    return to.string();
  }

  /// Polls job |id| until it leaves pending/running; fails after |limit|.
  Json WaitJob(const std::string& id, std::chrono::seconds limit = std::chrono::seconds(180)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    Json job;
    while (std::chrono::steady_clock::now() < deadline) {
      job = Get("/api/v1/jobs/" + id);
      std::string state = job.value("state", "");
      if (state != "pending" && state != "running") return job;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL("job " << id << " did not finish: " << job.dump());
    return job;
  }
};

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace ab::serve::testing
