// The HTML report: one self-contained page that works offline. Summary, charts, comparison matrix, leaderboard
// and file/session summaries are rendered here in C++; per-run details are embedded as JSON and rendered by the
// inline script only when a run is opened, so 10 000 runs stay usable. All text goes through HtmlEscape or,
// in the script, textContent.
#include <algorithm>
#include <sstream>

#include "base/redact.h"
#include "base/time.h"
#include "report/escape.h"
#include "report/format.h"
#include "report/html_parts.h"
#include "report/json.h"
#include "report/json_text.h"
#include "report/normalize.h"
#include "report/render.h"
#include "report/stats.h"
#include "report/summary_section.h"

namespace ab::report {
namespace {

// No external fetch of any kind: scripts and styles are inline, images only data: URIs.
constexpr const char* kCsp =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'";

const char* StatusClass(RunStatus s) {
  switch (s) {
    case RunStatus::kPassed: return "pass";
    case RunStatus::kFailed: return "fail";
    case RunStatus::kError: return "error";
    case RunStatus::kSkipped: return "skip";
  }
  return "";
}

const char* StatusText(RunStatus s) {
  switch (s) {
    case RunStatus::kPassed: return "✓ PASS";
    case RunStatus::kFailed: return "✗ FAIL";
    case RunStatus::kError: return "! ERROR";
    case RunStatus::kSkipped: return "– SKIP";
  }
  return "";
}

// Writes the page in pieces: each section (and every few dozen runs) is redacted and passed on as it is done, so
// the page is never held whole in memory. A secret is one string, and a string never spans two pieces.
class Page {
 public:
  Page(const Run& run, const RenderOptions& options, std::ostream& sink)
      : run_(run), options_(options), sink_(sink), out_(buf_) {}

  void Render() {
    groups_ = GroupByTest(run_);
    agents_ = StatsByAgent(run_);
    Head();
    out_ << "<main>\n";
    RenderAiSummaryHtml(run_.ai_summary, out_);
    RenderBugFindingsHtml(run_.bug_findings, out_);
    SummaryCards();
    Charts();
    Matrix();
    Flush();
    Leaderboard();
    GroupTable("files", "Test files", StatsByFile(run_));
    GroupTable("sessions", "Sessions", StatsBySession(run_));
    Flush();
    Results();
    out_ << "</main>\n<div id=\"overlay\" class=\"fullscreen-overlay\" hidden></div>\n";
    Data();
    out_ << "<script>" << html::kScript << "</script>\n</body>\n</html>\n";
    Flush();
  }

 private:
  void Esc(std::string_view s) { HtmlEscape(s, out_); }

  void Flush() {
    sink_ << Redact(buf_.view());
    buf_.str(std::string());
  }
  void FlushSometimes(size_t i) {
    if (i % 64 == 63) Flush();
  }

  void Head() {
    out_ << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         << "<meta http-equiv=\"Content-Security-Policy\" content=\"" << kCsp << "\">\n"
         << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         << "<meta name=\"referrer\" content=\"no-referrer\">\n<title>agent-bench report";
    if (!run_.suite_name.empty()) {
      out_ << " — ";
      Esc(run_.suite_name);
    }
    out_ << "</title>\n<style>" << html::kCss << "</style>\n</head>\n<body>\n<header>\n<h1>agent-bench report";
    if (!run_.suite_name.empty()) {
      out_ << ": ";
      Esc(run_.suite_name);
    }
    out_ << "</h1>\n<p class=\"meta\">version ";
    Esc(run_.tool_version);
    out_ << " · generated " << FormatRfc3339(GeneratedAtMs(options_)) << " · run ";
    Esc(run_.run_id);
    out_ << "</p>\n<p class=\"meta\">";
    for (size_t i = 0; i < run_.test_files.size(); ++i) {
      if (i) out_ << ", ";
      out_ << "<code>";
      Esc(run_.test_files[i]);
      out_ << "</code>";
    }
    out_ << "</p>\n</header>\n";
  }

