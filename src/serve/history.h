// Read access to the results history for the API: benches and runs with the filters the UI needs, one run by
// id, and the comparison of two benches. Everything goes through the store::Store interface (so it works on any
// store implementation); filters the interface does not know (provider, model, status, dates) are applied here.
// A Store is not thread-safe, so each call opens its own through |opener|: requests run on many threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "bench/aggregate.h"
#include "bench/compare.h"
#include "store/store.h"

namespace ab::serve {

/// Opens a new connection to the history (one per call; the caller owns it).
using StoreOpener = std::function<Result<std::unique_ptr<store::Store>>()>;

/// Which benches or runs to list; empty fields match everything.
struct HistoryFilter {
  std::string suite;     ///< exact suite name
  std::string config;    ///< config name
  std::string provider;  ///< provider type (OPENAI, MOCK ...), case-insensitive
  std::string model;
  std::string status;  ///< a run status; for benches: benches with at least one run in that status
  std::string bench;   ///< runs only: bench id, tag, id prefix or "latest"
  std::string test;    ///< runs only: test key or a part of it
  std::string kind;    ///< "bench", "run" (a plain agent-bench -f/-s run) or "" for both
  std::string agent;   ///< exact agent name
  std::string q;       ///< search: a part of the id, name, suite, a file, config, agent, model, tag or test, any case
  std::optional<int64_t> from_ms, to_ms;  ///< started_ms bounds, inclusive
  int limit = 100;
  int offset = 0;
};

/// A stored bench with the figures the UI shows (computed with the bench layer's own aggregation).
struct BenchView {
  store::StoredBench bench;
  bench::BenchSummary summary;
};

/// A run as the API names it: the bench it belongs to and its position there.
struct RunView {
  store::RunRecord record;
  int seq = 0;
  std::string id() const;  ///< "<bench id>~<seq>"
};

/// Splits an API run id into bench id and position; kInvalidArgument when it has no "~<number>" suffix.
Result<std::pair<std::string, int>> ParseRunId(std::string_view id);

/// The bench's headline and per-config figures from its runs.
bench::BenchSummary SummarizeStored(const store::StoredBench& stored);

class History {
 public:
  explicit History(StoreOpener opener) : opener_(std::move(opener)) {}

  /// Matching benches, newest first, after |filter.offset|, at most |filter.limit|.
  Result<std::vector<BenchView>> ListBenches(const HistoryFilter& filter);
  /// One bench by id, tag, unambiguous id prefix or "latest"; kNotFound when nothing matches.
  Result<BenchView> GetBench(std::string_view ref);
  /// Matching runs, newest bench first and in save order within a bench. |total| gets the count before paging.
  Result<std::vector<RunView>> ListRuns(const HistoryFilter& filter, size_t* total);
  /// One run by API id; kNotFound for an unknown bench or position.
  Result<RunView> GetRun(std::string_view id);
  /// The transcript saved with |run| (from GetRun or ListRuns); empty when none was saved.
  Result<std::optional<Json>> Transcript(const store::RunRecord& run);
  /// A (before) against B (after), each an id, tag, prefix or "latest", with bench::CompareBenches.
  /// kInvalidArgument naming both suites when the benches ran different suites, unless |force|.
  Result<bench::Comparison> Compare(std::string_view a, std::string_view b, bool force = false);
  /// The verdicts and flip rates of tests over the newest saved runs (store::Store::FlipRates).
  Result<std::vector<store::TestFlips>> Flips(const store::FlipFilter& filter);
  /// Saves a finished bench.
  [[nodiscard]] Status Save(const store::StoredBench& bench);

 private:
  Result<std::unique_ptr<store::Store>> Open();
  StoreOpener opener_;
};

}  // namespace ab::serve
