// Internal to serve: what the route handlers share, and the functions that install each group of routes.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "serve/fixtures.h"
#include "serve/history.h"
#include "serve/jobs.h"
#include "serve/stream_slots.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace ab::serve {

/// How many event streams may be open at once.
struct StreamLimits {
  int per_client = 4;  ///< per client address
  int total = 16;
};

struct Api {
  /// |base_dir| is a realpath: jobs may name only files under it.
  Api(StoreOpener opener, std::unique_ptr<FixtureStore> fixture_store, std::unique_ptr<JobLog> log,
      const std::string& base_dir, StreamLimits limits)
      : base_dir_(base_dir),
        stream_limits(limits),
        streams(std::make_shared<StreamSlots>(limits.per_client, limits.total)),
        history(std::move(opener)),
        fixtures(std::move(fixture_store)),
        job_log(std::move(log)),
        jobs(JobEnv{base_dir, &history, fixtures.get(), job_log.get()}) {}
  const std::string& jobs_base_dir() const { return base_dir_; }

 private:
  std::string base_dir_;

 public:
  const StreamLimits stream_limits;
  std::shared_ptr<StreamSlots> streams;
  History history;
  std::unique_ptr<FixtureStore> fixtures;
  std::unique_ptr<JobLog> job_log;
  JobManager jobs;
  std::atomic<bool> stopping{false};
  /// The history's SQLite path or PostgreSQL URL, for readers that open their own connection (calibrations).
  std::string store_location;
};

/// /api/v1/benches, /benches/{id}, /runs, /runs/{id}, /runs/{id}/report, /compare, /calibrations.
void InstallHistoryRoutes(httplib::Server& http, Api& api);
/// /api/v1/benches/{id}/grid, /tests, /diff: the viewer's grid, flip rates and side-by-side runs.
void InstallViewerRoutes(httplib::Server& http, Api& api);
/// The kind query parameter (bench, run, all = ""); false after replying 400.
bool ReadKindParam(const httplib::Request& req, httplib::Response& res, std::string& kind);
/// A search text of at most 200 bytes; false after replying 400.
bool ReadSearchParam(const httplib::Request& req, httplib::Response& res, const char* name, std::string& out);
/// /api/v1/jobs, /jobs/{id}, /jobs/{id}/cancel, /jobs/{id}/events.
void InstallJobRoutes(httplib::Server& http, Api& api);
/// /api/v1/fixtures and below.
void InstallFixtureRoutes(httplib::Server& http, Api& api);
/// /api/v1/info: the version, the base directory of jobs' paths, the limits.
void InstallInfoRoute(httplib::Server& http, Api& api);
/// The UI: /, /app.js, /app.css ...
void InstallAssetRoutes(httplib::Server& http);

}  // namespace ab::serve
