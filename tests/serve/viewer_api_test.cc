// The viewer's API over HTTP: plain runs listed with benches (kind, agent and search filters), a run's test ×
// agent grid (sorting, failures only, paging and its caps), each test's flip rate (/tests) and two runs side by
// side (/diff); bad parameters are 400s naming the parameter, and the routes need the token like every other.
#include "serve_test_util.h"

namespace ab::serve::testing {
namespace {

using S = store::RunStatus;

/// A plain run as `agent-bench -f` saves it: kind "run", one config per agent, tests t0.. with |verdicts| for
/// agents "alice" and "bob" (bob always passes).
void SavePlainRun(const std::string& location, const std::string& id, int64_t started, const std::vector<S>& verdicts) {
  store::StoredBench b;
  b.info.id = id;
  b.info.kind = store::kKindRun;
  b.info.name = b.info.suite = "weather";
  b.info.started_ms = started;
  b.info.ended_ms = started + 500;
  b.info.configs = {"alice", "bob"};
  b.info.files = {{"weather.yaml", "sha256:" + id}};
  for (size_t i = 0; i < verdicts.size(); ++i) {
    for (const std::string agent : {"alice", "bob"}) {
      S status = agent == "alice" ? verdicts[i] : S::kPassed;
      store::RunRecord r = MakeRun(id, agent, "", 0, "weather.yaml/Weather/t" + std::to_string(i), status, "MOCK",
                                   "mock-model", started + static_cast<int64_t>(i), 100.0 * static_cast<double>(i + 1));
      r.agent = agent;
      r.run_id = id + "/" + agent;
      r.final_answer = agent + " says sunny " + std::to_string(i);
      r.tool_chain = status == S::kPassed ? "get_weather ok" : "get_weather error";
      b.runs.push_back(r);
      b.transcripts.push_back(
          {r.run_id, r.test_key, r.agent,
           SpilledText::Keep(store::TranscriptText(
               Json{{"testName", "t" + std::to_string(i)}, {"execution", {{"finalOutput", r.final_answer}}}}))});
    }
  }
  b.info.total_runs = static_cast<int>(b.runs.size());
  auto store = store::OpenStore(location);
  REQUIRE(store.has_value());
  REQUIRE((*store)->SaveBench(b).ok());
}

/// Three plain runs after the seeded benches: alice's t0 flips every time, t1 regresses in the last run.
void SeedRuns(const std::string& location) {
  const int64_t apr = 1775779200000;  // 2026-04-10
  SavePlainRun(location, "r1", apr, {S::kPassed, S::kPassed, S::kPassed});
  SavePlainRun(location, "r2", apr + 1000, {S::kFailed, S::kPassed, S::kPassed});
  SavePlainRun(location, "r3", apr + 2000, {S::kPassed, S::kFailed, S::kPassed});
}

std::vector<std::string> Ids(const Json& list) {
  std::vector<std::string> out;
  for (const Json& b : list["benches"]) out.push_back(b["id"]);
  return out;
}

TEST_CASE("plain runs and benches are listed together, filtered by kind, agent and search") {
  ServeEnv env;
  SeedRuns(env.store_path);
  CHECK(Ids(env.Get("/api/v1/benches")) == std::vector<std::string>{"r3", "r2", "r1", "b-mar", "b-feb", "b-jan"});
  CHECK(Ids(env.Get("/api/v1/benches?kind=run")) == std::vector<std::string>{"r3", "r2", "r1"});
  CHECK(Ids(env.Get("/api/v1/benches?kind=bench")) == std::vector<std::string>{"b-mar", "b-feb", "b-jan"});
  CHECK(Ids(env.Get("/api/v1/benches?kind=all&limit=2")) == std::vector<std::string>{"r3", "r2"});
  Json r3 = env.Get("/api/v1/benches?kind=run&limit=1")["benches"][0];
  CHECK(r3["kind"] == "run");
  CHECK(r3["agents"] == Json::array({"alice", "bob"}));
  CHECK(r3["files"][0]["path"] == "weather.yaml");
  CHECK(r3["files"][0]["content_hash"] == "sha256:r3");
  // Search: any case, over names, files, agents, tests and models.
  CHECK(Ids(env.Get("/api/v1/benches?q=WEATHER")) == std::vector<std::string>{"r3", "r2", "r1"});
  CHECK(Ids(env.Get("/api/v1/benches?q=claude")) == std::vector<std::string>{"b-mar"});
  CHECK(Ids(env.Get("/api/v1/benches?q=Weather/t2")) == std::vector<std::string>{"r3", "r2", "r1"});
  CHECK(Ids(env.Get("/api/v1/benches?agent=alice&status=failed")) == std::vector<std::string>{"r3", "r2"});
  CHECK(env.Get("/api/v1/benches?q=nothing-like-this")["benches"].empty());
  // Runs of plain runs are listed too, with their answers and tool chains.
  Json runs = env.Get("/api/v1/runs?kind=run&agent=alice&status=failed");
  CHECK(runs["total"] == 2);
  CHECK(runs["runs"][0]["final_answer"] == "alice says sunny 1");
  CHECK(runs["runs"][0]["tool_chain"] == "get_weather error");

  CHECK(env.Get("/api/v1/benches?kind=runs", 400)["error"]["field"] == "kind");
  CHECK(env.Get("/api/v1/benches?q=" + std::string(201, 'x'), 400)["error"]["field"] == "q");
}

TEST_CASE("a run's grid has a row per test and a cell per agent, sortable, failures only and paged") {
  ServeEnv env;
  SeedRuns(env.store_path);
  Json g = env.Get("/api/v1/benches/r3/grid");
  CHECK(g["kind"] == "run");
  CHECK(g["columns"] == Json::array({"alice", "bob"}));
  CHECK(g["total"] == 3);
  REQUIRE(g["rows"].size() == 3);
  CHECK(g["rows"][0]["test"] == "weather.yaml/Weather/t0");
  const Json& failed = g["rows"][1]["cells"][0];
  CHECK(failed["status"] == "failed");
  CHECK(failed["agent"] == "alice");
  CHECK(failed["final_answer"] == "alice says sunny 1");
  CHECK(failed["tool_chain"] == "get_weather error");
  CHECK(failed["id"] == "r3~2");
  CHECK(failed["runs"] == 1);
  CHECK(g["rows"][1]["cells"][1]["status"] == "passed");

  Json only = env.Get("/api/v1/benches/r3/grid?failures=1");
  REQUIRE(only["rows"].size() == 1);
  CHECK(only["total"] == 1);
  CHECK(only["rows"][0]["test"] == "weather.yaml/Weather/t1");
  Json by_failures = env.Get("/api/v1/benches/r3/grid?sort=failures");
  CHECK(by_failures["rows"][0]["test"] == "weather.yaml/Weather/t1");
  Json slowest = env.Get("/api/v1/benches/r3/grid?sort=duration");
  CHECK(slowest["rows"][0]["test"] == "weather.yaml/Weather/t2");
  Json by_name_desc = env.Get("/api/v1/benches/r3/grid?sort=test&order=desc");
  CHECK(by_name_desc["rows"][0]["test"] == "weather.yaml/Weather/t2");
  Json page = env.Get("/api/v1/benches/r3/grid?limit=1&offset=1");
  REQUIRE(page["rows"].size() == 1);
  CHECK(page["rows"][0]["test"] == "weather.yaml/Weather/t1");
  CHECK(page["total"] == 3);

  // A bench's grid: a column per config, its repetitions counted in the cell.
  Json bench = env.Get("/api/v1/benches/b-jan/grid");
  CHECK(bench["kind"] == "bench");
  CHECK(bench["columns"] == Json::array({"fast", "slow"}));

  CHECK(env.Get("/api/v1/benches/r3/grid?limit=501", 400)["error"]["field"] == "limit");
  Json bad_sort = env.Get("/api/v1/benches/r3/grid?sort=failurs", 400);
  CHECK(bad_sort["error"]["field"] == "sort");
  CHECK(bad_sort["error"]["message"].get<std::string>().find("did you mean 'failures'") != std::string::npos);
  CHECK(env.Get("/api/v1/benches/r3/grid?failures=maybe", 400)["error"]["field"] == "failures");
  CHECK(env.Get("/api/v1/benches/r3/grid?order=up", 400)["error"]["field"] == "order");
  CHECK(env.Get("/api/v1/benches/r3/grid?page=2", 400)["error"]["field"] == "page");
  env.Get("/api/v1/benches/nope/grid", 404);
}

TEST_CASE("tests list each test's verdicts over the saved runs with its flip rate and trend") {
  ServeEnv env;
  SeedRuns(env.store_path);
  Json all = env.Get("/api/v1/tests");
  CHECK(all["total"] == 6);  // 3 tests x 2 agents
  const Json& first = all["tests"][0];
  CHECK(first["test"] == "weather.yaml/Weather/t0");
  CHECK(first["agent"] == "alice");
  CHECK(first["flips"] == 2);
  CHECK(first["flip_rate"].get<double>() == doctest::Approx(1.0));
  CHECK(first["trend"] == "flaky");
  REQUIRE(first["outcomes"].size() == 3);
  CHECK(first["outcomes"][0]["run"] == "r1~0");
  CHECK(first["outcomes"][1]["status"] == "failed");
  CHECK(first["outcomes"][1]["content_hash"] == "sha256:r2");

  Json changed = env.Get("/api/v1/tests?changed=1");
  CHECK(changed["total"] == 2);
  Json t1 = env.Get("/api/v1/tests?test=Weather/t1&agent=alice");
  REQUIRE(t1["tests"].size() == 1);
  CHECK(t1["tests"][0]["trend"] == "regression");
  CHECK(env.Get("/api/v1/tests?runs=1&agent=alice")["tests"][0]["runs"] == 1);
  CHECK(env.Get("/api/v1/tests?limit=1")["tests"].size() == 1);
  CHECK(env.Get("/api/v1/tests?kind=bench")["total"] == 2);  // the seeded benches: two tests, one agent

  CHECK(env.Get("/api/v1/tests?runs=1001", 400)["error"]["field"] == "runs");
  CHECK(env.Get("/api/v1/tests?limit=501", 400)["error"]["field"] == "limit");
  CHECK(env.Get("/api/v1/tests?kind=x", 400)["error"]["field"] == "kind");
}

TEST_CASE("two runs are put side by side with their transcripts and what differs") {
  ServeEnv env;
  SeedRuns(env.store_path);
  // alice and bob on the same test of one run (two agents).
  Json agents = env.Get("/api/v1/diff?a=r3~2&b=r3~3");
  CHECK(agents["a"]["agent"] == "alice");
  CHECK(agents["b"]["agent"] == "bob");
  CHECK(agents["a"]["transcript"]["execution"]["finalOutput"] == "alice says sunny 1");
  CHECK(agents["same"]["test"] == true);
  CHECK(agents["same"]["status"] == false);
  CHECK(agents["same"]["tool_chain"] == false);
  // The same test and agent in two runs.
  Json runs = env.Get("/api/v1/diff?a=r1~2&b=r3~2");
  CHECK(runs["same"]["agent"] == true);
  CHECK(runs["same"]["status"] == false);

  CHECK(env.Get("/api/v1/diff?a=r1~2", 400)["error"]["field"] == "b");
  env.Get("/api/v1/diff?a=r1~2&b=r1~99", 404);
  env.Get("/api/v1/diff?a=r1~2&b=not-a-run", 404);
}

TEST_CASE("the viewer's routes need the token") {
  ServeEnv env;
  httplib::Client anonymous("127.0.0.1", env.server.port());
  for (const char* path : {"/api/v1/benches/b-jan/grid", "/api/v1/tests", "/api/v1/diff?a=b-jan~0&b=b-jan~1"}) {
    auto res = anonymous.Get(path);
    REQUIRE(res);
    CHECK_MESSAGE(res->status == 401, path);
    CHECK(res->body.find("b-jan") == std::string::npos);
  }
}

}  // namespace
}  // namespace ab::serve::testing
