// Background benches started from the API. Jobs run one at a time on one worker thread, in launch order:
// pending (queued) → running → completed / failed / cancelled. Each job keeps a numbered list of events
// (state changes and one "progress" per finished planned run) that GET /jobs/{id}/events streams as
// server-sent events. A completed bench is saved to the history with its transcripts and the fixture version
// it ran; a cancelled one is not saved (as the CLI does with an interrupted bench). Each job's snapshot is kept
// in a JobLog (the history database) at every change, so a restarted server lists earlier jobs; one that was
// pending or running when the server stopped is shown as failed ("interrupted: ..."). Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/json.h"
#include "base/result.h"
#include "serve/fixtures.h"
#include "serve/history.h"
#include "serve/job_request.h"

namespace ab::serve {

enum class JobState { kPending, kRunning, kCompleted, kFailed, kCancelled };
/// "pending", "running", "completed", "failed", "cancelled".
const char* JobStateName(JobState s);
inline bool IsFinal(JobState s) { return s != JobState::kPending && s != JobState::kRunning; }

struct JobEvent {
  size_t seq = 0;    ///< 1, 2, ... per job (the SSE id)
  std::string type;  ///< "state" or "progress"
  Json data;
};

/// What GET /jobs/{id} shows.
struct JobSnapshot {
  std::string id;
  JobState state = JobState::kPending;
  JobRequest request;
  int64_t created_ms = 0, started_ms = 0, ended_ms = 0;
  size_t done = 0, total = 0;  ///< planned runs finished / planned
  int passed = 0, failed = 0, errored = 0;
  std::string bench_id;  ///< set once the bench is prepared
  std::string error;     ///< why it failed (redacted)
  std::vector<std::string> diagnostics;
  std::optional<FixtureRef> fixture;
};

/// The error of a job that was pending or running when its server stopped.
inline constexpr const char* kInterruptedJobError = "interrupted: the server stopped before the job finished";

/// Where job snapshots are kept between server runs. Implementations are thread-safe.
class JobLog {
 public:
  virtual ~JobLog() = default;
  /// Every job kept, oldest launch first.
  virtual Result<std::vector<JobSnapshot>> LoadAll() = 0;
  /// Keeps |job| (launched |seq|-th), replacing its earlier snapshot.
  [[nodiscard]] virtual Status Save(const JobSnapshot& job, int64_t seq) = 0;
};

class ServeDb;
/// The JobLog in the history database (table serve_jobs). Inline configs are not kept (they may hold keys).
std::unique_ptr<JobLog> MakeDbJobLog(std::shared_ptr<ServeDb> db);

/// What the jobs need from the server: where files are, the history, the fixtures, where snapshots are kept.
struct JobEnv {
  std::string base_dir;  ///< relative suite and configs paths resolve here
  History* history = nullptr;
  FixtureStore* fixtures = nullptr;
  JobLog* log = nullptr;  ///< null = jobs are kept in memory only
};

class JobManager {
 public:
  explicit JobManager(JobEnv env);
  /// Cancels every job and waits for the running one to stop.
  ~JobManager();
  JobManager(const JobManager&) = delete;
  JobManager& operator=(const JobManager&) = delete;

  /// Queues a job for |request|.
  JobSnapshot Launch(JobRequest request);
  /// Every job, newest first.
  std::vector<JobSnapshot> List() const;
  /// kNotFound for an unknown id.
  Result<JobSnapshot> Get(const std::string& id) const;
  /// Asks job |id| to stop (a pending job is cancelled at once). kUnsupported (409) when it already ended.
  Result<JobSnapshot> Cancel(const std::string& id);
  /// The events after |after_seq|, waiting up to |wait| for one when there are none yet. |finished| is set when
  /// the job has ended and every event was returned. kNotFound for an unknown id.
  Result<std::vector<JobEvent>> Events(const std::string& id, size_t after_seq, std::chrono::milliseconds wait,
                                       bool* finished);
  /// Wakes every waiting Events call (the server is stopping).
  void WakeAll();

 private:
  struct Job {
    JobSnapshot snap;
    int64_t seq = 0;  ///< launch order, the number in the id
    std::vector<JobEvent> events;
    std::atomic<bool> cancel{false};
    bool cancelled_by_user = false;  // requires mu_
  };
  void Worker();
  void Execute(Job& job);
  void Restore();                                           // before the worker starts
  void Emit(Job& job, const std::string& type, Json data);  // requires mu_; keeps the snapshot too
  void SetState(Job& job, JobState state);                  // requires mu_
  Json StateData(const Job& job) const;                     // requires mu_

  JobEnv env_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::map<std::string, std::unique_ptr<Job>> jobs_;
  std::deque<Job*> queue_;
  std::vector<std::string> order_;
  int next_id_ = 0;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace ab::serve
