#include "softpower/diffusion/scenario.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "softpower/core/error.hpp"
#include "softpower/core/progress.hpp"
#include "softpower/core/toml_reader.hpp"

namespace softpower::diffusion {

std::string_view channel_name(ChannelKind kind) {
  switch (kind) {
    case ChannelKind::exchange:
      return "exchange";
    case ChannelKind::campaign:
      return "campaign";
    case ChannelKind::broadcast:
      return "broadcast";
  }
  return "?";
}

double Economics::saturation(double budget) const {
  if (budget <= 0) return 0;
  return 1 - std::exp2(-budget / half_budget);
}

std::int64_t Scenario::agents() const {
  std::int64_t n = 0;
  for (const CountrySpec& c : countries) n += c.agents;
  return n;
}

std::int64_t Scenario::max_edges() const {
  std::int64_t edges = 0;
  for (const CountrySpec& c : countries) edges += std::int64_t{c.agents} * c.degree / 2;
  for (const TieSpec& t : ties) edges += t.count;
  for (const ExporterSpec& e : exporters) {
    for (const ChannelSpec& c : e.channels) {
      if (c.kind == ChannelKind::exchange) edges += economics.exchange_ties;
    }
  }
  return edges;
}

std::uint64_t Scenario::memory_estimate() const {
  // Measured: 2 million agents of degree 4 and F = 4 peak at about 160 bytes an agent. An
  // agent holds its traits twice (initial and evolving), its country, its row offset and
  // observer state; an edge is listed once while the network is built, twice in its rows and
  // in the ring's rewiring set.
  const auto n = static_cast<std::uint64_t>(agents());
  const auto e = static_cast<std::uint64_t>(max_edges());
  const auto c = static_cast<std::uint64_t>(countries.size());
  return n * (48 + 4 * static_cast<std::uint64_t>(features)) + e * 48 + c * c * 64;
}

int Scenario::country_index(std::string_view code) const {
  for (std::size_t i = 0; i < countries.size(); ++i) {
    if (countries[i].code == code) return static_cast<int>(i);
  }
  throw Error(file + ": no country '" + std::string(code) + "' in the scenario");
}

namespace {

// Typed values out of TOML tables; every problem names the file, line and field.
class Reader : public TomlReader {
 public:
  using TomlReader::TomlReader;

  // An array of exactly `features` traits, each in [0, 65535].
  std::vector<Trait> culture(const toml::table& t, std::string_view key, const std::string& prefix,
                             int features) const {
    const toml::node* node = t.get(key);
    if (node == nullptr) return {};
    const toml::array* array = node->as_array();
    const std::string field = prefix + std::string(key);
    if (array == nullptr || static_cast<int>(array->size()) != features) {
      fail(node, field,
           "must be an array of " + std::to_string(features) + " traits (one per feature)");
    }
    std::vector<Trait> out;
    for (const auto& item : *array) {
      if (!item.is_integer()) fail(&item, field, "traits must be integers");
      const long long v = item.value<long long>().value();
      if (v < 0 || v > 65535) fail(&item, field, "traits must be between 0 and 65535");
      out.push_back(static_cast<Trait>(v));
    }
    return out;
  }

