#include "bench/compare.h"

#include <algorithm>

#include "bench/format.h"
#include "bench/stats.h"

namespace ab::bench {
namespace {

struct Side {
  int runs = 0, passed = 0;
  std::vector<double> latencies;
};

Side Collect(const std::vector<RunRecord>& runs, const std::string& config, const std::string* test) {
  Side s;
  for (const RunRecord& r : runs) {
    if (r.config != config || (test && r.test_key != *test) || r.status == RunStatus::kSkipped) continue;
    ++s.runs;
    if (r.status == RunStatus::kPassed) ++s.passed;
    if (r.status != RunStatus::kError) s.latencies.push_back(r.duration_ms);
  }
  return s;
}

Change Judge(const std::string& config, const std::string& test_key, const Side& a, const Side& b,
             const CompareOptions& o) {
  Change c;
  c.config = config;
  c.test_key = test_key;
  c.in_a = a.runs > 0;
  c.in_b = b.runs > 0;
  c.a_runs = a.runs;
  c.a_passed = a.passed;
  c.b_runs = b.runs;
  c.b_passed = b.passed;
  c.a_latency_samples = static_cast<int>(a.latencies.size());
  c.b_latency_samples = static_cast<int>(b.latencies.size());
  c.a_p50 = Percentile(a.latencies, 50);
  c.b_p50 = Percentile(b.latencies, 50);
  if (!c.in_a || !c.in_b) return c;
  c.a_success = static_cast<double>(a.passed) / a.runs;
  c.b_success = static_cast<double>(b.passed) / b.runs;
  // Fisher's exact test rather than the z-test: bench cells are small (often 5–20 runs), where the normal
  // approximation is poor and misbehaves at 0% and 100%.
  c.success_p = FisherExact(a.passed, a.runs - a.passed, b.passed, b.runs - b.passed).p_value;
  bool significant = c.success_p < o.alpha;
  double delta = c.b_success - c.a_success;
  c.success_regression = significant && -delta >= o.min_success_drop;
  c.success_improvement = significant && delta >= o.min_success_drop;
  if (c.a_latency_samples >= o.min_latency_samples && c.b_latency_samples >= o.min_latency_samples) {
    c.latency_p = MannWhitneyU(a.latencies, b.latencies).p_value;
    bool lat_significant = c.latency_p < o.alpha;
    c.latency_regression = lat_significant && c.b_p50 > c.a_p50 * (1 + o.min_latency_increase);
    c.latency_improvement = lat_significant && c.a_p50 > c.b_p50 * (1 + o.min_latency_increase);
  }
  return c;
}

void AddUnique(std::vector<std::string>& out, const std::string& s) {
  if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
}

std::string Verdict(const Change& c) {
  if (!c.in_a) return "new";
  if (!c.in_b) return "removed";
  std::string v;
  if (c.success_regression) v += "REGRESSION (success)";
  if (c.latency_regression) v += std::string(v.empty() ? "" : ", ") + "REGRESSION (latency)";
  if (c.success_improvement) v += std::string(v.empty() ? "" : ", ") + "improved (success)";
  if (c.latency_improvement) v += std::string(v.empty() ? "" : ", ") + "improved (latency)";
  return v.empty() ? "no significant change" : v;
}

std::string PValue(double p) { return p < 0.0001 ? "<0.0001" : FormatFixed(p, 4); }

void Row(const Change& c, bool with_test, std::ostream& out) {
  out << "| ";
  if (with_test) out << EscapeMarkdownCell(c.test_key) << " | ";
  out << EscapeMarkdownCell(c.config) << " | " << c.a_passed << "/" << c.a_runs << " → " << c.b_passed << "/"
      << c.b_runs << " | " << FormatPercent(c.a_success) << " → " << FormatPercent(c.b_success) << " | "
      << PValue(c.success_p) << " | " << (c.a_latency_samples ? FormatMs(c.a_p50) : "–") << " → "
      << (c.b_latency_samples ? FormatMs(c.b_p50) : "–") << " | " << PValue(c.latency_p) << " | " << Verdict(c)
      << " |\n";
}

}  // namespace

Comparison CompareRuns(const std::string& a_id, const std::vector<RunRecord>& a, const std::string& b_id,
                       const std::vector<RunRecord>& b, const CompareOptions& options) {
  Comparison out;
  out.a_id = a_id;
  out.b_id = b_id;
  out.options = options;
  std::vector<std::string> configs, tests;
  for (const auto* side : {&a, &b}) {
    for (const RunRecord& r : *side) {
      AddUnique(configs, r.config);
      AddUnique(tests, r.test_key);
    }
  }
  for (const std::string& config : configs) {
    Change c = Judge(config, "", Collect(a, config, nullptr), Collect(b, config, nullptr), options);
    out.has_regression = out.has_regression || c.regression();
    out.configs.push_back(std::move(c));
    for (const std::string& test : tests) {
      Side sa = Collect(a, config, &test), sb = Collect(b, config, &test);
      if (sa.runs == 0 && sb.runs == 0) continue;
      Change t = Judge(config, test, sa, sb, options);
      out.has_regression = out.has_regression || t.regression();
      out.tests.push_back(std::move(t));
    }
  }
  return out;
}

void RenderComparisonMarkdown(const Comparison& c, std::ostream& out) {
  out << "# Compare `" << EscapeMarkdownCell(c.a_id) << "` → `" << EscapeMarkdownCell(c.b_id) << "`\n\n";
  out << "Regression: p < " << FormatFixed(c.options.alpha, 2) << " and success down at least "
      << FormatFixed(c.options.min_success_drop * 100, 0) << " points (Fisher exact) or p50 latency up at least "
      << FormatFixed(c.options.min_latency_increase * 100, 0) << "% (Mann-Whitney U).\n\n";
  const char* header = " | Config | Passed | Success | p | p50 | p | Verdict |\n";
  out << "## Per config\n\n" << header + 1 << "|---|---:|---:|---:|---:|---:|---|\n";
  for (const Change& ch : c.configs) Row(ch, false, out);
  std::vector<const Change*> notable;
  for (const Change& t : c.tests) {
    if (t.regression() || t.success_improvement || t.latency_improvement || !t.in_a || !t.in_b) {
      notable.push_back(&t);
    }
  }
  out << "\n## Tests that changed\n\n";
  if (notable.empty()) {
    out << "No test changed significantly.\n";
  } else {
    out << "| Test" << header << "|---|---|---:|---:|---:|---:|---:|---|\n";
    for (const Change* t : notable) Row(*t, true, out);
  }
  out << "\n" << (c.has_regression ? "**Regression detected.**" : "No regression.") << "\n";
}

}  // namespace ab::bench
