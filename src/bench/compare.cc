#include "bench/compare.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "bench/format.h"

namespace ab::bench {
namespace {

struct Side {
  int runs = 0, passed = 0;
  std::vector<double> latencies;
  /// (variant, test, repetition) -> the run, for pairing.
  std::map<std::tuple<std::string, std::string, int>, const RunRecord*> by_key;
};

Side Collect(const std::vector<RunRecord>& runs, const std::string& config, const std::string* test) {
  Side s;
  for (const RunRecord& r : runs) {
    if (r.config != config || (test && r.test_key != *test) || r.status == RunStatus::kSkipped) continue;
    ++s.runs;
    if (r.status == RunStatus::kPassed) ++s.passed;
    if (r.status != RunStatus::kError) s.latencies.push_back(r.duration_ms);
    s.by_key.emplace(std::make_tuple(r.variant, r.test_key, r.repetition), &r);
  }
  return s;
}

std::string PValue(double p) { return p < 0.0001 ? "< 0.0001" : "= " + FormatFixed(p, 4); }

/// Runs per side a two-proportion test needs to detect p1 vs p2 (Fleiss, Levin & Paik 2003, without continuity
/// correction): n = (z_a sqrt(2 pbar qbar) + z_b sqrt(p1 q1 + p2 q2))^2 / (p1 - p2)^2.
std::optional<int> TwoProportionRunsNeeded(double p1, double p2, double alpha, double power) {
  double d = p1 - p2;
  if (std::fabs(d) < 1e-12) return std::nullopt;
  double pbar = (p1 + p2) / 2;
  double za = NormalQuantile(1 - alpha / 2), zb = NormalQuantile(power);
  double n =
      std::pow(za * std::sqrt(2 * pbar * (1 - pbar)) + zb * std::sqrt(p1 * (1 - p1) + p2 * (1 - p2)), 2) / (d * d);
  return static_cast<int>(std::ceil(n - 1e-9));
}

Verdict FromInterval(const BootstrapResult& r, bool lower_is_better) {
  if (r.resamples == 0) return Verdict::kInconclusive;
  if (r.ci.low > 0) return lower_is_better ? Verdict::kWorse : Verdict::kBetter;
  if (r.ci.high < 0) return lower_is_better ? Verdict::kBetter : Verdict::kWorse;
  return Verdict::kInconclusive;
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
  c.a_success_ci = WilsonInterval(a.passed, a.runs);
  c.b_success_ci = WilsonInterval(b.passed, b.runs);
  if (!c.in_a || !c.in_b) return c;
  c.a_success = static_cast<double>(a.passed) / a.runs;
  c.b_success = static_cast<double>(b.passed) / b.runs;

  // Pairs: the same variant, test and repetition index on both sides.
  int only_a = 0, only_b = 0;
  std::vector<double> latency_diffs, cost_diffs;
  for (const auto& [key, ra] : a.by_key) {
    auto it = b.by_key.find(key);
    if (it == b.by_key.end()) continue;
    const RunRecord* rb = it->second;
    ++c.pairs;
    bool pa = ra->status == RunStatus::kPassed, pb = rb->status == RunStatus::kPassed;
    if (pa && !pb) ++only_a;
    if (!pa && pb) ++only_b;
    if (ra->status != RunStatus::kError && rb->status != RunStatus::kError)
      latency_diffs.push_back(rb->duration_ms - ra->duration_ms);
    if (ra->cost_usd && rb->cost_usd) cost_diffs.push_back(*rb->cost_usd - *ra->cost_usd);
  }
  double delta = c.b_success - c.a_success;
  // Pairs carry more information than two independent samples when most runs pair up (the usual case: the same
  // suite and configs run again); otherwise the runs are compared as two samples. Fisher's exact test rather
  // than the z-test: bench cells are small (often 5–20 runs), where the normal approximation is poor.
  bool paired = c.pairs * 2 >= std::max(a.runs, b.runs);
  if (paired) {
    c.mcnemar = McNemar(only_a, only_b);
    c.success_p = c.mcnemar.p_exact;
    c.success_test = "McNemar exact";
  } else {
    c.success_p = FisherExact(a.passed, a.runs - a.passed, b.passed, b.runs - b.passed).p_value;
    c.success_test = "Fisher exact";
  }
  if (c.success_p < o.alpha) {
    c.success_verdict = delta < 0 ? Verdict::kWorse : delta > 0 ? Verdict::kBetter : Verdict::kInconclusive;
    // McNemar can be significant with equal rates only in theory (b != c implies different rates); keep the
    // direction from the discordant pairs when paired.
    if (paired && delta == 0) c.success_verdict = only_b > only_a ? Verdict::kBetter : Verdict::kWorse;
  } else if (paired) {
    c.runs_needed = McNemarPairsNeeded(only_a, only_b, c.pairs, o.alpha, o.power);
  } else {
    c.runs_needed = TwoProportionRunsNeeded(c.a_success, c.b_success, o.alpha, o.power);
  }
  c.success_regression = c.success_verdict == Verdict::kWorse && -delta >= o.min_success_drop;
  c.success_improvement = c.success_verdict == Verdict::kBetter && delta >= o.min_success_drop;
  if (c.success_regression) {
    MetricRegression m;
    m.metric = "success_rate";
    m.before = c.a_success;
    m.after = c.b_success;
    m.change = delta;
    m.relative = c.a_success > 0 ? delta / c.a_success : 0;
    m.p_value = c.success_p;
    m.test = c.success_test;
    m.text = "success rate " + FormatPercent(c.a_success) + " → " + FormatPercent(c.b_success) + " (" +
             FormatFixed(delta * 100, 1) + " points, " + c.success_test + " p " + PValue(c.success_p) + ")";
    c.regressions.push_back(std::move(m));
  }

  if (!latency_diffs.empty()) {
    c.latency_diff = PairedBootstrapMean(latency_diffs);
    c.latency_verdict = FromInterval(c.latency_diff, /*lower_is_better=*/true);
  }
  if (!cost_diffs.empty()) {
    c.cost_diff = PairedBootstrapMean(cost_diffs);
    c.cost_verdict = FromInterval(c.cost_diff, /*lower_is_better=*/true);
  }
  if (c.a_latency_samples >= o.min_latency_samples && c.b_latency_samples >= o.min_latency_samples) {
    c.latency_p = MannWhitneyU(a.latencies, b.latencies).p_value;
    bool lat_significant = c.latency_p < o.alpha;
    c.latency_regression = lat_significant && c.b_p50 > c.a_p50 * (1 + o.min_latency_increase);
    c.latency_improvement = lat_significant && c.a_p50 > c.b_p50 * (1 + o.min_latency_increase);
    if (c.latency_regression) {
      MetricRegression m;
      m.metric = "p50_latency_ms";
      m.before = c.a_p50;
      m.after = c.b_p50;
      m.change = c.b_p50 - c.a_p50;
      m.relative = c.a_p50 > 0 ? m.change / c.a_p50 : 0;
      m.p_value = c.latency_p;
      m.test = "Mann-Whitney U";
      m.text = "p50 latency " + FormatMs(c.a_p50) + " → " + FormatMs(c.b_p50) + " (+" +
               FormatFixed(m.relative * 100, 0) + "%, Mann-Whitney U p " + PValue(c.latency_p) + ")";
      c.regressions.push_back(std::move(m));
    }
  }
  return c;
}

void AddUnique(std::vector<std::string>& out, const std::string& s) {
  if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
}

std::string VerdictText(const Change& c) {
  if (!c.in_a) return "added";
  if (!c.in_b) return "removed";
  std::string v;
  for (const MetricRegression& m : c.regressions) v += std::string(v.empty() ? "" : ", ") + "REGRESSION: " + m.text;
  if (c.success_improvement) v += std::string(v.empty() ? "" : ", ") + "improved (success)";
  if (c.latency_improvement) v += std::string(v.empty() ? "" : ", ") + "improved (latency)";
  if (!v.empty()) return v;
  return VerdictName(c.success_verdict);
}

std::string Settle(const Change& c) {
  if (c.success_verdict != Verdict::kInconclusive) return "–";
  if (!c.runs_needed) return "no difference seen";
  bool paired = c.success_test == "McNemar exact";
  int have = paired ? c.pairs : std::min(c.a_runs, c.b_runs);
  return "≈" + std::to_string(*c.runs_needed) + (paired ? " pairs" : " runs/side") +
         (*c.runs_needed > have ? " (" + std::to_string(*c.runs_needed - have) + " more)" : "");
}

void Row(const Change& c, bool with_test, std::ostream& out) {
  out << "| ";
  if (with_test) out << EscapeMarkdownCell(c.test_key) << (c.flaky ? " (flaky)" : "") << " | ";
  out << EscapeMarkdownCell(c.config) << " | " << c.a_passed << "/" << c.a_runs << " → " << c.b_passed << "/"
      << c.b_runs << " | " << FormatPercent(c.a_success) << " → " << FormatPercent(c.b_success) << " | "
      << (c.success_test.empty() ? "–" : c.success_test + " p " + PValue(c.success_p)) << " | "
      << (c.a_latency_samples ? FormatMs(c.a_p50) : "–") << " → " << (c.b_latency_samples ? FormatMs(c.b_p50) : "–")
      << " | " << EscapeMarkdownCell(VerdictText(c)) << " | " << Settle(c) << " |\n";
}

void OneSided(const Change& c, bool with_test, std::ostream& out) {
  out << "- " << (c.in_b ? "added" : "removed") << ": `" << EscapeMarkdownCell(c.config) << "`";
  if (with_test) out << " · " << EscapeMarkdownCell(c.test_key);
  if (c.in_b) {
    out << " (" << c.b_passed << "/" << c.b_runs << " passed in B)\n";
  } else {
    out << " (" << c.a_passed << "/" << c.a_runs << " passed in A)\n";
  }
}

Json Optional(const std::optional<int>& v) { return v ? Json(*v) : Json(nullptr); }

Json BootstrapJson(const BootstrapResult& r) {
  if (r.resamples == 0) return nullptr;
  return Json{{"mean", r.mean}, {"ci95", {r.ci.low, r.ci.high}}, {"resamples", r.resamples}, {"seed", kBootstrapSeed}};
}

Json ChangeJson(const Change& c) {
  Json regressions = Json::array();
  for (const MetricRegression& m : c.regressions) {
    regressions.push_back({{"metric", m.metric},
                           {"before", m.before},
                           {"after", m.after},
                           {"change", m.change},
                           {"relative", m.relative},
                           {"p_value", m.p_value},
                           {"test", m.test},
                           {"text", m.text}});
  }
  Json j = {
      {"config", c.config},
      {"presence", c.presence()},
      {"a",
       {{"runs", c.a_runs},
        {"passed", c.a_passed},
        {"success_rate", c.a_success},
        {"success_ci95", {c.a_success_ci.low, c.a_success_ci.high}},
        {"p50_ms", c.a_p50}}},
      {"b",
       {{"runs", c.b_runs},
        {"passed", c.b_passed},
        {"success_rate", c.b_success},
        {"success_ci95", {c.b_success_ci.low, c.b_success_ci.high}},
        {"p50_ms", c.b_p50}}},
      {"pairs", c.pairs},
      {"success_test", c.success_test},
      {"success_p", c.success_p},
      {"mcnemar", {{"b", c.mcnemar.b}, {"c", c.mcnemar.c}, {"p_exact", c.mcnemar.p_exact}, {"p_mid", c.mcnemar.p_mid}}},
      {"success_verdict", VerdictName(c.success_verdict)},
      {"runs_needed", Optional(c.runs_needed)},
      {"latency_p", c.latency_p},
      {"latency_diff_ms", BootstrapJson(c.latency_diff)},
      {"latency_verdict", VerdictName(c.latency_verdict)},
      {"cost_diff_usd", BootstrapJson(c.cost_diff)},
      {"cost_verdict", VerdictName(c.cost_verdict)},
      {"regression", c.regression()},
      {"regressions", regressions}};
  if (!c.test_key.empty()) {
    j["test"] = c.test_key;
    j["flaky"] = c.flaky;
    if (c.flaky) j["flip_rate"] = c.flip_rate;
  }
  return j;
}

}  // namespace

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kBetter: return "better";
    case Verdict::kWorse: return "worse";
    case Verdict::kInconclusive: break;
  }
  return "inconclusive";
}

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
  std::vector<std::string> test_summary;
  for (const std::string& config : configs) {
    Change c = Judge(config, "", Collect(a, config, nullptr), Collect(b, config, nullptr), options);
    if (!c.in_a && c.in_b) out.added_configs.push_back(config);
    if (c.in_a && !c.in_b) out.removed_configs.push_back(config);
    out.has_regression = out.has_regression || c.regression();
    for (const MetricRegression& m : c.regressions)
      out.regression_summary.push_back("config '" + config + "': " + m.text);
    out.configs.push_back(std::move(c));
    for (const std::string& test : tests) {
      Side sa = Collect(a, config, &test), sb = Collect(b, config, &test);
      if (sa.runs == 0 && sb.runs == 0) continue;
      Change t = Judge(config, test, sa, sb, options);
      out.has_regression = out.has_regression || t.regression();
      for (const MetricRegression& m : t.regressions)
        test_summary.push_back("config '" + config + "', test '" + test + "': " + m.text);
      out.tests.push_back(std::move(t));
    }
  }
  out.regression_summary.insert(out.regression_summary.end(), test_summary.begin(), test_summary.end());
  return out;
}

