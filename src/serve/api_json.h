// The JSON shapes of the API (documented in docs/openapi.yaml): benches, runs, jobs, comparisons and fixtures.
// Pure functions from the plain models to Json; the route files only pick which to call.
#pragma once

#include <optional>

#include "base/json.h"
#include "bench/aggregate.h"
#include "bench/compare.h"
#include "serve/fixtures.h"
#include "serve/grid.h"
#include "serve/history.h"
#include "serve/jobs.h"

namespace ab::serve {

/// The figures of one group of runs: runs, passed, success_rate (0..1) with its interval, latency p50/p95,
/// tokens, cost_total / cost_per_run (null when unknown).
Json AggregateToJson(const bench::Aggregate& a);
/// A bench in a list: id, name, suite, times, configs, tags, headline figures and per-config figures.
Json BenchListItem(const BenchView& v);
/// A whole bench: the list item plus per config × variant and config × test figures, the fixture it ran and
/// its runs (without transcripts).
Json BenchDetail(const BenchView& v, const std::optional<FixtureRef>& fixture);
/// One run's record, with its API id.
Json RunToJson(const RunView& run);
/// A test × agent grid page: columns, rows of cells (verdict, final answer, tool chain, run ids), total rows.
Json GridToJson(const Grid& grid);
/// One test × agent's verdicts over saved runs, with its flips, flip rate and trend.
Json FlipsToJson(const store::TestFlips& flips);
/// A job.
Json JobToJson(const JobSnapshot& job);
/// A comparison: per config and per config × test changes with p-values and verdicts.
Json ComparisonToJson(const bench::Comparison& c);
/// A fixture version; |with_variants| adds the variants themselves.
Json FixtureToJson(const FixtureVersion& f, bool with_variants);
Json FixtureRefToJson(const FixtureRef& r);

}  // namespace ab::serve
