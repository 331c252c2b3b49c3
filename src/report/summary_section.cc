#include "report/summary_section.h"

#include <sstream>

#include "base/strings.h"
#include "report/escape.h"

namespace ab::report {
namespace {

constexpr size_t kMaxSummaryBytes = 64 * 1024;  // a runaway model answer must not swamp the report

std::vector<std::string> Lines(const std::string& summary) {
  std::vector<std::string> out;
  for (auto& part : Split(Truncate(summary, kMaxSummaryBytes), '\n')) out.emplace_back(part);
  return out;
}

}  // namespace

void RenderAiSummaryHtml(const std::string& summary, std::ostream& out) {
  if (Trim(summary).empty()) return;
  out << "<section id=\"ai-summary\" class=\"card\">\n<h2>AI summary</h2>\n";
  bool in_list = false;
  for (const std::string& raw : Lines(summary)) {
    std::string_view line = Trim(raw);
    const bool item = StartsWith(line, "- ") || StartsWith(line, "* ");
    if (in_list && !item) {
      out << "</ul>\n";
      in_list = false;
    }
    if (line.empty()) continue;
    if (item) {
      if (!in_list) out << "<ul>\n";
      in_list = true;
      out << "<li>";
      HtmlEscape(line.substr(2), out);
      out << "</li>\n";
    } else if (StartsWith(line, "#")) {
      while (!line.empty() && line.front() == '#') line.remove_prefix(1);
      out << "<h3>";
      HtmlEscape(Trim(line), out);
      out << "</h3>\n";
    } else {
      out << "<p>";
      HtmlEscape(line, out);
      out << "</p>\n";
    }
  }
  if (in_list) out << "</ul>\n";
  out << "</section>\n";
}

void RenderAiSummaryMarkdown(const std::string& summary, std::ostream& out) {
  if (Trim(summary).empty()) return;
  out << "\n## AI summary\n\n";
  for (const std::string& raw : Lines(summary)) {
    std::string line = raw;
    // Headings of the summary sit under ours; raw HTML is shown as text.
    std::string_view t = Trim(line);
    if (StartsWith(t, "#")) {
      while (!t.empty() && t.front() == '#') t.remove_prefix(1);
      line = "### " + std::string(Trim(t));
    }
    std::string safe;
    for (char c : line) {
      if (c == '<') safe += "&lt;";
      else if (c == '>') safe += "&gt;";
      else safe += c;
    }
    out << safe << "\n";
  }
  out << "\n";
}

Json BugFindingsToJson(const std::vector<BugFinding>& findings) {
  Json out = Json::array();
  for (const auto& f : findings)
    out.push_back(
        {{"toolName", f.tool}, {"bugType", f.kind}, {"explanation", f.explanation}, {"serverName", f.server}});
  return out;
}

std::vector<BugFinding> BugFindingsFromJson(const Json& j) {
  std::vector<BugFinding> out;
  if (!j.is_array()) return out;
  auto str = [](const Json& o, const char* k) {
    return o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : std::string();
  };
  for (const Json& f : j)
    if (f.is_object())
      out.push_back({str(f, "toolName"), str(f, "bugType"), str(f, "explanation"), str(f, "serverName")});
  return out;
}

void RenderBugFindingsHtml(const std::vector<BugFinding>& findings, std::ostream& out) {
  if (findings.empty()) return;
  out << "<section id=\"bug-findings\" class=\"card\">\n<h2>Bug findings (" << findings.size()
      << ")</h2>\n<table>\n<thead><tr><th>Tool</th><th>Server</th><th>Kind</th><th>Explanation</th></tr></"
         "thead>\n<tbody>\n";
  for (const auto& f : findings) {
    out << "<tr><td>";
    HtmlEscape(f.tool, out);
    out << "</td><td>";
    HtmlEscape(f.server, out);
    out << "</td><td>";
    HtmlEscape(f.kind, out);
    out << "</td><td>";
    HtmlEscape(Truncate(f.explanation, 2000), out);
    out << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n</section>\n";
}

}  // namespace ab::report
