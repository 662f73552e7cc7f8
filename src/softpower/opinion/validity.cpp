#include "softpower/opinion/validity.hpp"

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

// Pearson's r over the clusters drawn; `within` takes each value less its country's mean.
double correlation(const Clusters& clusters, const std::vector<std::size_t>& drawn, bool within) {
  std::vector<double> x, y;
  for (std::size_t c : drawn) {
    double mx = 0, my = 0;
    if (within) {
      for (const PairedValue* p : clusters[c]) mx += p->opinion, my += p->other;
      mx /= static_cast<double>(clusters[c].size());
      my /= static_cast<double>(clusters[c].size());
    }
    for (const PairedValue* p : clusters[c]) {
      x.push_back(p->opinion - mx);
      y.push_back(p->other - my);
    }
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
  const bool within = scope == Scope::within;
  out.r = correlation(clusters, all, within);
  Rng rng(seed_of(options.seed, stream));
  std::vector<double> rs;
  std::vector<std::size_t> drawn(clusters.size());
  for (std::size_t b = 0; b < options.replicates; ++b) {
    for (std::size_t& d : drawn) d = rng.below(clusters.size());
    const double r = correlation(clusters, drawn, within);
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
  }
  return out;
}

}  // namespace softpower::opinion
