// Private pieces of the HTML report (html.cc): the inline stylesheet and script, and the SVG charts drawn in
// C++. Nothing here loads anything from outside the page (the page's CSP forbids it anyway).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "report/stats.h"

namespace ab::report::html {

/// The page's whole stylesheet.
extern const char kCss[];
/// The page's whole script: lazy per-run details (built with textContent only), filters, deep links.
extern const char kScript[];

/// Which figure a distribution chart shows.
enum class Metric { kLatency, kTokens };

/// An inline SVG box plot per agent (min–max whisker, p25–p75 box, median line, p95 dot) on a shared scale.
void DistributionChart(const std::vector<GroupStats>& agents, Metric metric, std::ostream& out);

}  // namespace ab::report::html
