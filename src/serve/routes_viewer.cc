// GET /api/v1/benches/{id}/grid, /tests, /diff: what the viewer adds over the history routes: a run's test ×
// agent grid, each test's verdicts and flip rate over the saved runs, and two runs side by side. Read only; every
// query parameter is checked and every page size capped (400 beyond the cap, naming the parameter).
#include <httplib.h>

#include <algorithm>

#include "base/strings.h"
#include "serve/api.h"
#include "serve/api_json.h"
#include "serve/grid.h"
#include "serve/http_util.h"

namespace ab::serve {
namespace {

/// The most tests × agents /tests returns in one reply.
constexpr int kMaxTestRows = 500;
/// The longest search text accepted.
constexpr size_t kMaxSearchBytes = 200;

/// A 0-or-more count no larger than |max| into |out|; false after replying 400.
bool ReadCount(const httplib::Request& req, httplib::Response& res, const char* name, int max, int& out) {
  if (!req.has_param(name)) return true;
  std::string v = req.get_param_value(name);
  Result<int> n = v == "0" ? Result<int>(0) : ParseCountParam(v, max);
  if (!n) {
    ReplyError(res, 400, std::string(name) + ": " + n.error().message, name);
    return false;
  }
  out = *n;
  return true;
}

/// "1"/"true" or "0"/"false" into |out|; false after replying 400.
bool ReadFlag(const httplib::Request& req, httplib::Response& res, const char* name, bool& out) {
  if (!req.has_param(name)) return true;
  std::string v = req.get_param_value(name);
  if (v == "1" || v == "true") out = true;
  else if (v == "0" || v == "false") out = false;
  else {
    ReplyError(res, 400, std::string(name) + ": expected 1, 0, true or false, got '" + Truncate(v, 40) + "'", name);
    return false;
  }
  return true;
}

/// A run for the diff: its record, its transcript (or null) and the API id.
Result<Json> RunWithTranscript(Api& api, const std::string& id) {
  Result<RunView> run = api.history.GetRun(id);
  if (!run) return run.error();
  Result<std::optional<Json>> transcript = api.history.Transcript(run->record);
  if (!transcript) return transcript.error();
  Json j = RunToJson(*run);
  j["transcript"] = *transcript ? **transcript : Json(nullptr);
  return j;
}

}  // namespace

bool ReadKindParam(const httplib::Request& req, httplib::Response& res, std::string& kind) {
  kind = req.get_param_value("kind");
  if (kind == "all") kind.clear();
  if (!kind.empty() && kind != store::kKindBench && kind != store::kKindRun) {
    ReplyError(res, 400, "kind: expected bench, run or all, got '" + Truncate(kind, 40) + "'", "kind");
    return false;
  }
  return true;
}

bool ReadSearchParam(const httplib::Request& req, httplib::Response& res, const char* name, std::string& out) {
  out = req.get_param_value(name);
  if (out.size() > kMaxSearchBytes) {
    ReplyError(res, 400, std::string(name) + ": longer than " + std::to_string(kMaxSearchBytes) + " bytes", name);
    return false;
  }
  return true;
}

void InstallViewerRoutes(httplib::Server& http, Api& api) {
  http.Get(R"(/api/v1/benches/([^/]+)/grid)", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto bad = CheckParams(req, {"sort", "order", "failures", "offset", "limit"}))
      return ReplyError(res, 400, bad->message, bad->field);
    GridQuery q;
    if (req.has_param("sort")) {
      q.sort = req.get_param_value("sort");
      const auto& sorts = GridSorts();
      if (std::find(sorts.begin(), sorts.end(), q.sort) == sorts.end())
        return ReplyError(res, 400,
                          "sort: unknown sort '" + Truncate(q.sort, 40) + "'" + DidYouMean(q.sort, sorts) +
                              " (order, test, failures, duration)",
                          "sort");
    }
    std::string order = req.get_param_value("order");
    if (!order.empty() && order != "asc" && order != "desc")
      return ReplyError(res, 400, "order: expected asc or desc", "order");
    q.descending = order == "desc";
    if (!ReadFlag(req, res, "failures", q.failures_only)) return;
    if (!ReadCount(req, res, "offset", 1000000, q.offset)) return;
    if (!ReadCount(req, res, "limit", kMaxGridRows, q.limit)) return;
    if (q.limit == 0) q.limit = 1;
    Result<BenchView> v = api.history.GetBench(req.matches[1].str());
    if (!v) return ReplyFailure(res, v.error());
    Json j = GridToJson(BuildGrid(v->bench, q));
    j["offset"] = q.offset;
    j["limit"] = q.limit;
    j["name"] = v->bench.info.name;
    j["suite"] = v->bench.info.suite;
    ReplyJson(res, j);
  });

  http.Get("/api/v1/tests", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto bad = CheckParams(req, {"test", "agent", "kind", "runs", "limit", "changed"}))
      return ReplyError(res, 400, bad->message, bad->field);
    store::FlipFilter f;
    if (!ReadSearchParam(req, res, "test", f.test) || !ReadSearchParam(req, res, "agent", f.agent)) return;
    if (req.has_param("kind") && !ReadKindParam(req, res, f.kind)) return;
    if (!ReadCount(req, res, "runs", store::kMaxFlipRuns, f.runs)) return;
    if (f.runs == 0) f.runs = 1;
    int limit = 100;
    if (!ReadCount(req, res, "limit", kMaxTestRows, limit)) return;
    bool changed_only = false;
    if (!ReadFlag(req, res, "changed", changed_only)) return;
    Result<std::vector<store::TestFlips>> flips = api.history.Flips(f);
    if (!flips) return ReplyFailure(res, flips.error());
    Json items = Json::array();
    size_t total = 0;
    for (const store::TestFlips& t : *flips) {
      if (changed_only && t.flips == 0) continue;
      ++total;
      if (static_cast<int>(items.size()) < limit) items.push_back(FlipsToJson(t));
    }
    ReplyJson(res, Json{{"tests", items}, {"total", total}, {"limit", limit}, {"runs", f.runs}});
  });

  http.Get("/api/v1/diff", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto bad = CheckParams(req, {"a", "b"})) return ReplyError(res, 400, bad->message, bad->field);
    for (const char* side : {"a", "b"}) {
      std::string v = req.get_param_value(side);
      if (v.empty() || v.size() > kMaxSearchBytes)
        return ReplyError(res, 400, std::string(side) + ": required: a run id (<bench id>~<number>)", side);
    }
    Result<Json> a = RunWithTranscript(api, req.get_param_value("a"));
    if (!a) return ReplyFailure(res, a.error());
    Result<Json> b = RunWithTranscript(api, req.get_param_value("b"));
    if (!b) return ReplyFailure(res, b.error());
    Json same = Json::object();
    for (const char* key : {"status", "final_answer", "tool_chain", "model", "test", "agent"})
      same[key] = (*a)[key] == (*b)[key];
    ReplyJson(res, Json{{"a", *a}, {"b", *b}, {"same", same}});
  });
}

}  // namespace ab::serve
