// The Markdown report, fit for $GITHUB_STEP_SUMMARY: summary, test × agent tables per file/session, then the
// failures with their assertion messages and errors. Every cell goes through MarkdownInline.
#include <sstream>

#include "base/redact.h"
#include "base/strings.h"
#include "base/time.h"
#include "report/escape.h"
#include "report/format.h"
#include "report/normalize.h"
#include "report/render.h"
#include "report/stats.h"
#include "report/summary_section.h"

namespace ab::report {
namespace {

const char* StatusIcon(RunStatus s) {
  switch (s) {
    case RunStatus::kPassed: return "✅";
    case RunStatus::kFailed: return "❌";
    case RunStatus::kError: return "⚠️";
    case RunStatus::kSkipped: return "⏭️";
  }
  return "?";
}

std::string Cell(std::string_view s, size_t max = 500) { return MarkdownInline(Truncate(s, max)); }

void FailedAssertion(const AssertionResult& a, int depth, std::ostream& out) {
  std::string indent(static_cast<size_t>(depth) * 2, ' ');
  out << indent << "- " << (a.passed ? "✓" : "✗") << " **" << Cell(a.type, 100) << "**: " << Cell(a.message) << '\n';
  if (!a.passed && a.details.is_object()) {
    for (auto it = a.details.begin(); it != a.details.end(); ++it) {
      std::string value = it->is_string() ? it->get<std::string>() : DumpJson(*it);
      out << indent << "  - " << Cell(it.key(), 80) << ": " << Cell(value, 300) << '\n';
    }
  }
  for (const auto& c : a.children) FailedAssertion(c, depth + 1, out);
}

void Summary(const Run& run, const RenderOptions& options, std::ostream& out) {
  Totals t = run.totals();
  GroupStats all = StatsOfRun(run);
  out << "# Test Results\n\n";
  out << "- Version: " << Cell(run.tool_version) << '\n';
  out << "- Generated: " << FormatRfc3339(GeneratedAtMs(options)) << '\n';
  if (!run.run_id.empty()) out << "- Run: `" << Cell(run.run_id, 80) << "`\n";
  if (!run.suite_name.empty()) out << "- Suite: " << Cell(run.suite_name) << '\n';
  for (const auto& f : run.test_files) out << "- File: " << Cell(f) << '\n';
  out << "\n## Summary\n\n";
  out << "| Total | Passed | Failed | Errors | Skipped | Pass rate | Tokens | Cost | Duration |\n";
  out << "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  out << "| " << t.total << " | " << t.passed << " | " << t.failed << " | " << t.errored << " | " << t.skipped << " | "
      << FormatPercent(t.passed, t.total) << " | " << FormatCount(all.total_tokens) << " | " << FormatCost(all.cost_usd)
      << " | " << FormatDuration(all.total_ms) << " |\n\n";
  if (run.required_success_rate) {
    out << "Criteria: success rate ≥ " << StrPrintf("%.1f%%", *run.required_success_rate * 100) << " — **"
        << (run.criteria_met() ? "met" : "not met") << "**\n\n";
  }
  if (run.incomplete) out << "> **Incomplete:** the run was interrupted before every test ran.\n\n";
  for (const auto& w : run.warnings) out << "> Warning: " << Cell(w) << "\n\n";
}

void AgentTable(const Run& run, std::ostream& out) {
  std::vector<GroupStats> agents = StatsByAgent(run);
  if (agents.size() < 2) return;
  out << "## Agents\n\n| Agent | Provider | Passed | Pass rate | p50 latency | p95 latency | Tokens | Cost |\n";
  out << "|---|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& a : agents) {
    out << "| " << Cell(a.name) << " | " << Cell(a.provider_type) << " | " << a.totals.passed << "/" << a.totals.total
        << " | " << FormatPercent(a.totals.passed, a.totals.total) << " | "
        << FormatDuration(Percentile(a.latencies_ms, 50)) << " | " << FormatDuration(Percentile(a.latencies_ms, 95))
        << " | " << FormatCount(a.total_tokens) << " | " << FormatCost(a.cost_usd) << " |\n";
  }
  out << '\n';
}

void Comparison(const Run& run, const std::vector<TestGroup>& groups, std::ostream& out) {
  std::vector<std::string> agents = AgentOrder(run);
  out << "## Comparison\n";
  if (agents.size() >= 2) out << "\nPer agent: status, duration, tokens, cost, assertions passed.\n";
  std::string current;
  bool first = true;
  for (const TestGroup& g : groups) {
    std::string section = g.first->file + (g.first->session.empty() ? "" : " › " + g.first->session);
    if (first || section != current) {
      current = section;
      first = false;
      out << "\n### " << Cell(section) << "\n\n| Test |";
      for (const auto& a : agents) out << ' ' << Cell(a) << " |";
      out << "\n|---|";
      for (size_t i = 0; i < agents.size(); ++i) out << ":---:|";
      out << '\n';
    }
    out << "| " << Cell(g.first->test) << " |";
    for (const auto& a : agents) {
      const TestRun* r = nullptr;
      for (size_t i : g.runs) {
        if (run.runs[i].agent == a) r = &run.runs[i];
      }
      if (r == nullptr) {
        out << " — |";
      } else if (agents.size() < 2) {
        out << ' ' << StatusIcon(r->status) << ' ' << FormatDuration(r->transcript.latency_ms) << " |";
      } else {
        // Side by side: enough per agent to compare runs of the same test without opening another report.
        int passed = 0;
        for (const auto& check : r->assertions) passed += check.passed ? 1 : 0;
        out << ' ' << StatusIcon(r->status) << ' ' << FormatDuration(r->transcript.latency_ms) << " · "
            << FormatCount(r->transcript.usage.total()) << " tok · " << FormatCost(r->transcript.usage.cost_usd)
            << " · " << passed << '/' << r->assertions.size() << " assertions |";
      }
    }
    out << '\n';
  }
  out << '\n';
}

void Failures(const Run& run, const std::vector<TestGroup>& groups, std::ostream& out) {
  bool header = false;
  for (const TestGroup& g : groups) {
    for (size_t i : g.runs) {
      const TestRun& r = run.runs[i];
      if (r.status == RunStatus::kPassed || r.status == RunStatus::kSkipped) continue;
      if (!header) {
        out << "## Failures\n\n";
        header = true;
      }
      out << "### " << StatusIcon(r.status) << ' ' << Cell(r.test) << " — " << Cell(r.agent) << "\n\n";
      out << "- File: " << Cell(r.file) << (r.session.empty() ? "" : " · Session: " + Cell(r.session)) << '\n';
      out << "- Status: " << RunStatusName(r.status) << " · Duration: " << FormatDuration(r.transcript.latency_ms)
          << " · Tokens: " << FormatCount(r.transcript.usage.total()) << '\n';
      if (std::string mcp = FormatServerProtocols(r.transcript.servers); !mcp.empty()) {
        out << "- MCP servers: " << Cell(mcp) << '\n';
      }
      out << '\n';
      bool any = false;
      for (const auto& a : r.assertions) {
        if (a.passed) continue;
        if (!any) out << "**Failed assertions**\n\n";
        any = true;
        FailedAssertion(a, 0, out);
      }
      if (any) out << '\n';
      if (!r.transcript.errors.empty()) {
        out << "**Errors**\n\n";
        for (const auto& e : r.transcript.errors) {
          out << "- " << (e.kind == ErrorKind::kNone ? "" : "[" + Cell(e.KindName(), 40) + "] ") << Cell(e.message)
              << '\n';
        }
        out << '\n';
      }
    }
  }
  if (!header) out << "All tests passed.\n";
}

}  // namespace

void RenderMarkdown(const Run& run, std::ostream& out, const RenderOptions& options) {
  Run storage;
  const Run& r = ForOutput(run, options, storage);
  std::vector<TestGroup> groups = GroupByTest(r);
  std::ostringstream buf;
  Summary(r, options, buf);
  RenderAiSummaryMarkdown(r.ai_summary, buf);
  AgentTable(r, buf);
  Comparison(r, groups, buf);
  Failures(r, groups, buf);
  out << Redact(buf.str());
}

}  // namespace ab::report
