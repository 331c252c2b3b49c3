#include "report/normalize.h"

#include "base/time.h"

namespace ab::report {
namespace {

void ZeroTimes(Transcript& t) {
  t.latency_ms = t.llm_ms = t.tool_ms = t.wait_ms = 0;
  t.started_ms = t.ended_ms = 0;
  for (auto& m : t.messages) m.timestamp_ms = 0;
  for (auto& turn : t.turns) {
    turn.started_ms = 0;
    turn.latency_ms = turn.wait_ms = 0;
  }
  for (auto& call : t.tool_calls) {
    call.started_ms = 0;
    call.duration_ms = 0;
  }
  t.rate_limits.throttle_wait_ms = 0;
  t.rate_limits.retry_wait_ms = 0;
}

}  // namespace

std::string StripAbsolutePath(const std::string& path) {
  bool absolute = !path.empty() && (path[0] == '/' || path[0] == '\\' ||
                                    (path.size() > 2 && path[1] == ':' && (path[2] == '\\' || path[2] == '/')));
  if (!absolute) return path;
  size_t slash = path.find_last_of("/\\");
  return path.substr(slash + 1);
}

Run Normalized(const Run& run) {
  Run out = run;
  out.run_id = kDeterministicRunId;
  out.started_ms = out.ended_ms = 0;
  for (auto& f : out.test_files) f = StripAbsolutePath(f);
  for (auto& r : out.runs) {
    r.file = StripAbsolutePath(r.file);
    r.json.clear();  // converted before the change
    ZeroTimes(r.transcript);
  }
  return out;
}

const Run& ForOutput(const Run& run, const RenderOptions& options, Run& storage) {
  if (!options.deterministic) return run;
  storage = Normalized(run);
  return storage;
}

int64_t GeneratedAtMs(const RenderOptions& options) { return options.deterministic ? 0 : NowMs(); }

}  // namespace ab::report
