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
#include "store/calibration_store.h"

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
/// A comparison: bench::ComparisonJson (verdicts, regressions by metric, added/removed configs, suites) plus the
/// UI's per-change fields (in_a, in_b, which way each metric moved).
Json ComparisonToJson(const bench::Comparison& c);
/// One judge key's stored calibrations, oldest first: kappa with its 95% interval, agreement, bias, when.
Json JudgeCalibrationsToJson(const store::JudgeCalibrations& judge);
/// A fixture version; |with_variants| adds the variants themselves.
Json FixtureToJson(const FixtureVersion& f, bool with_variants);
Json FixtureRefToJson(const FixtureRef& r);

}  // namespace ab::serve
