#include <algorithm>

#include "base/strings.h"
#include "report/escape.h"
#include "report/format.h"
#include "report/html_parts.h"

namespace ab::report::html {
namespace {

std::string Label(double v, Metric m) {
  return m == Metric::kLatency ? FormatDuration(v) : FormatCount(static_cast<int64_t>(v));
}

}  // namespace

void DistributionChart(const std::vector<GroupStats>& agents, Metric metric, std::ostream& out) {
  constexpr double kLeft = 150, kWidth = 640, kRight = 150, kRow = 30, kTop = 10;
  double max = 0;
  for (const auto& a : agents) {
    const auto& v = metric == Metric::kLatency ? a.latencies_ms : a.tokens;
    for (double x : v) max = std::max(max, x);
  }
  if (max <= 0) max = 1;
  double plot = kWidth - kLeft - kRight;
  auto xpos = [&](double v) { return kLeft + plot * v / max; };
  double height = kTop * 2 + kRow * static_cast<double>(agents.size()) + 16;
  const char* what = metric == Metric::kLatency ? "Latency per run" : "Tokens per run";
  out << "<figure class=\"chart\"><figcaption>" << what << " by agent</figcaption>"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << kWidth << ' ' << height
      << "\" role=\"img\" aria-label=\"" << what << " by agent\">";
  for (size_t i = 0; i < agents.size(); ++i) {
    const GroupStats& a = agents[i];
    const auto& v = metric == Metric::kLatency ? a.latencies_ms : a.tokens;
    double y = kTop + kRow * static_cast<double>(i) + kRow / 2;
    out << "<text x=\"4\" y=\"" << y + 4 << "\" class=\"lbl\">";
    HtmlEscape(Truncate(a.name, 22), out);
    out << "</text>";
    if (v.empty()) continue;
    double lo = *std::min_element(v.begin(), v.end()), hi = *std::max_element(v.begin(), v.end());
    double p25 = Percentile(v, 25), p50 = Percentile(v, 50), p75 = Percentile(v, 75), p95 = Percentile(v, 95);
    out << StrPrintf("<line class=\"whisker\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", xpos(lo), xpos(hi), y,
                     y);
    out << StrPrintf("<rect class=\"box\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\"/>", xpos(p25), y - 7,
                     std::max(1.0, xpos(p75) - xpos(p25)));
    out << StrPrintf("<line class=\"median\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", xpos(p50), xpos(p50),
                     y - 8, y + 8);
    out << StrPrintf("<circle class=\"p95\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"/>", xpos(p95), y);
    out << StrPrintf("<text x=\"%.1f\" y=\"%.1f\" class=\"val\">", kWidth - kRight + 8, y + 4) << "p50 "
        << Label(p50, metric) << " · p95 " << Label(p95, metric) << "</text>";
  }
  double axis_y = kTop + kRow * static_cast<double>(agents.size()) + 4;
  out << StrPrintf("<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", kLeft, kLeft + plot,
                   axis_y, axis_y);
  out << StrPrintf("<text x=\"%.1f\" y=\"%.1f\" class=\"val\">0</text>", kLeft, axis_y + 12);
  out << StrPrintf("<text x=\"%.1f\" y=\"%.1f\" class=\"val\" text-anchor=\"end\">", kLeft + plot, axis_y + 12)
      << Label(max, metric) << "</text>";
  out << "</svg></figure>";
}

}  // namespace ab::report::html
