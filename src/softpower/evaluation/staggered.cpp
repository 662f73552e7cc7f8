#include "softpower/evaluation/staggered.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "softpower/core/error.hpp"
#include "softpower/evaluation/inference.hpp"
#include "softpower/evaluation/multipliers.hpp"

namespace softpower::evaluation {
namespace {

using Eigen::Index;

Index idx(std::size_t i) {
  return static_cast<Index>(i);
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The units that take part (those with a pre-period) and their cohorts.
struct Sample {
  std::vector<std::size_t> rows;  ///< rows of the panel
  std::vector<std::optional<long long>> cohort;
  std::vector<long long> groups;  ///< the cohorts that get effects, ascending
  std::size_t dropped = 0;
};

Sample sample_of(const BalancedPanel& panel, ControlGroup control) {
  Sample s;
  std::set<long long> cohorts;
  bool any_never = false;
  for (std::size_t i = 0; i < panel.n_units(); ++i) {
    const auto& g = panel.cohort[i];
    if (g && *g <= panel.times.front()) {
      ++s.dropped;
      continue;
    }
    s.rows.push_back(i);
    s.cohort.push_back(g);
    if (g) cohorts.insert(*g);
    any_never = any_never || !g;
  }
  s.groups.assign(cohorts.begin(), cohorts.end());
  // Without never-treated units, the last cohort is a not-yet-treated control only.
  if (control == ControlGroup::not_yet_treated && !any_never && !s.groups.empty()) {
    s.groups.pop_back();
  }
  if (s.groups.empty()) {
    throw Error(Location{"", 0, "treatment"},
                "Callaway-Sant'Anna needs a cohort first treated after the first period " +
                    std::to_string(panel.times.front()) + ", and there is none");
  }
  return s;
}

/// The group-time cells and the influence function of each, as columns of an n × K matrix.
struct Cells {
  std::vector<GroupTimeEffect> effects;
  std::vector<bool> reference;  ///< the universal base's ATT(g, b) = 0
  Eigen::MatrixXd psi;
};

Cells group_time_cells(const BalancedPanel& panel, const Sample& s, const StaggeredOptions& o) {
  const std::size_t n = s.rows.size();
  const std::size_t times = panel.n_times();
  const auto dn = static_cast<double>(n);
  Cells cells;
  std::vector<Eigen::VectorXd> columns;
  for (const long long g : s.groups) {
    // The last period before g: the base of every post-treatment cell.
    const auto first_treated = static_cast<std::size_t>(
        std::lower_bound(panel.times.begin(), panel.times.end(), g) - panel.times.begin());
    const std::size_t base_g = first_treated - 1;
    const std::size_t first = o.base == BasePeriod::varying ? 1 : 0;
    for (std::size_t j = first; j < times; ++j) {
      const bool post = panel.times[j] >= g;
      const std::size_t b = (post || o.base == BasePeriod::universal) ? base_g : j - 1;
      GroupTimeEffect e;
      e.group = g;
      e.time = panel.times[j];
      e.base = panel.times[b];
      if (j == b) {
        cells.effects.push_back(e);
        cells.reference.push_back(true);
        columns.emplace_back(Eigen::VectorXd::Zero(idx(n)));
        continue;
      }
      const long long threshold = panel.times[std::max(j, b)];
      double sum_t = 0;
      double sum_c = 0;
      std::vector<int> role(n, 0);  // 1 treated, −1 control
      Eigen::VectorXd delta(idx(n));
      for (std::size_t k = 0; k < n; ++k) {
        const auto& c = s.cohort[k];
        const bool treated = c && *c == g;
        const bool control =
            !c || (o.control == ControlGroup::not_yet_treated && *c > threshold && *c != g);
        if (!treated && !control) continue;
        const Index row = idx(s.rows[k]);
        delta(idx(k)) = panel.y(row, idx(j)) - panel.y(row, idx(b));
        role[k] = treated ? 1 : -1;
        if (treated) {
          ++e.treated;
          sum_t += delta(idx(k));
        } else {
          ++e.controls;
          sum_c += delta(idx(k));
        }
      }
      if (e.controls == 0) continue;  // possible only without never-treated units
      const double mean_t = sum_t / static_cast<double>(e.treated);
      const double mean_c = sum_c / static_cast<double>(e.controls);
      e.att = mean_t - mean_c;
      // ψ_i = n/n_T (ΔY_i − μ_T) for the treated, −n/n_C (ΔY_i − μ_C) for the controls.
      Eigen::VectorXd psi = Eigen::VectorXd::Zero(idx(n));
      for (std::size_t k = 0; k < n; ++k) {
        if (role[k] == 1)
          psi(idx(k)) = dn / static_cast<double>(e.treated) * (delta(idx(k)) - mean_t);
        if (role[k] == -1) {
          psi(idx(k)) = -dn / static_cast<double>(e.controls) * (delta(idx(k)) - mean_c);
        }
      }
      cells.effects.push_back(e);
      cells.reference.push_back(false);
      columns.push_back(std::move(psi));
    }
  }
  cells.psi.resize(idx(n), idx(columns.size()));
  for (std::size_t c = 0; c < columns.size(); ++c) cells.psi.col(idx(c)) = columns[c];
  return cells;
}

/// One aggregated parameter: Σ_k w_k ATT_k over some cells, with its influence function,
/// Σ_k w_k ψ_k plus, when the weights are estimated shares of units (did's wif), the
/// influence of the shares: Σ_k ATT_k (c_ik / S − (Σ_l c_il) pg_k / S²) with
/// c_ik = 1[G_i = g_k] − pg_k and S = Σ_k pg_k.
struct Weighted {
  double estimate = 0;
  Eigen::VectorXd psi;
};

Weighted combine(const Eigen::MatrixXd& psi, const std::vector<std::size_t>& cols,
                 const std::vector<double>& att, const std::vector<double>& weight,
                 const std::vector<long long>* group_of_col, const std::vector<double>* pg,
                 const Sample& s) {
  Weighted out;
  out.psi = Eigen::VectorXd::Zero(psi.rows());
  for (std::size_t k = 0; k < cols.size(); ++k) {
    out.estimate += weight[k] * att[k];
    out.psi += weight[k] * psi.col(idx(cols[k]));
  }
  if (group_of_col == nullptr) return out;
  double total = 0;
  double att_pg = 0;
  for (std::size_t k = 0; k < cols.size(); ++k) {
    total += (*pg)[k];
    att_pg += att[k] * (*pg)[k];
  }
  for (std::size_t i = 0; i < s.cohort.size(); ++i) {
    double a = 0;
    double r = 0;
    for (std::size_t k = 0; k < cols.size(); ++k) {
      const double c = (s.cohort[i] && *s.cohort[i] == (*group_of_col)[k] ? 1.0 : 0.0) - (*pg)[k];
      a += att[k] * c;
      r += c;
    }
    out.psi(idx(i)) += a / total - r * att_pg / (total * total);
  }
  return out;
}

/// Standard errors and the uniform band of the columns of an influence-function matrix: the
/// multiplier bootstrap of did's mboot (IQR-scaled standard errors, the 1 − α quantile of the
/// largest |t| over columns) with the given Rademacher draws, or the analytic errors
/// and the normal quantile when there are none.
struct Inference {
  std::vector<double> se;
  std::vector<double> se_analytic;
  double critical = 0;
};

Inference infer(const Eigen::MatrixXd& psi, const Multipliers& draws, double level) {
  const auto n = static_cast<double>(psi.rows());
  const double z = normal_quantile(0.5 + level / 2);
  Inference out;
  const auto k = static_cast<std::size_t>(psi.cols());
  for (std::size_t j = 0; j < k; ++j) {
    const double se = std::sqrt(psi.col(idx(j)).squaredNorm()) / n;
    out.se_analytic.push_back(se <= std::sqrt(std::numeric_limits<double>::epsilon()) * 10 ? kNaN
                                                                                           : se);
  }
  if (draws.reps() == 0) {
    out.se = out.se_analytic;
    out.critical = z;
    return out;
  }
  const Eigen::MatrixXd bres = draws.apply(psi);
  const auto b = static_cast<std::size_t>(bres.rows());
  const double iqr_normal = normal_quantile(0.75) - normal_quantile(0.25);
  std::vector<double> sigma(k, kNaN);
  std::vector<double> column(b);
  for (std::size_t j = 0; j < k; ++j) {
    if (!(bres.col(idx(j)).squaredNorm() >
          std::sqrt(std::numeric_limits<double>::epsilon()) * 10)) {
      out.se.push_back(kNaN);
      continue;
    }
    for (std::size_t r = 0; r < b; ++r) column[r] = bres(idx(r), idx(j));
    std::sort(column.begin(), column.end());
    const auto at = [&](double p) {
      return column[static_cast<std::size_t>(std::ceil(p * static_cast<double>(b))) - 1];
    };
    sigma[j] = (at(0.75) - at(0.25)) / iqr_normal;
    out.se.push_back(sigma[j] / std::sqrt(n));
  }
  std::vector<double> largest;
  for (std::size_t r = 0; r < b; ++r) {
    double m = -std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < k; ++j) {
      if (!std::isnan(sigma[j])) m = std::max(m, std::abs(bres(idx(r), idx(j)) / sigma[j]));
    }
    if (std::isfinite(m)) largest.push_back(m);
  }
  out.critical = largest.empty() ? z : quantile_type1(largest, level);
  // A band narrower than the pointwise interval falls back to it, as did does.
  if (!std::isfinite(out.critical) || out.critical < z) out.critical = z;
  return out;
}

/// Adds keyed aggregates of one type (a uniform band over the keys) and its overall value.
void add_family(const std::string& type, const std::vector<long long>& keys,
                const std::vector<Weighted>& keyed, const Weighted& overall,
                const Multipliers& draws, double level, std::vector<AggregateEffect>& out) {
  Eigen::MatrixXd psi(overall.psi.size(), idx(keyed.size()));
  for (std::size_t k = 0; k < keyed.size(); ++k) psi.col(idx(k)) = keyed[k].psi;
  const Inference band = infer(psi, draws, level);
  for (std::size_t k = 0; k < keyed.size(); ++k) {
    out.push_back({type, keys[k], keyed[k].estimate, band.se[k], band.se_analytic[k],
                   keyed[k].estimate - band.critical * band.se[k],
                   keyed[k].estimate + band.critical * band.se[k]});
  }
  const Inference single = infer(overall.psi, draws, level);
  const double z = normal_quantile(0.5 + level / 2);
  out.push_back({type, std::nullopt, overall.estimate, single.se[0], single.se_analytic[0],
                 overall.estimate - z * single.se[0], overall.estimate + z * single.se[0]});
}

}  // namespace

StaggeredResult callaway_santanna(const BalancedPanel& panel, const StaggeredOptions& options) {
  if (!(options.level > 0 && options.level < 1)) {
    throw Error("the confidence level must lie between 0 and 1");
  }
  if (panel.n_times() < 2) throw Error("Callaway-Sant'Anna needs at least two periods");
  if (options.control == ControlGroup::never_treated) {
    require_never_treated(panel, "Callaway-Sant'Anna with never-treated controls");
  }
  const Sample s = sample_of(panel, options.control);
  Cells cells = group_time_cells(panel, s, options);
  const std::size_t n = s.rows.size();
  const Multipliers draws(options.reps, n, options.seed);

  StaggeredResult result;
  result.units = n;
  result.dropped_units = s.dropped;
  const Inference cell_inference = infer(cells.psi, draws, options.level);
  result.critical_value = cell_inference.critical;
  for (std::size_t k = 0; k < cells.effects.size(); ++k) {
    GroupTimeEffect& e = cells.effects[k];
    e.se = cells.reference[k] ? kNaN : cell_inference.se[k];
    e.se_analytic = cells.reference[k] ? kNaN : cell_inference.se_analytic[k];
    e.ci_lo = e.att - result.critical_value * e.se;
    e.ci_hi = e.att + result.critical_value * e.se;
  }

  // Shares of the units in each cohort (did's pg), and the cells' own values.
  const std::size_t cells_n = cells.effects.size();
  std::vector<double> att(cells_n);
  std::vector<double> pg(cells_n);
  std::vector<long long> group(cells_n);
  const auto share = [&](long long g) {
    std::size_t count = 0;
    for (const auto& c : s.cohort) count += (c && *c == g) ? 1 : 0;
    return static_cast<double>(count) / static_cast<double>(n);
  };
  for (std::size_t k = 0; k < cells_n; ++k) {
    att[k] = cells.effects[k].att;
    group[k] = cells.effects[k].group;
    pg[k] = share(group[k]);
  }
  // The cells selected by `keep`, weighted by their cohorts' shares, with the shares'
  // influence (simple, dynamic, calendar).
  const auto by_share = [&](auto keep) {
    std::vector<std::size_t> cols;
    std::vector<double> a;
    std::vector<double> w;
    std::vector<double> p;
    std::vector<long long> gs;
    double total = 0;
    for (std::size_t k = 0; k < cells_n; ++k) {
      if (!keep(cells.effects[k])) continue;
      cols.push_back(k);
      a.push_back(att[k]);
      p.push_back(pg[k]);
      gs.push_back(group[k]);
      total += pg[k];
    }
    w.reserve(p.size());
    for (const double v : p) w.push_back(v / total);
    return combine(cells.psi, cols, a, w, &gs, &p, s);
  };
  const auto equal_mean = [&](const std::vector<Weighted>& parts) {
    Weighted out;
    out.psi = Eigen::VectorXd::Zero(idx(n));
    for (const Weighted& part : parts) {
      out.estimate += part.estimate / static_cast<double>(parts.size());
      out.psi += part.psi / static_cast<double>(parts.size());
    }
    return out;
  };
  auto& agg = result.aggregates;
  const double level = options.level;

  // simple: every post-treatment cell, weighted by its cohort's share.
  {
    const Weighted simple = by_share([](const GroupTimeEffect& e) { return e.group <= e.time; });
    const Inference inf = infer(simple.psi, draws, level);
    const double z = normal_quantile(0.5 + level / 2);
    agg.push_back({"simple", std::nullopt, simple.estimate, inf.se[0], inf.se_analytic[0],
                   simple.estimate - z * inf.se[0], simple.estimate + z * inf.se[0]});
  }
  // dynamic: by event time e = t − g; overall, the mean over e ≥ 0.
  {
    std::set<long long> events;
    for (const auto& e : cells.effects) events.insert(e.time - e.group);
    const std::vector<long long> keys(events.begin(), events.end());
    std::vector<Weighted> parts;
    std::vector<Weighted> after;
    for (const long long ev : keys) {
      parts.push_back(by_share([ev](const GroupTimeEffect& e) { return e.time - e.group == ev; }));
      if (ev >= 0) after.push_back(parts.back());
    }
    add_family("dynamic", keys, parts, equal_mean(after), draws, level, agg);
  }
  // group: each cohort's mean over its post-treatment cells; overall, weighted by the shares.
  {
    std::vector<Weighted> parts;
    std::vector<double> theta;
    std::vector<double> shares;
    double total = 0;
    for (const long long g : s.groups) {
      std::vector<std::size_t> cols;
      std::vector<double> a;
      for (std::size_t k = 0; k < cells_n; ++k) {
        if (group[k] == g && g <= cells.effects[k].time) {
          cols.push_back(k);
          a.push_back(att[k]);
        }
      }
      const std::vector<double> w(cols.size(), 1.0 / static_cast<double>(cols.size()));
      parts.push_back(combine(cells.psi, cols, a, w, nullptr, nullptr, s));
      theta.push_back(parts.back().estimate);
      shares.push_back(share(g));
      total += shares.back();
    }
    Eigen::MatrixXd group_psi(idx(n), idx(parts.size()));
    std::vector<std::size_t> cols(parts.size());
    std::vector<double> w;
    for (std::size_t k = 0; k < parts.size(); ++k) {
      group_psi.col(idx(k)) = parts[k].psi;
      cols[k] = k;
      w.push_back(shares[k] / total);
    }
    const Weighted overall = combine(group_psi, cols, theta, w, &s.groups, &shares, s);
    add_family("group", s.groups, parts, overall, draws, level, agg);
  }
  // calendar: by period t from the first cohort on, over the cohorts treated by t.
  {
    std::vector<long long> keys;
    std::vector<Weighted> parts;
    for (const long long t : panel.times) {
      bool any = false;
      for (const auto& e : cells.effects) any = any || (e.time == t && e.group <= t);
      if (!any) continue;
      keys.push_back(t);
      parts.push_back(
          by_share([t](const GroupTimeEffect& e) { return e.time == t && e.group <= t; }));
    }
    add_family("calendar", keys, parts, equal_mean(parts), draws, level, agg);
  }
  result.att_gt = std::move(cells.effects);
  return result;
}

}  // namespace softpower::evaluation
