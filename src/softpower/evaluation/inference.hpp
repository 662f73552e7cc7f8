#pragma once
// The distributions the evaluation estimators test and build intervals with: the standard
// normal and Student's t, from Boost.Math (a well-tested implementation rather than our own
// series), and the type-1 sample quantile the R package did uses for bootstrap bands.

#include <cstddef>
#include <span>

namespace softpower::evaluation {

/// Φ⁻¹(p) for p in (0, 1).
double normal_quantile(double p);
/// Two-sided p-value of a z statistic: 2 (1 − Φ(|z|)); NaN for NaN.
double normal_p_value(double z);
/// The quantile of Student's t with `df` degrees of freedom (df > 0).
double t_quantile(double p, double df);
/// Two-sided p-value of a t statistic with `df` degrees of freedom; NaN for NaN.
double t_p_value(double t, double df);

/// R's quantile(x, p, type = 1): with j = floor(n p + 4 eps), the order statistic x_(j+1) when
/// n p > j, else x_(j) (1-based; x_(0) is x_(1)). Reorders `x`; x non-empty.
double quantile_type1(std::span<double> x, double p);

}  // namespace softpower::evaluation
