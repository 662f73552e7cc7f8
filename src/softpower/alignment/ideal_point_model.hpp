#pragma once
// The pieces of the ordinal ideal-point model that estimate_ideal_points() (ideal_points.hpp)
// is built from, exposed for its tests: the votes of a session in model form, the E-step
// (truncated-normal moments of the latent utilities), the conditional M-steps, the
// session-by-session EM and the dynamic EM. docs/alignment-ideal-points.md has the formulas.
//
// Model (Imai, Lo and Olmsted 2016, ordinal section), after their reparameterisation that
// fixes both thresholds: state i's latent utility for roll call j is
//   z_ij ~ N(a_j + b_j x_i, 1 / p_j),   vote = no if z < 0, abstain if 0 <= z < 1, yes if z >= 1,
// which is y*_ij = alpha_j + beta_j x_i + e_ij with thresholds 0 and tau_j divided by tau_j:
// a_j = alpha_j / tau_j, b_j = beta_j / tau_j, p_j = tau_j^2.

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "softpower/alignment/ideal_points.hpp"
#include "softpower/core/random.hpp"
#include "softpower/core/votes.hpp"

namespace softpower::alignment::model {

/// The vote categories, lowest first: no < abstain < yes.
enum Category : std::uint8_t { kNo = 0, kAbstain = 1, kYes = 2 };

/// Mean and variance of a standard normal variable truncated to (lower, upper); either bound
/// may be infinite. Accurate far into the tails, where a naive ratio of densities and
/// probabilities underflows.
struct TruncatedMoments {
  double mean = 0, variance = 1;
};
TruncatedMoments truncated_normal_moments(double lower, double upper);

/// log P(vote = category) when the thresholds 0 and 1 sit at `zero` and `one` in standard
/// units of the latent utility ((0 - mean) and (1 - mean) times sqrt(p)).
double log_category_probability(std::uint8_t category, double zero, double one);

/// One session's cast votes on the roll calls used, roll call by roll call.
struct SessionVotes {
  int session = 0;
  int year = 0;
  std::vector<std::size_t> states;        ///< indices into RollCallVotes::countries(): every state
                                          ///< with a cast vote in the session
  std::vector<std::size_t> calls;         ///< indices into RollCallVotes::calls(): roll calls used
  std::vector<int> dropped;               ///< rcids of roll calls without variation
  std::vector<std::size_t> item_begin;    ///< cells of item j: [item_begin[j], item_begin[j+1])
  std::vector<std::uint32_t> cell_state;  ///< local state index of each cell
  std::vector<std::uint8_t> cell_category;  ///< Category of each cell
  std::vector<std::size_t> state_votes;     ///< cells per local state

  std::size_t item_count() const { return calls.size(); }
  std::size_t state_count() const { return states.size(); }
  std::size_t cell_count() const { return cell_state.size(); }
};

/// The sessions of `votes` in ascending order, each with its invariant roll calls dropped.
std::vector<SessionVotes> session_votes(const RollCallVotes& votes);

/// The same states and cells with new categories (a bootstrap replicate); roll calls that
/// become invariant are dropped, and `kept` receives the indices of the roll calls kept.
SessionVotes with_categories(const SessionVotes& votes, const std::vector<std::uint8_t>& categories,
                             std::vector<std::size_t>& kept);

struct ItemParameters {
  std::vector<double> intercept;       ///< a_j
  std::vector<double> discrimination;  ///< b_j
  std::vector<double> precision;       ///< p_j = tau_j^2

