#include "softpower/opinion/validity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "softpower/core/error.hpp"
#include "softpower/core/random.hpp"
#include "softpower/core/stats.hpp"

namespace softpower::opinion {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Countries with their pairs, each country a cluster the bootstrap draws whole.
using Clusters = std::vector<std::vector<const PairedValue*>>;

// Subtracts from `v` the mean of each group `group[i]` (0 .. groups - 1); returns the largest
// mean subtracted.
double demean(std::vector<double>& v, const std::vector<std::size_t>& group, std::size_t groups) {
  std::vector<double> sum(groups, 0.0), count(groups, 0.0);
  for (std::size_t i = 0; i < v.size(); ++i) sum[group[i]] += v[i], count[group[i]] += 1;
  double largest = 0;
  for (std::size_t g = 0; g < groups; ++g) {
    if (count[g] > 0) sum[g] /= count[g];
    largest = std::max(largest, std::abs(sum[g]));
  }
  for (std::size_t i = 0; i < v.size(); ++i) v[i] -= sum[group[i]];
  return largest;
}

// The residuals of v on country and year effects: demeaning by one and then the other until
// nothing is left to take (alternating projections converge to the least-squares residuals,
// also in an unbalanced panel: Guimarães and Portugal 2010).
void remove_two_way_effects(std::vector<double>& v, const std::vector<std::size_t>& country,
                            std::size_t countries, const std::vector<std::size_t>& year,
                            std::size_t years) {
  constexpr int kMaxRounds = 100000;
  for (int round = 0; round < kMaxRounds; ++round) {
    const double a = demean(v, country, countries);
    const double b = demean(v, year, years);
    if (std::max(a, b) < 1e-13) return;
  }
  throw Error("convergent validity: the two-way demeaning did not converge");
}

// Pearson's r over the clusters drawn, each draw its own country (a country drawn twice is two
// countries); `within` takes each value less its country's mean, `two_way` less its country's
// and its year's effects.
double correlation(const Clusters& clusters, const std::vector<std::size_t>& drawn, Scope scope) {
  std::vector<double> x, y;
  std::vector<std::size_t> country, year;
  std::map<int, std::size_t> year_index;
  for (std::size_t k = 0; k < drawn.size(); ++k) {
    for (const PairedValue* p : clusters[drawn[k]]) {
      x.push_back(p->opinion);
      y.push_back(p->other);
      country.push_back(k);
      year.push_back(year_index.emplace(p->year, year_index.size()).first->second);
    }
  }
  if (scope == Scope::within) {
    demean(x, country, drawn.size());
    demean(y, country, drawn.size());
  } else if (scope == Scope::two_way) {
    remove_two_way_effects(x, country, drawn.size(), year, year_index.size());
    remove_two_way_effects(y, country, drawn.size(), year, year_index.size());
  }
  return stats::pearson(x, y);
}

Correlation estimate(Scope scope, int year, const Clusters& clusters,
                     const ValidityOptions& options, std::uint64_t stream) {
  Correlation out;
  out.scope = scope;
  out.year = year;
  out.countries = clusters.size();
  for (const auto& c : clusters) out.pairs += c.size();
  std::vector<std::size_t> all(clusters.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  out.r = correlation(clusters, all, scope);
  Rng rng(seed_of(options.seed, stream));
  std::vector<double> rs;
  std::vector<std::size_t> drawn(clusters.size());
  for (std::size_t b = 0; b < options.replicates; ++b) {
    for (std::size_t& d : drawn) d = rng.below(clusters.size());
    const double r = correlation(clusters, drawn, scope);
    if (!std::isnan(r)) rs.push_back(r);
  }
  out.replicates = rs.size();
  const double tail = (1 - options.level) / 2;
  out.lo = rs.empty() ? kNaN : stats::quantile(rs, tail);
  out.hi = rs.empty() ? kNaN : stats::quantile(rs, 1 - tail);
  return out;
}

}  // namespace

const char* scope_name(Scope scope) {
  switch (scope) {
    case Scope::year:
      return "year";
    case Scope::pooled:
      return "pooled";
    case Scope::within:
      return "within";
    case Scope::two_way:
      return "two_way";
  }
  return "";
}

std::vector<Correlation> convergent_validity(const std::vector<PairedValue>& pairs,
                                             const ValidityOptions& options) {
  std::map<std::string, std::vector<const PairedValue*>> by_country;
  std::map<int, std::vector<const PairedValue*>> by_year;
  std::set<std::pair<std::string, int>> seen;
  for (const PairedValue& p : pairs) {
    if (!std::isfinite(p.opinion) || !std::isfinite(p.other)) {
      throw Error("convergent validity: " + p.country + " " + std::to_string(p.year) +
                  ": values must be finite");
    }
    if (!seen.emplace(p.country, p.year).second) {
      throw Error("convergent validity: " + p.country + " " + std::to_string(p.year) +
                  " given twice");
    }
    by_country[p.country].push_back(&p);
    by_year[p.year].push_back(&p);
  }
  std::vector<Correlation> out;
  for (const auto& [year, members] : by_year) {
    if (members.size() < options.min_countries) continue;
    Clusters clusters;
    for (const PairedValue* p : members) clusters.push_back({p});
    out.push_back(estimate(Scope::year, year, clusters, options, static_cast<std::uint64_t>(year)));
  }
  Clusters countries, repeated;
  for (const auto& [country, members] : by_country) {
    countries.push_back(members);
    if (members.size() >= 2) repeated.push_back(members);
  }
  if (countries.size() >= options.min_countries) {
    out.push_back(estimate(Scope::pooled, 0, countries, options, 1));
  }
  if (repeated.size() >= options.min_countries) {
    out.push_back(estimate(Scope::within, 0, repeated, options, 2));
    out.push_back(estimate(Scope::two_way, 0, repeated, options, 3));
  }
  return out;
}

}  // namespace softpower::opinion
