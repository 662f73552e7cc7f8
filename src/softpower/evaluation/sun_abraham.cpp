#include "softpower/evaluation/sun_abraham.hpp"

#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "softpower/core/error.hpp"

namespace softpower::evaluation {
namespace {

using Eigen::Index;

Index idx(std::size_t i) {
  return static_cast<Index>(i);
}

}  // namespace

SunAbraham sun_abraham(const BalancedPanel& panel, double level) {
  require_never_treated(panel, "the Sun-Abraham event study");
  // The units with a pre-period, as a panel of their own.
  BalancedPanel used;
  used.times = panel.times;
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < panel.n_units(); ++i) {
    if (panel.cohort[i] && *panel.cohort[i] <= panel.times.front()) continue;
    rows.push_back(i);
    used.units.push_back(panel.units[i]);
    used.cohort.push_back(panel.cohort[i]);
  }
  used.y.resize(idx(rows.size()), panel.y.cols());
  for (std::size_t r = 0; r < rows.size(); ++r) used.y.row(idx(r)) = panel.y.row(idx(rows[r]));
  const std::size_t units = used.n_units();
  const std::size_t times = used.n_times();

  // One column per (cohort, event time ≠ −1) observed.
  std::map<std::pair<long long, long long>, std::size_t> column;
  std::map<long long, std::size_t> cohort_size;
  for (std::size_t i = 0; i < units; ++i) {
    if (!used.cohort[i]) continue;
    ++cohort_size[*used.cohort[i]];
    for (std::size_t t = 0; t < times; ++t) {
      const long long e = used.times[t] - *used.cohort[i];
      if (e != -1) column.emplace(std::make_pair(*used.cohort[i], e), 0);
    }
  }
  std::vector<std::string> terms;
  for (auto& [key, j] : column) {
    j = terms.size();
    terms.push_back(std::to_string(key.first) + ":" + std::to_string(key.second));
  }
  Eigen::MatrixXd x(idx(units * times), idx(terms.size()));
  for (const auto& [key, j] : column) {
    Eigen::MatrixXd dummy = Eigen::MatrixXd::Zero(idx(units), idx(times));
    for (std::size_t i = 0; i < units; ++i) {
      if (!used.cohort[i] || *used.cohort[i] != key.first) continue;
      for (std::size_t t = 0; t < times; ++t) {
        if (used.times[t] - key.first == key.second) dummy(idx(i), idx(t)) = 1;
      }
    }
    x.col(idx(j)) = two_way_demeaned(dummy);
  }
  std::vector<std::size_t> cluster(units * times);
  for (std::size_t r = 0; r < cluster.size(); ++r) cluster[r] = r / times;
  const ClusteredFit fit =
      clustered_ols(x, two_way_demeaned(used.y), cluster, units, units + times - 1, terms, level);
  Eigen::VectorXd beta(idx(terms.size()));
  for (std::size_t j = 0; j < terms.size(); ++j) beta(idx(j)) = fit.coefficients[j].estimate;
  const Eigen::MatrixXd& vcov = fit.covariance;

  SunAbraham out;
  out.units = units;
  std::map<long long, std::vector<std::size_t>> by_event;
  for (const auto& [key, j] : column) {
    out.cohort_effects.push_back(
        {key.first, key.second, fit.coefficients[j].estimate, fit.coefficients[j].se});
    by_event[key.second].push_back(j);
  }
  const auto df = static_cast<double>(units - 1);
  for (const auto& [e, cols] : by_event) {
    Eigen::VectorXd w = Eigen::VectorXd::Zero(idx(terms.size()));
    double total = 0;
    for (const std::size_t j : cols)
      total += static_cast<double>(cohort_size[out.cohort_effects[j].cohort]);
    for (const std::size_t j : cols) {
      w(idx(j)) = static_cast<double>(cohort_size[out.cohort_effects[j].cohort]) / total;
    }
    out.event_study.push_back(
        t_coefficient(std::to_string(e), w.dot(beta), std::sqrt(w.dot(vcov * w)), df, level));
  }
  return out;
}

}  // namespace softpower::evaluation
