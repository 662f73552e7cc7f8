#pragma once
// Sun and Abraham (2021, "Estimating dynamic treatment effects in event studies with
// heterogeneous treatment effects", Journal of Econometrics 225:175-199): the
// interaction-weighted (IW) event study. One regression with unit and period effects and a
// dummy for every cohort × event time but e = −1 gives cohort-specific effects δ_{g,e}
// (CATT), free of the contamination of the TWFE event study's leads and lags by other
// periods' effects; the event-time effect is their average weighted by cohort sizes,
// β_e = Σ_g Pr(G = g | e) δ_{g,e} (docs/evaluation-staggered.md).

#include <vector>

#include "softpower/evaluation/did.hpp"
#include "softpower/evaluation/panel.hpp"

namespace softpower::evaluation {

/// One cohort-specific effect δ_{g,e} with its CR1 standard error.
struct CohortEffect {
  long long cohort = 0;
  long long event_time = 0;
  double estimate = 0;
  double se = 0;
};

struct SunAbraham {
  std::vector<CohortEffect> cohort_effects;  ///< by cohort, then event time
  /// β_e for each event time (term: e as text), with the standard error of the weighted sum
  /// from the CR1 covariance of the δs, the weights taken as fixed (as fixest's aggregate
  /// does); p-values and intervals from t with G − 1 degrees of freedom.
  std::vector<Coefficient> event_study;
  std::size_t units = 0;  ///< used: units treated in the first period are left out
};

/// The IW event study with the never treated as the control cohort. Units treated in the
/// first period (no pre-period) are left out. Throws Error when no unit is never treated.
SunAbraham sun_abraham(const BalancedPanel& panel, double level = 0.95);

}  // namespace softpower::evaluation
