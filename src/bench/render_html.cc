// The HTML bench report: one self-contained page (inline CSS and SVG, no script, no CDN) with the comparison
// table, a success-vs-cost scatter and the latency distribution of each config. Every piece of user text goes
// through HtmlEscaped (base/strings.h), since test names, config names and errors are user-controlled.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "base/strings.h"
#include "base/time.h"
#include "bench/format.h"
#include "bench/render.h"
#include "report/summary_section.h"

namespace ab::bench {
namespace {

constexpr const char* kStyle = R"css(
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;color:#1f2328}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f6f8fa}.best{font-weight:600;color:#1a7f37}
.warn{color:#9a6700}td.reason{text-align:left;max-width:40rem;white-space:pre-wrap}svg{border:1px solid #d0d7de;background:#fff;margin:.5rem 0}svg text{font-size:11px}
)css";

std::string Num(double v) { return FormatFixed(v, 1); }

std::string WithCi(const std::optional<double>& v, const std::optional<Interval>& ci) {
  if (!v) return "–";
  std::string out = FormatPercent(*v);
  if (ci) out += " <small>(" + FormatPercent(ci->low) + "–" + FormatPercent(ci->high) + ")</small>";
  return out;
}

void Table(const BenchSummary& s, std::ostream& out) {
  std::string k = std::to_string(s.k);
  out << "<table><thead><tr><th>Config</th><th>Rank</th><th>Runs</th><th>Success</th><th>95% CI</th><th>pass@" << k
      << " (95% CI)</th><th>pass^" << k << " (95% CI)</th><th>p50</th><th>p95</th><th>Mean tokens</th>"
      << "<th>Mean cost</th><th>Total cost</th><th>Cost per success</th></tr></thead><tbody>\n";
  for (const Aggregate& a : s.by_config) {
    auto mark = [&](const std::string& who) { return who == a.config ? " class=\"best\"" : ""; };
    out << "<tr><td>" << HtmlEscaped(a.config) << "</td><td>" << RankText(s, a) << "</td><td>" << a.runs << "</td><td"
        << mark(s.most_reliable) << ">" << FormatPercent(a.success_rate) << "</td><td>"
        << FormatPercent(a.success_ci.low) << "–" << FormatPercent(a.success_ci.high) << "</td><td>"
        << WithCi(a.pass_at_k, a.pass_at_k_ci) << "</td><td>" << WithCi(a.pass_hat_k, a.pass_hat_k_ci) << "</td><td"
        << mark(s.fastest) << ">" << (a.latency.samples ? FormatMs(a.latency.p50) : "–") << "</td><td>"
        << (a.latency.samples ? FormatMs(a.latency.p95) : "–") << "</td><td>"
        << FormatFixed(a.prompt_tokens_mean + a.completion_tokens_mean, 0) << "</td><td" << mark(s.cheapest) << ">"
        << FormatUsd(a.cost_mean)
        << (a.cost_unknown ? " <span class=\"warn\">(" + std::to_string(a.cost_unknown) + " unknown)</span>"
                           : std::string())
        << "</td><td>" << FormatUsd(a.cost_total) << "</td><td>" << FormatUsd(a.cost_per_success) << "</td></tr>\n";
  }
  out << "</tbody></table>\n<p>Configs whose 95% success intervals overlap share a rank: they are tied at this "
         "sample size.</p>\n";
}

void VariantTable(const BenchSummary& s, std::ostream& out) {
  out << "<table><thead><tr><th>Config</th><th>Variant</th><th>Runs</th><th>Success</th><th>95% CI</th>"
      << "<th>p50</th><th>Mean cost</th><th>Errors</th></tr></thead><tbody>\n";
  for (const Aggregate& a : s.by_config_variant) {
    out << "<tr><td>" << HtmlEscaped(a.config) << "</td><td>" << HtmlEscaped(a.variant) << "</td><td>" << a.runs
        << "</td><td>" << FormatPercent(a.success_rate) << "</td><td>" << FormatPercent(a.success_ci.low) << "–"
        << FormatPercent(a.success_ci.high) << "</td><td>" << (a.latency.samples ? FormatMs(a.latency.p50) : "–")
        << "</td><td>" << FormatUsd(a.cost_mean) << "</td><td>" << (a.errored + a.timed_out) << "</td></tr>\n";
  }
  out << "</tbody></table>\n";
}

std::string UrlPart(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

/// Every run that did not pass, with its reason and a link to its transcript in `agent-bench serve`.
void Failures(const std::vector<RunRecord>& runs, const BenchRenderOptions& options, std::ostream& out) {
  constexpr size_t kMaxRows = 500;  // a bench of 10 000 failing runs must not make a 50 MB page
  size_t shown = 0, total = 0;
  std::string rows;
  for (size_t i = 0; i < runs.size(); ++i) {
    const RunRecord& r = runs[i];
    if (r.status == RunStatus::kPassed || r.status == RunStatus::kSkipped) continue;
    ++total;
    if (shown >= kMaxRows) continue;
    ++shown;
    std::string link = "–";
    if (!options.transcript_base_url.empty()) {
      std::string url =
          options.transcript_base_url + "/api/v1/runs/" + UrlPart(r.bench_id + "~" + std::to_string(i)) + "/report";
      link = "<a href=\"" + HtmlEscaped(url) + "\">transcript</a>";
    }
    rows += "<tr><td>" + HtmlEscaped(r.test_key) + "</td><td>" + HtmlEscaped(r.config) + "</td><td>" +
            HtmlEscaped(r.variant) + "</td><td>" + std::to_string(r.repetition + 1) + "</td><td>" +
            store::RunStatusName(r.status) + "</td><td class=\"reason\">" +
            HtmlEscaped(r.error.size() > 300 ? r.error.substr(0, 300) + "…" : r.error) + "</td><td>" + link +
            "</td></tr>\n";
  }
  if (total == 0) {
    out << "<p>Every run passed.</p>\n";
    return;
  }
  out << "<table><thead><tr><th>Test</th><th>Config</th><th>Variant</th><th>#</th><th>Status</th><th>Reason</th>"
      << "<th>Transcript</th></tr></thead><tbody>\n"
      << rows << "</tbody></table>\n";
  if (total > shown) out << "<p class=\"warn\">" << total - shown << " more runs did not pass (not listed).</p>\n";
  if (!options.transcript_base_url.empty())
    out << "<p>Transcript links open in <code>agent-bench serve</code> at " << HtmlEscaped(options.transcript_base_url)
        << ".</p>\n";
}

/// Tick values for an axis from 0 to |max|: 0 and four more at "nice" steps (1, 2, 2.5, 5 × 10^n).
std::vector<double> Ticks(double max) {
  std::vector<double> out;
  if (max <= 0) return {0};
  double raw = max / 4, mag = std::pow(10.0, std::floor(std::log10(raw))), step = mag;
  for (double f : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = f * mag;
    if (step >= raw) break;
  }
  for (double v = 0; v <= max * (1 + 1e-9); v += step) out.push_back(v);
  return out;
}

/// Success rate (y) against mean cost per run (x); configs without a fully known cost are listed, not plotted
/// at $0, which would make them look free.
void Scatter(const BenchSummary& s, std::ostream& out) {
  const double w = 560, h = 330, left = 70, right = 30, top = 20, bottom = 50;
  double max_cost = 0;
  std::vector<const Aggregate*> plotted, unknown;
  for (const Aggregate& a : s.by_config) {
    if (a.runs == 0) continue;
    if (a.cost_mean && a.cost_unknown == 0) {
      plotted.push_back(&a);
      max_cost = std::max(max_cost, *a.cost_mean);
    } else {
      unknown.push_back(&a);
    }
  }
  if (max_cost <= 0) max_cost = 1e-6;
  max_cost *= 1.1;
  auto x = [&](double c) { return left + c / max_cost * (w - left - right); };
  auto y = [&](double rate) { return top + (1 - rate) * (h - top - bottom); };
  out << "<svg role=\"img\" aria-label=\"success rate versus mean cost per run\" width=\"" << w << "\" height=\"" << h
      << "\" viewBox=\"0 0 " << w << " " << h << "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
  out << "<line x1=\"" << left << "\" y1=\"" << y(0) << "\" x2=\"" << w - right << "\" y2=\"" << y(0)
      << "\" stroke=\"#57606a\"/><line x1=\"" << left << "\" y1=\"" << top << "\" x2=\"" << left << "\" y2=\"" << y(0)
      << "\" stroke=\"#57606a\"/>\n";
  for (int i = 0; i <= 4; ++i) {
    double rate = i / 4.0;
    out << "<text x=\"" << left - 6 << "\" y=\"" << Num(y(rate) + 4) << "\" text-anchor=\"end\">" << FormatPercent(rate)
        << "</text>\n";
  }
  for (double v : Ticks(max_cost)) {
    out << "<line x1=\"" << Num(x(v)) << "\" y1=\"" << y(0) << "\" x2=\"" << Num(x(v)) << "\" y2=\"" << y(0) + 4
        << "\" stroke=\"#57606a\"/><text class=\"tick\" x=\"" << Num(x(v)) << "\" y=\"" << y(0) + 15
        << "\" text-anchor=\"middle\">" << HtmlEscaped(FormatUsd(v)) << "</text>\n";
  }
  out << "<text x=\"" << (left + w - right) / 2 << "\" y=\"" << h - 4
      << "\" text-anchor=\"middle\">Mean cost per run (USD)</text>\n<text x=\"12\" y=\"" << Num((top + y(0)) / 2)
      << "\" transform=\"rotate(-90 12 " << Num((top + y(0)) / 2)
      << ")\" text-anchor=\"middle\">Success rate (%)</text>\n";
  for (const Aggregate* a : plotted) {
    double cx = x(*a->cost_mean), cy = y(a->success_rate);
    out << "<circle cx=\"" << Num(cx) << "\" cy=\"" << Num(cy) << "\" r=\"5\" fill=\"#0969da\"><title>"
        << HtmlEscaped(a->config) << ": " << FormatPercent(a->success_rate) << ", " << FormatUsd(a->cost_mean)
        << "</title></circle><text x=\"" << Num(cx + 8) << "\" y=\"" << Num(cy + 4) << "\">" << HtmlEscaped(a->config)
        << "</text>\n";
  }
  out << "</svg>\n";
  if (!unknown.empty()) {
    out << "<p class=\"warn\">Not plotted (cost unknown):";
    for (const Aggregate* a : unknown) out << " " << HtmlEscaped(a->config);
    out << "</p>\n";
  }
}

/// One row per config: every sample as a dot, the min–max whisker, the p25–p75 box and the median.
void LatencyPlot(const BenchSummary& s, std::ostream& out) {
  const double w = 560, row = 36, left = 140, right = 30, top = 10;
  double h = top + row * static_cast<double>(s.by_config.size()) + 44;
  double max_ms = 1;
  for (const Aggregate& a : s.by_config) max_ms = std::max(max_ms, a.latency.max);
  auto x = [&](double ms) { return left + ms / max_ms * (w - left - right); };
  out << "<svg role=\"img\" aria-label=\"latency distribution per config\" width=\"" << w << "\" height=\"" << h
      << "\" viewBox=\"0 0 " << w << " " << Num(h) << "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
  double cy = top + row / 2;
  for (const Aggregate& a : s.by_config) {
    out << "<text x=\"" << left - 8 << "\" y=\"" << Num(cy + 4) << "\" text-anchor=\"end\">" << HtmlEscaped(a.config)
        << "</text>\n";
    if (a.latency.samples > 0) {
      double q1 = Percentile(a.latencies_ms, 25), q3 = Percentile(a.latencies_ms, 75);
      out << "<line x1=\"" << Num(x(a.latency.min)) << "\" y1=\"" << Num(cy) << "\" x2=\"" << Num(x(a.latency.max))
          << "\" y2=\"" << Num(cy) << "\" stroke=\"#57606a\"/>\n";
      out << "<rect x=\"" << Num(x(q1)) << "\" y=\"" << Num(cy - 8) << "\" width=\"" << Num(x(q3) - x(q1))
          << "\" height=\"16\" fill=\"#ddf4ff\" stroke=\"#0969da\"/>\n";
      out << "<line x1=\"" << Num(x(a.latency.p50)) << "\" y1=\"" << Num(cy - 10) << "\" x2=\"" << Num(x(a.latency.p50))
          << "\" y2=\"" << Num(cy + 10) << "\" stroke=\"#cf222e\" stroke-width=\"2\">"
          << "<title>p50 " << FormatMs(a.latency.p50) << "</title></line>\n";
      for (size_t i = 0; i < a.latencies_ms.size(); ++i) {
        double jitter = static_cast<double>(i % 5) * 3 - 6;  // deterministic, so the page is reproducible
        out << "<circle cx=\"" << Num(x(a.latencies_ms[i])) << "\" cy=\"" << Num(cy + jitter)
            << "\" r=\"2\" fill=\"#1f2328\" fill-opacity=\"0.5\"/>\n";
      }
    }
    cy += row;
  }
  double axis_y = cy - row / 2 + 4;
  out << "<line x1=\"" << left << "\" y1=\"" << Num(axis_y) << "\" x2=\"" << w - right << "\" y2=\"" << Num(axis_y)
      << "\" stroke=\"#57606a\"/>\n";
  for (double v : Ticks(max_ms)) {
    out << "<line x1=\"" << Num(x(v)) << "\" y1=\"" << Num(axis_y) << "\" x2=\"" << Num(x(v)) << "\" y2=\""
        << Num(axis_y + 4) << "\" stroke=\"#57606a\"/><text class=\"tick\" x=\"" << Num(x(v)) << "\" y=\""
        << Num(axis_y + 15) << "\" text-anchor=\"middle\">" << FormatMs(v) << "</text>\n";
  }
  out << "<text x=\"" << (left + w - right) / 2 << "\" y=\"" << Num(h - 4)
      << "\" text-anchor=\"middle\">Latency per run (ms)</text>\n</svg>\n";
}

}  // namespace

void RenderBenchHtml(const BenchSummary& s, std::ostream& out, const BenchRenderOptions& options) {
  RenderBenchHtml(s, {}, out, options);
}

void RenderBenchHtml(const BenchSummary& s, const std::vector<RunRecord>& runs, std::ostream& out,
                     const BenchRenderOptions& options) {
  const BenchMeta& m = s.meta;
  std::string title = "Bench: " + (m.name.empty() ? m.suite : m.name);
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << HtmlEscaped(title)
      << "</title><style>" << kStyle << "</style></head><body>\n<h1>" << HtmlEscaped(title) << "</h1>\n<p>Bench <code>"
      << HtmlEscaped(m.id) << "</code> · " << s.overall.runs << " runs (" << m.configs.size() << " configs × "
      << m.variants.size() << " variants × " << m.repetitions << " repetitions)";
  if (!options.deterministic && m.started_ms > 0) out << " · " << FormatRfc3339(m.started_ms);
  out << "</p>\n";
  report::RenderAiSummaryHtml(options.ai_summary, out);
  out << "<h2>Comparison</h2>\n";
  Table(s, out);
  auto named = [](const std::string& n) { return n.empty() ? std::string("–") : HtmlEscaped(n); };
  out << "<p>Cheapest: <b>" << named(s.cheapest) << "</b> · Fastest: <b>" << named(s.fastest)
      << "</b> · Most reliable: <b>" << named(s.most_reliable) << "</b></p>\n";
  if (s.generation) out << "<p id=\"generation-cost\">" << HtmlEscaped(GenerationCostText(s)) << "</p>\n";
  if (!s.pareto_front.empty()) {
    out << "<p>Cost/quality Pareto front:";
    for (const std::string& c : s.pareto_front) out << " <b>" << HtmlEscaped(c) << "</b>";
    for (const Aggregate& a : s.by_config) {
      if (a.dominated_by.empty()) continue;
      out << " · " << HtmlEscaped(a.config) << " is dominated by";
      for (const std::string& d : a.dominated_by) out << " " << HtmlEscaped(d);
    }
    out << "</p>\n";
  }
  if (s.meta.variants.size() > 1) {
    out << "<h2>By variant</h2>\n";
    VariantTable(s, out);
  }
  out << "<h2>Success rate vs cost</h2>\n";
  Scatter(s, out);
  out << "<h2>Latency per config</h2>\n";
  LatencyPlot(s, out);
  out << "<h2>By test</h2>\n<table><thead><tr><th>Test</th><th>Config</th><th>Runs</th><th>Success</th>"
      << "<th>p50</th><th>Errors</th></tr></thead><tbody>\n";
  for (const Aggregate& a : s.by_test) {
    out << "<tr><td>" << HtmlEscaped(a.test_key) << "</td><td>" << HtmlEscaped(a.config) << "</td><td>" << a.runs
        << "</td><td>" << FormatPercent(a.success_rate) << "</td><td>"
        << (a.latency.samples ? FormatMs(a.latency.p50) : "–") << "</td><td>" << (a.errored + a.timed_out)
        << "</td></tr>\n";
  }
  out << "</tbody></table>\n";
  if (!runs.empty()) {
    out << "<h2>Failures</h2>\n";
    Failures(runs, options, out);
  }
  if (!s.warnings.empty()) {
    out << "<h2>Warnings</h2><ul>\n";
    for (const std::string& w : s.warnings) out << "<li class=\"warn\">" << HtmlEscaped(w) << "</li>\n";
    out << "</ul>\n";
  }
  out << "</body></html>\n";
}

}  // namespace ab::bench
