#include "softpower/evaluation/panel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>

#include "softpower/core/error.hpp"

namespace softpower::evaluation {
namespace {

constexpr double kLargestWholeTime = 9.0e15;  // below 2^53: every whole number is exact

std::string unit_name(std::string_view unit) {
  return "'" + printable(unit) + "'";
}

Location row_location(const LongPanel& panel, std::size_t row, const char* field) {
  return Location{panel.source, row < panel.line.size() ? panel.line[row] : 0, field};
}

}  // namespace

LongPanel long_panel(const Table& table, const PanelColumns& columns) {
  const std::size_t unit = table.column(columns.unit);
  const std::size_t time = table.column(columns.time);
  const std::size_t outcome = table.column(columns.outcome);
  const std::size_t treatment = table.column(columns.treatment);
  LongPanel panel;
  panel.source = table.source;
  const std::size_t n = table.size();
  panel.unit.reserve(n);
  panel.time.reserve(n);
  panel.outcome.reserve(n);
  panel.treatment.reserve(n);
  panel.line = table.lines;
  for (std::size_t r = 0; r < n; ++r) {
    if (table.cell(r, unit).empty()) throw Error(table.where(r, unit), "the unit is empty");
    const double t = table.number(r, time);
    if (!(std::abs(t) <= kLargestWholeTime) || t != std::floor(t)) {
      throw Error(table.where(r, time),
                  "a period must be a whole number, not '" + printable(table.cell(r, time)) + "'");
    }
    const double d = table.number(r, treatment);
    if (std::isnan(d)) throw Error(table.where(r, treatment), "the treatment is missing");
    panel.unit.push_back(table.cell(r, unit));
    panel.time.push_back(static_cast<long long>(t));
    panel.outcome.push_back(table.number(r, outcome));
    panel.treatment.push_back(d);
  }
  return panel;
}

BalancedPanel balance(const LongPanel& panel, TreatmentCoding coding, double never_value) {
  const std::size_t n = panel.size();
  if (n == 0) throw Error(Location{panel.source, 0, ""}, "the panel has no rows");
  BalancedPanel out;
  std::unordered_map<std::string, std::size_t> unit_index;
  std::vector<std::size_t> unit_of(n);
  for (std::size_t r = 0; r < n; ++r) {
    const auto [it, added] = unit_index.try_emplace(panel.unit[r], out.units.size());
    if (added) out.units.push_back(panel.unit[r]);
    unit_of[r] = it->second;
  }
  out.times = panel.time;
  std::sort(out.times.begin(), out.times.end());
  out.times.erase(std::unique(out.times.begin(), out.times.end()), out.times.end());
  const std::size_t units = out.units.size();
  const std::size_t times = out.times.size();
  const auto period_of = [&](long long t) {
    return static_cast<std::size_t>(std::lower_bound(out.times.begin(), out.times.end(), t) -
                                    out.times.begin());
  };

  // Place each row in the grid; a second row for one unit-period is an error.
  constexpr std::size_t kEmpty = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> row_at(units * times, kEmpty);
  for (std::size_t r = 0; r < n; ++r) {
    std::size_t& slot = row_at[unit_of[r] * times + period_of(panel.time[r])];
    if (slot != kEmpty) {
      const std::size_t first = slot < panel.line.size() ? panel.line[slot] : 0;
      throw Error(row_location(panel, r, "unit"),
                  "unit " + unit_name(panel.unit[r]) + " has a second row for period " +
                      std::to_string(panel.time[r]) +
                      (first > 0 ? " (the first is on line " + std::to_string(first) + ")" : ""));
    }
    slot = r;
  }
  out.y.resize(static_cast<Eigen::Index>(units), static_cast<Eigen::Index>(times));
  for (std::size_t i = 0; i < units; ++i) {
    for (std::size_t t = 0; t < times; ++t) {
      const std::size_t r = row_at[i * times + t];
      if (r == kEmpty) {
        throw Error(Location{panel.source, 0, "unit"},
                    "unbalanced panel: unit " + unit_name(out.units[i]) +
                        " has no row for period " + std::to_string(out.times[t]) +
                        " (every unit must be observed in all " + std::to_string(times) +
                        " periods)");
      }
      if (std::isnan(panel.outcome[r])) {
        throw Error(row_location(panel, r, "outcome"),
                    "unit " + unit_name(out.units[i]) + " has no outcome in period " +
                        std::to_string(out.times[t]) + " (a balanced panel is required)");
      }
      out.y(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(t)) = panel.outcome[r];
    }
  }

  // Each unit's cohort, from its rows in time order.
  out.cohort.assign(units, std::nullopt);
  for (std::size_t i = 0; i < units; ++i) {
    for (std::size_t t = 0; t < times; ++t) {
      const std::size_t r = row_at[i * times + t];
      const double d = panel.treatment[r];
      if (coding == TreatmentCoding::indicator) {
        if (d != 0 && d != 1) {
          throw Error(row_location(panel, r, "treatment"),
                      "the treatment of unit " + unit_name(out.units[i]) + " in period " +
                          std::to_string(out.times[t]) + " is " + format_number(d) +
                          "; it must be 0 or 1");
        }
        if (d == 1 && !out.cohort[i]) out.cohort[i] = out.times[t];
        if (d == 0 && out.cohort[i]) {
          throw Error(row_location(panel, r, "treatment"),
                      "the treatment switches off: unit " + unit_name(out.units[i]) +
                          " is treated from period " + std::to_string(*out.cohort[i]) +
                          " but not in period " + std::to_string(out.times[t]) +
                          " (the estimators need treatment to stay on once it starts)");
        }
        continue;
      }
      const std::size_t first = row_at[i * times];
      if (d != panel.treatment[first]) {
        throw Error(row_location(panel, r, "treatment"),
                    "the cohort of unit " + unit_name(out.units[i]) + " is " + format_number(d) +
                        " in period " + std::to_string(out.times[t]) + " but " +
                        format_number(panel.treatment[first]) + " in period " +
                        std::to_string(out.times[0]) + "; it must be the same on every row");
      }
      if (t > 0) continue;
      if (d == never_value) continue;
      if (d != std::floor(d) || !(std::abs(d) <= kLargestWholeTime)) {
        throw Error(row_location(panel, r, "treatment"),
                    "the cohort of unit " + unit_name(out.units[i]) + " is " + format_number(d) +
                        "; it must be a whole period or " + format_number(never_value) +
                        " for never treated");
      }
      const auto g = static_cast<long long>(d);
      if (g <= out.times.back()) out.cohort[i] = g;
    }
  }
  return out;
}

void require_never_treated(const BalancedPanel& panel, std::string_view why) {
  std::size_t last = 0;
  for (std::size_t i = 0; i < panel.n_units(); ++i) {
    if (!panel.cohort[i]) return;
    if (*panel.cohort[i] > *panel.cohort[last]) last = i;
  }
  throw Error(Location{"", 0, "treatment"},
              std::string(why) +
                  " needs never-treated units, but every unit is treated by period " +
                  std::to_string(*panel.cohort[last]) + " (the last is unit " +
                  unit_name(panel.units[last]) + ", from period " +
                  std::to_string(*panel.cohort[last]) + ")");
}

void require_pre_periods(const BalancedPanel& panel, std::size_t minimum, std::string_view why) {
  for (std::size_t i = 0; i < panel.n_units(); ++i) {
    if (!panel.cohort[i]) continue;
    const auto before = static_cast<std::size_t>(
        std::lower_bound(panel.times.begin(), panel.times.end(), *panel.cohort[i]) -
        panel.times.begin());
    if (before < minimum) {
      throw Error(Location{"", 0, "treatment"},
                  std::string(why) + " needs at least " + std::to_string(minimum) +
                      " periods before treatment, but unit " + unit_name(panel.units[i]) +
                      ", first treated in period " + std::to_string(*panel.cohort[i]) + ", has " +
                      std::to_string(before) +
                      (before > 0 ? " (from period " + std::to_string(panel.times[0]) + ")" : ""));
    }
  }
}

long long require_one_adoption(const BalancedPanel& panel, std::string_view why) {
  std::optional<std::size_t> first;
  for (std::size_t i = 0; i < panel.n_units(); ++i) {
    if (!panel.cohort[i]) continue;
    if (!first) {
      first = i;
    } else if (*panel.cohort[i] != *panel.cohort[*first]) {
      throw Error(Location{"", 0, "treatment"},
                  std::string(why) + " needs all treated units to start in one period, but unit " +
                      unit_name(panel.units[*first]) + " starts in " +
                      std::to_string(*panel.cohort[*first]) + " and unit " +
                      unit_name(panel.units[i]) + " in " + std::to_string(*panel.cohort[i]));
    }
  }
  if (!first) throw Error(Location{"", 0, "treatment"}, std::string(why) + " needs treated units");
  return *panel.cohort[*first];
}

Eigen::MatrixXd treatment_matrix(const BalancedPanel& panel) {
  Eigen::MatrixXd d(static_cast<Eigen::Index>(panel.n_units()),
                    static_cast<Eigen::Index>(panel.n_times()));
  for (std::size_t i = 0; i < panel.n_units(); ++i) {
    for (std::size_t t = 0; t < panel.n_times(); ++t) {
      d(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(t)) = panel.treated(i, t) ? 1 : 0;
    }
  }
  return d;
}

Eigen::VectorXd unit_major(const Eigen::MatrixXd& z) {
  Eigen::VectorXd out(z.size());
  for (Eigen::Index i = 0; i < z.rows(); ++i) {
    out.segment(i * z.cols(), z.cols()) = z.row(i).transpose();
  }
  return out;
}

Eigen::VectorXd two_way_demeaned(const Eigen::MatrixXd& z) {
  const Eigen::VectorXd unit_mean = z.rowwise().mean();
  const Eigen::RowVectorXd time_mean = z.colwise().mean();
  const double grand = z.mean();
  Eigen::VectorXd out(z.size());
  for (Eigen::Index i = 0; i < z.rows(); ++i) {
    for (Eigen::Index t = 0; t < z.cols(); ++t) {
      out(i * z.cols() + t) = z(i, t) - unit_mean(i) - time_mean(t) + grand;
    }
  }
  return out;
}

BlockPanel block_panel(const BalancedPanel& panel) {
  constexpr std::string_view why = "a synthetic control";
  require_never_treated(panel, why);
  const long long start = require_one_adoption(panel, why);
  require_pre_periods(panel, 2, why);
  BlockPanel out;
  out.times = panel.times;
  out.t0 = static_cast<std::size_t>(
      std::lower_bound(panel.times.begin(), panel.times.end(), start) - panel.times.begin());
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < panel.n_units(); ++i) {
    if (!panel.cohort[i]) order.push_back(i);
  }
  out.n0 = order.size();
  for (std::size_t i = 0; i < panel.n_units(); ++i) {
    if (panel.cohort[i]) order.push_back(i);
  }
  out.y.resize(panel.y.rows(), panel.y.cols());
  for (std::size_t r = 0; r < order.size(); ++r) {
    out.y.row(static_cast<Eigen::Index>(r)) = panel.y.row(static_cast<Eigen::Index>(order[r]));
    out.units.push_back(panel.units[order[r]]);
  }
  return out;
}

}  // namespace softpower::evaluation
