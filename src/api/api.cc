// The public library API (include/agent_bench/agent_bench.h) over the runner, bench and report layers: it converts
// the stable option and result structs to the internal ones and back, nothing more.
#include <atomic>
#include <sstream>

#include "agent_bench/agent_bench.h"
#include "base/version.h"
#include "bench/bench_command.h"
#include "report/json_reader.h"
#include "report/model.h"
#include "runner/commands.h"

namespace agent_bench {
namespace {

std::string JsonReportOf(const std::string& base, const std::vector<std::string>& types) {
  for (const std::string& t : types)
    if (t == "json") return base + ".json";
  return "";
}

}  // namespace

std::string Version() { return ab::Version(); }

Outcome RunFile(const RunFileOptions& options) {
  ab::runner::RunOptions o;
  o.test_files = options.test_files;
  o.suite_files = options.suite_files;
  o.output_base = options.output_base;
  o.report_types = options.report_types;
  o.jobs = options.jobs;
  o.deterministic = options.deterministic;
  o.record_dir = options.record_dir;
  o.replay_dir = options.replay_dir;
  o.quiet = true;
  o.progress = false;
  std::ostringstream out, err;
  const std::atomic<bool> cancel{false};
  Outcome outcome;
  outcome.exit_code = ab::runner::RunCommand(o, out, err, cancel);
  outcome.output = out.str();
  outcome.diagnostics = err.str();
  if (!options.output_base.empty()) outcome.json_report = JsonReportOf(options.output_base, options.report_types);
  return outcome;
}

Outcome RunBench(const BenchOptions& options) {
  ab::bench::BenchCommandOptions o;
  o.run.file = options.file;
  o.run.configs_path = options.configs_file;
  o.run.runs = options.runs;
  o.run.jobs = options.jobs;
  o.output_base = options.output_base;
  o.store_path = options.store_path;
  o.report_types = {"json"};
  o.progress = false;
  o.deterministic = options.deterministic;
  std::ostringstream out, err;
  const std::atomic<bool> cancel{false};
  Outcome outcome;
  outcome.exit_code = ab::bench::BenchCommand(o, out, err, cancel);
  outcome.output = out.str();
  outcome.diagnostics = err.str();
  if (!options.output_base.empty()) outcome.json_report = options.output_base + ".json";
  return outcome;
}

std::optional<Results> ReadResults(const std::string& json_report, std::string* error) {
  ab::Result<ab::report::Run> run = ab::report::ReadJsonReport(json_report);
  if (!run) {
    if (error) *error = run.error().message;
    return std::nullopt;
  }
  Results results;
  results.run_id = run->run_id;
  results.tool_version = run->tool_version;
  results.incomplete = run->incomplete;
  results.criteria_met = run->criteria_met();
  const ab::report::Totals totals = run->totals();
  results.passed = totals.passed;
  results.failed = totals.failed;
  results.errored = totals.errored;
  results.skipped = totals.skipped;
  for (const ab::report::TestRun& r : run->runs) {
    TestResult t;
    t.file = r.file;
    t.suite = r.suite;
    t.session = r.session;
    t.test = r.test;
    t.agent = r.agent;
    t.provider_type = r.provider_type;
    t.model = r.model;
    t.status = ab::report::RunStatusName(r.status);
    t.assertions = static_cast<int>(r.assertions.size());
    for (const auto& a : r.assertions) t.assertions_failed += a.passed ? 0 : 1;
    for (const ab::TranscriptError& e : r.transcript.errors)
      t.errors.push_back(e.kind == ab::ErrorKind::kNone ? e.message : e.KindName() + ": " + e.message);
    t.final_output = r.transcript.final_output;
    t.latency_ms = r.transcript.latency_ms;
    t.prompt_tokens = r.transcript.usage.prompt_tokens;
    t.completion_tokens = r.transcript.usage.completion_tokens;
    t.cost_usd = r.transcript.usage.cost_usd;
    results.tests.push_back(std::move(t));
  }
  return results;
}

}  // namespace agent_bench
