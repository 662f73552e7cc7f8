#pragma once
// California's Proposition 99 panel (../shared/data/evaluation/california_prop99.csv) as
// synthdid's panel.matrices arranges it: the 38 control states in alphabetical order, then
// the treated ones; 1970–2000, treatment from 1989 (T0 = 19). No GoogleTest here, so the
// benchmarks use it too.

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"
#include "softpower/evaluation/synthdid.hpp"

namespace softpower::testing {

struct Prop99 {
  evaluation::SynthdidPanel panel;
  std::vector<std::string> units;  ///< row names
  std::vector<int> years;          ///< column names
};

/// The panel with `treated` (in this order) as the treated block; empty: the states the
/// file marks treated (California).
inline Prop99 load_prop99(const std::filesystem::path& data,
                          std::vector<std::string> treated = {}) {
  const Table t = read_csv(data / "evaluation" / "california_prop99.csv");
  const std::size_t state = t.column("State");
  const std::size_t year = t.column("Year");
  const std::size_t packs = t.column("PacksPerCapita");
  const std::size_t flag = t.column("treated");
  std::map<std::string, std::map<int, double>> values;
  int first_treated = 0;
  std::vector<std::string> marked;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const auto y = static_cast<int>(t.number(r, year));
    values[t.cell(r, state)][y] = t.number(r, packs);
    if (t.number(r, flag) == 1) {
      if (first_treated == 0 || y < first_treated) first_treated = y;
      if (std::find(marked.begin(), marked.end(), t.cell(r, state)) == marked.end()) {
        marked.push_back(t.cell(r, state));
      }
    }
  }
  if (treated.empty()) treated = marked;
  Prop99 p;
  for (const auto& [name, by_year] : values) {
    if (std::find(treated.begin(), treated.end(), name) == treated.end()) p.units.push_back(name);
  }
  const auto controls = static_cast<Eigen::Index>(p.units.size());
  p.units.insert(p.units.end(), treated.begin(), treated.end());
  for (const auto& [y, v] : values.begin()->second) p.years.push_back(y);
  p.panel.y.resize(static_cast<Eigen::Index>(p.units.size()),
                   static_cast<Eigen::Index>(p.years.size()));
  for (std::size_t i = 0; i < p.units.size(); ++i) {
    for (std::size_t j = 0; j < p.years.size(); ++j) {
      p.panel.y(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          values.at(p.units[i]).at(p.years[j]);
    }
  }
  p.panel.n0 = controls;
  p.panel.t0 = static_cast<Eigen::Index>(std::find(p.years.begin(), p.years.end(), first_treated) -
                                         p.years.begin());
  return p;
}

}  // namespace softpower::testing