  // A table of country code → number in [lo, hi].
  std::map<std::string, double> by_country(const toml::table& t, std::string_view key,
                                           const std::string& prefix, double lo, double hi) const {
    const toml::node* node = t.get(key);
    if (node == nullptr) return {};
    const toml::table* table = node->as_table();
    const std::string field = prefix + std::string(key);
    if (table == nullptr) fail(node, field, "must be a table of country code = number");
    std::map<std::string, double> out;
    for (const auto& [code, value] : *table) {
      const std::string f = field + "." + std::string(code.str());
      if (!value.is_number()) fail(&value, f, "must be a number");
      const double v = value.value<double>().value();
      check_range(&value, f, v, lo, hi);
      out[std::string(code.str())] = v;
    }
    return out;
  }
};

std::string indexed(std::string_view key, std::size_t i) {
  return std::string(key) + "[" + std::to_string(i + 1) + "].";
}

void read_countries(const Reader& r, const toml::table& root, Scenario& s) {
  std::set<std::string> seen;
  const auto tables = r.tables(root, "country", "");
  if (tables.empty()) {
    r.fail(&root, "country", "the scenario needs at least one [[country]]");
  }
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const toml::table& t = *tables[i];
    const std::string p = indexed("country", i);
    r.check_keys(t, {"code", "name", "agents", "degree", "rewire", "cohesion", "culture"}, p);
    CountrySpec c;
    c.code = r.required_text(t, "code", p);
    if (!seen.insert(c.code).second) r.fail(t.get("code"), p + "code", "repeats '" + c.code + "'");
    c.name = r.text(t, "name", p).value_or(c.code);
    c.agents = static_cast<int>(r.integer(t, "agents", p, 1, 10'000'000).value_or(c.agents));
    c.degree = static_cast<int>(r.integer(t, "degree", p, 0, 1000).value_or(c.degree));
    if (c.degree % 2 != 0) r.fail(t.get("degree"), p + "degree", "must be even (a ring's k)");
    if (c.degree > 0 && c.degree >= c.agents - 1) {
      r.fail(t.get("degree") != nullptr ? t.get("degree") : &t, p + "degree",
             "must be less than agents − 1 (" + std::to_string(c.agents - 1) + ")");
    }
    c.rewire = r.number(t, "rewire", p, 0, 1).value_or(c.rewire);
    c.cohesion = r.number(t, "cohesion", p, 0, 1).value_or(c.cohesion);
    c.culture = r.culture(t, "culture", p, s.features);
    for (Trait v : c.culture) {
      if (s.init == InitialTraits::uniform && v >= s.traits) {
        r.fail(t.get("culture"), p + "culture",
               "traits must be below q = " + std::to_string(s.traits));
      }
    }
    s.countries.push_back(std::move(c));
  }
}

const toml::node* node_or(const toml::table& t, std::string_view key) {
  const toml::node* n = t.get(key);
  return n != nullptr ? n : &t;
}

void check_country(const Reader& r, const Scenario& s, const toml::node* node,
                   const std::string& field, const std::string& code) {
  for (const CountrySpec& c : s.countries) {
    if (c.code == code) return;
  }
  r.fail(node, field, "no country '" + code + "' in the scenario");
}

void read_ties(const Reader& r, const toml::table& root, Scenario& s) {
  const auto tables = r.tables(root, "ties", "");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const toml::table& t = *tables[i];
    const std::string p = indexed("ties", i);
    r.check_keys(t, {"between", "count"}, p);
    const auto between = r.texts(t, "between", p);
    if (between.size() != 2 || between[0] == between[1]) {
      r.fail(node_or(t, "between"), p + "between", "must name two different countries");
    }
    for (const std::string& code : between)
      check_country(r, s, t.get("between"), p + "between", code);
    TieSpec tie{between[0], between[1]};
    tie.count = static_cast<int>(r.integer(t, "count", p, 0, 100'000'000).value_or(0));
    s.ties.push_back(std::move(tie));
  }
}

void read_platforms(const Reader& r, const toml::table& root, Scenario& s) {
  std::set<std::string> seen;
  const auto tables = r.tables(root, "platform", "");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const toml::table& t = *tables[i];
    const std::string p = indexed("platform", i);
    r.check_keys(t, {"name", "attention", "amplification", "reach", "organic"}, p);
    PlatformSpec platform;
    platform.name = r.required_text(t, "name", p);
    if (!seen.insert(platform.name).second) {
      r.fail(t.get("name"), p + "name", "repeats '" + platform.name + "'");
    }
    platform.attention = r.number(t, "attention", p, 0, 1).value_or(platform.attention);
    platform.amplification =
        r.number(t, "amplification", p, 0, HUGE_VAL).value_or(platform.amplification);
    platform.reach = r.by_country(t, "reach", p, 0, 1);
    platform.organic = r.by_country(t, "organic", p, 0, HUGE_VAL);
    for (const auto& [code, v] : platform.reach) {
      check_country(r, s, t.get("reach"), fmt::format("{}reach.{}", p, code), code);
    }
    for (const auto& [code, v] : platform.organic) {
      check_country(r, s, t.get("organic"), fmt::format("{}organic.{}", p, code), code);
    }
    s.platforms.push_back(std::move(platform));
  }
}

