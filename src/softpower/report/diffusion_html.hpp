#pragma once
// simulation.html: the page `softpower simulate` writes. Regions and the largest region over
// time with their 95% bands, each country's attraction to each exporter's culture over time,
// the trade-off between attraction and homogenisation at the end, and the matrix of cultural
// flows between countries with their asymmetry.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "softpower/diffusion/ensemble.hpp"

namespace softpower::report {

/// One exporter's pull on one country at the end of a scenario's runs (for comparisons).
struct ComparisonRow {
  std::string scenario, country, exporter;
  diffusion::Interval attraction_start, attraction, homogenisation, diversity_drop, asymmetry;
};

struct DiffusionPage {
  std::string title, description;
  const diffusion::Ensemble* ensemble = nullptr;
  const std::vector<std::vector<diffusion::Interval>>* over_time = nullptr;  ///< per grid point
  const std::vector<diffusion::Interval>* at_end = nullptr;                  ///< per measure
  std::vector<std::string> countries;  ///< codes, in scenario order (empty: the plain model)
  std::vector<std::string> exporters;  ///< codes
  std::map<std::string, std::string> names;
  int runs = 0;
  std::uint64_t seed = 0;
  /// With --compare: rows of this scenario and the other, shown side by side.
  std::vector<ComparisonRow> comparison;
};

std::string diffusion_html(const DiffusionPage& page);

}  // namespace softpower::report
