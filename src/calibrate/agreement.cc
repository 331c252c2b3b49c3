#include "calibrate/agreement.h"

#include <algorithm>
#include <cmath>

namespace ab::calibrate {

Kappa CohenKappaTable(const std::vector<std::vector<int>>& table, double z) {
  Kappa k;
  size_t cats = table.size();
  double n = 0, diag = 0;
  std::vector<double> rows(cats, 0), cols(cats, 0);
  for (size_t i = 0; i < cats; ++i) {
    for (size_t j = 0; j < table[i].size() && j < cats; ++j) {
      double v = table[i][j];
      n += v;
      rows[i] += v;
      cols[j] += v;
      if (i == j) diag += v;
    }
  }
  if (n <= 0) return k;
  k.observed = diag / n;
  for (size_t i = 0; i < cats; ++i) k.expected += (rows[i] / n) * (cols[i] / n);
  if (k.expected >= 1 - 1e-12) {
    k.kappa = k.observed >= 1 - 1e-12 ? 1.0 : 0.0;
    k.low = k.high = k.kappa;
    return k;
  }
  k.kappa = (k.observed - k.expected) / (1 - k.expected);
  k.se = std::sqrt(k.observed * (1 - k.observed) / (n * (1 - k.expected) * (1 - k.expected)));
  k.low = std::max(-1.0, k.kappa - z * k.se);
  k.high = std::min(1.0, k.kappa + z * k.se);
  return k;
}

Kappa CohenKappa(const Confusion& c, double z) {
  // Rows: the judge (pass, fail); columns: the humans (pass, fail).
  return CohenKappaTable({{c.tp, c.fp}, {c.fn, c.tn}}, z);
}

double FleissKappa(const std::vector<std::vector<int>>& counts) {
  if (counts.empty()) return 0;
  size_t cats = 0;
  for (const auto& row : counts) cats = std::max(cats, row.size());
  double m = 0;
  for (int v : counts[0]) m += v;
  if (m < 2) return 0;
  double subjects = static_cast<double>(counts.size());
  double p_bar = 0;
  std::vector<double> totals(cats, 0);
  for (const auto& row : counts) {
    double sum_sq = 0;
    for (size_t j = 0; j < row.size(); ++j) {
      sum_sq += static_cast<double>(row[j]) * row[j];
      totals[j] += row[j];
    }
    p_bar += (sum_sq - m) / (m * (m - 1));
  }
  p_bar /= subjects;
  double pe = 0;
  for (double t : totals) pe += (t / (subjects * m)) * (t / (subjects * m));
  if (pe >= 1 - 1e-12) return 1.0;
  return (p_bar - pe) / (1 - pe);
}

}  // namespace ab::calibrate
