#pragma once
// Abadie, Diamond and Hainmueller (2010)'s California data
// (../shared/data/evaluation/smoking_abadie2010.csv) as a SynthPanel with the predictors of
// their Table 1. No GoogleTest here, so the benchmarks use it too.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "softpower/core/table.hpp"
#include "softpower/evaluation/synth.hpp"

namespace softpower::testing {

struct Smoking {
  evaluation::SynthPanel panel;
  std::vector<std::string> states;  ///< alphabetical: column u is states[u]
  Eigen::Index california = 0;
};

// The predictors of the paper's Table 1 (the order of Synth's X0 rows): lnincome, age15to24
// and retprice averaged over 1980–1988, beer over 1984–1988 (missing years skipped, as
// dataprep's mean), cigsale in 1975, 1980 and 1988; outcomes cigsale 1970–2000, 19 pre-periods.
inline Smoking load_smoking(const std::filesystem::path& data) {
  const Table t = read_csv(data / "evaluation" / "smoking_abadie2010.csv");
  std::map<std::string, std::map<int, std::size_t>> row_of;
  for (std::size_t r = 0; r < t.size(); ++r) {
    row_of[t.cell(r, t.column("state"))][static_cast<int>(t.number(r, t.column("year")))] = r;
  }
  Smoking s;
  for (const auto& [state, rows] : row_of) s.states.push_back(state);
  const auto n = static_cast<Eigen::Index>(s.states.size());
  s.california = std::find(s.states.begin(), s.states.end(), "California") - s.states.begin();
  const auto mean = [&](const std::string& state, const char* column, int from, int to) {
    double sum = 0;
    int count = 0;
    for (int y = from; y <= to; ++y) {
      const double v = t.number(row_of[state].at(y), t.column(column));
      if (!std::isnan(v)) {
        sum += v;
        ++count;
      }
    }
    return sum / count;
  };
  s.panel.predictors.resize(7, n);
  s.panel.outcomes.resize(31, n);
  s.panel.pre_periods = 19;
  for (Eigen::Index u = 0; u < n; ++u) {
    const std::string& st = s.states[static_cast<std::size_t>(u)];
    s.panel.predictors.col(u) << mean(st, "lnincome", 1980, 1988),
        mean(st, "age15to24", 1980, 1988), mean(st, "retprice", 1980, 1988),
        mean(st, "beer", 1984, 1988), mean(st, "cigsale", 1975, 1975),
        mean(st, "cigsale", 1980, 1980), mean(st, "cigsale", 1988, 1988);
    for (int y = 1970; y <= 2000; ++y) s.panel.outcomes(y - 1970, u) = mean(st, "cigsale", y, y);
  }
  return s;
}

}  // namespace softpower::testing
