// GET /api/v1/info: what a client needs to know before it launches a job: the version, the base directory that
// every suite and configs path is relative to (and must stay under), and the event stream limits.
#include <httplib.h>

#include "base/version.h"
#include "serve/api.h"
#include "serve/http_util.h"

namespace ab::serve {

void InstallInfoRoute(httplib::Server& http, Api& api) {
  http.Get("/api/v1/info", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto bad = CheckParams(req, {})) return ReplyError(res, 400, bad->message, bad->field);
    ReplyJson(res, Json{{"version", Version()},
                        {"base_dir", api.jobs_base_dir()},
                        {"limits",
                         {{"event_streams_per_client", api.stream_limits.per_client},
                          {"event_streams", api.stream_limits.total},
                          {"event_streams_open", api.streams->open()}}}});
  });
}

}  // namespace ab::serve
