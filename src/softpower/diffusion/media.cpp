#include "softpower/diffusion/media.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "softpower/core/error.hpp"

namespace softpower::diffusion {

namespace {

// Adds a source (or finds the one with the same label) and returns its index.
std::size_t source_index(MediaModel& m, std::vector<std::vector<double>>& strength,
                         const std::string& label, const std::vector<Trait>& vector, int origin) {
  for (std::size_t s = 0; s < m.sources.size(); ++s) {
    if (m.sources[s].label == label) return s;
  }
  m.sources.push_back(Source{label, vector, origin});
  strength.emplace_back(static_cast<std::size_t>(m.countries), 0.0);
  return m.sources.size() - 1;
}

}  // namespace

MediaModel media_model(const Scenario& s, const Population& pop) {
  MediaModel m;
  m.countries = static_cast<int>(s.countries.size());
  std::vector<std::vector<double>> strength;  // [source][country]

  for (const FieldSpec& f : s.fields) {
    if (f.strength <= 0) continue;
    const std::size_t k = source_index(m, strength, "field: " + f.name, f.culture, -1);
    if (f.countries.empty()) {
      for (int c = 0; c < m.countries; ++c) strength[k][c] += f.strength;
    } else {
      for (const std::string& code : f.countries) strength[k][s.country_index(code)] += f.strength;
    }
  }

  // Budgets by (exporter, target) for broadcasts and (platform, exporter, target) for campaigns:
  // two channels with the same aim spend one budget.
  std::map<std::pair<int, int>, double> broadcast;
  std::map<std::tuple<std::string, int, int>, double> campaign;
  for (const ExporterSpec& e : s.exporters) {
    const int from = s.country_index(e.country);
    for (const ChannelSpec& c : e.channels) {
      const int to = s.country_index(c.target);
      if (c.kind == ChannelKind::broadcast) broadcast[{from, to}] += c.budget;
      if (c.kind == ChannelKind::campaign) campaign[{c.platform, from, to}] += c.budget;
    }
  }
  for (const auto& [aim, budget] : broadcast) {
    const double b = s.economics.broadcast_strength * s.economics.saturation(budget);
    if (b <= 0) continue;
    const auto [from, to] = aim;
    const std::size_t k =
        source_index(m, strength, "broadcast " + s.countries[from].code, pop.vectors[from], from);
    strength[k][to] += b;
  }

  for (const PlatformSpec& p : s.platforms) {
    for (int c = 0; c < m.countries; ++c) {
      const auto reach = p.reach.find(s.countries[c].code);
      if (reach == p.reach.end() || reach->second <= 0 || p.attention <= 0) continue;
      // The feed in c: each culture's weight, organic plus amplified promotion, against a
      // weight of 1 for everything else (what the agent's own contacts post).
      std::vector<double> weight(m.countries, 0.0);
      double total = 1;
      for (int e = 0; e < m.countries; ++e) {
        const auto organic = p.organic.find(s.countries[e].code);
        if (organic != p.organic.end()) weight[e] += organic->second;
        const auto paid = campaign.find({p.name, e, c});
        if (paid != campaign.end()) {
          weight[e] += p.amplification * s.economics.saturation(paid->second);
        }
        total += weight[e];
      }
      for (int e = 0; e < m.countries; ++e) {
        if (weight[e] <= 0) continue;
        const std::size_t k =
            source_index(m, strength, p.name + ": " + s.countries[e].code, pop.vectors[e], e);
        strength[k][c] += p.attention * reach->second * weight[e] / total;
      }
    }
  }

  const std::size_t sources = m.sources.size();
  m.strength.assign(static_cast<std::size_t>(m.countries) * sources, 0.0);
  for (int c = 0; c < m.countries; ++c) {
    double sum = 0;
    for (std::size_t k = 0; k < sources; ++k) sum += strength[k][c];
    const double scale = sum > 1 ? 1 / sum : 1;
    for (std::size_t k = 0; k < sources; ++k) {
      m.strength[c * sources + k] = strength[k][c] * scale;
    }
  }
  return m;
}

Dynamics::Dynamics(const Graph& graph, const std::vector<int>& country, const MediaModel& media,
                   Culture initial, std::uint64_t seed)
    : graph_(graph), country_(country), media_(media), culture_(std::move(initial)), rng_(seed) {
  if (graph_.size() != culture_.agents || static_cast<int>(country_.size()) != culture_.agents) {
    throw Error("diffusion: the graph, the countries and the culture disagree on the agents");
  }
  for (const Source& s : media_.sources) {
    if (static_cast<int>(s.vector.size()) != culture_.features) {
      throw Error("diffusion: source '" + s.label + "' does not have one trait per feature");
    }
  }
  const std::size_t sources = media_.sources.size();
  const auto countries = static_cast<std::size_t>(media_.countries);
  cumulative_.assign(countries * sources, 0.0);
  total_.assign(countries, 0.0);
  for (std::size_t c = 0; c < countries; ++c) {
    double sum = 0;
    for (std::size_t k = 0; k < sources; ++k) {
      sum += media_.strength[c * sources + k];
      cumulative_[c * sources + k] = sum;
    }
    // Strengths scaled to add up to 1 may miss it by a rounding error: then sources take
    // every step, as meant.
    if (sum > 1 - 1e-12 && sources > 0) {
      sum = 1;
      cumulative_[c * sources + sources - 1] = 1;
    }
    total_[c] = sum;
  }
  network_.assign(countries * countries, 0);
  media_copies_.assign(countries * countries, 0);
  // A full check costs about as much as N·(1 + degree/2) attempts; doing it every 4N attempts
  // keeps it a small share of the work.
  check_ = std::max<std::uint64_t>(64, 4 * static_cast<std::uint64_t>(culture_.agents));
  prime();
}

bool Dynamics::frozen_now() const {
  const int f = culture_.features;
  const std::size_t sources = media_.sources.size();
  for (int i = 0; i < culture_.agents; ++i) {
    const Trait* a = culture_.agent(i);
    // A bond can change something only if one of its agents ever meets neighbours (its
    // country's sources do not take all of its steps).
    const bool meets_i = total_[static_cast<std::size_t>(country_[i])] < 1;
    for (int j : graph_.of(i)) {
      if (j < i || (!meets_i && total_[static_cast<std::size_t>(country_[j])] >= 1)) continue;
      const Trait* b = culture_.agent(j);
      int l = 0;
      for (int k = 0; k < f; ++k) l += a[k] == b[k] ? 1 : 0;
      if (l > 0 && l < f) return false;
    }
    const std::size_t c = static_cast<std::size_t>(country_[i]);
    for (std::size_t s = 0; s < sources; ++s) {
      if (media_.strength[c * sources + s] <= 0) continue;
      const Trait* b = media_.sources[s].vector.data();
      int l = 0;
      for (int k = 0; k < f; ++k) l += a[k] == b[k] ? 1 : 0;
      if (l > 0 && l < f) return false;
    }
  }
  return true;
}

Dynamics::Meeting Dynamics::meet(int i) {
  const auto c = static_cast<std::size_t>(country_[i]);
  const double total = total_[c];
  if (total > 0) {
    const double u = rng_.uniform();
    if (u < total) {
      const std::size_t sources = media_.sources.size();
      const double* cum = cumulative_.data() + c * sources;
      std::size_t s = 0;
      while (s + 1 < sources && u >= cum[s]) ++s;
      return {i, -1 - static_cast<int>(s)};
    }
  }
  const int* offsets = graph_.offsets.data();
  const int degree = offsets[i + 1] - offsets[i];
  if (degree == 0) return {i, kNobody};
  return {i, graph_.neighbours[offsets[i] + static_cast<int>(rng_.below(degree))]};
}

void Dynamics::prime() {
  const auto n = static_cast<std::uint64_t>(culture_.agents);
  if (n == 0) return;
  next_ = meet(static_cast<int>(rng_.below(n)));
  ahead_ = static_cast<int>(rng_.below(n));
}

bool Dynamics::run(std::uint64_t until, const Progress* progress) {
  const int f = culture_.features;
  const auto n = static_cast<std::uint64_t>(culture_.agents);
  const auto countries = static_cast<std::size_t>(media_.countries);
  while (attempted_ < until && !frozen_ && n > 0) {
    if (progress != nullptr && progress->cancelled()) return false;
    // Run to the next check (or to `until`), then check at multiples of check_ only, so that
    // where a caller pauses never changes the run.
    const std::uint64_t next_check = (attempted_ / check_ + 1) * check_;
    // Pauses every 2^18 attempts to look at the cancellation flag (a few ms); a pause changes
    // nothing in the run.
    const std::uint64_t stop = std::min({until, next_check, attempted_ + (std::uint64_t{1} << 18)});
    for (std::uint64_t t = attempted_; t < stop; ++t) {
      // A pipeline of three steps, so that memory is fetched while earlier steps work: the
      // agent of step t + 2 is drawn (its row and traits fetched), the partner of step t + 1
      // chosen (its traits fetched), and step t interacts. Who meets whom does not depend on
      // the state, so this only reorders the random draws: the law is Axelrod's.
      const Meeting now = next_;
      next_ = meet(ahead_);
      if (next_.partner >= 0) __builtin_prefetch(culture_.agent(next_.partner));
      ahead_ = static_cast<int>(rng_.below(n));
      __builtin_prefetch(graph_.offsets.data() + ahead_);
      __builtin_prefetch(culture_.agent(ahead_), 1);
      __builtin_prefetch(country_.data() + ahead_);

      if (now.partner == kNobody) continue;
      const int i = now.agent;
      Trait* a = culture_.agent(i);
      const Trait* b = nullptr;
      int origin = -1;
      const bool from_media = now.partner < 0;
      if (from_media) {
        const Source& source = media_.sources[static_cast<std::size_t>(-1 - now.partner)];
        b = source.vector.data();
        origin = source.origin;
      } else {
        b = culture_.agent(now.partner);
        origin = country_[now.partner];
      }
      int l = 0;
      for (int k = 0; k < f; ++k) l += a[k] == b[k] ? 1 : 0;
      if (l == 0 || l == f) continue;
      if (static_cast<int>(rng_.below(f)) >= l) continue;  // interact with probability l/F
      auto r = static_cast<int>(rng_.below(f - l));
      for (int k = 0; k < f; ++k) {
        if (a[k] == b[k]) continue;
        if (r-- == 0) {
          a[k] = b[k];
          break;
        }
      }
      last_change_ = t + 1;
      if (origin >= 0) {
        auto& counts = from_media ? media_copies_ : network_;
        ++counts[static_cast<std::size_t>(origin) * countries +
                 static_cast<std::size_t>(country_[i])];
      }
    }
    attempted_ = stop;
    if (stop == next_check) frozen_ = frozen_now();
  }
  return true;
}

}  // namespace softpower::diffusion
