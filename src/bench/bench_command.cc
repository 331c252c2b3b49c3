#include "bench/bench_command.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/exit_codes.h"
#include "base/json_parse.h"
#include "base/redact.h"
#include "base/safe_file.h"
#include "base/strings.h"
#include "base/version.h"
#include "bench/bench_summary.h"
#include "bench/commands.h"
#include "bench/format.h"
#include "bench/merge.h"
#include "bench/otlp.h"
#include "bench/trace.h"
#include "report/json.h"
#include "store/store.h"

namespace ab::bench {
namespace {

std::string Plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string DefaultBase(const BenchRunOptions& run) {
  std::filesystem::path dir = std::filesystem::path(run.file).parent_path();
  std::string base = (dir / "bench_results" / "bench").string();
  // Shards run on one machine must not overwrite each other's reports.
  if (run.shard && run.shard->count > 1)
    base += ".shard-" + std::to_string(run.shard->index) + "-of-" + std::to_string(run.shard->count);
  return base;
}

void PrintPlan(const PreparedBench& b, std::ostream& err) {
  err << "agent-bench: bench " << b.meta.id << ": " << Plural(b.spec.configs.size(), "config", "configs") << " × "
      << Plural(b.spec.variants.size(), "variant", "variants") << " × "
      << Plural(static_cast<size_t>(b.repetitions), "run", "runs") << " = " << Plural(b.matrix_size, "run", "runs")
      << " per test";
  if (b.options.shard && b.options.shard->count > 1)
    err << "; shard " << b.options.shard->index << "/" << b.options.shard->count << " executes "
        << Plural(b.plan.size(), "run", "runs");
  err << " (" << Plural(static_cast<size_t>(b.tests_per_run), "test", "tests") << " each, " << b.concurrency
      << " at a time)\n";
}

/// Markdown on |out|, files, history, optional tag: what bench and merge share once they have their runs.
int Finish(const BenchSummary& summary, const std::vector<RunRecord>& runs, const std::string& base,
           const std::vector<const BenchRenderer*>& renderers, bool save, const std::string& store_path,
           const std::string& tag, bool deterministic, std::ostream& out, std::ostream& err,
           std::vector<store::StoredTranscript> transcripts = {}, const BenchSummarySource* summary_source = nullptr) {
  BenchRenderOptions ro;
  ro.deterministic = deterministic;
  // Made at render time, from the files as they are now; only the HTML and Markdown reports show it.
  if (summary_source) ro.ai_summary = MakeBenchAiSummary(*summary_source, summary, runs, err);
  RenderBenchMarkdown(summary, out, ro);
  for (const auto& w : summary.warnings) err << "agent-bench: warning: " << Redact(w) << "\n";
  std::vector<std::string> written;
  Status st = WriteBenchReports(summary, runs, base, renderers, ro, &written);
  for (const auto& w : written) err << "agent-bench: wrote " << w << "\n";
  if (!st.ok()) {
    err << "agent-bench: error: " << Redact(st.error().ToString()) << "\n";
    return kExitInfra;
  }
  if (!save) return kExitOk;
  std::string store = store_path.empty() ? store::DefaultStorePath() : store_path;
  if (Status saved = SaveToHistory(store, summary, runs, std::move(transcripts)); !saved.ok()) {
    err << "agent-bench: error: the bench was not saved to the history: " << Redact(saved.error().ToString()) << "\n";
    return kExitInfra;
  }
  err << "agent-bench: saved bench " << summary.meta.id << " to " << store::RedactStoreLocation(store) << "\n";
  if (!tag.empty()) {
    std::ostringstream tag_out;
    int code = TagCommand(store, summary.meta.id, tag, tag_out, err);
    if (code != kExitOk) return code;
    err << "agent-bench: " << tag_out.str();
  }
  return kExitOk;
}

}  // namespace

Result<std::vector<const BenchRenderer*>> BenchRenderersFor(const std::vector<std::string>& names) {
  std::vector<std::string> wanted = names.empty() ? std::vector<std::string>{"json", "html"} : names;
  std::vector<const BenchRenderer*> out;
  for (const auto& name : wanted) {
    const BenchRenderer* r = FindBenchRenderer(name);
    if (!r)
      return Error(ErrorCode::kInvalidArgument,
                   "unknown bench report type '" + name + "'" + DidYouMean(name, BenchRendererNames()));
    bool dup = false;
    for (const auto* have : out) dup = dup || have == r;
    if (!dup) out.push_back(r);
  }
  return out;
}

Status WriteBenchReports(const BenchSummary& summary, const std::vector<RunRecord>& runs, const std::string& base,
                         const std::vector<const BenchRenderer*>& renderers, const BenchRenderOptions& options,
                         std::vector<std::string>* written) {
  std::filesystem::path dir = std::filesystem::path(base).parent_path();
  if (!dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Error(ErrorCode::kIo, "cannot create " + dir.string() + ": " + ec.message());
  }
  for (const BenchRenderer* r : renderers) {
    std::string path = base + r->extension;
    // Atomically, and replacing (never following) a link planted at the path.
    Status s = WriteFileAtomically(path, [&](std::ostream& file) { r->render(summary, runs, file, options); });
    if (!s) return s.error();
    if (written) written->push_back(path);
  }
  return Status::Ok();
}

int BenchCommand(const BenchCommandOptions& o, std::ostream& out, std::ostream& err, const std::atomic<bool>& cancel) {
  Result<std::vector<const BenchRenderer*>> renderers = BenchRenderersFor(o.report_types);
  if (!renderers) {
    err << "agent-bench: " << renderers.error().message << "\n";
    return kExitUsage;
  }
  // Spans need the endpoint (flag, else the standard environment variable) and any headers it requires.
  std::string otlp_endpoint = o.otlp_endpoint;
  if (otlp_endpoint.empty()) {
    if (const char* env = std::getenv("OTEL_EXPORTER_OTLP_ENDPOINT"); env) otlp_endpoint = env;
  }
  otlp::ExportOptions otlp_options;
  otlp_options.endpoint = otlp_endpoint;
  if (!otlp_endpoint.empty()) {
    if (Result<llm::UrlParts> url = llm::SplitUrl(otlp::TracesUrl(otlp_endpoint)); !url) {
      err << "agent-bench: OTLP endpoint '" << Redact(otlp_endpoint) << "': " << url.error().message
          << " (expected e.g. http://localhost:4318)\n";
      return kExitUsage;
    }
    if (const char* env = std::getenv("OTEL_EXPORTER_OTLP_HEADERS"); env) {
      Result<llm::HttpHeaders> headers = otlp::ParseHeaders(env);
      if (!headers) {
        err << "agent-bench: " << headers.error().message << "\n";
        return kExitUsage;
      }
      otlp_options.headers = std::move(*headers);
    }
  }
  TraceRecorder trace;
  BenchRunOptions run = o.run;
  if (!otlp_endpoint.empty()) {
    run.trace_id = trace.trace_id();
    auto previous = run.on_test;
    run.on_test = [&trace, previous](const RunRecord& record, const report::TestRun& test) {
      trace.OnTest(record, test);
      if (previous) previous(record, test);
    };
  }
  // The history keeps each run's transcript with the bench (for the run drawer of `serve`). A shard is not
  // saved (merge saves the bench), so it keeps none.
  bool sharded = o.run.shard && o.run.shard->count > 1;
  store::TranscriptCollector transcripts;
  if (!sharded) {
    auto previous = run.on_test;
    run.on_test = [&transcripts, previous](const RunRecord& record, const report::TestRun& test) {
      transcripts.Add(record, report::TestRunToJson(test));
      if (previous) previous(record, test);
    };
  }
  Diagnostics diags;
  bool diags_printed = false;
  run.on_prepared = [&](const PreparedBench& prepared) {
    for (const Diagnostic& d : diags) err << Redact(d.ToString()) << "\n";  // warnings, before the plan
    diags_printed = true;
    PrintPlan(prepared, err);
  };
  auto on_progress = [&](const RunProgress& p) {
    if (!o.progress) return;
    err << "agent-bench: [" << p.done << "/" << p.total << "] " << p.run->config << " · " << p.run->variant << " · #"
        << (p.run->repetition + 1) << ": " << p.passed << " passed, " << p.failed << " failed, " << p.errored
        << " errors (" << FormatMs(static_cast<double>(p.duration_ms)) << ")\n";
    err.flush();
  };
  Result<BenchResult> ran = Run(run, &diags, on_progress, cancel);
  if (!diags_printed)
    for (const Diagnostic& d : diags) err << Redact(d.ToString()) << "\n";
  if (!ran) {
    if (diags.empty()) err << "agent-bench: " << Redact(ran.error().ToString()) << "\n";
    err << "agent-bench: nothing ran: fix the errors above\n";
    return kExitUsage;
  }
  BenchResult& result = *ran;
  for (const auto& w : result.warnings) err << "agent-bench: warning: " << Redact(w) << "\n";
  if (!otlp_endpoint.empty()) {
    // Observability must never cost the bench: a collector that is down is a warning.
    std::vector<otlp::Span> spans = trace.Spans(result);
    std::unique_ptr<llm::HttpClient> http = llm::MakeHttpClient();
    if (Status sent = otlp::Export(*http, otlp_options, spans, Version()); !sent.ok()) {
      err << "agent-bench: warning: spans not exported: " << Redact(sent.error().message) << "\n";
    } else {
      err << "agent-bench: sent " << spans.size() << " spans to " << Redact(otlp::TracesUrl(otlp_endpoint)) << "\n";
    }
  }
  std::string base = o.output_base.empty() ? DefaultBase(o.run) : o.output_base;
  // A shard is one part of a bench: the history gets the bench once, from `merge`. An interrupted bench would
  // skew every later comparison, so it is reported but not saved.
  bool save = !sharded && !result.incomplete;
  BenchSummarySource source{o.run.file, o.run.configs_path, o.run.record_dir, o.run.replay_dir};
  int code = Finish(result.summary, result.runs, base, *renderers, save, o.store_path, o.tag, o.deterministic, out, err,
                    transcripts.Take(), cancel.load() ? nullptr : &source);
  if (sharded)
    err << "agent-bench: shard " << o.run.shard->index << "/" << o.run.shard->count
        << " is not saved to the history; combine the shards with agent-bench merge\n";
  if (result.incomplete) return kExitInterrupted;
  return code;
}

int MergeCommand(const std::vector<std::string>& shard_paths, const std::string& output_base,
                 const std::vector<std::string>& report_types, const std::string& store_path, const std::string& tag,
                 bool deterministic, std::ostream& out, std::ostream& err) {
  if (shard_paths.empty()) {
    err << "agent-bench merge: give the JSON reports of the shards to merge\n";
    return kExitUsage;
  }
  Result<std::vector<const BenchRenderer*>> renderers = BenchRenderersFor(report_types);
  if (!renderers) {
    err << "agent-bench: " << renderers.error().message << "\n";
    return kExitUsage;
  }
  std::vector<Json> reports;
  for (const auto& path : shard_paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      err << "agent-bench merge: cannot read " << path << "\n";
      return kExitUsage;
    }
    std::stringstream text;
    text << in.rdbuf();
    Json j = ParseJsonOrDiscarded(text.str(), kStoredJsonLimits);
    if (j.is_discarded()) {
      err << "agent-bench merge: " << path << " is not JSON\n";
      return kExitUsage;
    }
    reports.push_back(std::move(j));
  }
  Result<LoadedBench> merged = MergeBenchJson(reports);
  if (!merged) {
    err << "agent-bench merge: " << Redact(merged.error().ToString()) << "\n";
    return kExitUsage;
  }
  std::string base = output_base;
  if (base.empty()) {
    std::filesystem::path dir = std::filesystem::path(shard_paths.front()).parent_path();
    base = (dir / "bench").string();
    for (const auto& path : shard_paths)  // never overwrite an input
      for (const BenchRenderer* r : *renderers)
        if (std::filesystem::path(path).lexically_normal() ==
            std::filesystem::path(base + r->extension).lexically_normal())
          base = (dir / "bench.merged").string();
  }
  BenchSummary summary = Summarize(merged->meta, merged->runs);
  err << "agent-bench: merged " << Plural(shard_paths.size(), "shard", "shards") << " of bench " << merged->meta.id
      << ": " << Plural(merged->runs.size(), "record", "records") << "\n";
  return Finish(summary, merged->runs, base, *renderers, true, store_path, tag, deterministic, out, err);
}

}  // namespace ab::bench
