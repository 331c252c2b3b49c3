// JUnit XML in the dialect GitLab and Jenkins read: <testsuites> → one <testsuite> per file × agent → one
// <testcase> per test (classname "file/session", name the test). A failed assertion is a <failure>, an
// infrastructure error (RunStatus::kError) an <error>, so CI shows them apart.
#include <map>
#include <sstream>

#include "base/redact.h"
#include "base/time.h"
#include "report/escape.h"
#include "report/format.h"
#include "report/normalize.h"
#include "report/render.h"

namespace ab::report {
namespace {

struct Suite {
  std::string file;
  std::string agent;
  std::vector<const TestRun*> runs;
  Totals totals;
  double ms = 0;
};

// Suites in first-seen order of (file, agent).
std::vector<Suite> SuitesOf(const Run& run) {
  std::vector<Suite> out;
  std::map<std::pair<std::string, std::string>, size_t> index;
  for (const auto& r : run.runs) {
    auto [it, inserted] = index.emplace(std::make_pair(r.file, r.agent), out.size());
    if (inserted) out.push_back(Suite{.file = r.file, .agent = r.agent, .runs = {}, .totals = {}, .ms = 0});
    Suite& s = out[it->second];
    s.runs.push_back(&r);
    s.ms += r.transcript.latency_ms;
    ++s.totals.total;
    switch (r.status) {
      case RunStatus::kPassed: ++s.totals.passed; break;
      case RunStatus::kFailed: ++s.totals.failed; break;
      case RunStatus::kError: ++s.totals.errored; break;
      case RunStatus::kSkipped: ++s.totals.skipped; break;
    }
  }
  return out;
}

std::string X(std::string_view s) {
  std::ostringstream out;
  XmlEscape(s, out);
  return out.str();
}

void FailedAssertions(const std::vector<AssertionResult>& list, int depth, std::ostream& out) {
  for (const auto& a : list) {
    if (a.passed && depth == 0) continue;
    out << std::string(static_cast<size_t>(depth) * 2, ' ') << (a.passed ? "✓ " : "✗ ");
    XmlEscape(a.type + ": " + a.message, out);
    out << '\n';
    if (!a.passed && a.details.is_object() && !a.details.empty()) {
      out << std::string(static_cast<size_t>(depth) * 2 + 2, ' ');
      XmlEscape(DumpJson(a.details), out);
      out << '\n';
    }
    FailedAssertions(a.children, depth + 1, out);
  }
}

int CountFailed(const std::vector<AssertionResult>& list) {
  int n = 0;
  for (const auto& a : list) n += a.passed ? 0 : 1;
  return n;
}

void TestCase(const TestRun& r, std::ostream& out) {
  const Transcript& t = r.transcript;
  std::string classname = r.file + (r.session.empty() ? "" : "/" + r.session);
  out << "    <testcase classname=\"" << X(classname) << "\" name=\"" << X(r.test) << "\" time=\""
      << FormatSeconds(t.latency_ms) << "\">\n";
  switch (r.status) {
    case RunStatus::kPassed: break;
    case RunStatus::kSkipped: out << "      <skipped/>\n"; break;
    case RunStatus::kFailed: {
      int failed = CountFailed(r.assertions);
      std::string message =
          failed ? std::to_string(failed) + " of " + std::to_string(r.assertions.size()) + " assertions failed"
                 : "test failed";
      out << "      <failure message=\"" << X(message) << "\" type=\"AssertionFailure\">";
      FailedAssertions(r.assertions, 0, out);
      for (const auto& e : t.errors)
        out << "error: " << X(e.kind == ErrorKind::kNone ? e.message : e.KindName() + ": " + e.message) << '\n';
      out << "</failure>\n";
      break;
    }
    case RunStatus::kError: {
      std::string message = t.errors.empty() ? "infrastructure error" : t.errors.front().message;
      out << "      <error message=\"" << X(message) << "\" type=\""
          << X(t.errors.empty() || t.errors.front().kind == ErrorKind::kNone ? "InfrastructureError"
                                                                             : t.errors.front().KindName())
          << "\">";
      for (const auto& e : t.errors)
        out << X(e.kind == ErrorKind::kNone ? e.message : e.KindName() + ": " + e.message) << '\n';
      out << "</error>\n";
      break;
    }
  }
  if (!t.final_output.empty()) out << "      <system-out>" << X(t.final_output) << "</system-out>\n";
  if (!t.errors.empty()) {
    out << "      <system-err>";
    for (const auto& e : t.errors) out << X("[" + e.KindName() + "] " + e.message) << '\n';
    out << "</system-err>\n";
  }
  out << "    </testcase>\n";
}

}  // namespace

void RenderJunit(const Run& run, std::ostream& out, const RenderOptions& options) {
  Run storage;
  const Run& r = ForOutput(run, options, storage);
  std::vector<Suite> suites = SuitesOf(r);
  Totals all = r.totals();
  double total_ms = 0;
  for (const auto& s : suites) total_ms += s.ms;
  std::ostringstream buf;
  buf << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  buf << "<testsuites name=\"agent-bench\" tests=\"" << all.total << "\" failures=\"" << all.failed << "\" errors=\""
      << all.errored << "\" skipped=\"" << all.skipped << "\" time=\"" << FormatSeconds(total_ms) << "\">\n";
  std::string timestamp = FormatRfc3339(r.started_ms).substr(0, 19);  // xs:dateTime without zone, as Jenkins wants
  for (size_t i = 0; i < suites.size(); ++i) {
    const Suite& s = suites[i];
    const TestRun& first = *s.runs.front();
    buf << "  <testsuite name=\"" << X(s.file + " [" + s.agent + "]") << "\" id=\"" << i << "\" tests=\""
        << s.totals.total << "\" failures=\"" << s.totals.failed << "\" errors=\"" << s.totals.errored
        << "\" skipped=\"" << s.totals.skipped << "\" time=\"" << FormatSeconds(s.ms) << "\" timestamp=\"" << timestamp
        << "\">\n";
    buf << "    <properties>\n";
    auto property = [&](const char* name, const std::string& value) {
      buf << "      <property name=\"" << name << "\" value=\"" << X(value) << "\"/>\n";
    };
    property("agent", s.agent);
    property("provider", first.provider_name);
    property("provider_type", first.provider_type);
    property("model", first.model);
    if (!first.suite.empty()) property("suite", first.suite);
    buf << "    </properties>\n";
    for (const TestRun* t : s.runs) TestCase(*t, buf);
    buf << "  </testsuite>\n";
  }
  buf << "</testsuites>\n";
  out << Redact(buf.str());
}

}  // namespace ab::report
