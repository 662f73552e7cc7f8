#pragma once
// Ideal points from roll-call votes: a one-dimensional ordinal item-response model (yes >
// abstain > no) estimated by EM in the manner of Imai, Lo and Olmsted (2016, "Fast Estimation
// of Ideal Points with Massive Data", APSR 110(4)), either session by session or with every
// country's positions linked across sessions by a random walk (the dynamic variant), with
// standard errors by parametric bootstrap. The model, its priors and its defaults are in
// docs/alignment-ideal-points.md.
//
// Votes absent, not a member and no record are missing. Roll calls on which every cast vote
// is the same carry no information about positions and are dropped (and reported). Every
// session gets finite estimates: the priors keep positions and item parameters finite when a
// session has one roll call, a state casts one vote or a roll call separates the states.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "softpower/core/distributed.hpp"
#include "softpower/core/progress.hpp"
#include "softpower/core/votes.hpp"

namespace softpower::alignment {

struct IdealPointOptions {
  /// Registry code of the state whose position is made positive in every session.
  std::string anchor = "USA";
  /// Positions linked across sessions by a random walk instead of estimated session by session.
  bool dynamic = false;
  /// The bridged model: the dynamic model (whatever `dynamic` says) with the roll calls that
  /// are one item across sessions (find_bridges(), bridges.hpp) sharing their item parameters.
  bool bridged = false;
  /// Dynamic model: the N(0, position_sd^2) prior on every position, not only on a state's
  /// first (Martin and Quinn's walk). The bridged model always has it: it fixes location and
  /// scale over all states in all sessions (docs/alignment-ideal-points.md).
  bool prior_every_session = false;
  /// Standard deviation of the random walk's step per session (dynamic variant).
  double omega = 0.1;
  /// Prior standard deviation of a position (mean 0), as emIRT's ordIRT default.
  double position_sd = 1;
  /// Prior standard deviation of each item's intercept and discrimination (mean 0), as emIRT.
  double item_sd = 5;
  /// Gamma prior (shape, rate) on each item's latent precision (the squared width of its
  /// abstention band in error units); keeps it finite when an item separates the states.
  double precision_shape = 1, precision_rate = 0.5;
  /// Converged when one EM step moves no position, intercept or discrimination by more than
  /// tolerance x (1 + its size). At 1e-4 the positions of the UN sessions are within 0.01 of
  /// the mode (docs/alignment-ideal-points.md).
  double tolerance = 1e-4;
  int max_iterations = 500;
  /// Parametric bootstrap replicates for the standard errors (0 = none: se is NaN). Each
  /// replicate is refitted to 10 x tolerance; its votes are drawn by core/random (Rng seeded
  /// with seed_of(seed_of(seed, session), replicate), polar-method normals). The replicates
  /// are map_units units (core/distributed): spread over the ranks of an MPI job, on
  /// SOFTPOWER_THREADS threads each, whatever `threads` says.
  std::size_t bootstrap = 0;
  std::uint64_t seed = 1;
  // --- standard errors from the curvature (issue 19; ideal_point_se.hpp) ---
  /// Without a bootstrap: the standard errors from the observed information at the mode
  /// (true), or none (false: se is NaN). A bootstrap (bootstrap > 0) takes precedence. Off
  /// here, so that callers that use only the positions (alignment with, the dashboard) pay
  /// nothing; `alignment ideal-points` turns it on by default (--se curvature).
  bool curvature_se = false;
  // ---
  /// Worker threads (0 = worker_count()); results do not depend on it.
  std::size_t threads = 0;
};

/// How a session's positions were fitted and oriented.
struct SessionFit {
  int session = 0;
  int year = 0;              ///< calendar year of the session's first roll call
  std::size_t states = 0;    ///< states with a cast vote in the session
  std::size_t items = 0;     ///< roll calls used
  std::vector<int> dropped;  ///< roll calls dropped (rcid): no variation in the cast votes
  int iterations = 0;        ///< EM iterations (dynamic, bridged: of the joint fit)
  bool converged = false;    ///< the criterion was met before max_iterations
  /// "anchor" (the anchor voted), "session N" (aligned with the nearest session the anchor
  /// voted in), "joint" (dynamic: one orientation for all sessions) or "none" (no items).
  std::string orientation;
  std::size_t bridged =
      0;  ///< bridged model: roll calls used that share their item with another session
};

/// A state's position in a session.
struct IdealPoint {
  int session = 0;
  std::string country;    ///< registry code
  double x = 0;           ///< position; the anchor's side is positive
  double se = 0;          ///< standard error: bootstrap, or curvature (NaN with neither)
  std::size_t votes = 0;  ///< cast votes on the roll calls used
};

/// Two sessions that share items in a bridged fit, and how many.
struct SharedItems {
  int a = 0, b = 0;       ///< sessions, a < b
  std::size_t items = 0;  ///< bridge groups with a roll call used in both
};

/// "session", "dynamic" or "bridged": the model `options` choose.
std::string model_name(const IdealPointOptions& options);

struct IdealPointResult {
  std::string model = "session";  ///< model_name() of the options
  bool dynamic = false;           ///< positions linked by the random walk (dynamic or bridged)
  std::string anchor;
  std::vector<SessionFit> sessions;       ///< ascending session
  std::vector<IdealPoint> points;         ///< by session, then in the order of the votes' countries
  std::size_t bootstrap = 0;              ///< replicates behind se
  std::size_t bootstrap_unconverged = 0;  ///< replicate fits that hit max_iterations
  std::vector<SharedItems> shared;        ///< bridged: pairs of sessions sharing items, by (a, b)
  /// How se was made: "bootstrap", "curvature" or "none" (issue 19, ideal_point_se.hpp).
  std::string standard_errors;
};

/// Estimates every session's positions. Throws Error when the options are out of range, the
/// anchor cast no vote at all, or the progress is cancelled. With a bootstrap, its replicates
/// are the units of core/distributed's map_units: a replicate of the joint models, a (session,
/// replicate) pair of the session model (unit k x bootstrap + r), each the replicate's positions
/// as bytes; every rank of an MPI job must call it, and on ranks other than 0 the result is
/// empty (rank 0 gathers the replicates and has the standard errors, the same for any number of
/// ranks). With `resume`, the replicates a killed run completed are taken from it and each new
/// one is saved through it (core/checkpoint).
IdealPointResult estimate_ideal_points(const RollCallVotes& votes, const IdealPointOptions& options,
                                       Progress& progress, distributed::Resume* resume = nullptr);

}  // namespace softpower::alignment