void read_fields(const Reader& r, const toml::table& root, Scenario& s) {
  const auto tables = r.tables(root, "field", "");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const toml::table& t = *tables[i];
    const std::string p = indexed("field", i);
    r.check_keys(t, {"name", "strength", "culture", "countries"}, p);
    FieldSpec f;
    f.name = r.text(t, "name", p).value_or("field " + std::to_string(i + 1));
    f.strength = r.number(t, "strength", p, 0, 1).value_or(0);
    f.culture = r.culture(t, "culture", p, s.features);
    if (f.culture.empty()) r.fail(&t, p + "culture", "is required (one trait per feature)");
    f.countries = r.texts(t, "countries", p);
    for (const std::string& code : f.countries) {
      check_country(r, s, t.get("countries"), p + "countries", code);
    }
    s.fields.push_back(std::move(f));
  }
}

void read_exporters(const Reader& r, const toml::table& root, Scenario& s) {
  std::set<std::string> seen;
  const auto tables = r.tables(root, "exporter", "");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const toml::table& t = *tables[i];
    const std::string p = indexed("exporter", i);
    r.check_keys(t, {"country", "budget", "channel"}, p);
    ExporterSpec e;
    e.country = r.required_text(t, "country", p);
    check_country(r, s, t.get("country"), p + "country", e.country);
    if (!seen.insert(e.country).second) {
      r.fail(t.get("country"), p + "country", "repeats exporter '" + e.country + "'");
    }
    e.budget = r.number(t, "budget", p, 0, HUGE_VAL).value_or(0);
    double spent = 0;
    const auto channels = r.tables(t, "channel", p);
    for (std::size_t k = 0; k < channels.size(); ++k) {
      const toml::table& ct = *channels[k];
      const std::string cp = p + indexed("channel", k);
      r.check_keys(ct, {"kind", "target", "platform", "budget"}, cp);
      ChannelSpec c;
      const std::string kind = r.required_text(ct, "kind", cp);
      if (kind == "exchange") {
        c.kind = ChannelKind::exchange;
      } else if (kind == "campaign") {
        c.kind = ChannelKind::campaign;
      } else if (kind == "broadcast") {
        c.kind = ChannelKind::broadcast;
      } else {
        r.fail(ct.get("kind"), cp + "kind",
               "unknown channel '" + kind + "' (expected one of: exchange, campaign, broadcast)");
      }
      c.target = r.required_text(ct, "target", cp);
      check_country(r, s, ct.get("target"), cp + "target", c.target);
      if (c.target == e.country) {
        r.fail(ct.get("target"), cp + "target", "an exporter cannot target its own country");
      }
      if (c.kind == ChannelKind::campaign) {
        c.platform = r.required_text(ct, "platform", cp);
        const bool known = std::any_of(s.platforms.begin(), s.platforms.end(),
                                       [&](const PlatformSpec& x) { return x.name == c.platform; });
        if (!known) r.fail(ct.get("platform"), cp + "platform", "no platform '" + c.platform + "'");
      } else if (ct.get("platform") != nullptr) {
        r.fail(ct.get("platform"), cp + "platform", "only a campaign runs on a platform");
      }
      c.budget = r.number(ct, "budget", cp, 0, HUGE_VAL).value_or(0);
      spent += c.budget;
      e.channels.push_back(std::move(c));
    }
    if (spent > e.budget * (1 + 1e-12)) {
      std::ostringstream m;
      m << "the channels spend " << spent << ", more than the budget " << e.budget;
      r.fail(node_or(t, "budget"), p + "budget", m.str());
    }
    s.exporters.push_back(std::move(e));
  }
}

}  // namespace

