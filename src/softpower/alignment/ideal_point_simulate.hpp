#pragma once
// Roll calls of several sessions simulated from the ordinal ideal-point model with known
// positions (issue 19, validation): the truth against which the session, dynamic and bridged
// fits are measured (docs/alignment-ideal-points.md, "Validation"). Pure: no I/O;
// deterministic for a seed (core/random's Rng and seed_of).
//
// Positions drift by a random walk: x_i,1 ~ N(0, position_sd^2), x_i,t = x_i,t-1 + shift +
// N(0, drift^2). A roll call's latent utility is z = a + b x + N(0, 1/p); no below 0, abstain
// in [0, 1), yes from 1 (the model of ideal_point_model.hpp). Item parameters are drawn as
// tau ~ U(1, 3) (the abstention band's width in error units), beta = +-U(0.7, 2), alpha =
// tau (0.5 + 0.6 N(0, 1)), and a = alpha / tau, b = beta / tau, p = tau^2, so every category
// is used. A share of each session's roll calls are bridged items: one item voted again in
// `bridge_span` consecutive sessions with the same parameters and the same title, issue and
// flags, so that alignment/bridges.hpp finds them as one group. A cell is absent with
// probability `missing`; a share of the states join at a later session (not a member before).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "softpower/core/votes.hpp"

namespace softpower::alignment {

struct RollCallSimulation {
  std::size_t states = 120;
  std::size_t sessions = 10;
  /// Roll calls per session, bridged ones included.
  std::size_t items_per_session = 40;
  /// Share of a session's roll calls that are bridged items, in [0, 1].
  double bridged_share = 0.25;
  /// Consecutive sessions a bridged item is voted in (at least 2; fewer at the last sessions).
  /// Every session but the last begins ceil(bridged roll calls / span) items, so consecutive
  /// sessions share (span - 1) times that many.
  std::size_t bridge_span = 3;
  /// Standard deviation of the first session's positions and of the walk's step per session.
  double position_sd = 1, drift = 0.15;
  /// A shift of every state per session, added to each step of the walk: the whole assembly
  /// moves, which per-session items cannot see (each session's location is its own) and
  /// bridged items can.
  double shift = 0;
  /// Probability that a member's vote is absent, in [0, 1).
  double missing = 0.1;
  /// Share of the states that join at a session after the first, drawn uniformly, in [0, 1).
  double late_entry = 0.1;
  std::uint64_t seed = 1;
};

/// Votes and the truth behind them.
struct SimulatedRollCalls {
  /// Sessions 1, 2, ...; countries "S1000", "S1001", ...; roll calls by session. A bridged
  /// item's roll calls share `description`/`long_description` ("BRIDGED ITEM k"), every other
  /// roll call has its own ("ROLL CALL r"); issues {"co"}, neither amendment nor paragraph.
  RollCallVotes votes;
  /// True position by [session - 1][state]; NaN before the state joins.
  std::vector<std::vector<double>> x;
  /// Item parameters by roll call (index into votes.calls()): a_j, b_j, p_j.
  std::vector<double> a, b, p;
  /// The item of each roll call: equal for the roll calls of one bridged item.
  std::vector<std::size_t> item;
  std::size_t bridged_items = 0;
};

/// Draws the votes. Throws Error when an option is out of range.
SimulatedRollCalls simulate_roll_calls(const RollCallSimulation& options);

}  // namespace softpower::alignment
