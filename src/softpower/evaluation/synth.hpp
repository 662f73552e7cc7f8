#pragma once
// Synthetic control with predictors (Abadie, Diamond and Hainmueller 2010, "Synthetic
// Control Methods for Comparative Case Studies", JASA 105(490): 493–505; the R package Synth,
// Abadie, Diamond and Hainmueller 2011, J. Stat. Softw. 42(13)): donor weights W chosen for a
// given predictor weighting V, V chosen to fit the pre-period outcomes, in-space placebos with
// permutation p-values (docs/evaluation-synth.md). No I/O: predictors and outcomes come as
// matrices.

#include <Eigen/Dense>
#include <optional>
#include <string>
#include <vector>

namespace softpower::evaluation {

/// Every unit's predictors and outcomes. Column u of both is unit u; the first `pre_periods`
/// rows of `outcomes` are the periods before treatment, whose fit V is chosen for (Synth's
/// time.optimize.ssr).
struct SynthPanel {
  Eigen::MatrixXd predictors;  ///< k predictors × N units (e.g. covariate means, outcome lags)
  Eigen::MatrixXd outcomes;    ///< T periods × N units
  Eigen::Index pre_periods = 0;
  /// The predictors' names, for messages (optional: "predictor 3" without them).
  std::vector<std::string> predictor_names;
};

struct SynthOptions {
  /// Fixed predictor weights (k, non-negative, not all zero; normalised to sum 1) instead of
  /// the nested search.
  std::optional<Eigen::VectorXd> predictor_weights;
  int max_evaluations = 4000;  ///< of the pre-period MSPE, per Nelder–Mead start
};

struct SynthFit {
  Eigen::Index treated = 0;
  std::vector<Eigen::Index> donors;   ///< the columns the weights refer to
  Eigen::VectorXd weights;            ///< W: one per donor, on the simplex
  Eigen::VectorXd predictor_weights;  ///< V: one per predictor, sum 1 (scaled predictors)
  double loss_v = 0;                  ///< pre-period MSPE: mean over pre-periods of (Y1 − Y0 W)²
  double loss_w = 0;     ///< (X1 − X0 W)' V (X1 − X0 W), predictors scaled by their sd
  Eigen::VectorXd gaps;  ///< treated minus synthetic, every period
  double pre_rmspe = 0;
  double post_rmspe = 0;
  int evaluations = 0;  ///< of the pre-period MSPE in the search for V
};

/// W for given V: the simplex-constrained quadratic programme min (X1 − X0 W)' V (X1 − X0 W),
/// solved exactly (up to rounding) by an active-set method (Lawson and Hanson's, with the
/// sum-to-one constraint). `x1` (k), `x0` (k × J), `v` (k, non-negative).
Eigen::VectorXd synth_donor_weights(const Eigen::VectorXd& x1, const Eigen::MatrixXd& x0,
                                    const Eigen::VectorXd& v);

/// The synthetic control of unit `treated` from `donors` (empty: every other unit). The
/// predictors are divided by their standard deviation over the treated unit and the donors (as
/// Synth does); V minimises the pre-period MSPE of W(V), searched by Nelder–Mead over
/// |p| / Σ|p| from Synth's two starts (equal weights; the diagonal of B B' of the regression
/// of the pre-period outcomes on the scaled predictors), the better kept. Throws Error for an
/// index out of range, fewer than two donors, no pre- or post-period, a predictor that does
/// not vary across donors or a value that is not finite.
SynthFit synth_fit(const SynthPanel& panel, Eigen::Index treated,
                   std::vector<Eigen::Index> donors = {}, const SynthOptions& options = {});

/// In-space placebos: the synthetic control of the treated unit and of each donor in turn
/// (its donors: the other donors, the treated unit left out), with the post/pre RMSPE ratio
/// of each; p_value is the share of all these units whose ratio is at least the treated
/// unit's (Abadie et al. 2010, section 4; 1 / (J + 1) is the smallest possible).
struct SynthPlacebos {
  SynthFit treated;
  std::vector<SynthFit> placebos;  ///< one per donor, in the order of the donors
  double p_value = 0;
};

SynthPlacebos synth_placebos(const SynthPanel& panel, Eigen::Index treated,
                             std::vector<Eigen::Index> donors = {},
                             const SynthOptions& options = {});

}  // namespace softpower::evaluation