  void Card(const char* label, const std::string& value, const char* cls = "") {
    out_ << "<div class=\"card " << cls << "\"><div class=\"v\">";
    Esc(value);
    out_ << "</div><div class=\"l\">" << label << "</div></div>\n";
  }

  void SummaryCards() {
    Totals t = run_.totals();
    GroupStats all = StatsOfRun(run_);
    out_ << "<section id=\"summary\" class=\"cards\">\n";
    Card("Total", std::to_string(t.total));
    Card("Passed", std::to_string(t.passed), "pass");
    Card("Failed", std::to_string(t.failed), t.failed ? "fail" : "");
    if (t.errored) Card("Errors", std::to_string(t.errored), "error");
    if (t.skipped) Card("Skipped", std::to_string(t.skipped), "skip");
    Card("Pass rate", FormatPercent(t.passed, t.total), t.passed == t.total ? "pass" : "fail");
    Card("Tokens", FormatCount(all.total_tokens));
    Card("Cost", FormatCost(all.cost_usd) + (all.cost_usd && all.cost_partial ? "+" : ""));
    Card("Duration", FormatDuration(static_cast<double>(run_.ended_ms - run_.started_ms) > 0
                                        ? static_cast<double>(run_.ended_ms - run_.started_ms)
                                        : all.total_ms));
    out_ << "</section>\n";
    if (run_.required_success_rate) {
      bool met = run_.criteria_met();
      out_ << "<p class=\"banner " << (met ? "pass" : "fail") << "\">Criteria: success rate ≥ "
           << StrPrintf("%.1f%%", *run_.required_success_rate * 100) << " — " << (met ? "met" : "not met") << "</p>\n";
    }
    if (run_.incomplete)
      out_ << "<p class=\"banner error\">Incomplete: the run was interrupted before every test ran.</p>\n";
    for (const auto& w : run_.warnings) {
      out_ << "<p class=\"banner warn\">";
      Esc(w);
      out_ << "</p>\n";
    }
  }

  void Charts() {
    if (run_.runs.empty()) return;
    out_ << "<section id=\"charts\"><h2>Distributions</h2><div class=\"charts\">";
    html::DistributionChart(agents_, html::Metric::kLatency, out_);
    html::DistributionChart(agents_, html::Metric::kTokens, out_);
    out_ << "</div></section>\n";
  }

  void Matrix() {
    out_ << "<section id=\"matrix\"><h2>Comparison matrix</h2>\n<div class=\"scroll\"><table class=\"matrix\">"
         << "<thead><tr><th>Test</th>";
    for (const auto& a : agents_) {
      out_ << "<th>";
      Esc(a.name);
      out_ << "</th>";
    }
    out_ << "</tr></thead>\n<tbody>\n";
    std::string section;
    bool first = true;
    for (const TestGroup& g : groups_) {
      std::string here = g.first->file + "\x1f" + g.first->session;
      if (first || here != section) {
        section = here;
        first = false;
        out_ << "<tr class=\"grp\"><th colspan=\"" << agents_.size() + 1 << "\">";
        Esc(g.first->file);
        if (!g.first->session.empty()) {
          out_ << " › ";
          Esc(g.first->session);
        }
        out_ << "</th></tr>\n";
      }
      out_ << "<tr><td>";
      Esc(g.first->test);
      out_ << "</td>";
      for (const auto& a : agents_) {
        size_t found = run_.runs.size();
        for (size_t i : g.runs) {
          if (run_.runs[i].agent == a.name) found = i;
        }
        if (found == run_.runs.size()) {
          out_ << "<td class=\"none\">—</td>";
          continue;
        }
        const TestRun& r = run_.runs[found];
        out_ << "<td class=\"" << StatusClass(r.status) << "\"><a href=\"#run-" << found << "\">"
             << StatusText(r.status) << "</a><small>" << FormatDuration(r.transcript.latency_ms) << " · "
             << FormatCount(r.transcript.usage.total()) << " tok</small></td>";
      }
      out_ << "</tr>\n";
    }
    out_ << "</tbody></table></div></section>\n";
  }