Comparison CompareBenches(const store::StoredBench& a, const store::StoredBench& b, const CompareOptions& options) {
  Comparison c = CompareRuns(a.info.id, a.runs, b.info.id, b.runs, options);
  c.a_suite = a.info.suite;
  c.b_suite = b.info.suite;
  c.suites_differ = a.info.suite != b.info.suite;
  return c;
}

void MarkFlakyTests(Comparison& c, const std::string& config, const std::vector<store::TestFlips>& flips) {
  for (Change& t : c.tests) {
    if (t.config != config || t.flaky) continue;
    const store::TestFlips* worst = nullptr;
    for (const store::TestFlips& f : flips)
      if (f.test_key == t.test_key && f.flaky() && (!worst || f.flip_rate() > worst->flip_rate())) worst = &f;
    if (!worst) continue;
    t.flaky = true;
    t.flip_rate = worst->flip_rate();
    t.flip_verdicts = worst->verdicts;
    const std::string note = " — flaky test: its verdict flipped in " + FormatPercent(t.flip_rate) + " of " +
                             std::to_string(t.flip_verdicts) + " verdicts in the history";
    const std::string prefix = "config '" + t.config + "', test '" + t.test_key + "': ";
    for (MetricRegression& m : t.regressions) {
      for (std::string& line : c.regression_summary)
        if (line == prefix + m.text) line += note;
      m.text += note;
    }
  }
}

