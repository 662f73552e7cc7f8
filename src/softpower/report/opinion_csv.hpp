#pragma once
// The CSV tables of the opinion operations (docs/opinion.md): opinion.csv of `opinion series`,
// shifts.csv of `opinion shifts`, validity.csv and pairs.csv of `opinion validity`.

#include <string>
#include <vector>

#include "softpower/opinion/series.hpp"
#include "softpower/opinion/validity.hpp"

namespace softpower::report {

// Each file's columns are spelled once, by the function named after it.

/// opinion.csv: year, public, object, measure, value.
const std::vector<std::string>& opinion_columns();
/// shifts.csv: public, object, measure, year, previous_year, before, after, change, penalty.
const std::vector<std::string>& opinion_shifts_columns();
/// validity.csv: scope, year, countries, pairs, r, lo, hi, replicates.
const std::vector<std::string>& validity_columns();
/// pairs.csv: country, year, opinion, then the compared measure's name.
std::vector<std::string> validity_pairs_columns(const std::string& other);

std::string opinion_csv(const std::vector<opinion::PollValue>& values);

struct SeriesShifts {
  const opinion::PublicSeries* series = nullptr;
  opinion::PublicShifts shifts;
};
std::string opinion_shifts_csv(const std::vector<SeriesShifts>& found);

std::string validity_csv(const std::vector<opinion::Correlation>& correlations);
std::string validity_pairs_csv(const std::vector<opinion::PairedValue>& pairs,
                               const std::string& other);

}  // namespace softpower::report
