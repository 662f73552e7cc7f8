#pragma once
// Axelrod's model of the dissemination of culture (Axelrod 1997, J. Conflict Resolution
// 41:203): an agent picked at random meets a random neighbour; with probability equal to the
// share of features they have in common they interact, the agent copying the neighbour's trait
// on one feature, picked at random, on which they differ. Similar agents grow more similar,
// agents with nothing in common never meet again, and the run ends in an absorbing state
// where every pair of neighbours is either identical or shares no feature at all.
//
// Two engines with the same law (docs/diffusion-axelrod.md explains why):
// - random_sequential: the original dynamics, one attempted interaction at a time;
// - active_bonds: rejection-free; keeps the set of bonds with 0 < overlap < F, draws the next
//   interaction that changes something directly and advances the clock of attempted
//   interactions by a geometric number of attempts that would have changed nothing.

#include <cstdint>
#include <vector>

#include "softpower/diffusion/culture.hpp"
#include "softpower/diffusion/graph.hpp"

namespace softpower {
class Progress;
}

namespace softpower::diffusion {

/// The cultural regions of a state: their number, the largest, and each agent's.
struct Regions {
  int count = 0;
  int largest = 0;         // agents in the largest region (S_max)
  std::vector<int> label;  // region of each agent, 0 … count−1 in order of their first agent
};

/// Cultural regions: connected components of neighbours with identical culture.
Regions regions(const Graph& g, const Culture& c);

/// Bonds (undirected edges) whose agents share some but not all features: 0 < overlap < F.
/// The state is absorbing exactly when there are none.
std::int64_t active_bonds(const Graph& g, const Culture& c);

/// random_sequential and active_bonds as above; automatic starts with the first, hands the run
/// to the second when the share of attempts that change something falls below
/// hand_over_below, and back when it rises above hand_back_above (same law, the faster engine
/// for each stage of the run).
enum class AxelrodAlgorithm { random_sequential, active_bonds, automatic };

struct AxelrodParams {
  int features = 5;                             // F (for the overload that draws the culture)
  int traits = 10;                              // q
  InitialTraits init = InitialTraits::uniform;  // how the initial culture is drawn
  AxelrodAlgorithm algorithm = AxelrodAlgorithm::automatic;
  double hand_over_below = 0.1;        // automatic: share of changing attempts (per window of 16 N)
  double hand_back_above = 0.25;       // automatic: … and back when the share rises above this
  std::uint64_t max_events = 0;        // stop after this many attempted interactions; 0 = none
  std::uint64_t checkpoint_every = 0;  // a series point every this many attempts; 0 = none
  bool checkpoint_regions = false;     // also count regions at each point (costs O(N + E))
};

/// The state after `events` attempted interactions.
struct AxelrodPoint {
  std::uint64_t events = 0;
  std::uint64_t accepted = 0;
  std::int64_t active_bonds = 0;
  int regions = -1;  // -1 unless checkpoint_regions
  int largest = -1;
};

struct AxelrodResult {
  std::uint64_t events = 0;    // attempted interactions (time of the original dynamics)
  std::uint64_t accepted = 0;  // interactions that changed a trait
  bool absorbed = false;       // no active bond left (otherwise max_events was reached)
  std::int64_t active_bonds = 0;
  int regions = 0;  // cultural regions at the end
  int largest = 0;  // agents in the largest region; S_max/N = largest / N
  /// With checkpoint_every = k: the state at 0, k, 2k, … while ≤ the end, then at the end
  /// (the absorption time, or max_events) unless that is already a multiple of k.
  std::vector<AxelrodPoint> series;
};

/// Runs Axelrod's dynamics on `g` from the culture `c` (which it evolves in place: c holds
/// the final state), until no bond is active or max_events attempted interactions. F and q
/// are those of `c`; params.features, traits and init are not used. Depends only on `seed`
/// (and, between the two algorithms, agrees in law, not draw for draw). Checks
/// progress->cancelled() every few million attempts and throws Error if so; does not start
/// or advance `progress` (an ensemble counts runs). Throws Error if c does not fit g.
AxelrodResult run_axelrod(const Graph& g, Culture& c, const AxelrodParams& params,
                          std::uint64_t seed, Progress* progress = nullptr);

/// Bytes a run needs at most, about, for `agents` agents of `features` features whose rows
/// hold `slots` neighbours in all (twice the edges): the graph, the culture and its working
/// copy, and the active-bond engine's bond tables (measured: a 2000 × 2000 lattice, F = 5,
/// peaks at 533 MB; this gives 528 MB).
std::uint64_t axelrod_memory_estimate(std::uint64_t agents, std::uint64_t slots, int features);

/// The plain model: draws the initial culture from params (features, traits, init) with
/// seed_of(seed, 0), then runs the dynamics with seed_of(seed, 1).
AxelrodResult run_axelrod(const Graph& g, const AxelrodParams& params, std::uint64_t seed,
                          Progress* progress = nullptr);

}  // namespace softpower::diffusion
