#include "serve/jobs.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "base/redact.h"
#include "base/strings.h"
#include "base/time.h"
#include "bench/orchestrate.h"
#include "report/json.h"
#include "serve/job_configs.h"

namespace ab::serve {
namespace {}  // namespace

const char* JobStateName(JobState s) {
  switch (s) {
    case JobState::kPending: return "pending";
    case JobState::kRunning: return "running";
    case JobState::kCompleted: return "completed";
    case JobState::kFailed: return "failed";
    case JobState::kCancelled: return "cancelled";
  }
  return "failed";
}

JobManager::JobManager(JobEnv env) : env_(std::move(env)) {
  Restore();
  worker_ = std::thread([this] { Worker(); });
}

void JobManager::Restore() {
  if (!env_.log) return;
  Result<std::vector<JobSnapshot>> kept = env_.log->LoadAll();
  if (!kept) return;  // an unreadable log loses the old list, never the server
  for (JobSnapshot& snap : *kept) {
    auto job = std::make_unique<Job>();
    job->seq = std::strtoll(snap.id.c_str() + std::min<size_t>(snap.id.size(), 4), nullptr, 10);
    bool interrupted = !IsFinal(snap.state);
    if (interrupted) {
      snap.state = JobState::kFailed;
      snap.error = kInterruptedJobError;
      snap.ended_ms = NowMs();
    }
    job->snap = std::move(snap);
    Job* raw = job.get();
    if (jobs_.count(raw->snap.id)) continue;
    next_id_ = std::max<int>(next_id_, static_cast<int>(raw->seq));
    order_.push_back(raw->snap.id);
    jobs_[raw->snap.id] = std::move(job);
    // One final state event, so a stream of an old job ends at once. Emit keeps the interrupted state.
    if (interrupted) {
      Emit(*raw, "state", StateData(*raw));
    } else {
      raw->events.push_back(JobEvent{1, "state", StateData(*raw)});
    }
  }
}

JobManager::~JobManager() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    for (auto& [id, job] : jobs_) job->cancel = true;
    // Queued jobs never run: they end as interrupted (the running one does when its bench stops).
    for (Job* job : queue_) {
      job->snap.error = kInterruptedJobError;
      SetState(*job, JobState::kFailed);
    }
    queue_.clear();
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void JobManager::WakeAll() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
}

Json JobManager::StateData(const Job& job) const {
  Json j = {{"state", JobStateName(job.snap.state)}, {"done", job.snap.done}, {"total", job.snap.total}};
  if (!job.snap.bench_id.empty()) j["bench_id"] = job.snap.bench_id;
  if (!job.snap.error.empty()) j["error"] = job.snap.error;
  return j;
}

void JobManager::Emit(Job& job, const std::string& type, Json data) {
  job.events.push_back(JobEvent{job.events.size() + 1, type, std::move(data)});
  // A snapshot that cannot be kept costs the list after a restart, never the job.
  if (env_.log) (void)env_.log->Save(job.snap, job.seq);
  changed_.notify_all();
}

void JobManager::SetState(Job& job, JobState state) {
  job.snap.state = state;
  if (state == JobState::kRunning) job.snap.started_ms = NowMs();
  if (IsFinal(state)) job.snap.ended_ms = NowMs();
  Emit(job, "state", StateData(job));
}

JobSnapshot JobManager::Launch(JobRequest request) {
  std::lock_guard<std::mutex> lock(mu_);
  auto job = std::make_unique<Job>();
  job->seq = ++next_id_;
  job->snap.id = "job-" + std::to_string(job->seq);
  job->snap.request = std::move(request);
  job->snap.created_ms = NowMs();
  Job* raw = job.get();
  order_.push_back(raw->snap.id);
  jobs_[raw->snap.id] = std::move(job);
  Emit(*raw, "state", StateData(*raw));
  queue_.push_back(raw);
  changed_.notify_all();
  return raw->snap;
}

std::vector<JobSnapshot> JobManager::List() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<JobSnapshot> out;
  for (auto it = order_.rbegin(); it != order_.rend(); ++it) out.push_back(jobs_.at(*it)->snap);
  return out;
}

Result<JobSnapshot> JobManager::Get(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return Error(ErrorCode::kNotFound, "no job '" + id + "'");
  return it->second->snap;
}

Result<JobSnapshot> JobManager::Cancel(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return Error(ErrorCode::kNotFound, "no job '" + id + "'");
  Job& job = *it->second;
  if (IsFinal(job.snap.state))
    return Error(ErrorCode::kUnsupported, "job '" + id + "' already ended (" + JobStateName(job.snap.state) + ")");
  job.cancel = true;
  job.cancelled_by_user = true;
  if (job.snap.state == JobState::kPending) {
    for (auto q = queue_.begin(); q != queue_.end(); ++q) {
      if (*q == &job) {
        queue_.erase(q);
        break;
      }
    }
    SetState(job, JobState::kCancelled);
  }
  return job.snap;
}

