#pragma once
// Synthetic difference-in-differences and its two relatives, synthetic control and
// difference-in-differences, on a block of treated units (Arkhangelsky, Athey, Hirshberg,
// Imbens and Wager 2021, "Synthetic Difference-in-Differences", American Economic Review
// 111(12): 4088–4118), as their reference implementation synthdid 0.0.9 computes them
// (docs/evaluation-synthdid.md). No I/O: the panel comes as a matrix.

#include <Eigen/Dense>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace softpower::evaluation {

/// A block-treatment panel as synthdid takes it (its panel.matrices): outcomes Y, N units × T
/// periods, the first n0 rows the never-treated units, the first t0 columns the periods before
/// treatment; the other rows are treated in every later period.
struct SynthdidPanel {
  Eigen::MatrixXd y;
  Eigen::Index n0 = 0;  ///< control units
  Eigen::Index t0 = 0;  ///< pre-treatment periods
};

enum class SynthdidMethod {
  sdid,  ///< unit and time weights, both with intercepts (Algorithm 1)
  sc,    ///< unit weights without intercept, no time weights, infinitesimal ridge
  did,   ///< uniform unit and time weights
};

/// "sdid", "sc" or "did".
std::string_view method_name(SynthdidMethod method);

/// The regularisation and stopping rules; empty values take synthdid 0.0.9's defaults, which
/// depend on the panel: noise level σ = standard deviation of the first differences of the
/// control units' pre-period outcomes; eta_omega = (N1 T1)^(1/4) for sdid, 1e-6 for sc.
struct SynthdidOptions {
  std::optional<double> noise_level;
  std::optional<double> eta_omega;
  double eta_lambda = 1e-6;
  double min_decrease_per_noise = 1e-5;  ///< min_decrease = this × σ
  int max_iter = 10000;
  int max_iter_pre_sparsify = 100;
  bool sparsify = true;  ///< second search from weights ≤ max/4 set to zero
};

/// What the weights were solved with: synthdid's `opts`, fixed from the first fit and reused
/// by every replication of a standard error.
struct SynthdidSettings {
  double noise_level = 0;
  double zeta_omega = 0;   ///< eta_omega × σ
  double zeta_lambda = 0;  ///< eta_lambda × σ
  double min_decrease = 0;
  bool omega_intercept = true;
  bool lambda_intercept = true;
  bool update_omega = true;
  bool update_lambda = true;
  int max_iter = 10000;
  int max_iter_pre_sparsify = 100;
  bool sparsify = true;
};

struct SynthdidFit {
  SynthdidMethod method = SynthdidMethod::sdid;
  double estimate = 0;          ///< τ̂: the average effect on the treated block
  Eigen::VectorXd omega;        ///< unit weights of the N0 controls (sum 1)
  Eigen::VectorXd lambda;       ///< time weights of the T0 pre-periods (sum 1; zero for sc)
  double omega_intercept = 0;   ///< ω0: treated pre-period mean minus the weighted controls'
  double lambda_intercept = 0;  ///< λ0: controls' post mean minus their weighted pre-periods
  int omega_iterations = 0;     ///< Frank–Wolfe steps of the two searches together
  int lambda_iterations = 0;
  SynthdidSettings settings;
};

/// Fits one estimator. Throws Error when the panel has no control or treated unit, fewer than
/// two pre-periods or no post-period, or a value that is not finite (naming its row and column).
SynthdidFit synthdid_fit(const SynthdidPanel& panel, SynthdidMethod method,
                         const SynthdidOptions& options = {});

/// The weights and estimate with given settings, starting the searches from `omega` and
/// `lambda` (kept as they are when the settings do not update them): synthdid_estimate called
/// with `weights` and `opts`, as each replication of a standard error calls it.
SynthdidFit synthdid_refit(const SynthdidPanel& panel, SynthdidMethod method,
                           const SynthdidSettings& settings, const Eigen::VectorXd& omega,
                           const Eigen::VectorXd& lambda);

/// The treated units' mean and its counterfactual in every period (for plots and paths.csv):
/// counterfactual_t = Σ ω_i Y_it + λ'(Ȳ_tr,pre − ω'Y_co,pre), the weighted controls shifted by
/// the time-weighted pre-period gap (no shift for sc, whose λ is zero). The post-period mean of
/// treated − counterfactual is τ̂; treated − counterfactual after T0 is synthdid's
/// synthdid_effect_curve.
struct SynthdidPath {
  Eigen::VectorXd treated;
  Eigen::VectorXd counterfactual;
};

SynthdidPath synthdid_path(const SynthdidPanel& panel, const SynthdidFit& fit);

/// The root mean squared gap between the treated mean and its counterfactual before and after
/// treatment; their ratio is Abadie et al. (2010)'s test statistic.
struct SynthdidFitQuality {
  double pre_rmspe = 0;
  double post_rmspe = 0;
};

SynthdidFitQuality fit_quality(const SynthdidPath& path, Eigen::Index t0);

/// In-space placebos (Abadie, Diamond and Hainmueller 2010): each control unit in turn taken as
/// the only treated unit, the other controls as its donors (the treated units left out), fitted
/// as synthdid's placebo standard error fits each draw: with the fit's settings (noise level,
/// regularisation), the searches starting from its weights (the donors' ω renormalised, λ).
/// One entry per control, in row order.
struct InSpacePlacebo {
  Eigen::Index unit = 0;  ///< the control's row in the panel
  double estimate = 0;
  SynthdidFitQuality quality;
  Eigen::VectorXd gap;  ///< the control minus its counterfactual in every period
};

/// Throws Error when there are fewer than three control units (a placebo needs two donors).
std::vector<InSpacePlacebo> synthdid_in_space_placebos(const SynthdidPanel& panel,
                                                       const SynthdidFit& fit);

enum class SynthdidSe {
  placebo,    ///< Algorithm 4: controls reassigned as pseudo-treated (needs N0 > N1)
  bootstrap,  ///< Algorithm 2: units resampled with replacement (needs N1 ≥ 2)
  jackknife,  ///< Algorithm 3: leave one unit out, weights fixed (needs N1 ≥ 2)
};

struct SynthdidSeResult {
  double se = 0;                 ///< NaN when the method is undefined for the panel
  Eigen::VectorXd replications;  ///< the estimates the standard error is the spread of
};

/// The standard error of a fit, as synthdid 0.0.9's vcov(method): placebo and bootstrap
/// sqrt((B−1)/B) × sd of B replications; the jackknife sqrt((n−1)/n × Σ (τ̂_(i) − τ̄)²).
/// Replication r draws from core's Rng seeded with seed_of(seed, r), so the result depends
/// only on the seed (not on the thread count). Placebo draws that pick the same pseudo-treated
/// units share one fit, made with the units in panel order (with one treated unit, the in-space
/// placebo of the control drawn). The jackknife and bootstrap are NaN with a single treated
/// unit (as in synthdid), the jackknife also when one control has all the weight. Throws Error for
/// the placebo when N0 ≤ N1 and for replications < 2.
SynthdidSeResult synthdid_se(const SynthdidPanel& panel, const SynthdidFit& fit, SynthdidSe method,
                             int replications = 200, std::uint64_t seed = 1);

}  // namespace softpower::evaluation
