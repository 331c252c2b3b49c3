// The console report, laid out like the reference's: comparison boxes per test, detailed results with every
// assertion, then the execution summary. Order follows Run::runs; colours only when RenderOptions::color.
#include <sstream>

#include "base/redact.h"
#include "base/strings.h"
#include "report/escape.h"
#include "report/format.h"
#include "report/normalize.h"
#include "report/render.h"
#include "report/stats.h"

namespace ab::report {
namespace {

constexpr const char* kGreen = "\033[32m";
constexpr const char* kRed = "\033[31m";
constexpr const char* kYellow = "\033[33m";
constexpr const char* kDim = "\033[2m";
constexpr const char* kBold = "\033[1m";
constexpr const char* kReset = "\033[0m";

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// Model and tool text may carry terminal escapes; a report must not let them drive the terminal.
std::string Printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    out += (u < 0x20 && c != '\n' && c != '\t') || u == 0x7F ? '?' : c;
  }
  return out;
}

// One line: newlines folded, cut to |max| bytes.
std::string OneLine(std::string_view s, size_t max = 300) {
  std::string flat = Printable(s);
  for (char& c : flat) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return Truncate(flat, max);
}

std::string PadRight(std::string_view s, size_t width) {
  std::string out(s);
  size_t w = DisplayWidth(s);
  if (w < width) out.append(width - w, ' ');
  return out;
}

// Fits |s| into |width| columns, cutting on a code point with "…".
std::string Fit(std::string_view s, size_t width) {
  if (DisplayWidth(s) <= width) return PadRight(s, width);
  std::string out;
  size_t cols = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    bool lead = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (lead && ++cols > width - 1) break;
    out += s[i];
  }
  return out + "…";
}

class Console {
 public:
  Console(const Run& run, std::ostream& out, bool color) : run_(run), out_(out), color_(color) {}

  void Render() {
    groups_ = GroupByTest(run_);
    std::vector<GroupStats> files = StatsByFile(run_);
    std::vector<GroupStats> sessions = StatsBySession(run_);
    show_location_ = files.size() > 1 || sessions.size() > 1;
    ComparisonSection();
    DetailSection();
    ExecutionSummary();
  }

 private:
  std::string Paint(const char* color, std::string_view s) const {
    if (!color_) return std::string(s);
    return std::string(color) + std::string(s) + kReset;
  }

  std::string StatusLabel(RunStatus s) const {
    switch (s) {
      case RunStatus::kPassed: return "✓ PASS";
      case RunStatus::kFailed: return "✗ FAIL";
      case RunStatus::kError: return "! ERROR";
      case RunStatus::kSkipped: return "- SKIP";
    }
    return "?";
  }
  const char* StatusColor(RunStatus s) const {
    switch (s) {
      case RunStatus::kPassed: return kGreen;
      case RunStatus::kFailed: return kRed;
      case RunStatus::kError: return kYellow;
      case RunStatus::kSkipped: return kDim;
    }
    return kReset;
  }

  void Banner(std::string_view title) {
    std::string rule = Repeat("═", 63);
    size_t pad = title.size() < 63 ? (63 - title.size()) / 2 : 0;
    out_ << rule << '\n' << std::string(pad, ' ') << Paint(kBold, title) << '\n' << rule << "\n\n";
  }

  void Location(const TestRun& r, const char* indent) {
    if (!show_location_) return;
    out_ << indent << Paint(kDim, "File: " + OneLine(r.file) + (r.session.empty() ? "" : " · Session: " +
                                                                  OneLine(r.session)))
         << '\n';
  }

  void ComparisonSection() {
    Banner("SERVER COMPARISON SUMMARY");
    constexpr size_t kW1 = 25, kW2 = 10, kW3 = 17;
    auto border = [&](const char* l, const char* m, const char* r) {
      return std::string("   ") + l + Repeat("─", kW1 + 2) + m + Repeat("─", kW2 + 2) + m + Repeat("─", kW3 + 2) +
             r + "\n";
    };
    for (const TestGroup& g : groups_) {
      int passed = 0;
      for (size_t i : g.runs) passed += run_.runs[i].passed ? 1 : 0;
      int total = static_cast<int>(g.runs.size());
      out_ << "📋 Test: " << OneLine(g.first->test) << " [" << StrPrintf("%.0f%%", total ? 100.0 * passed / total : 0)
           << " passed]\n";
      Location(*g.first, "   ");
      out_ << "   Summary: " << passed << "/" << total << " agents passed\n\n";
      out_ << border("┌", "┬", "┐");
      out_ << "   │ " << PadRight("Agent", kW1) << " │ " << PadRight("Status", kW2) << " │ " << PadRight("Duration", kW3)
           << " │\n";
      out_ << border("├", "┼", "┤");
      for (size_t i : g.runs) {
        const TestRun& r = run_.runs[i];
        out_ << "   │ " << Fit(OneLine(r.agent), kW1) << " │ "
             << Paint(StatusColor(r.status), PadRight(StatusLabel(r.status), kW2)) << " │ "
             << PadRight(FormatDuration(r.transcript.latency_ms), kW3) << " │\n";
        std::string provider = "  └─ [" + OneLine(r.provider_type) + "]";
        out_ << "   │ " << Fit(provider, kW1) << " │ " << std::string(kW2, ' ') << " │ " << std::string(kW3, ' ')
             << " │\n";
      }
      out_ << border("└", "┴", "┘") << "\n";
    }
    out_ << '\n';
  }

