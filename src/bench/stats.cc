#include "bench/stats.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace ab::bench {
namespace {

double LogChoose(int n, int k) {
  return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0);
}

/// C(a, k) / C(n, k) for k <= n, computed as a running product so large n neither overflows nor loses precision.
double ChooseRatio(int a, int n, int k) {
  if (a < k) return 0.0;
  double r = 1.0;
  for (int i = 0; i < k; ++i) r *= static_cast<double>(a - i) / static_cast<double>(n - i);
  return r;
}

}  // namespace

double NormalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

Interval WilsonInterval(int successes, int n, double z) {
  if (n <= 0) return {};
  double nn = n;
  double p = successes / nn;
  double z2 = z * z;
  double center = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  double half = z / (1 + z2 / nn) * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  p = std::clamp(p, 0.0, 100.0);
  double h = (static_cast<double>(values.size()) - 1) * p / 100.0;
  size_t lo = static_cast<size_t>(std::floor(h));
  size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

double Mean(const std::vector<double>& values) {
  if (values.empty()) return 0.0;
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

double PassAtK(int n, int c, int k) {
  assert(k > 0 && k <= n && c >= 0 && c <= n && "pass@k needs 0 < k <= n and 0 <= c <= n");
  return 1.0 - ChooseRatio(n - c, n, k);
}

double PassHatK(int n, int c, int k) {
  assert(k > 0 && k <= n && c >= 0 && c <= n && "pass^k needs 0 < k <= n and 0 <= c <= n");
  return ChooseRatio(c, n, k);
}

TestResult TwoProportionZTest(int x1, int n1, int x2, int n2) {
  if (n1 <= 0 || n2 <= 0) return {};
  double p1 = static_cast<double>(x1) / n1, p2 = static_cast<double>(x2) / n2;
  double pooled = static_cast<double>(x1 + x2) / (n1 + n2);
  double se = std::sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
  if (se == 0) return {};
  double z = (p1 - p2) / se;
  return {z, 2 * (1 - NormalCdf(std::fabs(z)))};
}

TestResult FisherExact(int a, int b, int c, int d) {
  int row1 = a + b, row2 = c + d, col1 = a + c, n = a + b + c + d;
  if (n == 0) return {1.0, 1.0};
  // P(X = x) for the hypergeometric distribution of the top-left cell given the margins.
  auto prob = [&](int x) {
    return std::exp(LogChoose(row1, x) + LogChoose(row2, col1 - x) - LogChoose(n, col1));
  };
  double observed = prob(a);
  double p = 0;
  int lo = std::max(0, col1 - row2), hi = std::min(row1, col1);
  for (int x = lo; x <= hi; ++x) {
    double px = prob(x);
    // The relative tolerance keeps tables of equal probability (lost to rounding) in the tail, as R does.
    if (px <= observed * (1 + 1e-7)) p += px;
  }
  return {observed, std::min(1.0, p)};
}

TestResult MannWhitneyU(const std::vector<double>& x, const std::vector<double>& y) {
  size_t n1 = x.size(), n2 = y.size();
  if (n1 == 0 || n2 == 0) return {};
  struct Item {
    double v;
    bool from_x;
  };
  std::vector<Item> all;
  for (double v : x) all.push_back({v, true});
  for (double v : y) all.push_back({v, false});
  std::sort(all.begin(), all.end(), [](const Item& l, const Item& r) { return l.v < r.v; });
  double rank_sum_x = 0, tie_term = 0;
  size_t n = all.size();
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && all[j].v == all[i].v) ++j;
    double avg_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;  // ranks i+1 .. j
    double t = static_cast<double>(j - i);
    tie_term += t * t * t - t;
    for (size_t k = i; k < j; ++k)
      if (all[k].from_x) rank_sum_x += avg_rank;
    i = j;
  }
  double dn1 = static_cast<double>(n1), dn2 = static_cast<double>(n2), dn = static_cast<double>(n);
  double u = rank_sum_x - dn1 * (dn1 + 1) / 2;
  double mean = dn1 * dn2 / 2;
  double var = dn1 * dn2 / 12 * ((dn + 1) - tie_term / (dn * (dn - 1)));
  if (var <= 0) return {u, 1.0};
  double diff = std::fabs(u - mean) - 0.5;  // continuity correction
  double z = std::max(0.0, diff) / std::sqrt(var);
  return {u, std::min(1.0, 2 * (1 - NormalCdf(z)))};
}

}  // namespace ab::bench