Result<std::vector<JobEvent>> JobManager::Events(const std::string& id, size_t after_seq,
                                                 std::chrono::milliseconds wait, bool* finished) {
  std::unique_lock<std::mutex> lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return Error(ErrorCode::kNotFound, "no job '" + id + "'");
  Job& job = *it->second;
  changed_.wait_for(lock, wait, [&] { return stopping_ || job.events.size() > after_seq; });
  std::vector<JobEvent> out;
  for (size_t i = after_seq; i < job.events.size(); ++i) out.push_back(job.events[i]);
  if (finished) *finished = IsFinal(job.snap.state);
  return out;
}

void JobManager::Worker() {
  while (true) {
    Job* job = nullptr;
    {
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = queue_.front();
      queue_.pop_front();
      SetState(*job, JobState::kRunning);
    }
    Execute(*job);
  }
}

void JobManager::Execute(Job& job) {
  auto fail = [&](const std::string& why, std::vector<std::string> diagnostics = {}) {
    std::lock_guard<std::mutex> lock(mu_);
    job.snap.error = Redact(why);
    job.snap.diagnostics = std::move(diagnostics);
    SetState(job, JobState::kFailed);
  };
  const JobRequest& req = job.snap.request;
  std::optional<FixtureVersion> fixture;
  if (!req.fixture.empty()) {
    Result<std::vector<FixtureVersion>> versions = env_.fixtures->Versions(req.fixture);
    if (!versions) return fail(versions.error().message);
    for (const auto& v : *versions)
      if (req.fixture_version == 0 || v.version == req.fixture_version) fixture = v;
    if (!fixture) return fail("fixture '" + req.fixture + "' has no version " + std::to_string(req.fixture_version));
    std::lock_guard<std::mutex> lock(mu_);
    job.snap.fixture = FixtureRef{fixture->name, fixture->version, fixture->hash};
  }
  Result<JobConfigs> configs = MakeJobConfigs(req, env_.base_dir, fixture, job.snap.id);
  if (!configs) return fail(configs.error().ToString());

  bench::BenchRunOptions options;
  // A path relative to the working directory stays as given, so test keys ("file/session/test") match those of
  // the same suite benched from the command line there and the two benches can be compared test by test.
  std::error_code cwd_error;
  bool here = std::filesystem::equivalent(env_.base_dir, std::filesystem::current_path(), cwd_error);
  options.file = here && std::filesystem::path(req.suite).is_relative() ? req.suite : Resolve(env_.base_dir, req.suite);
  options.configs_path = configs->path;
  options.runs = req.runs;
  options.jobs = req.concurrency;
  store::TranscriptCollector transcripts;
  options.on_test = [&transcripts](const store::RunRecord& record, const report::TestRun& run) {
    transcripts.Add(record, report::TestRunToJson(run));
  };
  Diagnostics diags;
  Result<bench::PreparedBench> prepared = bench::PrepareBench(options, &diags);
  if (configs->temporary) {
    std::error_code ec;
    std::filesystem::remove(configs->path, ec);
  }
  if (!prepared) {
    std::string shown = req.configs_path.empty() ? "configs (inline)" : req.configs_path;
    std::vector<std::string> lines;
    for (const Diagnostic& d : diags) lines.push_back(Redact(ReplaceAll(d.ToString(), configs->path, shown)));
    std::string first = lines.empty() ? prepared.error().ToString() : lines.front();
    for (const std::string& l : lines)
      if (l.find("error") != std::string::npos) {
        first = l;
        break;
      }
    return fail("the bench did not start: " + ReplaceAll(first, configs->path, shown), lines);
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    job.snap.bench_id = prepared->meta.id;
    job.snap.total = prepared->plan.size();
    Emit(job, "state", StateData(job));
  }
  auto on_progress = [&](const bench::RunProgress& p) {
    std::lock_guard<std::mutex> lock(mu_);
    job.snap.done = p.done;
    job.snap.total = p.total;
    job.snap.passed += p.passed;
    job.snap.failed += p.failed;
    job.snap.errored += p.errored;
    Emit(job, "progress",
         Json{{"done", p.done},
              {"total", p.total},
              {"config", p.run ? p.run->config : ""},
              {"variant", p.run ? p.run->variant : ""},
              {"repetition", p.run ? p.run->repetition + 1 : 0},
              {"passed", p.passed},
              {"failed", p.failed},
              {"errored", p.errored},
              {"duration_ms", p.duration_ms}});
  };
  bench::BenchResult result = bench::RunBench(*prepared, on_progress, job.cancel);
  if (result.incomplete || job.cancel.load()) {
    std::lock_guard<std::mutex> lock(mu_);
    // Stopped by the server shutting down, not by a user: as if the server had died.
    if (stopping_ && !job.cancelled_by_user) job.snap.error = kInterruptedJobError;
    SetState(job, job.snap.error.empty() ? JobState::kCancelled : JobState::kFailed);
    return;
  }
  store::StoredBench stored;
  stored.info = bench::HeadlineOf(result.summary);
  stored.runs = result.runs;
  stored.transcripts = transcripts.Take();
  if (Status s = env_.history->Save(stored); !s) return fail("the bench was not saved: " + s.error().ToString());
  if (fixture)
    (void)env_.fixtures->RecordBench(stored.info.id, FixtureRef{fixture->name, fixture->version, fixture->hash});
  std::lock_guard<std::mutex> lock(mu_);
  SetState(job, JobState::kCompleted);
}

}  // namespace ab::serve