Scenario parse_scenario(std::string_view toml_text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(toml_text, file);
  } catch (const toml::parse_error& e) {
    throw Error(Location{file, e.source().begin.line}, std::string(e.description()));
  }
  const Reader r(file);
  r.check_keys(root, {"scenario", "economics", "country", "ties", "platform", "field", "exporter"},
               "");
  Scenario s;
  s.file = file;
  const toml::node* head = root.get("scenario");
  if (head == nullptr || !head->is_table()) {
    r.fail(head, "scenario", "the file needs a [scenario] table");
  }
  const toml::table& t = *head->as_table();
  r.check_keys(t,
               {"name", "description", "features", "traits", "init", "events", "checkpoint_every"},
               "scenario.");
  s.name = r.required_text(t, "name", "scenario.");
  s.description = r.text(t, "description", "scenario.").value_or("");
  s.features =
      static_cast<int>(r.integer(t, "features", "scenario.", 1, 1000).value_or(s.features));
  s.traits = static_cast<int>(r.integer(t, "traits", "scenario.", 1, 60000).value_or(s.traits));
  if (auto init = r.text(t, "init", "scenario.")) {
    if (*init == "uniform") {
      s.init = InitialTraits::uniform;
    } else if (*init == "poisson") {
      s.init = InitialTraits::poisson;
    } else {
      r.fail(t.get("init"), "scenario.init",
             "unknown value '" + *init + "' (expected one of: uniform, poisson)");
    }
  }
  if (auto events = r.integer(t, "events", "scenario.", 1, 1'000'000'000'000LL)) {
    s.max_events = static_cast<std::uint64_t>(*events);
  }
  if (auto every = r.integer(t, "checkpoint_every", "scenario.", 1, 1'000'000'000'000LL)) {
    s.checkpoint_every = static_cast<std::uint64_t>(*every);
  }

  if (const toml::node* e = root.get("economics")) {
    if (!e->is_table()) r.fail(e, "economics", "must be a table");
    const toml::table& et = *e->as_table();
    r.check_keys(et, {"half_budget", "broadcast_strength", "exchange_ties"}, "economics.");
    s.economics.half_budget =
        r.number(et, "half_budget", "economics.", 1e-9, HUGE_VAL).value_or(s.economics.half_budget);
    s.economics.broadcast_strength = r.number(et, "broadcast_strength", "economics.", 0, 1)
                                         .value_or(s.economics.broadcast_strength);
    s.economics.exchange_ties =
        static_cast<int>(r.integer(et, "exchange_ties", "economics.", 0, 100'000'000)
                             .value_or(s.economics.exchange_ties));
  }
  read_countries(r, root, s);
  {
    std::int64_t agents = 0;
    const auto tables = r.tables(root, "country", "");
    for (std::size_t i = 0; i < s.countries.size(); ++i) {
      agents += s.countries[i].agents;
      if (agents > kMaxScenarioAgents) {
        r.fail(tables[i]->get("agents"), indexed("country", i) + "agents",
               "the countries' agents add up to more than " + std::to_string(kMaxScenarioAgents));
      }
    }
  }
  read_ties(r, root, s);
  read_platforms(r, root, s);
  read_fields(r, root, s);
  read_exporters(r, root, s);
  if (s.max_edges() > kMaxScenarioEdges) {
    r.fail(head, "scenario",
           "the network would have up to " + std::to_string(s.max_edges()) +
               " edges (rings, ties and exchanges), more than " +
               std::to_string(kMaxScenarioEdges));
  }
  return s;
}

Scenario load_scenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read the scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), path);
}

namespace {

// Stream numbers that keep the parts of a population independent of each other.
constexpr std::uint64_t kCultureStream = 1;
constexpr std::uint64_t kNationalStream = 2;
constexpr std::uint64_t kRingStream = 3;
constexpr std::uint64_t kTieStream = 4;
constexpr std::uint64_t kExchangeStream = 5;

std::uint64_t stream(std::uint64_t seed, std::uint64_t kind, std::uint64_t index) {
  return mix64(mix64(seed ^ mix64(kind)) + index);
}

void add_ties(const Population& pop, const Scenario& s, int a, int b, int count, Rng& rng,
              std::vector<std::pair<int, int>>& edges) {
  const auto na = static_cast<std::uint64_t>(s.countries[a].agents);
  const auto nb = static_cast<std::uint64_t>(s.countries[b].agents);
  for (int k = 0; k < count; ++k) {
    const int i = pop.first[a] + static_cast<int>(rng.below(na));
    const int j = pop.first[b] + static_cast<int>(rng.below(nb));
    edges.emplace_back(i, j);
  }
}

}  // namespace

