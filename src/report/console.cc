// The console report: a comparison table per test (one row per agent, with its model), the results of each run
// (a passing assertion on one line; a failed or errored run also shows its trace, report/trace.h, and each failing
// assertion with its details), then the execution summary. Order follows Run::runs; colours only when
// RenderOptions::color. RenderConsoleFailures is what -q keeps: the failed runs and the verdict.
#include <sstream>

#include "base/redact.h"
#include "base/strings.h"
#include "report/escape.h"
#include "report/format.h"
#include "report/normalize.h"
#include "report/render.h"
#include "report/stats.h"
#include "report/trace.h"

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
    out_ << indent
         << Paint(kDim, "File: " + OneLine(r.file) + (r.session.empty() ? "" : " · Session: " + OneLine(r.session)))
         << '\n';
  }

  // What the summary compares: agents when there are several, else the tests of the one agent.
  std::string ComparisonTitle() const {
    std::vector<std::string> agents = AgentOrder(run_);
    const size_t tests = groups_.size();
    std::string counts = std::to_string(tests) + (tests == 1 ? " test" : " tests");
    if (agents.size() <= 1) return "TEST RESULTS (" + counts + ")";
    return "AGENT COMPARISON (" + std::to_string(agents.size()) + " agents × " + counts + ")";
  }

  void ComparisonSection() {
    Banner(ComparisonTitle());
    constexpr size_t kW1 = 20, kW2 = 27, kW3 = 8, kW4 = 8;
    auto border = [&](const char* l, const char* m, const char* r) {
      return std::string("   ") + l + Repeat("─", kW1 + 2) + m + Repeat("─", kW2 + 2) + m + Repeat("─", kW3 + 2) + m +
             Repeat("─", kW4 + 2) + r + "\n";
    };
    for (const TestGroup& g : groups_) {
      int passed = 0;
      for (size_t i : g.runs) passed += run_.runs[i].passed ? 1 : 0;
      int total = static_cast<int>(g.runs.size());
      out_ << "📋 Test: " << OneLine(g.first->test) << " · " << passed << "/" << total
           << (total == 1 ? " agent" : " agents") << " passed\n";
      Location(*g.first, "   ");
      out_ << border("┌", "┬", "┐");
      out_ << "   │ " << PadRight("Agent", kW1) << " │ " << PadRight("Model", kW2) << " │ " << PadRight("Status", kW3)
           << " │ " << PadRight("Duration", kW4) << " │\n";
      out_ << border("├", "┼", "┤");
      for (size_t i : g.runs) {
        const TestRun& r = run_.runs[i];
        out_ << "   │ " << Fit(OneLine(r.agent), kW1) << " │ " << Fit(ModelLabel(r), kW2) << " │ "
             << Paint(StatusColor(r.status), PadRight(StatusLabel(r.status), kW3)) << " │ "
             << PadRight(FormatDuration(r.transcript.latency_ms), kW4) << " │\n";
      }
      out_ << border("└", "┴", "┘") << '\n';
    }
  }

  // "MOCK · mock-careful": the provider type and the model the run used.
  static std::string ModelLabel(const TestRun& r) {
    std::string type = OneLine(r.provider_type, 40), model = OneLine(r.model, 80);
    if (model.empty()) return type;
    return type.empty() ? model : type + " · " + model;
  }

  void Details(const Json& details, const std::string& indent) {
    if (!details.is_object()) return;
    for (auto it = details.begin(); it != details.end(); ++it) {
      std::string value = it->is_string() ? it->get<std::string>() : DumpJson(*it);
      out_ << indent << "• " << OneLine(it.key(), 80) << ": " << OneLine(value) << '\n';
    }
  }

  // A passing assertion is one line; a failing one shows its details and its children.
  void Assertion(const AssertionResult& a, const std::string& indent) {
    out_ << indent << (a.passed ? Paint(kGreen, "✓") : Paint(kRed, "✗")) << ' ' << OneLine(a.type, 80) << ": "
         << OneLine(a.message) << '\n';
    if (a.passed) return;
    Details(a.details, indent + "  ");
    for (const auto& c : a.children) Assertion(c, indent + "  ");
  }

  void RunHeader(const TestRun& r, const char* indent) {
    const Transcript& t = r.transcript;
    std::string full = StatusLabel(r.status);
    std::string label = full.substr(0, full.find(' '));  // the icon only
    out_ << indent << Paint(StatusColor(r.status), label) << ' ' << OneLine(r.agent) << " [" << ModelLabel(r) << "] "
         << Paint(kDim, FormatDuration(t.latency_ms) + " · " + FormatCount(t.usage.total()) + " tokens · " +
                            std::to_string(t.tool_calls.size()) + " tool call" + (t.tool_calls.size() == 1 ? "" : "s") +
                            " · " + std::to_string(t.iterations) + " iteration" + (t.iterations == 1 ? "" : "s"))
         << '\n';
  }

 public:
  // The body of a failed or errored run: its trace, the failing assertions, the errors.
  void FailureBody(const TestRun& r, const std::string& indent, bool passing_too) {
    const Transcript& t = r.transcript;
    if (r.status != RunStatus::kSkipped) out_ << indent << Paint(kDim, "Trace: ") << FormatTrace(t) << '\n';
    for (const auto& a : r.assertions)
      if (passing_too || !a.passed) Assertion(a, indent);
    if (!t.errors.empty()) {
      out_ << indent << Paint(kRed, "Errors:") << '\n';
      for (const auto& e : t.errors) {
        out_ << indent << "  ✗ " << (e.kind == ErrorKind::kNone ? "" : "[" + OneLine(e.KindName(), 40) + "] ")
             << OneLine(e.message) << '\n';
      }
    }
  }

  // -q: only the runs that failed or errored, each with its body, then one verdict line.
  void RenderFailures() {
    groups_ = GroupByTest(run_);
    for (const TestGroup& g : groups_) {
      for (size_t i : g.runs) {
        const TestRun& r = run_.runs[i];
        if (r.status != RunStatus::kFailed && r.status != RunStatus::kError) continue;
        out_ << Paint(StatusColor(r.status), StatusLabel(r.status)) << ' ' << OneLine(r.test) << " · "
             << OneLine(r.agent) << " [" << ModelLabel(r) << "]\n";
        FailureBody(r, "    ", false);
      }
    }
    Totals t = run_.totals();
    out_ << "Total: " << t.total << " | Passed: " << t.passed << " | Failed: " << t.failed
         << " | Errors: " << t.errored;
    if (run_.required_success_rate)
      out_ << " | Criteria: success rate ≥ " << StrPrintf("%.1f%%", *run_.required_success_rate * 100) << ' '
           << (run_.criteria_met() ? "MET" : "NOT MET");
    if (run_.incomplete) out_ << " | interrupted";
    out_ << '\n';
  }

 private:
  void DetailSection() {
    Banner("DETAILED TEST RESULTS");
    for (const TestGroup& g : groups_) {
      out_ << "📋 Test: " << OneLine(g.first->test) << '\n';
      Location(*g.first, "  ");
      for (size_t i : g.runs) {
        const TestRun& r = run_.runs[i];
        RunHeader(r, "  ");
        if (r.status == RunStatus::kFailed || r.status == RunStatus::kError) FailureBody(r, "    ", true);
        else
          for (const auto& a : r.assertions) Assertion(a, "    ");
      }
      out_ << '\n';
    }
    Totals t = run_.totals();
    out_ << "Total: " << t.total << " | Passed: " << t.passed << " | Failed: " << t.failed << " | Errors: " << t.errored
         << "\n\n";
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
    line("Failed:",
         Paint(t.failed ? kRed : kReset, std::to_string(t.failed)) + " (" + FormatPercent(t.failed, t.total) + ")");
    if (t.errored) line("Errored:", Paint(kYellow, std::to_string(t.errored)) + " (infrastructure)");
    if (t.skipped) line("Skipped:", std::to_string(t.skipped));
    line("Total Tool Calls:", std::to_string(all.tool_calls));
    line("Total Errors:", std::to_string(errors));
    line("Total Duration:", FormatDuration(all.total_ms) +
                                " (avg: " + FormatDuration(t.total ? all.total_ms / t.total : 0) + " per test)");
    line("Time Split:",
         "llm " + FormatDuration(llm) + " · tools " + FormatDuration(tool) + " · waits " + FormatDuration(wait));
    line("Total Tokens:", FormatCount(usage.total()) + " (prompt " + FormatCount(usage.prompt_tokens) +
                              ", completion " + FormatCount(usage.completion_tokens) + ", cached " +
                              FormatCount(usage.cached_tokens) + ", reasoning " + FormatCount(usage.reasoning_tokens) +
                              (usage.estimated ? ", estimated" : "") + ")");
    if (all.cost_usd)
      line("Total Cost:", FormatCost(all.cost_usd) + (all.cost_partial ? " (some prices unknown)" : ""));
    // Servers' sampling requests answered by a provider: apart from the agent's tokens and cost above.
    Usage sampling;
    bool sampling_priced = true;
    for (const auto& r : run_.runs) {
      Usage u = SamplingUsage(r.transcript);
      if (u.total() > 0 && !u.cost_usd) sampling_priced = false;
      sampling += u;
    }
    if (sampling.total() > 0) {
      line("Sampling Tokens:",
           FormatCount(sampling.total()) + " (servers' sampling requests; prompt " +
               FormatCount(sampling.prompt_tokens) + ", completion " + FormatCount(sampling.completion_tokens) +
               (sampling_priced && sampling.cost_usd ? ", " + FormatCost(sampling.cost_usd) : "") + ")");
    }
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

void RenderConsoleFailures(const Run& run, std::ostream& out, const RenderOptions& options) {
  Run storage;
  const Run& r = ForOutput(run, options, storage);
  std::ostringstream buf;
  Console(r, buf, options.color).RenderFailures();
  out << Redact(buf.str());
}

}  // namespace ab::report
