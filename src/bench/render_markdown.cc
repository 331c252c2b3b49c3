// The Markdown bench report: the comparison table first (what a reader wants), then variants, tests, warnings.
#include <string>

#include "base/time.h"
#include "bench/format.h"
#include "bench/render.h"
#include "report/summary_section.h"

namespace ab::bench {
namespace {

std::string OptPercent(const std::optional<double>& v) { return v ? FormatPercent(*v) : "–"; }

std::string Ci(const Aggregate& a) {
  if (a.runs == 0) return "–";
  return FormatPercent(a.success_ci.low) + "–" + FormatPercent(a.success_ci.high);
}

std::string Latency(const Aggregate& a, double v) { return a.latency.samples ? FormatMs(v) : "–"; }

std::string Cost(const Aggregate& a, const std::optional<double>& v) {
  std::string s = FormatUsd(v);
  if (v && a.cost_unknown > 0) s += " (" + std::to_string(a.cost_unknown) + " unknown)";
  return s;
}

std::string Cell(std::string_view s) { return EscapeMarkdownCell(s); }

std::string OptInterval(const std::optional<double>& v, const std::optional<Interval>& ci) {
  if (!v) return "–";
  std::string s = FormatPercent(*v);
  if (ci) s += " (" + FormatPercent(ci->low) + "–" + FormatPercent(ci->high) + ")";
  return s;
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + Cell(n);
  return out;
}

}  // namespace

std::string GenerationCostText(const BenchSummary& s) {
  if (!s.generation) return "";
  const BenchSummary::Generation& g = *s.generation;
  std::string text = "Generation cost: " + (g.cost_usd ? FormatUsd(g.cost_usd) : std::string("unknown (no price)")) +
                     " (" + std::to_string(g.calls) + " model call" + (g.calls == 1 ? "" : "s") + ", " +
                     std::to_string(g.tokens) + " tokens, writing the generated variants)";
  std::optional<double> total;
  if (g.cost_usd && s.overall.cost_unknown == 0) total = s.overall.cost_total.value_or(0.0) + *g.cost_usd;
  text += " · total with the runs: " + (total ? FormatUsd(total) : std::string("unknown"));
  return text;
}

void RenderBenchMarkdown(const BenchSummary& s, std::ostream& out, const BenchRenderOptions& options) {
  const BenchMeta& m = s.meta;
  out << "# Bench: " << Cell(m.name.empty() ? m.suite : m.name) << "\n\n";
  out << "Bench `" << Cell(m.id) << "`";
  if (!m.suite.empty()) out << " · suite `" << Cell(m.suite) << "`";
  out << " · " << s.overall.runs << " runs (" << m.configs.size() << " configs × " << m.variants.size()
      << " variants × " << m.repetitions << " repetitions)";
  if (!options.deterministic && m.started_ms > 0) out << " · " << FormatRfc3339(m.started_ms);
  out << "\n\n";
  if (!options.ai_summary.empty()) {
    report::RenderAiSummaryMarkdown(options.ai_summary, out);  // starts and ends with a blank line
  }

  std::string k = std::to_string(s.k);
  out << "| Config | Rank | Runs | Success | 95% CI | pass@" << k << " (95% CI) | pass^" << k
      << " (95% CI) | p50 | p95 | Mean tokens | Mean cost | Total cost | Cost per success |\n";
  out << "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const Aggregate& a : s.by_config) {
    out << "| " << Cell(a.config) << " | " << RankText(s, a) << " | " << a.runs << " | "
        << FormatPercent(a.success_rate) << " | " << Ci(a) << " | " << OptInterval(a.pass_at_k, a.pass_at_k_ci) << " | "
        << OptInterval(a.pass_hat_k, a.pass_hat_k_ci) << " | " << Latency(a, a.latency.p50) << " | "
        << Latency(a, a.latency.p95) << " | " << FormatFixed(a.prompt_tokens_mean + a.completion_tokens_mean, 0)
        << " | " << Cost(a, a.cost_mean) << " | " << Cost(a, a.cost_total) << " | " << FormatUsd(a.cost_per_success)
        << " |\n";
  }
  out << "\nRank: configs whose 95% success intervals overlap share a rank (tied: not distinguishable at this "
         "sample size).\n\n";
  auto named = [](const std::string& n) { return n.empty() ? std::string("–") : "**" + Cell(n) + "**"; };
  out << "Cheapest: " << named(s.cheapest) << " · Fastest: " << named(s.fastest)
      << " · Most reliable: " << named(s.most_reliable);
  if (!s.tied_with_most_reliable.empty()) out << " (tied with " << Join(s.tied_with_most_reliable) << ")";
  out << "\n";
  if (s.generation) out << "\n" << Cell(GenerationCostText(s)) << "\n";
  if (!s.pareto_front.empty()) {
    out << "\nCost/quality Pareto front: " << Join(s.pareto_front) << ".";
    for (const Aggregate& a : s.by_config)
      if (!a.dominated_by.empty()) out << " " << Cell(a.config) << " is dominated by " << Join(a.dominated_by) << ".";
    out << "\n";
  }

  if (s.meta.variants.size() > 1) {
    out << "\n## By variant\n\n| Config | Variant | Runs | Success | 95% CI | p50 | Mean cost |\n"
        << "|---|---|---:|---:|---|---:|---:|\n";
    for (const Aggregate& a : s.by_config_variant) {
      out << "| " << Cell(a.config) << " | " << Cell(a.variant) << " | " << a.runs << " | "
          << FormatPercent(a.success_rate) << " | " << Ci(a) << " | " << Latency(a, a.latency.p50) << " | "
          << Cost(a, a.cost_mean) << " |\n";
    }
  }

  out << "\n## By test\n\n| Test | Config | Runs | Success | pass@" << k << " | pass^" << k
      << " | p50 | Errors |\n|---|---|---:|---:|---:|---:|---:|---:|\n";
  for (const Aggregate& a : s.by_test) {
    out << "| " << Cell(a.test_key) << " | " << Cell(a.config) << " | " << a.runs << " | "
        << FormatPercent(a.success_rate) << " | " << OptPercent(a.pass_at_k) << " | " << OptPercent(a.pass_hat_k)
        << " | " << Latency(a, a.latency.p50) << " | " << (a.errored + a.timed_out) << " |\n";
  }

  if (!s.stability.empty()) {
    out << "\n## Stability\n\nPer config × variant × test over its repetitions: the share taking the most common "
           "tool sequence, and the share giving the most common answer (exact / trimmed, case- and "
           "whitespace-folded).\n\n| Test | Config | Variant | Runs | Same path | Same answer | Same answer "
           "(normalised) | Tool sequences |\n|---|---|---|---:|---:|---:|---:|---|\n";
    for (const Stability& st : s.stability) {
      std::string seqs;
      for (const SequenceCount& c : st.sequences)
        seqs += (seqs.empty() ? "" : "; ") + std::to_string(c.count) + "× " + c.sequence;
      out << "| " << Cell(st.test_key) << " | " << Cell(st.config) << " | " << Cell(st.variant) << " | " << st.runs
          << " | " << FormatPercent(st.trajectory_consistency) << " | " << FormatPercent(st.output_exact_agreement)
          << " | " << FormatPercent(st.output_normalized_agreement) << " | " << Cell(seqs) << " |\n";
    }
  }

  if (!s.warnings.empty()) {
    out << "\n## Warnings\n\n";
    for (const std::string& w : s.warnings) out << "- " << Cell(w) << "\n";
  }
}

}  // namespace ab::bench
