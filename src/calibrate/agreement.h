// Agreement statistics for judge calibration, as pure functions: Cohen's kappa between a judge and the human
// gold labels (with an asymptotic 95% interval), Fleiss' kappa between several human labellers (the ceiling a
// judge can be expected to reach). Formulas and sources: docs/statistics.md, "Judge calibration".
#pragma once

#include <vector>

namespace ab::calibrate {

/// A 2×2 confusion matrix of a judge against the humans (gold): tp = both pass, fp = judge passes what the
/// humans fail, fn = judge fails what the humans pass, tn = both fail.
struct Confusion {
  int tp = 0, fp = 0, fn = 0, tn = 0;
  int n() const { return tp + fp + fn + tn; }
};

struct Kappa {
  double kappa = 0;
  double observed = 0;       ///< p_o, the share of items on which both agree
  double expected = 0;       ///< p_e, the agreement expected by chance from the two marginals
  double se = 0;             ///< Cohen (1960): sqrt(p_o (1 - p_o) / (n (1 - p_e)^2))
  double low = 0, high = 0;  ///< kappa -+ z * se, clamped to [-1, 1]
};

/// Cohen's kappa of |c| = (p_o - p_e) / (1 - p_e). When p_e == 1 (both raters gave one and the same category
/// to every item) kappa is 1 if they agree everywhere (p_o == 1), else 0; se = 0 then. All zero for n == 0.
Kappa CohenKappa(const Confusion& c, double z = 1.96);

/// Cohen's kappa of a general k×k table (rows: rater A's category, columns: rater B's). Same conventions.
Kappa CohenKappaTable(const std::vector<std::vector<int>>& table, double z = 1.96);

/// Fleiss' kappa: |counts|[i][j] = how many raters put subject i in category j; every row must have the same
/// total m >= 2. P_i = (sum_j n_ij^2 - m) / (m (m - 1)), P̄ = mean P_i, p_j = sum_i n_ij / (N m),
/// P̄e = sum_j p_j^2, kappa = (P̄ - P̄e) / (1 - P̄e). 0 for fewer than one subject or m < 2; 1 when P̄e == 1.
double FleissKappa(const std::vector<std::vector<int>>& counts);

}  // namespace ab::calibrate