Status MarkFlakyTestsFromHistory(Comparison& c, const store::StoredBench& b, store::Store& store) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const RunRecord& r : b.runs) {
    if (!seen.insert({r.config, r.variant}).second) continue;
    store::FlipFilter filter;
    filter.kind = "";
    filter.config = r.config;
    filter.variant = r.variant;
    Result<std::vector<store::TestFlips>> flips = store.FlipRates(filter);
    if (!flips) return flips.error();
    MarkFlakyTests(c, r.config, *flips);
  }
  return Status::Ok();
}

void RenderComparisonMarkdown(const Comparison& c, std::ostream& out) {
  out << "# Compare `" << EscapeMarkdownCell(c.a_id) << "` → `" << EscapeMarkdownCell(c.b_id) << "`\n\n";
  if (c.suites_differ) {
    out << "**Different suites:** A ran `" << EscapeMarkdownCell(c.a_suite) << "`, B ran `"
        << EscapeMarkdownCell(c.b_suite) << "` (compared with --force).\n\n";
  }
  out << "Regression: worse at p < " << FormatFixed(c.options.alpha, 2) << " and success down at least "
      << FormatFixed(c.options.min_success_drop * 100, 0)
      << " points (McNemar exact on paired runs, else Fisher exact) or p50 latency up at least "
      << FormatFixed(c.options.min_latency_increase * 100, 0) << "% (Mann-Whitney U). \"Settle\": runs for "
      << FormatFixed(c.options.power * 100, 0) << "% power to detect the difference seen.\n\n";
  std::vector<const Change*> both, one_sided;
  for (const Change& ch : c.configs) (ch.in_a && ch.in_b ? both : one_sided).push_back(&ch);
  if (!one_sided.empty()) {
    out << "## Added and removed configs\n\n";
    for (const Change* ch : one_sided) OneSided(*ch, false, out);
    out << "\n";
  }
  const char* header = " | Config | Passed | Success | Test | p50 | Verdict | Settle |\n";
  out << "## Per config\n\n";
  if (both.empty()) {
    out << "No config ran in both benches.\n";
  } else {
    out << header + 1 << "|---|---:|---:|---|---:|---|---|\n";
    for (const Change* ch : both) Row(*ch, false, out);
  }
  std::vector<const Change*> notable;
  for (const Change& t : c.tests) {
    bool config_one_sided =
        std::find(c.added_configs.begin(), c.added_configs.end(), t.config) != c.added_configs.end() ||
        std::find(c.removed_configs.begin(), c.removed_configs.end(), t.config) != c.removed_configs.end();
    if (config_one_sided) continue;  // already listed as a whole config
    if (t.regression() || t.success_improvement || t.latency_improvement || !t.in_a || !t.in_b) notable.push_back(&t);
  }
  out << "\n## Tests that changed\n\n";
  if (notable.empty()) {
    out << "No test changed significantly.\n";
  } else {
    std::vector<const Change*> rows;
    for (const Change* t : notable) {
      if (t->in_a && t->in_b) {
        rows.push_back(t);
      } else {
        OneSided(*t, true, out);
      }
    }
    if (!rows.empty()) {
      if (rows.size() != notable.size()) out << "\n";
      out << "| Test" << header << "|---|---|---:|---:|---|---:|---|---|\n";
      for (const Change* t : rows) Row(*t, true, out);
    }
  }
  if (!c.regression_summary.empty()) {
    out << "\n## What regressed\n\n";
    for (const std::string& s : c.regression_summary) out << "- " << EscapeMarkdownCell(s) << "\n";
  }
  out << "\n" << (c.has_regression ? "**Regression detected.**" : "No regression.") << "\n";
}

Json ComparisonJson(const Comparison& c) {
  Json configs = Json::array(), tests = Json::array();
  for (const auto& ch : c.configs) configs.push_back(ChangeJson(ch));
  for (const auto& ch : c.tests) tests.push_back(ChangeJson(ch));
  return Json{{"a", c.a_id},
              {"b", c.b_id},
              {"a_suite", c.a_suite},
              {"b_suite", c.b_suite},
              {"suites_differ", c.suites_differ},
              {"options",
               {{"alpha", c.options.alpha},
                {"min_success_drop", c.options.min_success_drop},
                {"min_latency_increase", c.options.min_latency_increase},
                {"power", c.options.power}}},
              {"added_configs", c.added_configs},
              {"removed_configs", c.removed_configs},
              {"configs", configs},
              {"tests", tests},
              {"has_regression", c.has_regression},
              {"regression_summary", c.regression_summary}};
}

}  // namespace ab::bench
