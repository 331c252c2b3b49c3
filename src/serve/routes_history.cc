// GET /api/v1/benches, /benches/{id}, /runs, /runs/{id}, /runs/{id}/report, /compare: the results history, read
// only.
#include <httplib.h>

#include "base/strings.h"
#include "serve/api.h"
#include "serve/api_json.h"
#include "serve/http_util.h"
#include "serve/run_report.h"
#include "store/calibration_store.h"

namespace ab::serve {
namespace {

const std::vector<std::string> kStatuses = {"passed", "failed", "error", "timeout", "skipped"};

/// Reads the shared filters; false after replying 400.
bool ReadFilter(const httplib::Request& req, httplib::Response& res, bool runs, HistoryFilter& f) {
  std::vector<std::string> allowed = {"suite", "config", "provider", "model", "status", "from",
                                      "to",    "limit",  "offset",   "kind",  "agent",  "q"};
  if (runs) {
    allowed.push_back("bench");
    allowed.push_back("test");
  }
  if (auto bad = CheckParams(req, allowed)) {
    ReplyError(res, 400, bad->message, bad->field);
    return false;
  }
  f.suite = req.get_param_value("suite");
  f.config = req.get_param_value("config");
  f.provider = req.get_param_value("provider");
  f.model = req.get_param_value("model");
  f.status = req.get_param_value("status");
  f.bench = req.get_param_value("bench");
  f.test = req.get_param_value("test");
  f.agent = req.get_param_value("agent");
  if (!ReadKindParam(req, res, f.kind) || !ReadSearchParam(req, res, "q", f.q)) return false;
  if (!f.status.empty() && std::find(kStatuses.begin(), kStatuses.end(), f.status) == kStatuses.end()) {
    ReplyError(res, 400,
               "status: unknown run status '" + f.status + "'" + DidYouMean(f.status, kStatuses) +
                   " (passed, failed, error, timeout, skipped)",
               "status");
    return false;
  }
  for (const char* name : {"from", "to"}) {
    if (!req.has_param(name)) continue;
    Result<int64_t> t = ParseTimeParam(req.get_param_value(name), std::string(name) == "to");
    if (!t) {
      ReplyError(res, 400, std::string(name) + ": " + t.error().message, name);
      return false;
    }
    (std::string(name) == "from" ? f.from_ms : f.to_ms) = *t;
  }
  if (f.from_ms && f.to_ms && *f.from_ms > *f.to_ms) {
    ReplyError(res, 400, "from: is after to", "from");
    return false;
  }
  if (req.has_param("limit")) {
    Result<int> n = ParseCountParam(req.get_param_value("limit"), 1000);
    if (!n) {
      ReplyError(res, 400, "limit: " + n.error().message, "limit");
      return false;
    }
    f.limit = *n;
  }
  if (req.has_param("offset")) {
    std::string v = req.get_param_value("offset");
    Result<int> n = v == "0" ? Result<int>(0) : ParseCountParam(v, 1000000);
    if (!n) {
      ReplyError(res, 400, "offset: " + n.error().message, "offset");
      return false;
    }
    f.offset = *n;
  }
  return true;
}

}  // namespace

void InstallHistoryRoutes(httplib::Server& http, Api& api) {
  http.Get("/api/v1/benches", [&api](const httplib::Request& req, httplib::Response& res) {
    HistoryFilter f;
    if (!ReadFilter(req, res, false, f)) return;
    Result<std::vector<BenchView>> benches = api.history.ListBenches(f);
    if (!benches) return ReplyFailure(res, benches.error());
    Json items = Json::array();
    for (const BenchView& v : *benches) items.push_back(BenchListItem(v));
    ReplyJson(res, Json{{"benches", items}});
  });

  http.Get(R"(/api/v1/benches/([^/]+))", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto bad = CheckParams(req, {})) return ReplyError(res, 400, bad->message, bad->field);
    Result<BenchView> v = api.history.GetBench(req.matches[1].str());
    if (!v) return ReplyFailure(res, v.error());
    Result<std::optional<FixtureRef>> fixture = api.fixtures->BenchFixture(v->bench.info.id);
    ReplyJson(res, BenchDetail(*v, fixture ? *fixture : std::nullopt));
  });

  http.Get("/api/v1/runs", [&api](const httplib::Request& req, httplib::Response& res) {
    HistoryFilter f;
    if (!ReadFilter(req, res, true, f)) return;
    size_t total = 0;
    Result<std::vector<RunView>> runs = api.history.ListRuns(f, &total);
    if (!runs) return ReplyFailure(res, runs.error());
    Json items = Json::array();
    for (const RunView& r : *runs) items.push_back(RunToJson(r));
    ReplyJson(res, Json{{"runs", items}, {"total", total}, {"offset", f.offset}, {"limit", f.limit}});
  });

  http.Get(R"(/api/v1/runs/([^/]+))", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto bad = CheckParams(req, {})) return ReplyError(res, 400, bad->message, bad->field);
    Result<RunView> run = api.history.GetRun(req.matches[1].str());
    if (!run) return ReplyFailure(res, run.error());
    Result<std::optional<Json>> transcript = api.history.Transcript(run->record);
    if (!transcript) return ReplyFailure(res, transcript.error());
    Json j = RunToJson(*run);
    j["transcript"] = *transcript ? **transcript : Json(nullptr);
    j["report_url"] = *transcript ? Json("/api/v1/runs/" + run->id() + "/report") : Json(nullptr);
    ReplyJson(res, j);
  });

  http.Get(R"(/api/v1/runs/([^/]+)/report)", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto bad = CheckParams(req, {})) return ReplyError(res, 400, bad->message, bad->field);
    Result<RunView> run = api.history.GetRun(req.matches[1].str());
    if (!run) return ReplyFailure(res, run.error());
    Result<std::optional<Json>> transcript = api.history.Transcript(run->record);
    if (!transcript) return ReplyFailure(res, transcript.error());
    if (!*transcript)
      return ReplyError(res, 404, "run '" + run->id() + "' has no stored transcript, so no report can be drawn");
    res.set_header("Content-Security-Policy", kRunReportCsp);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_content(RunReportHtml(*run, **transcript), "text/html; charset=utf-8");
  });

  http.Get("/api/v1/compare", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto bad = CheckParams(req, {"a", "b", "force"})) return ReplyError(res, 400, bad->message, bad->field);
    for (const char* side : {"a", "b"})
      if (req.get_param_value(side).empty())
        return ReplyError(res, 400, std::string(side) + ": required: a bench id, tag, id prefix or 'latest'", side);
    bool force = false;
    if (req.has_param("force")) {
      std::string v = req.get_param_value("force");
      if (v == "1" || v == "true") force = true;
      else if (v != "0" && v != "false")
        return ReplyError(res, 400, "force: expected 1, 0, true or false, got '" + Truncate(v, 40) + "'", "force");
    }
    Result<bench::Comparison> c = api.history.Compare(req.get_param_value("a"), req.get_param_value("b"), force);
    if (!c) return ReplyFailure(res, c.error());
    ReplyJson(res, ComparisonToJson(*c));
  });

  http.Get("/api/v1/calibrations", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto bad = CheckParams(req, {"judge"})) return ReplyError(res, 400, bad->message, bad->field);
    std::string judge;
    if (!ReadSearchParam(req, res, "judge", judge)) return;
    Result<std::vector<store::CalibrationRow>> rows = store::ListCalibrations(api.store_location);
    if (!rows) return ReplyFailure(res, rows.error());
    Json judges = Json::array();
    for (const store::JudgeCalibrations& j : store::GroupCalibrationsByJudge(*rows, judge))
      judges.push_back(JudgeCalibrationsToJson(j));
    ReplyJson(res, Json{{"judges", judges}, {"calibrations", rows->size()}});
  });
}

}  // namespace ab::serve
