// Bench reports: Markdown (stdout by default), JSON (machine-readable, schema in docs/bench.md) and a
// self-contained HTML page with a comparison table and inline SVG plots. Renderers take the finished summary
// and write to a stream; they never fail.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "bench/aggregate.h"
#include "bench/record.h"

namespace ab::bench {

/// Version of the JSON document below; bumped on any incompatible change.
inline constexpr int kBenchJsonSchemaVersion = 1;

struct BenchRenderOptions {
  bool deterministic = false;  ///< zero wall-clock times, for golden files and tests
  /// Where `agent-bench serve` answers: the HTML report links each failed run to its transcript there
  /// (BASE/api/v1/runs/<bench id>~<index of the run>/report). Empty: no links.
  std::string transcript_base_url = "http://127.0.0.1:8080";
  /// A model's summary of the bench (bench_summary.h), made just before rendering: shown escaped at the top of
  /// the HTML and Markdown reports, never in the JSON. Empty: no summary section.
  std::string ai_summary;
};

void RenderBenchMarkdown(const BenchSummary& summary, std::ostream& out, const BenchRenderOptions& options = {});
/// The JSON document: summary figures plus every run, enough for `merge` to rebuild the bench.
Json BenchToJson(const BenchSummary& summary, const std::vector<RunRecord>& runs,
                 const BenchRenderOptions& options = {});
void RenderBenchJson(const BenchSummary& summary, const std::vector<RunRecord>& runs, std::ostream& out,
                     const BenchRenderOptions& options = {});
void RenderBenchHtml(const BenchSummary& summary, std::ostream& out, const BenchRenderOptions& options = {});
/// With the runs: adds the failure reasons of every run that did not pass, each linked to its transcript.
void RenderBenchHtml(const BenchSummary& summary, const std::vector<RunRecord>& runs, std::ostream& out,
                     const BenchRenderOptions& options = {});

/// "Generation cost: $0.0012 (3 model calls, 450 tokens, writing the generated variants) · total with the runs:
/// $0.0040", plain text; "" when the bench made no such call (summary.generation empty).
std::string GenerationCostText(const BenchSummary& summary);

/// A renderer picked by `--report` name.
struct BenchRenderer {
  const char* name;       ///< "md", "json", "html"
  const char* extension;  ///< ".md", ".json", ".html"
  void (*render)(const BenchSummary&, const std::vector<RunRecord>&, std::ostream&, const BenchRenderOptions&);
};
/// "md" (also "markdown"), "json" or "html"; nullptr for another name.
const BenchRenderer* FindBenchRenderer(std::string_view name);
/// The names FindBenchRenderer accepts, for usage text and did-you-mean.
std::vector<std::string> BenchRendererNames();

}  // namespace ab::bench