  void Leaderboard() {
    std::vector<const GroupStats*> order;
    for (const auto& a : agents_) order.push_back(&a);
    // Best pass rate first; fewer tokens breaks ties (efficiency), then declaration order (stable).
    std::stable_sort(order.begin(), order.end(), [](const GroupStats* a, const GroupStats* b) {
      double ra = a->totals.success_rate(), rb = b->totals.success_rate();
      if (ra != rb) return ra > rb;
      return a->total_tokens < b->total_tokens;
    });
    out_ << "<section id=\"leaderboard\"><h2>Agent leaderboard</h2>\n<div class=\"scroll\"><table>"
         << "<thead><tr><th>#</th><th>Agent</th><th>Provider</th><th>Passed</th><th>Pass rate</th>"
         << "<th>Mean latency</th><th>p50</th><th>p95</th><th>Tokens</th><th>Tokens/pass</th><th>Cost</th></tr>"
         << "</thead>\n<tbody>\n";
    for (size_t i = 0; i < order.size(); ++i) {
      const GroupStats& a = *order[i];
      out_ << "<tr><td>" << i + 1 << "</td><td>";
      Esc(a.name);
      out_ << "</td><td>";
      Esc(a.provider_type);
      out_ << "</td><td>" << a.totals.passed << "/" << a.totals.total
           << "</td><td><span class=\"bar\"><span style=\"width:" << StrPrintf("%.0f", a.totals.success_rate() * 100)
           << "%\"></span></span>" << FormatPercent(a.totals.passed, a.totals.total) << "</td><td>"
           << FormatDuration(Mean(a.latencies_ms)) << "</td><td>" << FormatDuration(Percentile(a.latencies_ms, 50))
           << "</td><td>" << FormatDuration(Percentile(a.latencies_ms, 95)) << "</td><td>"
           << FormatCount(a.total_tokens) << "</td><td>"
           << (a.totals.passed ? FormatCount(a.total_tokens / a.totals.passed) : std::string("—")) << "</td><td>"
           << FormatCost(a.cost_usd) << "</td></tr>\n";
    }
    out_ << "</tbody></table></div></section>\n";
  }

  void GroupTable(const char* id, const char* title, const std::vector<GroupStats>& rows) {
    if (rows.size() < 2) return;
    out_ << "<section id=\"" << id << "\"><h2>" << title << "</h2>\n<div class=\"scroll\"><table><thead><tr>"
         << "<th>Name</th><th>Runs</th><th>Passed</th><th>Failed</th><th>Errors</th><th>Pass rate</th>"
         << "<th>Tokens</th><th>Duration</th></tr></thead>\n<tbody>\n";
    for (const auto& g : rows) {
      out_ << "<tr><td>";
      Esc(g.name);
      out_ << "</td><td>" << g.totals.total << "</td><td>" << g.totals.passed << "</td><td>" << g.totals.failed
           << "</td><td>" << g.totals.errored << "</td><td>" << FormatPercent(g.totals.passed, g.totals.total)
           << "</td><td>" << FormatCount(g.total_tokens) << "</td><td>" << FormatDuration(g.total_ms) << "</td></tr>\n";
    }
    out_ << "</tbody></table></div></section>\n";
  }

