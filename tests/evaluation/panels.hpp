#pragma once
// The panels and stored reference values the evaluation tests share: mpdta (Callaway and
// Sant'Anna's county example, from ../shared/data), the simulated panels of
// tests/reference/evaluation/, and the rows of an expected CSV.

#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "softpower/core/table.hpp"
#include "softpower/evaluation/panel.hpp"
#include "support/paths.hpp"

namespace softpower::evaluation::testing {

inline std::filesystem::path reference_dir() {
  return softpower::testing::source_dir() / "tests" / "reference" / "evaluation";
}

/// mpdta: log teen employment of 500 counties, 2003-2007, cohorts 2004, 2006, 2007 and never.
inline LongPanel mpdta(const std::filesystem::path& data) {
  return long_panel(read_csv(data / "evaluation" / "mpdta.csv"),
                    PanelColumns{"countyreal", "year", "lemp", "first.treat"});
}

/// A panel stored under tests/reference/evaluation/ with columns unit, period, y, cohort.
inline LongPanel stored_panel(const std::string& name) {
  return long_panel(read_csv(reference_dir() / name),
                    PanelColumns{"unit", "period", "y", "cohort"});
}

/// The rows of `panel` for which `keep(unit, time, treatment)` holds.
inline LongPanel rows_where(
    const LongPanel& panel,
    const std::function<bool(const std::string&, long long, double)>& keep) {
  LongPanel out;
  out.source = panel.source;
  for (std::size_t r = 0; r < panel.size(); ++r) {
    if (!keep(panel.unit[r], panel.time[r], panel.treatment[r])) continue;
    out.unit.push_back(panel.unit[r]);
    out.time.push_back(panel.time[r]);
    out.outcome.push_back(panel.outcome[r]);
    out.treatment.push_back(panel.treatment[r]);
    if (r < panel.line.size()) out.line.push_back(panel.line[r]);
  }
  return out;
}

/// An expected CSV as a map from its key columns (joined by '|') to its row's numbers.
inline std::map<std::string, std::map<std::string, double>> expected_rows(
    const std::filesystem::path& path, const std::vector<std::string>& key) {
  const Table t = read_csv(path);
  std::map<std::string, std::map<std::string, double>> out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    std::string k;
    for (const std::string& c : key) k += (k.empty() ? "" : "|") + t.cell(r, t.column(c));
    auto& row = out[k];
    for (std::size_t c = 0; c < t.header.size(); ++c) {
      double v = 0;
      if (parse_double(t.cell(r, c), v) == NumberText::number) row[t.header[c]] = v;
    }
  }
  return out;
}

}  // namespace softpower::evaluation::testing
