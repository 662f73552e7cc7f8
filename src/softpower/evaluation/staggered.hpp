#pragma once
// Staggered adoption: Callaway and Sant'Anna (2021, "Difference-in-differences with multiple
// time periods", Journal of Econometrics 225:200-230) group-time effects ATT(g,t) without
// covariates, their multiplier bootstrap with uniform bands, and the four aggregations of
// their Section 3, with the weights and influence functions of the R package did 2.5.1
// (docs/evaluation-staggered.md).
//
// ATT(g,t) is the 2×2 comparison of cohort g (units first treated in period g) with a control
// group between period t and a base period b:
//   ATT(g,t) = mean_{G=g}(Y_t − Y_b) − mean_{control}(Y_t − Y_b),
// b = the last period before g for t ≥ g; for t < g the period before t (varying base) or the
// last period before g (universal base, where ATT(g, b) = 0 is the reference). Controls are the
// never treated, or (not yet treated) the never treated and the units first treated after
// max(t, b) other than cohort g.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "softpower/evaluation/panel.hpp"

namespace softpower::evaluation {

enum class ControlGroup { never_treated, not_yet_treated };
enum class BasePeriod { varying, universal };

struct StaggeredOptions {
  ControlGroup control = ControlGroup::never_treated;
  BasePeriod base = BasePeriod::varying;
  /// Multiplier bootstrap draws (Rademacher weights per unit, as did's BMisc::
  /// multiplier_bootstrap); 0 gives the analytic standard errors and pointwise intervals.
  std::size_t reps = 1000;
  std::uint64_t seed = 1;
  double level = 0.95;
};

/// One group-time effect.
struct GroupTimeEffect {
  long long group = 0;
  long long time = 0;
  long long base = 0;  ///< the base period b
  double att = 0;
  double se = 0;           ///< bootstrap (IQR-scaled, as did) when reps > 0, else analytic
  double se_analytic = 0;  ///< √(Σ ψ²)/n from the influence function ψ
  double ci_lo = 0;        ///< uniform (sup-t) band over all ATT(g,t) when reps > 0
  double ci_hi = 0;
  std::size_t treated = 0;
  std::size_t controls = 0;
};

/// One aggregated effect: type "simple", "dynamic" (key: event time e = t − g), "group" (key:
/// g) or "calendar" (key: t); the overall value of each type has no key. Intervals of the
/// keyed values of one type form a uniform band; the overall ones are pointwise.
struct AggregateEffect {
  std::string type;
  std::optional<long long> key;
  double estimate = 0;
  double se = 0;
  double se_analytic = 0;
  double ci_lo = 0;
  double ci_hi = 0;
};

struct StaggeredResult {
  std::vector<GroupTimeEffect> att_gt;  ///< by group, then period
  double critical_value = 0;            ///< of the ATT(g,t) band
  std::vector<AggregateEffect> aggregates;
  std::size_t units = 0;          ///< units used (n)
  std::size_t dropped_units = 0;  ///< treated in the first period or before: no pre-period
};

/// Callaway and Sant'Anna's estimator on a balanced panel. Units treated in the first period
/// are dropped (they have no pre-period), as did does. With never-treated controls the panel
/// must have never-treated units (Error otherwise); with not-yet-treated controls and none
/// never treated, the last cohort is only a control, and cells without controls are left out.
/// Influence functions and aggregation weights follow did 2.5.1 (compute.aggte's wif terms
/// included), so the analytic standard errors equal did's with bstrap = FALSE.
StaggeredResult callaway_santanna(const BalancedPanel& panel, const StaggeredOptions& options = {});

}  // namespace softpower::evaluation
