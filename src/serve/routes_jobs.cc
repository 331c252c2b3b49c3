// /api/v1/jobs: launch a bench in the background, list and read jobs, cancel one, and follow one as a stream
// of server-sent events ("event: state|progress", "id: <seq>", "data: <json>"); the stream ends after the event
// that reports the final state. A client that reconnects with Last-Event-ID gets only what it missed. A stream holds a
// worker thread while it is open, so their number is bounded (Api::streams): past the bound, a 429.
#include <httplib.h>

#include <cstdlib>

#include "serve/access.h"
#include "serve/api.h"
#include "serve/api_json.h"
#include "serve/http_util.h"

namespace ab::serve {
namespace {

std::string SseFrame(const JobEvent& e) {
  return "id: " + std::to_string(e.seq) + "\nevent: " + e.type +
         "\ndata: " + e.data.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n\n";
}

}  // namespace

void InstallJobRoutes(httplib::Server& http, Api& api) {
  http.Post("/api/v1/jobs", [&api](const httplib::Request& req, httplib::Response& res) {
    Result<Json> body = ParseJsonBody(req);
    if (!body) return ReplyError(res, 400, body.error().message);
    FieldError problem;
    Result<JobRequest> request = ParseJobRequest(*body, api.jobs_base_dir(), &problem);
    if (!request) return ReplyError(res, 400, request.error().message, problem.field);
    if (!request->fixture.empty()) {
      Result<std::vector<FixtureVersion>> versions = api.fixtures->Versions(request->fixture);
      if (!versions) return ReplyError(res, 400, "fixture.name: " + versions.error().message, "fixture.name");
      if (request->fixture_version > static_cast<int>(versions->size()))
        return ReplyError(
            res, 400,
            "fixture.version: '" + request->fixture + "' has " + std::to_string(versions->size()) + " version(s)",
            "fixture.version");
    }
    JobSnapshot job = api.jobs.Launch(std::move(*request));
    res.set_header("Location", "/api/v1/jobs/" + job.id);
    ReplyJson(res, JobToJson(job), 202);
  });

  http.Get("/api/v1/jobs", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto bad = CheckParams(req, {})) return ReplyError(res, 400, bad->message, bad->field);
    Json items = Json::array();
    for (const JobSnapshot& j : api.jobs.List()) items.push_back(JobToJson(j));
    ReplyJson(res, Json{{"jobs", items}});
  });

  http.Get(R"(/api/v1/jobs/([^/]+))", [&api](const httplib::Request& req, httplib::Response& res) {
    Result<JobSnapshot> job = api.jobs.Get(req.matches[1].str());
    if (!job) return ReplyFailure(res, job.error());
    ReplyJson(res, JobToJson(*job));
  });

  http.Post(R"(/api/v1/jobs/([^/]+)/cancel)", [&api](const httplib::Request& req, httplib::Response& res) {
    Result<JobSnapshot> job = api.jobs.Cancel(req.matches[1].str());
    if (!job) return ReplyFailure(res, job.error());
    ReplyJson(res, JobToJson(*job), 202);
  });

  http.Get(R"(/api/v1/jobs/([^/]+)/events)", [&api](const httplib::Request& req, httplib::Response& res) {
    std::string id = req.matches[1].str();
    if (Result<JobSnapshot> job = api.jobs.Get(id); !job) return ReplyFailure(res, job.error());
    std::string why;
    std::shared_ptr<void> slot = api.streams->Acquire(req.remote_addr, &why);
    if (!slot) {
      res.set_header("Retry-After", "5");
      return Refuse(res, 429, why);
    }
    size_t after = 0;
    if (req.has_header("Last-Event-ID"))
      after = std::strtoul(req.get_header_value("Last-Event-ID").c_str(), nullptr, 10);
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Accel-Buffering", "no");
    auto next = std::make_shared<size_t>(after);
    // The provider holds the slot: it is released when the response (and so the provider) is destroyed, however
    // the stream ended.
    res.set_chunked_content_provider("text/event-stream", [&api, id, next, slot](size_t, httplib::DataSink& sink) {
      while (!api.stopping.load()) {
        bool finished = false;
        Result<std::vector<JobEvent>> events = api.jobs.Events(id, *next, std::chrono::milliseconds(15000), &finished);
        if (!events) break;
        std::string text;
        for (const JobEvent& e : *events) {
          text += SseFrame(e);
          *next = e.seq;
        }
        if (text.empty()) text = ": keep-alive\n\n";  // also notices a client that went away
        if (!sink.write(text.data(), text.size())) return false;
        if (finished) break;
      }
      sink.done();
      return true;
    });
  });
}

}  // namespace ab::serve
