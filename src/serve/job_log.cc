// The JobLog over the history database (serve_db.h): one row of serve_jobs per job, rewritten at every change.
#include "base/json_parse.h"
#include "serve/jobs.h"
#include "serve/serve_db.h"

namespace ab::serve {
namespace {

using store::Db;
using store::Params;
using store::Row;

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

JobState ParseState(const std::string& name) {
  for (JobState s :
       {JobState::kPending, JobState::kRunning, JobState::kCompleted, JobState::kFailed, JobState::kCancelled})
    if (name == JobStateName(s)) return s;
  return JobState::kFailed;
}

JobSnapshot ReadJobRowOrThrow(const Row& r) {
  JobSnapshot s;
  s.id = r.Text(0);
  s.state = ParseState(r.Text(1));
  Json request = ParseJsonOrDiscarded(r.Text(2), kStoredJsonLimits);
  s.request = JobRequestFromJson(request.is_object() ? request : Json::object());
  s.bench_id = r.Text(3);
  s.done = static_cast<size_t>(r.Int(4));
  s.total = static_cast<size_t>(r.Int(5));
  s.passed = static_cast<int>(r.Int(6));
  s.failed = static_cast<int>(r.Int(7));
  s.errored = static_cast<int>(r.Int(8));
  s.error = r.Text(9);
  Json diagnostics = ParseJsonOrDiscarded(r.Text(10), kStoredJsonLimits);
  if (diagnostics.is_array())
    for (const Json& d : diagnostics)
      if (d.is_string()) s.diagnostics.push_back(d.get<std::string>());
  Json fixture = ParseJsonOrDiscarded(r.Text(11), kStoredJsonLimits);
  if (fixture.is_object())
    s.fixture = FixtureRef{fixture.value("name", ""), fixture.value("version", 0), fixture.value("hash", "")};
  s.created_ms = r.Int(12);
  s.started_ms = r.Int(13);
  s.ended_ms = r.Int(14);
  return s;
}

JobSnapshot ReadJobRow(const Row& r) {
  try {
    return ReadJobRowOrThrow(r);
  } catch (const Json::exception&) {  // a row this build cannot read is shown as a failed job, not a crash
    JobSnapshot s;
    s.id = r.Text(0);
    s.state = JobState::kFailed;
    s.error = "this job's record could not be read";
    return s;
  }
}

class DbJobLog final : public JobLog {
 public:
  explicit DbJobLog(std::shared_ptr<ServeDb> db) : db_(std::move(db)) {}

  Result<std::vector<JobSnapshot>> LoadAll() override {
    return db_->With([&](Db& db) -> Result<std::vector<JobSnapshot>> {
      Result<store::Rows> rows = db.Query(
          "SELECT id, state, request_json, bench_id, done_runs, total_runs, passed, failed, errored, error, "
          "diagnostics_json, fixture_json, created_ms, started_ms, ended_ms FROM serve_jobs ORDER BY seq");
      if (!rows) return rows.error();
      std::vector<JobSnapshot> out;
      for (const Row& r : *rows) out.push_back(ReadJobRow(r));
      return out;
    });
  }

  Status Save(const JobSnapshot& j, int64_t seq) override {
    Json fixture = j.fixture
                       ? Json{{"name", j.fixture->name}, {"version", j.fixture->version}, {"hash", j.fixture->hash}}
                       : Json(nullptr);
    Params p;
    p.Add(j.id).Add(seq).Add(JobStateName(j.state)).Add(Dump(j.request.ToJson())).Add(j.bench_id);
    p.Add(static_cast<int64_t>(j.done)).Add(static_cast<int64_t>(j.total)).Add(j.passed).Add(j.failed).Add(j.errored);
    p.Add(j.error).Add(Dump(Json(j.diagnostics))).Add(Dump(fixture)).Add(j.created_ms).Add(j.started_ms);
    p.Add(j.ended_ms);
    return db_->With([&](Db& db) {
      return db.Exec(
          "INSERT INTO serve_jobs(id, seq, state, request_json, bench_id, done_runs, total_runs, passed, failed, "
          "errored, error, diagnostics_json, fixture_json, created_ms, started_ms, ended_ms) VALUES (?1, ?2, ?3, "
          "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) ON CONFLICT(id) DO UPDATE SET "
          "seq = excluded.seq, state = excluded.state, request_json = excluded.request_json, "
          "bench_id = excluded.bench_id, done_runs = excluded.done_runs, total_runs = excluded.total_runs, "
          "passed = excluded.passed, failed = excluded.failed, errored = excluded.errored, error = excluded.error, "
          "diagnostics_json = excluded.diagnostics_json, fixture_json = excluded.fixture_json, "
          "created_ms = excluded.created_ms, started_ms = excluded.started_ms, ended_ms = excluded.ended_ms",
          p);
    });
  }

 private:
  std::shared_ptr<ServeDb> db_;
};

}  // namespace

std::unique_ptr<JobLog> MakeDbJobLog(std::shared_ptr<ServeDb> db) { return std::make_unique<DbJobLog>(std::move(db)); }

}  // namespace ab::serve
