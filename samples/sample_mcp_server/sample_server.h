// The sample MCP server's protocol core, independent of the wire: feed it client messages, it writes answers and
// notifications through a sink. Covers what the official servers do not (pagination, cancellable progress,
// isError vs JSON-RPC errors, every content type) plus a small notes/calculator/weather domain for demo suites.
// Thread-safe: tool calls run on worker threads (one per call in flight, reused between calls) so a slow call can
// be cancelled while others proceed.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/json.h"

namespace ab::sample {

struct SampleOptions {
  int page_size = 0;             ///< tools per tools/list page; 0 = all at once
  int fail_after = 0;            ///< exit(3) when the N-th tools/call arrives (a server dying mid-call); 0 = never
  bool garbage = false;          ///< write a non-JSON line before every message (a server logging to stdout)
  bool hang_on_init = false;     ///< never answer initialize
  std::string protocol_version;  ///< answer this version instead of echoing a supported one
};

/// Runs tasks on worker threads that wait for the next task when they finish, and starts a new worker only when
/// none is idle: as many threads as calls in flight, none created per call once warm, none left behind.
class WorkerPool {
 public:
  ~WorkerPool() { Drain(); }
  void Submit(std::function<void()> task);
  /// Runs every submitted task to the end and stops the workers; the pool can be used again afterwards.
  void Drain();
  size_t threads() const;
  /// Called by a task on its worker just before it writes its answer: from then on the worker counts as free, so
  /// a call the client sends in reply to that answer waits for this worker instead of starting a new thread.
  static void TaskFinishing();

 private:
  void Work();
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> workers_;
  size_t idle_ = 0;
  size_t finishing_ = 0;  // workers whose task has written its answer and is returning
  bool stopping_ = false;
};

/// Writes one serialized message (a single line, no newline) to the client. Must be thread-safe.
using Sink = std::function<void(const std::string& line)>;

class SampleServer {
 public:
  SampleServer(SampleOptions options, Sink sink);
  ~SampleServer();
  /// Handles one client message (request, notification or response). Tool calls return before they finish.
  void Handle(const Json& message);
  /// Waits for running tool calls to finish.
  void Drain();
  /// Worker threads currently alive (busy or idle).
  size_t worker_threads() const { return pool_.threads(); }

 private:
  struct Call;
  void HandleRequest(const Json& id, const std::string& method, const Json& params);
  void RunTool(std::shared_ptr<Call> call, const Json& id, const std::string& name, const Json& args,
               const Json& progress_token);
  Json ListTools(const Json& params, bool* bad_cursor) const;
  void Reply(const Json& id, const Json& result);
  void ReplyError(const Json& id, int code, const std::string& message, const Json& data = Json());
  void Emit(const Json& message);
  /// Sends a request to the client and waits for its answer (null on timeout).
  Json AskClient(const std::string& method, const Json& params, int timeout_ms);

  SampleOptions options_;
  Sink sink_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::shared_ptr<Call>> calls_;  // by dumped request id
  std::map<std::string, Json> client_answers_;
  int next_server_request_ = 1;
  int tool_calls_ = 0;
  // The notes store of the demo domain.
  std::vector<Json> notes_;
  WorkerPool pool_;  // last: its destructor finishes the calls while the members they use still exist
};

}  // namespace ab::sample
