#pragma once
// Difference-in-differences on a balanced panel (docs/evaluation-did.md): the 2×2 comparison,
// two-way fixed effects (TWFE) by the within transformation, and the TWFE event study with
// leads and lags, each with standard errors clustered by unit (CR1), and the wild cluster
// bootstrap of the TWFE coefficient.
//
// CR1 is the sandwich (X'X)⁻¹ (Σ_g s_g s_g') (X'X)⁻¹ times G/(G−1) · (n−1)/(n−k), with s_g the
// scores of cluster g, G clusters, n observations and k every estimated parameter, the absorbed
// unit and period effects included: the factor of Stata's `regress, vce(cluster)` with the
// dummies written out and of R's sandwich::vcovCL(type = "HC1") on lm with factor dummies.
// (fixest's default does not count fixed effects nested in the clusters and gives a slightly
// smaller factor.) Tests and intervals use Student's t with G − 1 degrees of freedom.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "softpower/evaluation/panel.hpp"

namespace softpower::evaluation {

/// One estimated coefficient with its clustered inference.
struct Coefficient {
  std::string term;
  double estimate = 0;
  double se = 0;
  double t = 0;
  double p_value = 0;  ///< two-sided, t with G − 1 degrees of freedom
  double ci_lo = 0;
  double ci_hi = 0;
};

/// A coefficient with its t statistic, two-sided p-value and interval from Student's t with
/// `df` degrees of freedom at `level`.
Coefficient t_coefficient(std::string term, double estimate, double se, double df, double level);

/// A least-squares fit with standard errors clustered by unit.
struct ClusteredFit {
  std::vector<Coefficient> coefficients;
  std::size_t observations = 0;
  std::size_t clusters = 0;
  std::size_t parameters = 0;      ///< k of the CR1 factor, absorbed effects included
  double small_sample_factor = 0;  ///< G/(G−1) · (n−1)/(n−k)
  Eigen::MatrixXd covariance;      ///< the CR1 covariance of the coefficients
};

/// Ordinary least squares of y on the columns of X with CR1 standard errors clustered by
/// `cluster` (each row's cluster, 0 … clusters−1). `absorbed` counts the parameters removed
/// before (fixed effects taken out by a within transformation) for the factor's k. Throws
/// Error when X'X is singular (a regressor without variation) or there are fewer than two
/// clusters.
ClusteredFit clustered_ols(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                           const std::vector<std::size_t>& cluster, std::size_t clusters,
                           std::size_t absorbed, const std::vector<std::string>& terms,
                           double level);

/// The 2×2 DiD, y = α + β·treated + γ·post + δ·treated·post, over every period of a panel
/// whose treated units start together (δ is the estimate: the change of the treated units'
/// mean minus that of the never treated). Needs never-treated units and a pre-period.
ClusteredFit did_2x2(const BalancedPanel& panel, double level = 0.95);

/// Two-way fixed effects, y_it = α_i + λ_t + β·D_it + ε_it, estimated on the two-way demeaned
/// panel (exact for a balanced one); the one term is "treated".
ClusteredFit twfe(const BalancedPanel& panel, double level = 0.95);

/// Which event times the TWFE event study estimates.
struct EventWindow {
  std::optional<long long> leads;  ///< earliest event time −leads; earlier ones binned into it
  std::optional<long long> lags;   ///< latest event time; later ones binned into it
};

/// The TWFE event study y_it = α_i + λ_t + Σ_{e ≠ −1} β_e·1[t − g_i = e] + ε_it over the treated
/// units' event times (period minus cohort, in the periods' units), −1 the reference. Terms
/// are the event times as text ("-3", "0", "2"). Needs never-treated units (else the
/// dummies and the period effects are collinear) and an observed event time −1.
ClusteredFit twfe_event_study(const BalancedPanel& panel, const EventWindow& window = {},
                              double level = 0.95);

/// The wild cluster bootstrap of the TWFE coefficient.
struct WildBootstrap {
  double estimate = 0;
  double t = 0;        ///< the CR1 t statistic of the data
  double p_value = 0;  ///< share of bootstrap |t*| ≥ |t| (1 − 1e-9), the data's own signs included
  std::size_t draws = 0;
  bool enumerated = false;  ///< every one of the 2^G sign vectors was used
};

/// The restricted wild cluster bootstrap (WCR; Cameron, Gelbach and Miller 2008) of H0: β = 0
/// in the TWFE model: residuals of the model without D, flipped by Rademacher weights (±1 per
/// unit), give bootstrap outcomes whose CR1 t statistics make the null distribution. When
/// 2^G ≤ reps every sign vector is used once (the exact distribution, as Roodman et al.'s
/// boottest does); otherwise `reps` draws from core's Rng seeded with `seed`.
WildBootstrap wild_cluster_bootstrap(const BalancedPanel& panel, std::size_t reps,
                                     std::uint64_t seed);

}  // namespace softpower::evaluation