Population build_population(const Scenario& s, std::uint64_t seed, const Progress* progress) {
  const auto check_cancelled = [&] {
    if (progress != nullptr && progress->cancelled()) throw Error("simulate: cancelled");
  };
  Population pop;
  if (s.agents() > kMaxScenarioAgents || s.max_edges() > kMaxScenarioEdges) {
    throw Error(s.file + ": more than " + std::to_string(kMaxScenarioAgents) + " agents or " +
                std::to_string(kMaxScenarioEdges) + " edges");
  }
  const auto n = static_cast<int>(s.agents());
  const int f = s.features;
  const int countries = static_cast<int>(s.countries.size());
  pop.country.resize(n);
  int next = 0;
  for (int c = 0; c < countries; ++c) {
    pop.first.push_back(next);
    std::fill_n(pop.country.begin() + next, s.countries[c].agents, c);
    next += s.countries[c].agents;
  }
  // Background traits from the scenario's law, then each trait replaced by the national one
  // with probability `cohesion`.
  pop.culture = random_culture(n, f, s.traits, s.init, stream(seed, kCultureStream, 0));
  pop.vectors.resize(countries);
  for (int c = 0; c < countries; ++c) {
    const CountrySpec& spec = s.countries[c];
    std::vector<Trait> national = spec.culture;
    if (national.empty()) {
      Rng rng(stream(seed, kNationalStream, c));
      for (int k = 0; k < f; ++k) national.push_back(static_cast<Trait>(rng.below(s.traits)));
    }
    Rng rng(stream(seed, kNationalStream + 100, c));
    for (int i = pop.first[c]; i < pop.first[c] + spec.agents; ++i) {
      Trait* a = pop.culture.agent(i);
      for (int k = 0; k < f; ++k) {
        if (rng.uniform() < spec.cohesion) a[k] = national[k];
      }
    }
    if (!spec.culture.empty()) {
      pop.vectors[c] = spec.culture;
      continue;
    }
    // The mode of each feature among the country's initial agents (smallest trait on ties).
    std::vector<Trait> mode(f);
    std::map<Trait, int> counts;
    for (int k = 0; k < f; ++k) {
      check_cancelled();
      counts.clear();
      for (int i = pop.first[c]; i < pop.first[c] + spec.agents; ++i)
        ++counts[pop.culture.agent(i)[k]];
      int best = -1;
      for (const auto& [trait, count] : counts) {
        if (count > best) {
          best = count;
          mode[k] = trait;
        }
      }
    }
    pop.vectors[c] = std::move(mode);
  }

  std::vector<std::pair<int, int>> edges;
  for (int c = 0; c < countries; ++c) {
    const CountrySpec& spec = s.countries[c];
    if (spec.degree == 0 || spec.agents < 2) continue;
    const Graph ring =
        small_world(spec.agents, spec.degree, spec.rewire, stream(seed, kRingStream, c), progress);
    for (int i = 0; i < ring.size(); ++i) {
      for (int j : ring.of(i)) {
        if (i < j) edges.emplace_back(pop.first[c] + i, pop.first[c] + j);
      }
    }
  }
  for (std::size_t t = 0; t < s.ties.size(); ++t) {
    Rng rng(stream(seed, kTieStream, t));
    add_ties(pop, s, s.country_index(s.ties[t].a), s.country_index(s.ties[t].b), s.ties[t].count,
             rng, edges);
  }
  std::uint64_t channel = 0;
  for (const ExporterSpec& e : s.exporters) {
    const int from = s.country_index(e.country);
    for (const ChannelSpec& c : e.channels) {
      const std::uint64_t id = channel++;
      if (c.kind != ChannelKind::exchange) continue;
      const int ties = static_cast<int>(
          std::lround(s.economics.exchange_ties * s.economics.saturation(c.budget)));
      pop.exchange_ties.push_back(ties);
      Rng rng(stream(seed, kExchangeStream, id));
      add_ties(pop, s, from, s.country_index(c.target), ties, rng, edges);
    }
  }
  check_cancelled();
  pop.graph = from_edges(n, edges, progress);
  return pop;
}

}  // namespace softpower::diffusion