  void Results() {
    out_ << "<section id=\"results\"><h2>Test results</h2>\n<p class=\"tools\"><label><input type=\"checkbox\" "
         << "id=\"only-failed\"> show failures only</label></p>\n"
         << "<noscript><p class=\"banner warn\">Run details need JavaScript; the JSON report has them too.</p>"
         << "</noscript>\n";
    size_t groups_done = 0;
    for (const TestGroup& g : groups_) {
      bool all_passed = true;
      for (size_t i : g.runs) all_passed = all_passed && run_.runs[i].status == RunStatus::kPassed;
      out_ << "<div class=\"test-group" << (all_passed ? " all-passed" : "") << "\"><h3>";
      Esc(g.first->test);
      out_ << " <small>";
      Esc(g.first->file);
      if (!g.first->session.empty()) {
        out_ << " › ";
        Esc(g.first->session);
      }
      out_ << "</small></h3>\n";
      if (g.runs.size() >= 2) Comparison(g);
      for (size_t i : g.runs) {
        const TestRun& r = run_.runs[i];
        int failed = 0;
        for (const auto& a : r.assertions) failed += a.passed ? 0 : 1;
        out_ << "<details class=\"run " << StatusClass(r.status) << "\" id=\"run-" << i << "\" data-run=\"" << i
             << "\"><summary><span class=\"badge " << StatusClass(r.status) << "\">" << StatusText(r.status)
             << "</span> <b>";
        Esc(r.agent);
        out_ << "</b> <span class=\"dim\">[";
        Esc(r.provider_type);
        out_ << "] " << FormatDuration(r.transcript.latency_ms) << " · " << FormatCount(r.transcript.usage.total())
             << " tokens · " << r.assertions.size() - static_cast<size_t>(failed) << "/" << r.assertions.size()
             << " assertions · " << r.transcript.tool_calls.size() << " tool calls";
        if (std::string mcp = FormatServerProtocols(r.transcript.servers); !mcp.empty()) {
          out_ << " · MCP ";
          Esc(mcp);
        }
        out_ << "</span></summary><div class=\"body\"></div></details>\n";
      }
      out_ << "</div>\n";
      FlushSometimes(++groups_done);
    }
    out_ << "</section>\n";
    Flush();
  }

  // The multi-agent view of one test (2+ agents): a comparison table here, and tool calls, errors, sequence
  // diagrams and final outputs side by side, drawn by the script when opened.
  void Comparison(const TestGroup& g) {
    out_ << "<div class=\"multi-agent-comparison\"><table class=\"comparison-table\"><thead><tr><th>Agent</th>"
         << "<th>Status</th><th>Duration</th><th>Tokens</th><th>Cost</th><th>Assertions</th><th>Tool calls</th>"
         << "</tr></thead><tbody>";
    for (size_t i : g.runs) {
      const TestRun& r = run_.runs[i];
      int passed = 0;
      for (const auto& a : r.assertions) passed += a.passed ? 1 : 0;
      out_ << "<tr><td><a href=\"#run-" << i << "\">";
      Esc(r.agent);
      out_ << "</a></td><td class=\"" << StatusClass(r.status) << "\">" << StatusText(r.status) << "</td><td>"
           << FormatDuration(r.transcript.latency_ms) << "</td><td>" << FormatCount(r.transcript.usage.total())
           << "</td><td>" << FormatCost(r.transcript.usage.cost_usd) << "</td><td>" << passed << "/"
           << r.assertions.size() << "</td><td>" << r.transcript.tool_calls.size() << "</td></tr>";
    }
    out_ << "</tbody></table>\n<details class=\"cmp\" data-runs=\"";
    for (size_t k = 0; k < g.runs.size(); ++k) out_ << (k ? "," : "") << g.runs[k];
    out_ << "\"><summary>Side by side: tool calls, errors, sequence diagrams, final outputs</summary>"
         << "<div class=\"cmp-body\"></div></details></div>\n";
  }

  // Per-run details for the script, from each run's JSON text (converted once, see TestRun::json).
  // JsonTextForScript escapes < > &, so no string can close the block.
  void Data() {
    out_ << "<script type=\"application/json\" id=\"run-data\">[";
    for (size_t i = 0; i < run_.runs.size(); ++i) {
      if (i) out_ << ",\n";
      // toolSchemas: large and not shown.
      out_ << JsonTextForScript(WithoutNestedMember(TestRunJsonText(run_.runs[i]), "execution", "toolSchemas"));
      FlushSometimes(i);
    }
    out_ << "]</script>\n";
  }

  const Run& run_;
  const RenderOptions& options_;
  std::ostream& sink_;
  std::ostringstream buf_;
  std::ostream& out_;
  std::vector<TestGroup> groups_;
  std::vector<GroupStats> agents_;
};

}  // namespace

void RenderHtml(const Run& run, std::ostream& out, const RenderOptions& options) {
  Run storage;
  const Run& r = ForOutput(run, options, storage);
  Page(r, options, out).Render();
}

}  // namespace ab::report