  void Details(const Json& details, const std::string& indent) {
    if (!details.is_object()) return;
    for (auto it = details.begin(); it != details.end(); ++it) {
      std::string value = it->is_string() ? it->get<std::string>() : DumpJson(*it);
      out_ << indent << "• " << OneLine(it.key(), 80) << ": " << OneLine(value) << '\n';
    }
  }

  void Assertion(const AssertionResult& a, const std::string& indent) {
    out_ << indent << (a.passed ? Paint(kGreen, "✓") : Paint(kRed, "✗")) << ' ' << OneLine(a.type, 80) << ": "
         << OneLine(a.message) << '\n';
    Details(a.details, indent + "  ");
    for (const auto& c : a.children) Assertion(c, indent + "  ");
  }

  void DetailSection() {
    Banner("DETAILED TEST RESULTS");
    for (const TestGroup& g : groups_) {
      out_ << "📋 Test: " << OneLine(g.first->test) << '\n';
      Location(*g.first, "  ");
      for (size_t i : g.runs) {
        const TestRun& r = run_.runs[i];
        const Transcript& t = r.transcript;
        std::string full = StatusLabel(r.status);
        std::string label = full.substr(0, full.find(' '));  // the icon only
        out_ << "  " << Paint(StatusColor(r.status), label) << ' ' << OneLine(r.agent) << " ["
             << OneLine(r.provider_type) << "] (" << FormatDuration(t.latency_ms) << ")\n";
        for (const auto& a : r.assertions) Assertion(a, "    ");
        if (!t.errors.empty()) {
          out_ << "    " << Paint(kRed, "Errors:") << '\n';
          for (const auto& e : t.errors) {
            out_ << "      ✗ " << (e.kind == ErrorKind::kNone ? "" : "[" + OneLine(e.KindName(), 40) + "] ") << OneLine(e.message)
                 << '\n';
          }
        }
        out_ << "    " << Paint(kDim, "Tokens: " + FormatCount(t.usage.total()) + " | Latency: " +
                                     FormatDuration(t.latency_ms) + " | Tool calls: " +
                                     std::to_string(t.tool_calls.size()) + " | Iterations: " +
                                     std::to_string(t.iterations))
             << "\n\n";
      }
    }
    Totals t = run_.totals();
    std::string rule = Repeat("═", 63);
    out_ << rule << "\nTotal: " << t.total << " | Passed: " << t.passed << " | Failed: " << t.failed
         << " | Errors: " << t.errored << "\n" << rule << "\n\n\n";
  }

  void ExecutionSummary() {
    Totals t = run_.totals();
    GroupStats all = StatsOfRun(run_);
    Usage usage;
    int errors = 0;
    double llm = 0, tool = 0, wait = 0;
    for (const auto& r : run_.runs) {
      usage += r.transcript.usage;
      errors += static_cast<int>(r.transcript.errors.size());
      llm += r.transcript.llm_ms;
      tool += r.transcript.tool_ms;
      wait += r.transcript.wait_ms;
    }
    std::string rule(80, '=');
    out_ << rule << "\n[Summary] Test Execution Summary\n" << rule << '\n';
    auto line = [&](const char* name, const std::string& value) {
      out_ << "  " << PadRight(name, 18) << value << '\n';
    };
    line("Total Tests:", std::to_string(t.total));
    line("Passed:", Paint(kGreen, std::to_string(t.passed)) + " (" + FormatPercent(t.passed, t.total) + ")");
    line("Failed:", Paint(t.failed ? kRed : kReset, std::to_string(t.failed)) + " (" +
                        FormatPercent(t.failed, t.total) + ")");
    if (t.errored) line("Errored:", Paint(kYellow, std::to_string(t.errored)) + " (infrastructure)");
    if (t.skipped) line("Skipped:", std::to_string(t.skipped));
    line("Total Tool Calls:", std::to_string(all.tool_calls));
    line("Total Errors:", std::to_string(errors));
    line("Total Duration:", FormatDuration(all.total_ms) + " (avg: " +
                                FormatDuration(t.total ? all.total_ms / t.total : 0) + " per test)");
    line("Time Split:", "llm " + FormatDuration(llm) + " · tools " + FormatDuration(tool) + " · waits " +
                            FormatDuration(wait));
    line("Total Tokens:", FormatCount(usage.total()) + " (prompt " + FormatCount(usage.prompt_tokens) +
                              ", completion " + FormatCount(usage.completion_tokens) + ", cached " +
                              FormatCount(usage.cached_tokens) + ", reasoning " +
                              FormatCount(usage.reasoning_tokens) + (usage.estimated ? ", estimated" : "") + ")");
    if (all.cost_usd) line("Total Cost:", FormatCost(all.cost_usd) + (all.cost_partial ? " (some prices unknown)" : ""));
    if (run_.required_success_rate) {
      line("Criteria:", "success rate ≥ " + StrPrintf("%.1f%%", *run_.required_success_rate * 100) + ": " +
                            (run_.criteria_met() ? Paint(kGreen, "MET") : Paint(kRed, "NOT MET")));
    }
    if (run_.incomplete) line("Incomplete:", Paint(kYellow, "the run was interrupted before every test ran"));
    for (const auto& w : run_.warnings) line("Warning:", Paint(kYellow, OneLine(w)));
    out_ << rule << '\n';
  }

  const Run& run_;
  std::ostream& out_;
  bool color_;
  std::vector<TestGroup> groups_;
  bool show_location_ = false;
};

}  // namespace

void RenderConsole(const Run& run, std::ostream& out, const RenderOptions& options) {
  Run storage;
  const Run& r = ForOutput(run, options, storage);
  std::ostringstream buf;
  Console(r, buf, options.color).Render();
  out << Redact(buf.str());
}

}  // namespace ab::report