  std::size_t size() const { return intercept.size(); }
  ItemParameters subset(const std::vector<std::size_t>& items) const;
};

/// A session's estimates; x by local state index.
struct SessionEstimate {
  std::vector<double> x;
  ItemParameters items;
  int iterations = 0;
  bool converged = false;
};

/// E-step output: the mean and variance of every cell's latent utility.
struct Expectations {
  std::vector<double> mean, variance;
};

void expect(const SessionVotes& votes, const std::vector<double>& x, const ItemParameters& items,
            Expectations& out);

/// What the votes say about each state's position given the item parameters, as a quadratic
/// precision h_i and information g_i, so that the conditional step is g_i / (h_i + prior
/// precision). With `observed` false, the EM's complete-data terms: h = sum_j p_j b_j^2 and
/// g = sum_j p_j b_j (E z_ij - a_j). With `observed` true, Newton's step on the observed log
/// posterior: h = sum_j p_j b_j^2 (1 - p_j Var z_ij), the complete-data information less the
/// missing information, and g = h x_i + sum_j p_j b_j (E z_ij - a_j - b_j x_i), the score.
void position_evidence(const SessionVotes& votes, const std::vector<double>& x,
                       const ItemParameters& items, const Expectations& e, bool observed,
                       std::vector<double>& precision, std::vector<double>& information);

/// Sums over an item's cells that its conditional steps are solved from (ItemStep below). An
/// item shared by several sessions (the bridged model) adds its sums over every session it
/// occurs in before they are solved: one solution for all its occurrences.
using ItemSums = std::array<double, 5>;

/// The item steps as sums and solutions, so that shared items can pool their sums between
/// the two. `with_prior[j]` false leaves item j's prior out of its sums (an occurrence of a
/// shared item other than its first, whose prior the first carries); null: every item's.
/// - regression: (n, Σx, Σx², ΣE z, Σx E z), solved for (a_j, b_j) given p_j (update_items);
/// - residual: (n, Σ[Var z + (E z - a - b x)²]), solved for p_j (update_precision);
/// - newton: the observed information and score of (a_j, b_j) with the prior, solved for one
///   Newton step (newton_items).
void regression_sums(const SessionVotes& votes, const std::vector<double>& x, const Expectations& e,
                     std::vector<ItemSums>& sums);
void solve_regression(const std::vector<ItemSums>& sums, const IdealPointOptions& options,
                      ItemParameters& items);
void residual_sums(const SessionVotes& votes, const std::vector<double>& x, const Expectations& e,
                   const ItemParameters& items, std::vector<ItemSums>& sums);
void solve_precision(const std::vector<ItemSums>& sums, const IdealPointOptions& options,
                     ItemParameters& items);
void newton_sums(const SessionVotes& votes, const std::vector<double>& x, const Expectations& e,
                 const IdealPointOptions& options, const ItemParameters& items,
                 const std::vector<char>* with_prior, std::vector<ItemSums>& sums);
void solve_newton(const std::vector<ItemSums>& sums, ItemParameters& items);

/// Conditional M-steps for the items given positions: (a_j, b_j) by a ridge regression of
/// E z on (1, x) with the prior, then p_j in closed form.
void update_items(const SessionVotes& votes, const std::vector<double>& x, const Expectations& e,
                  const IdealPointOptions& options, ItemParameters& items);

/// The precision's conditional M-step alone (part of update_items()).
void update_precision(const SessionVotes& votes, const std::vector<double>& x,
                      const Expectations& e, const IdealPointOptions& options,
                      ItemParameters& items);

/// One Newton step for every item's (a_j, b_j) on the observed log posterior given x and p_j,
/// with the moments `e` computed at the current parameters.
void newton_items(const SessionVotes& votes, const std::vector<double>& x, const Expectations& e,
                  const IdealPointOptions& options, ItemParameters& items);

/// The item half of an ECME iteration: E-step, update_items(), E-step, newton_items(),
/// E-step, leaving in `e` the moments at the new items (for the position step).
void ecme_items(const SessionVotes& votes, const std::vector<double>& x,
                const IdealPointOptions& options, ItemParameters& items, Expectations& e);

/// Starting values: positions from the leading singular vector of the centred vote matrix
/// (yes 1, abstain 0, no -1), standardised; items from one M-step on category midpoints.
SessionEstimate start_values(const SessionVotes& votes, const IdealPointOptions& options);

/// Two further conditional maximisations along the directions the likelihood cannot see:
/// x -> x + c with a -> a - b c, and x -> s x with b -> b / s, each solved exactly under the
/// priors. They leave every a_j + b_j x_i unchanged, so the posterior can only rise, and they
/// take out EM's slowest modes (the drift of location and scale), as parameter expansion
/// does (Liu, Rubin and Wu 1998).
void align_scale(const SessionVotes& votes, const IdealPointOptions& options,
                 std::vector<double>& x, ItemParameters& items);

/// Buffers reused across EM steps.
struct EmWorkspace {
  Expectations expectations;
  std::vector<double> precision, information;
  std::vector<double> x;  ///< the parameters before a step, to return to
  ItemParameters items;
};

/// One plain EM iteration (ECM: Meng and Rubin 1993): the E-step, each state's conditional
/// mode given the items, the items' conditional M-step on the same expectations, then the
/// location and scale. Never lowers the log posterior, but slow where votes nearly separate
/// the states: there most of the information is missing.
void plain_em_step(const SessionVotes& votes, const IdealPointOptions& options,
                   std::vector<double>& x, ItemParameters& items, EmWorkspace& work);

/// One ECME iteration (Liu and Rubin 1994): the EM's conditional M-step for the items, then
/// Newton steps on the observed log posterior for (a_j, b_j) and for every position, whose
/// score and observed information are the same truncated-normal moments; then the location
/// and scale. Much faster than plain EM near separation, but a Newton step may overshoot.
void ecme_step(const SessionVotes& votes, const IdealPointOptions& options, std::vector<double>& x,
               ItemParameters& items, EmWorkspace& work);

/// ecme_step() guarded: when it would lower the log posterior, plain_em_step() from the same
/// point instead, so the climb is monotone. `before` is the log posterior at the start (NaN:
/// computed); returns the log posterior at the end. (fit_session() checks once per SQUAREM
/// cycle instead of once per step.)
double em_step(const SessionVotes& votes, const IdealPointOptions& options, std::vector<double>& x,
               ItemParameters& items, EmWorkspace& work, double before);

/// Log-likelihood of a session's votes, and the log posterior (up to a constant) that the EM
/// climbs: likelihood plus the priors on positions and items.
double log_likelihood(const SessionVotes& votes, const std::vector<double>& x,
                      const ItemParameters& items);
/// `counted` (null: every item) leaves out the items whose prior another session carries.
double log_item_prior(const ItemParameters& items, const IdealPointOptions& options,
                      const std::vector<char>* counted = nullptr);
double log_posterior(const SessionVotes& votes, const std::vector<double>& x,
                     const ItemParameters& items, const IdealPointOptions& options);

/// EM for one session from `start`, accelerated by SQUAREM (ideal_point_squarem.hpp), until
/// one EM step changes no position, intercept or discrimination by more than the tolerance
/// (parameter_change()) or options.max_iterations EM steps were taken.
SessionEstimate fit_session(const SessionVotes& votes, SessionEstimate start,
                            const IdealPointOptions& options);

/// The convergence measure: the largest change of one parameter relative to 1 + its size,
/// max_i |after_i - before_i| / (1 + |before_i|), over n parameters.
double parameter_change(const double* before, const double* after, std::size_t n);

/// Categories drawn from the fitted model at the observed cells (the parametric bootstrap).
std::vector<std::uint8_t> simulate_categories(const SessionVotes& votes,
                                              const std::vector<double>& x,
                                              const ItemParameters& items, Rng& rng);

/// Dynamic model: every session's positions and items, fitted jointly.
struct DynamicEstimate {
  std::vector<std::vector<double>> x;  ///< [session][local state]
  std::vector<ItemParameters> items;   ///< [session]
  int iterations = 0;
  bool converged = false;
};

/// Items that are one item across sessions (the bridged model): each group lists its
/// occurrences as (session index, local item index), in session order; the first occurrence
/// carries the group's prior. Every session is in the group at most once.
struct ItemSharing {
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> groups;
};

/// Whether every position of a path has the prior N(0, position_sd^2) (the bridged model, or
/// IdealPointOptions::prior_every_session), not only a state's first one.
bool prior_on_every_position(const IdealPointOptions& options);

/// The sessions joined by shared items: a component index per session (ascending by first
/// session) in `component`, and the number of components. Without groups every session is
/// its own component.
std::size_t components_of(const ItemSharing& sharing, std::size_t sessions,
                          std::vector<std::size_t>& component);

/// EM for the dynamic model: positions follow x_it ~ N(x_i,t-1, omega^2 (s_t - s_t-1)) over
/// the sessions s_t a state voted in, with x ~ N(0, position_sd^2) at its first session; the
/// position step solves each state's path exactly (a tridiagonal system, equivalent to a
/// Kalman smoother). `countries` is the number of states in the votes.
///
/// With `sharing` (the bridged model), the items of a group share (a, b, p): every item step
/// pools the group's sums over its sessions, the priors count a group once, and the location
/// step shifts the sessions that share items (a connected component) together. Without groups
/// it is the dynamic model, to the last bit. A cancelled `progress` stops it at its next
/// iteration with Error.
DynamicEstimate fit_dynamic(const std::vector<SessionVotes>& sessions, std::size_t countries,
                            DynamicEstimate start, const IdealPointOptions& options,
                            std::size_t threads, const ItemSharing& sharing = {},
                            const Progress* progress = nullptr);

}  // namespace softpower::alignment::model
