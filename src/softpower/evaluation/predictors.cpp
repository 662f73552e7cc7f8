#include "softpower/evaluation/predictors.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

#include "softpower/core/error.hpp"

namespace softpower::evaluation {

namespace {

std::string period_range(long long first, long long last) {
  return first == last ? std::to_string(first) : std::to_string(first) + "–" + std::to_string(last);
}

}  // namespace

Eigen::MatrixXd covariate_predictors(const Table& table, const std::string& unit_col,
                                     const std::string& time_col,
                                     const std::vector<std::string>& covariates,
                                     const BlockPanel& block, std::optional<long long> from) {
  const long long last = block.times.at(block.t0 - 1);
  const long long first = from ? std::max(*from, block.times.front()) : block.times.front();
  if (first > last) {
    throw Error("covariates averaged from " + std::to_string(first) +
                ": there is no pre-treatment period from then on (the last is " +
                std::to_string(last) + ")");
  }
  std::vector<std::size_t> columns;
  for (const std::string& name : covariates) {
    const std::optional<std::size_t> c = table.find_column(name);
    if (!c) throw Error(Location{table.source, 0, name}, "the panel has no covariate column");
    columns.push_back(*c);
  }
  const std::size_t unit = table.column(unit_col);
  const std::size_t time = table.column(time_col);
  std::unordered_map<std::string, Eigen::Index> unit_index;
  for (std::size_t u = 0; u < block.units.size(); ++u)
    unit_index.emplace(block.units[u], static_cast<Eigen::Index>(u));

  const auto k = static_cast<Eigen::Index>(covariates.size());
  const auto n = static_cast<Eigen::Index>(block.units.size());
  Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(k, n);
  Eigen::MatrixXi count = Eigen::MatrixXi::Zero(k, n);
  for (std::size_t r = 0; r < table.size(); ++r) {
    const auto u = unit_index.find(table.cell(r, unit));
    if (u == unit_index.end()) continue;
    const double t = table.number(r, time);
    if (!(t >= static_cast<double>(first) && t <= static_cast<double>(last))) continue;
    for (Eigen::Index c = 0; c < k; ++c) {
      const double v = table.number(r, columns[static_cast<std::size_t>(c)]);
      if (std::isnan(v)) continue;
      sum(c, u->second) += v;
      ++count(c, u->second);
    }
  }
  for (Eigen::Index u = 0; u < n; ++u) {
    for (Eigen::Index c = 0; c < k; ++c) {
      if (count(c, u) == 0) {
        throw Error(Location{table.source, 0, covariates[static_cast<std::size_t>(c)]},
                    "unit '" + printable(block.units[static_cast<std::size_t>(u)]) +
                        "' has no value of this covariate in the pre-treatment periods " +
                        period_range(first, last));
      }
    }
  }
  return sum.array() / count.cast<double>().array();
}

Eigen::MatrixXd outcome_lag_predictors(const BlockPanel& block,
                                       const std::vector<long long>& periods) {
  Eigen::MatrixXd lags(static_cast<Eigen::Index>(periods.size()), block.y.rows());
  const auto pre_end = block.times.begin() + static_cast<std::ptrdiff_t>(block.t0);
  for (std::size_t p = 0; p < periods.size(); ++p) {
    const auto at = std::find(block.times.begin(), pre_end, periods[p]);
    if (at == pre_end) {
      throw Error("outcome lag " + std::to_string(periods[p]) + " is not a pre-treatment period (" +
                  period_range(block.times.front(), block.times[block.t0 - 1]) + ")");
    }
    lags.row(static_cast<Eigen::Index>(p)) = block.y.col(at - block.times.begin()).transpose();
  }
  return lags;
}

}  // namespace softpower::evaluation
