#include "bench/stats.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numbers>

namespace ab::bench {
namespace {

double LogChoose(int n, int k) { return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0); }

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
  auto prob = [&](int x) { return std::exp(LogChoose(row1, x) + LogChoose(row2, col1 - x) - LogChoose(n, col1)); };
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

double NormalQuantile(double p) {
  // Acklam's coefficients.
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  p = std::clamp(p, 1e-300, 1 - 1e-16);
  const double low = 0.02425, high = 1 - low;
  double x;
  if (p < low) {
    double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= high) {
    double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley step against the exact CDF.
  double e = NormalCdf(x) - p;
  double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

PassKEstimate PassKWithInterval(int n, int c, int k, double z) {
  PassKEstimate r;
  r.at = PassAtK(n, c, k);
  r.hat = PassHatK(n, c, k);
  Interval w = WilsonInterval(c, n, z);
  r.at_ci = {1 - std::pow(1 - w.low, k), 1 - std::pow(1 - w.high, k)};
  r.hat_ci = {std::pow(w.low, k), std::pow(w.high, k)};
  r.at_ci = {std::min(r.at_ci.low, r.at), std::max(r.at_ci.high, r.at)};
  r.hat_ci = {std::min(r.hat_ci.low, r.hat), std::max(r.hat_ci.high, r.hat)};
  return r;
}

McNemarResult McNemar(int b, int c) {
  McNemarResult r;
  r.b = b;
  r.c = c;
  int n = b + c;
  if (n <= 0) return r;
  int m = std::min(b, c);
  // P(X = x) for X ~ Binomial(n, 1/2), in logs so n in the thousands stays finite.
  auto pmf = [&](int x) { return std::exp(LogChoose(n, x) - n * std::log(2.0)); };
  double tail = 0;
  for (int x = 0; x <= m; ++x) tail += pmf(x);
  r.p_exact = std::min(1.0, 2 * tail);
  r.p_mid = std::min(1.0, std::max(0.0, r.p_exact - pmf(m)));
  return r;
}

std::optional<int> McNemarPairsNeeded(int b, int c, int pairs, double alpha, double power) {
  if (pairs <= 0 || b == c) return std::nullopt;
  double pd = static_cast<double>(b + c) / pairs;
  double d = static_cast<double>(c - b) / pairs;
  double za = NormalQuantile(1 - alpha / 2), zb = NormalQuantile(power);
  double root = std::sqrt(std::max(0.0, pd - d * d));
  double n = std::pow(za * std::sqrt(pd) + zb * root, 2) / (d * d);
  return static_cast<int>(std::ceil(n - 1e-9));
}

uint64_t SplitMix64::Next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

size_t SplitMix64::Below(size_t n) {
  // Rejection sampling: draws below 2^64 mod n would favour small values.
  const uint64_t bound = static_cast<uint64_t>(n);
  const uint64_t threshold = (0 - bound) % bound;
  for (;;) {
    uint64_t r = Next();
    if (r >= threshold) return static_cast<size_t>(r % bound);
  }
}

BootstrapResult PairedBootstrapMean(const std::vector<double>& diffs, int resamples, uint64_t seed, double confidence) {
  BootstrapResult r;
  if (diffs.empty() || resamples <= 0) return r;
  r.mean = Mean(diffs);
  r.resamples = resamples;
  SplitMix64 rng(seed);
  std::vector<double> means;
  means.reserve(static_cast<size_t>(resamples));
  for (int i = 0; i < resamples; ++i) {
    double sum = 0;
    for (size_t j = 0; j < diffs.size(); ++j) sum += diffs[rng.Below(diffs.size())];
    means.push_back(sum / static_cast<double>(diffs.size()));
  }
  double tail = (1 - confidence) / 2 * 100;
  r.ci = {Percentile(means, tail), Percentile(means, 100 - tail)};
  return r;
}

}  // namespace ab::bench
