#pragma once
// A diffusion scenario: several countries' populations on one network, media fields,
// digital platforms, and exporting countries that promote their culture through channels
// (exchange programmes, digital campaigns, broadcasting) under a budget. Read from TOML
// (docs/diffusion.md describes the format; examples/scenarios/ has Hallyu- and heritage-style
// strategies). Parsing does no simulation; build_population() and media_model() (media.hpp)
// turn a scenario into what the dynamics run on.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/diffusion/culture.hpp"
#include "softpower/diffusion/graph.hpp"

namespace softpower::diffusion {

/// One country's population: `agents` agents on a Watts–Strogatz ring (`degree` neighbours,
/// `rewire` probability), whose initial traits equal the national culture's with probability
/// `cohesion` and are drawn from the scenario's initial law otherwise.
struct CountrySpec {
  std::string code, name;
  int agents = 100;
  int degree = 4;
  double rewire = 0.1;
  double cohesion = 0.5;
  /// The national culture (F traits); empty: drawn uniformly on {0, …, q−1} from the run seed.
  std::vector<Trait> culture;
};

/// `count` random ties, each between a uniform agent of country a and one of country b.
struct TieSpec {
  std::string a, b;
  int count = 0;
};

/// A digital platform: an agent of country c uses it in a step with probability
/// attention × reach[c]; what it then meets is chosen from the platform's feed (media.hpp).
struct PlatformSpec {
  std::string name;
  double attention = 0.05;
  double amplification = 1;
  std::map<std::string, double> reach;  ///< country code → share of its agents reached
  std::map<std::string, double>
      organic;  ///< country code → unpaid weight of its culture in the feed
};

/// A plain uniform external field (González-Avella, Cosenza and Tucci 2005): a fixed cultural
/// vector met with probability `strength` per step by agents of `countries` (empty: all).
struct FieldSpec {
  std::string name;
  double strength = 0;
  std::vector<Trait> culture;
  std::vector<std::string> countries;
};

enum class ChannelKind { exchange, campaign, broadcast };

std::string_view channel_name(ChannelKind kind);

/// Where part of an exporter's budget goes.
struct ChannelSpec {
  ChannelKind kind = ChannelKind::exchange;
  std::string target;    ///< country code
  std::string platform;  ///< campaign only
  double budget = 0;
};

struct ExporterSpec {
  std::string country;
  double budget = 0;  ///< the channels' budgets add up to at most this
  std::vector<ChannelSpec> channels;
};

/// Budget → effect: every channel's effect is its maximum times g(x) = 1 − 2^(−x / half),
/// so the first `half` units buy half of it, the next `half` a quarter, and so on.
struct Economics {
  double half_budget = 50;
  double broadcast_strength = 0.02;  ///< field strength of a saturated broadcast
  int exchange_ties = 200;           ///< ties of a saturated exchange programme
  double saturation(double budget) const;
};

/// Bounds of a scenario's sizes, so that agent and edge numbers fit the int the engines use.
constexpr std::int64_t kMaxScenarioAgents = 100'000'000;  ///< agents of all countries
constexpr std::int64_t kMaxScenarioEdges = 500'000'000;   ///< ring, tie and exchange edges

struct Scenario {
  std::string file, name, description;
  int features = 5, traits = 10;
  InitialTraits init = InitialTraits::uniform;
  std::uint64_t max_events = 2'000'000;  ///< attempted interactions per run (default)
  std::uint64_t checkpoint_every = 0;    ///< attempts between series points; 0: max_events / 40
  std::vector<CountrySpec> countries;
  std::vector<TieSpec> ties;
  std::vector<PlatformSpec> platforms;
  std::vector<FieldSpec> fields;
  std::vector<ExporterSpec> exporters;
  Economics economics;

  /// Agents of all countries (64-bit: a scenario built in code may hold more than an int).
  std::int64_t agents() const;
  /// At most this many edges in a run's network (rings, ties, saturated exchanges).
  std::int64_t max_edges() const;
  /// Bytes one run needs at most, about (population, network, dynamics, observer).
  std::uint64_t memory_estimate() const;
  /// Index of a country code; throws Error naming the code otherwise.
  int country_index(std::string_view code) const;
};

/// Parses a scenario; every problem is an Error naming `file`, the line and the field.
Scenario parse_scenario(std::string_view toml_text, const std::string& file);
/// Reads and parses a scenario file.
Scenario load_scenario(const std::string& path);

/// A run's population: the network, each agent's country, the initial culture and every
/// country's cultural vector (declared, else the per-feature mode of its initial agents).
struct Population {
  Graph graph;
  std::vector<int> country;                 ///< agent → country index
  std::vector<int> first;                   ///< country → its first agent (agents are contiguous)
  Culture culture;                          ///< initial traits
  std::vector<std::vector<Trait>> vectors;  ///< country → cultural vector (F traits)
  std::vector<int> exchange_ties;           ///< ties added by each exchange channel, in order
};

/// The population of one run: depends only on the scenario and `seed`. Exchange ties are drawn
/// from their own streams, so a zero-budget exchange leaves everything else unchanged.
/// Throws Error when `progress` (if given) is cancelled while it builds.
Population build_population(const Scenario& scenario, std::uint64_t seed,
                            const Progress* progress = nullptr);

}  // namespace softpower::diffusion
