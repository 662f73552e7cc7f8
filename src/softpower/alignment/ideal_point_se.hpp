#pragma once
// Standard errors of the ideal points from the curvature of the log posterior at its mode
// (docs/alignment-ideal-points.md, "Standard errors"): the observed information of the
// ordinal votes, which is analytic (log[Phi(u) - Phi(l)] per cell), with respect to every
// position and every item's (a_j, b_j, p_j), inverted for the positions' block only.
//
// The item parameters of a session touch only that session's positions, so each item's 3x3
// block is eliminated (a Schur complement onto the positions, one rank-3 update per roll
// call); what remains is a dense states x states information per session. Session model:
// one Cholesky per session. Dynamic model: the random walk links a state's positions in
// consecutive sessions, so the positions form a block-tridiagonal system over the sessions
// (a state absent from a session in the middle of its track gets a node there that only the
// walk informs, which is exactly the walk's longer step of the gap), solved by block LDL with
// the diagonal blocks of the inverse from the backward recursion.
//
// Shared (bridged) item parameters touch several sessions: they are the border of this
// system, eliminated by their own Schur complement after the block sweeps (bordered solve,
// dynamic_standard_errors() with `sharing`).

#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "softpower/alignment/ideal_point_model.hpp"
#include "softpower/alignment/ideal_points.hpp"

namespace softpower::alignment::model {

/// The derivatives of one cell's log-probability log P(category | eta, p), eta = a + b x the
/// latent mean and p its precision: first and second, with respect to eta and p.
struct CellDerivatives {
  double eta = 0, p = 0;                   ///< first derivatives
  double eta_eta = 0, eta_p = 0, p_p = 0;  ///< second derivatives
};
CellDerivatives cell_derivatives(std::uint8_t category, double eta, double p);

/// Gradient of log_posterior() of a session (ideal_point_model.hpp), in the order: every
/// position, then every item's (a_j, b_j, p_j). For the tests.
Eigen::VectorXd log_posterior_gradient(const SessionVotes& votes, const std::vector<double>& x,
                                       const ItemParameters& items,
                                       const IdealPointOptions& options);

/// The dense Hessian of log_posterior() of a session, in the order of the gradient. With
/// `position_prior` false, without the positions' prior (the dynamic model puts its own).
/// For the tests and small sessions: (states + 3 items)^2 doubles.
Eigen::MatrixXd log_posterior_hessian(const SessionVotes& votes, const std::vector<double>& x,
                                      const ItemParameters& items, const IdealPointOptions& options,
                                      bool position_prior);

/// The observed information of a session's positions with its items eliminated: the
/// states x states Schur complement J_xx - sum_j J_xj J_jj^-1 J_jx of the negative Hessian,
/// without the positions' prior. `singular_items` counts the items whose 3x3 block was not
/// positive definite (not at a maximum); those keep p fixed (their 2x2 (a, b) block), or are
/// left out if that fails too.
Eigen::MatrixXd position_information(const SessionVotes& votes, const std::vector<double>& x,
                                     const ItemParameters& items, const IdealPointOptions& options,
                                     std::size_t* singular_items = nullptr);

/// Standard errors of a session fit's positions, by local state: sqrt of the diagonal of the
/// inverse information. NaN for every state when the information is not positive definite.
///
/// The likelihood cannot see the location and scale (x -> s (x + c) with a, b following);
/// only the priors fix them, so the inverse information holds the priors' uncertainty about
/// them (about 1/sqrt(states) in location). The estimate itself always sits where the priors
/// balance (align_scale()). With `fixed_scale` (the default) the errors are those of the
/// positions on that scale: the Gaussian approximation conditioned on the two balance
/// constraints (a rank-2 correction, H^-1 - Z (G^T Z)^-1 Z^T with Z = H^-1 G), which is what
/// the parametric bootstrap measures. With false, the posterior's whole inverse curvature.
std::vector<double> session_standard_errors(const SessionVotes& votes, const std::vector<double>& x,
                                            const ItemParameters& items,
                                            const IdealPointOptions& options,
                                            bool fixed_scale = true);

/// The positions' information of the dynamic model as a block-tridiagonal system over the
/// sessions. Block k holds the states alive in session k (between a state's first and last
/// session): first the session's own states in local order, then the others (`absent`, by
/// country index), which only the walk informs. `link[k]` couples block k and k + 1: pairs
/// (position in block k, position in block k + 1, weight w); the off-diagonal is -w.
///
/// A bridged model adds a border: the shared items' parameters, coupled to the positions of
/// every session they were voted in (dynamic_standard_errors() with `sharing`); this system
/// is then the positions' part with the shared items' occurrences left out.
struct PositionSystem {
  struct Link {
    std::uint32_t from = 0, to = 0;
    double weight = 0;
  };
  std::vector<Eigen::MatrixXd> block;            ///< [session] information, priors included
  std::vector<std::vector<std::size_t>> absent;  ///< [session] countries of the extra nodes
  std::vector<std::vector<Link>> link;           ///< [session] links to the next session
};

/// The dynamic model's system at a fit (the positions' prior at each state's first session,
/// or at every one with prior_on_every_position(); the walk between consecutive sessions).
/// `threads` as parallel_for.
PositionSystem dynamic_system(const std::vector<SessionVotes>& sessions, std::size_t countries,
                              const DynamicEstimate& fit, const IdealPointOptions& options,
                              std::size_t threads);

/// The diagonal of the inverse of a block-tridiagonal system, block by block (block LDL
/// forward, then the backward recursion for the inverse's diagonal blocks). Throws Error
/// when a pivot block is not positive definite.
std::vector<Eigen::VectorXd> inverse_diagonal(const PositionSystem& system);

/// Standard errors of a dynamic or bridged fit's positions, [session][local state]; NaN for
/// every position when the system is not positive definite. `fixed_scale` as for the session
/// model, with the constraints of the fit's location and scale step (one location per
/// session, or per component of sessions joined by shared items; one common scale): a
/// correction of rank locations + 1, solved through the same factorisation.
///
/// With `sharing` (the bridged model, the groups fit_dynamic() was given) the shared items'
/// parameters border the block-tridiagonal system; they are eliminated by their Schur
/// complement (3 x groups square, dense), whose correction to the positions' diagonal is exact.
/// The positions' prior is at every position with prior_on_every_position(), as in the fit.
std::vector<std::vector<double>> dynamic_standard_errors(
    const std::vector<SessionVotes>& sessions, std::size_t countries, const DynamicEstimate& fit,
    const IdealPointOptions& options, std::size_t threads, bool fixed_scale = true,
    const ItemSharing& sharing = {});

}  // namespace softpower::alignment::model
