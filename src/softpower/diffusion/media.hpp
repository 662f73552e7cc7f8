#pragma once
// Axelrod's dynamics with external sources of culture: uniform mass-media fields
// (González-Avella, Cosenza and Tucci 2005, PRE 72:065102), exporters' broadcasts, and
// digital platforms whose feeds carry promoted cultures (docs/diffusion-media.md).
//
// Each attempted interaction picks an agent i uniformly; i's country c meets source s with
// probability B[c][s] (the sources' strengths in c, scaled down to add up to 1 when they
// exceed it) and a uniform network neighbour otherwise. With overlap l with what it meets,
// 0 < l < F, it copies, with probability l/F, one uniformly chosen differing trait. A source
// is a fixed cultural vector: it is never changed by what it meets.

#include <cstdint>
#include <string>
#include <vector>

#include "softpower/core/progress.hpp"
#include "softpower/diffusion/culture.hpp"
#include "softpower/diffusion/graph.hpp"
#include "softpower/diffusion/scenario.hpp"

namespace softpower::diffusion {

/// A fixed cultural vector agents can meet.
struct Source {
  std::string label;  ///< "broadcast KOR→IDN", "video: KOR", "field: state TV"
  std::vector<Trait> vector;
  int origin = -1;  ///< the country whose culture it carries (flows count from it), or −1
};

struct MediaModel {
  int countries = 0;
  std::vector<Source> sources;
  /// strength[c · sources + s]: probability per step that an agent of c meets source s;
  /// every country's strengths add up to at most 1.
  std::vector<double> strength;
  double at(int country, int source) const {
    return strength[static_cast<std::size_t>(country) * sources.size() + source];
  }
};

/// The sources of a scenario and their strengths in each country, from its fields, broadcasts,
/// platforms and campaigns (the mapping is in docs/diffusion-media.md):
///   field:     B = strength, in its countries
///   broadcast: B = broadcast_strength · g(x), x the exporter's broadcast budget for the target
///   platform p in country c, culture e: B = attention_p · reach_pc · w_e / (1 + Σ_e' w_e'),
///              w_e = organic_pe + amplification_p · g(x_pec), x_pec the campaign budget
/// where g(x) = 1 − 2^(−x / half_budget). Sources of zero strength everywhere are left out.
MediaModel media_model(const Scenario& scenario, const Population& population);

/// The random-sequential dynamics of one run. No allocation once constructed.
class Dynamics {
 public:
  /// `country` maps agents to countries in [0, media.countries); both must outlive this.
  Dynamics(const Graph& graph, const std::vector<int>& country, const MediaModel& media,
           Culture initial, std::uint64_t seed);

  /// Attempts interactions until `until` have been attempted in all, or the state is frozen
  /// (no agent can change: every bond and every agent–source pair of positive strength has
  /// overlap 0 or F), checked every check_interval() attempts. Stops early, returning false,
  /// when `progress` is cancelled (checked as often).
  bool run(std::uint64_t until, const Progress* progress = nullptr);

  const Culture& culture() const { return culture_; }
  std::uint64_t attempted() const { return attempted_; }
  /// Attempts up to and including the last trait change (0 if none).
  std::uint64_t last_change() const { return last_change_; }
  bool is_frozen() const { return frozen_; }
  /// Whether no agent can change any more (a full check; run() caches it in is_frozen()).
  bool frozen_now() const;
  std::uint64_t check_interval() const { return check_; }
  /// copies[a · C + b]: traits agents of country b copied from agents of a (network) or from
  /// sources carrying a's culture (media); C = media.countries.
  const std::vector<std::uint64_t>& network_copies() const { return network_; }
  const std::vector<std::uint64_t>& media_copies() const { return media_copies_; }

 private:
  // Who step t meets: `partner` is a neighbour (≥ 0), source s (−1 − s) or nobody.
  static constexpr int kNobody = -2'000'000'000;
  struct Meeting {
    int agent = 0, partner = kNobody;
  };
  Meeting meet(int agent);
  void prime();

  const Graph& graph_;
  const std::vector<int>& country_;
  const MediaModel& media_;
  Culture culture_;
  Rng rng_;
  std::vector<double> cumulative_;  // per country, running sums of the strengths
  std::vector<double> total_;       // per country
  std::vector<std::uint64_t> network_, media_copies_;
  std::uint64_t attempted_ = 0, last_change_ = 0, check_ = 1;
  bool frozen_ = false;
  Meeting next_;   // step attempted_'s meeting
  int ahead_ = 0;  // step attempted_ + 1's agent
};

}  // namespace softpower::diffusion
