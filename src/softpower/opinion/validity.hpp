#pragma once
// Convergent validity of a poll series: does a public's opinion of a country go with another
// measure of its country's relation to it (its government's agreement with it at the UN, its
// media's tone toward it)? Pearson correlations per year, pooled over every country-year,
// within countries (each country's values less its own mean, pooled) and net of country and
// year effects (two-way: what is left when common shocks of a year are taken out too), each with a
// percentile bootstrap interval that resamples countries (Efron and Tibshirani 1993, ch. 13;
// whole countries, so that the years of one country stay together). docs/opinion.md.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace softpower::opinion {

/// The two measures for one country and year.
struct PairedValue {
  std::string country;
  int year = 0;
  double opinion = 0;  ///< the poll figure
  double other = 0;    ///< the measure compared with it
};

struct ValidityOptions {
  std::size_t replicates = 2000;
  std::uint64_t seed = 1;
  double level = 0.95;
  std::size_t min_countries = 5;  ///< years with fewer countries get no correlation
};

enum class Scope { year, pooled, within, two_way };
const char* scope_name(Scope scope);

struct Correlation {
  Scope scope = Scope::year;
  int year = 0;  ///< for Scope::year
  std::size_t countries = 0;
  std::size_t pairs = 0;       ///< country-years
  double r = 0;                ///< Pearson's r
  double lo = 0, hi = 0;       ///< the bootstrap interval (NaN when no replicate had an r)
  std::size_t replicates = 0;  ///< replicates with a defined r (all countries the same: none)
};

/// Per year (ascending, years with at least min_countries countries), then pooled, then
/// within countries and two-way (both over the countries with at least two years). Throws Error for
/// a pair given twice or non-finite values.
std::vector<Correlation> convergent_validity(const std::vector<PairedValue>& pairs,
                                             const ValidityOptions& options = {});

}  // namespace softpower::opinion
