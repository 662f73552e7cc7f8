#pragma once
// What a run is measured by (docs/diffusion.md, "Measures"): cultural regions and the
// largest region's share, each population's attraction to each exporter's culture, cultural
// diversity, the homogenisation (displacement by foreign culture) of each country, and the
// asymmetry of cultural flows between countries.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "softpower/diffusion/culture.hpp"
#include "softpower/diffusion/graph.hpp"

namespace softpower::diffusion {

/// Mean over features of the Shannon entropy, in nats (natural log), of the traits held by
/// agents [begin, end): 0 when they all agree, ln q at most for q equally common traits.
double diversity(const Culture& culture, int begin, int end);

/// Mean over agents [begin, end) of overlap(agent, vector) / F, in [0, 1].
double attraction(const Culture& culture, int begin, int end, std::span<const Trait> vector);

/// Share of the (agent, feature) entries of agents [begin, end) that differ from their
/// `initial` trait and now equal that feature's trait in one of the `foreign` vectors.
double displacement(const Culture& now, const Culture& initial, int begin, int end,
                    const std::vector<std::span<const Trait>>& foreign);

/// (ab − ba) / (ab + ba) in [−1, 1]: +1 when culture only flows from a to b; NaN when none
/// flows either way.
double asymmetry(double ab, double ba);

/// The groups a run is measured over: countries (contiguous agents) and exporters.
struct Layout {
  std::vector<std::string> codes;           ///< country codes
  std::vector<int> first;                   ///< country → first agent; first.back() + size = N
  std::vector<int> size;                    ///< country → agents
  std::vector<int> exporters;               ///< exporter → its country index
  std::vector<std::vector<Trait>> vectors;  ///< exporter → cultural vector
};

/// The names of Observer's measures for these countries and exporters (country indices).
std::vector<std::string> measure_names(const std::vector<std::string>& codes,
                                       const std::vector<int>& exporters);

/// Turns a cultural state into a named row of measures. Names, in order:
///   regions, smax                       number of regions; largest region / N
///   diversity_C                         per country C (nats)
///   diversity_drop_C                    1 − diversity_C / its initial value (0 if that was 0)
///   homogenisation_C                    displacement of C's culture by the other exporters'
///                                       (only when C has a foreign exporter)
///   attraction_C_E                      per country C and exporter E
///   flows_A_B                           traits agents of B copied from A's agents or media
///   asymmetry_A_B                       per pair A < B in country order (+1: all from A to B)
class Observer {
 public:
  Observer(const Graph& graph, Layout layout, Culture initial);
  const std::vector<std::string>& names() const { return names_; }
  const Layout& layout() const { return layout_; }
  /// The row for `now`; `copies[a · C + b]` counts traits agents of b copied from a.
  std::vector<double> observe(const Culture& now, const std::vector<std::uint64_t>& copies) const;

 private:
  const Graph& graph_;
  Layout layout_;
  Culture initial_;
  std::vector<double> initial_diversity_;
  std::vector<std::vector<std::span<const Trait>>> foreign_;  // per country
  std::vector<std::string> names_;
};

}  // namespace softpower::diffusion
