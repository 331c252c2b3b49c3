// What one `agent-bench run` is asked to do, filled from the command line.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace ab::llm {
class Provider;
}

namespace ab::runner {

/// Providers shared by several concurrent executions (bench mode): one provider object, and so one rate
/// limiter, per distinct rendered provider definition. Thread-safe; outlives every execution that uses it.
class ProviderCache {
 public:
  std::mutex mu;
  std::map<std::string, std::unique_ptr<llm::Provider>> providers;
  ProviderCache();  // out of line: llm::Provider is incomplete here
  ~ProviderCache();
};

struct RunOptions {
  std::vector<std::string> test_files;   ///< -f, in order
  std::vector<std::string> suite_files;  ///< -s, in order
  std::string output_base;               ///< -o; empty = <dir of the first file>/test_results/report
  std::vector<std::string> report_types = {"html"};
  bool verbose = false;
  bool quiet = false;    ///< no console report, no progress
  bool progress = true;  ///< live progress lines on stderr
  bool color = false;
  bool deterministic = false;  ///< normalized times/ids in reports
  int jobs = 0;                ///< 0 = settings.max_concurrent, else the number of agents
  std::optional<unsigned long long> seed;
  std::string record_dir;
  std::string replay_dir;
  std::string journal_path;                 ///< BASE.jsonl; empty = no journal
  std::string resume_path;                  ///< a journal of an earlier run: finished sessions are not rerun
  ProviderCache* provider_cache = nullptr;  ///< share providers with other executions (null: own providers)
  bool save_history = false;  ///< save the finished run to the history (runner/history.h); the CLI sets it
  std::string store;          ///< --store: the history (SQLite path or PostgreSQL URL; "" = default)
  std::string trace_id;       ///< W3C trace id for every MCP request's _meta.traceparent (the bench's OTLP trace)
};

}  // namespace ab::runner
