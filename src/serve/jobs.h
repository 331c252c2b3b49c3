// Background benches started from the API. Jobs run one at a time on one worker thread, in launch order:
// pending (queued) → running → completed / failed / cancelled. Each job keeps a numbered list of events
// (state changes and one "progress" per finished planned run) that GET /jobs/{id}/events streams as
// server-sent events. A completed bench is saved to the history with its transcripts and the fixture version
// it ran; a cancelled one is not saved (as the CLI does with an interrupted bench). Jobs live in memory only.
// Thread-safe.
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
#include "serve/transcripts.h"

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

/// What the jobs need from the server: where files are, the history, the fixtures, the transcripts.
struct JobEnv {
  std::string base_dir;  ///< relative suite and configs paths resolve here
  History* history = nullptr;
  FixtureStore* fixtures = nullptr;
  const TranscriptArchive* transcripts = nullptr;
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
    std::vector<JobEvent> events;
    std::atomic<bool> cancel{false};
  };
  void Worker();
  void Execute(Job& job);
  void Emit(Job& job, const std::string& type, Json data);  // requires mu_
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
