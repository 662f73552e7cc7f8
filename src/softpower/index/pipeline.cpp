#include "softpower/index/pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <unordered_map>

#include "softpower/core/error.hpp"
#include "softpower/core/stats.hpp"
#include "softpower/index/aggregate.hpp"
#include "softpower/index/impute.hpp"
#include "softpower/index/normalise.hpp"
#include "softpower/index/pca.hpp"

namespace softpower::index {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const Panel& dataset_of(const Spec& spec, const std::map<std::string, Panel>& datasets,
                        const std::string& name, std::size_t line, const std::string& field) {
  auto it = datasets.find(name);
  if (it == datasets.end())
    throw Error(Location{spec.file, line, field}, "dataset '" + name + "' was not loaded");
  return it->second;
}

std::size_t indicator_of(const Spec& spec, const Panel& panel, const std::string& dataset,
                         const std::string& code, std::size_t line, const std::string& field) {
  if (auto i = panel.indicator_index(code)) return *i;
  std::string known;
  for (std::size_t k = 0; k < panel.indicators().size() && k < 12; ++k)
    known += (k ? ", " : "") + panel.indicators()[k];
  if (panel.indicators().size() > 12) known += ", ...";
  throw Error(Location{spec.file, line, field}, "indicator '" + code + "' is not in dataset '" +
                                                    dataset + "' (it has: " + known + ")");
}

// The working state of one index year between steps.
struct YearState {
  std::vector<int> rows;
  Eigen::MatrixXd values;  // rows × indicators
};

void take_rows(YearState& s, const std::vector<bool>& keep) {
  std::vector<int> rows;
  std::vector<Eigen::Index> picked;
  for (std::size_t r = 0; r < s.rows.size(); ++r) {
    if (keep[r]) {
      rows.push_back(s.rows[r]);
      picked.push_back(static_cast<Eigen::Index>(r));
    }
  }
  Eigen::MatrixXd values(static_cast<Eigen::Index>(picked.size()), s.values.cols());
  for (std::size_t r = 0; r < picked.size(); ++r)
    values.row(static_cast<Eigen::Index>(r)) = s.values.row(picked[r]);
  s.rows = std::move(rows);
  s.values = std::move(values);
}

}  // namespace

IndexInput assemble_input(const Spec& spec, const std::map<std::string, Panel>& datasets,
                          const UnitGroups& groups) {
  IndexInput in;
  in.index_years = spec.years;
  std::set<int> years;
  std::vector<const Panel*> used;
  for (const auto& ind : spec.indicators) {
    const Panel& p = dataset_of(spec, datasets, ind.dataset, ind.line, "indicator.source");
    indicator_of(spec, p, ind.dataset, ind.source, ind.line, "indicator.source");
    used.push_back(&p);
    if (!ind.denominator.empty()) {
      const Panel& d =
          dataset_of(spec, datasets, ind.denominator_dataset, ind.line, "indicator.denominator");
      indicator_of(spec, d, ind.denominator_dataset, ind.denominator, ind.line,
                   "indicator.denominator");
      used.push_back(&d);
    }
  }
  for (const Panel* p : used) years.insert(p->years().begin(), p->years().end());
  in.years.assign(years.begin(), years.end());

  if (!spec.units.empty()) {
    for (const std::string& unit : spec.units) {
      const bool known = std::any_of(used.begin(), used.end(), [&](const Panel* p) {
        return p->unit_index(unit).has_value();
      });
      if (!known) {
        throw Error(Location{spec.file, 0, "index.units"},
                    "unit '" + unit + "' is in none of the spec's datasets");
      }
    }
    in.units = spec.units;
  } else {
    std::set<std::string> seen;
    for (const auto& ind : spec.indicators) {
      const Panel& p = datasets.at(ind.dataset);
      const std::size_t i = *p.indicator_index(ind.source);
      for (std::size_t u = 0; u < p.units().size(); ++u) {
        bool any = false;
        for (std::size_t t = 0; t < p.years().size() && !any; ++t) any = !std::isnan(p.at(u, i, t));
        if (any && seen.insert(p.units()[u]).second) in.units.push_back(p.units()[u]);
      }
    }
  }

  auto fill = [&](const Panel& p, const std::string& code) {
    const std::size_t i = *p.indicator_index(code);
    Eigen::MatrixXd m = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(in.units.size()),
                                                  static_cast<Eigen::Index>(in.years.size()), kNaN);
    for (std::size_t u = 0; u < in.units.size(); ++u) {
      const auto pu = p.unit_index(in.units[u]);
      if (!pu) continue;
      for (std::size_t t = 0; t < in.years.size(); ++t) {
        if (const auto pt = p.year_index(in.years[t])) {
          m(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(t)) = p.at(*pu, i, *pt);
        }
      }
    }
    return m;
  };
  for (const auto& ind : spec.indicators) {
    in.raw.push_back(fill(datasets.at(ind.dataset), ind.source));
    in.denominator.push_back(ind.denominator.empty()
                                 ? Eigen::MatrixXd()
                                 : fill(datasets.at(ind.denominator_dataset), ind.denominator));
    std::vector<int> columns;
    for (int year : spec.years) {
      const int wanted = ind.year != 0 ? ind.year : year;
      auto it = std::lower_bound(in.years.begin(), in.years.end(), wanted);
      if (it == in.years.end() || *it != wanted) {
        if (ind.year != 0) {
          throw Error(
              Location{spec.file, ind.line, "indicator.year"},
              "dataset '" + ind.dataset + "' has no data for year " + std::to_string(wanted));
        }
        columns.push_back(-1);
      } else {
        columns.push_back(static_cast<int>(it - in.years.begin()));
      }
    }
    in.column_of.push_back(std::move(columns));
  }
  for (const auto& [attribute, by_unit] : groups) {
    std::vector<std::string> values;
    for (const auto& u : in.units) {
      auto it = by_unit.find(u);
      values.push_back(it == by_unit.end() ? "" : it->second);
    }
    in.groups[attribute] = std::move(values);
  }
  return in;
}

Pipeline::Pipeline(Spec spec) : spec_(std::move(spec)), framework_(Framework::from_spec(spec_)) {
  for (const auto& ind : spec_.indicators) {
    treat_.push_back(ind.treat.value_or(spec_.treat));
    normalise_.push_back(ind.normalise.value_or(spec_.normalise));
  }
  levels_.assign(static_cast<std::size_t>(framework_.top_level()) + 1, spec_.aggregation);
  for (const auto& [level, how] : spec_.level_aggregation) {
    if (level > framework_.top_level()) {
      throw Error(Location{spec_.file, 0, "steps.aggregate.level"},
                  "level " + std::to_string(level) + " does not exist (the framework has " +
                      std::to_string(framework_.top_level()) + " levels)");
    }
    levels_[static_cast<std::size_t>(level)] = how;
  }
  nodes_.reserve(framework_.nodes().size());
  for (const Node& node : framework_.nodes())
    nodes_.push_back(levels_[static_cast<std::size_t>(node.level)]);
  for (const AggregateSpec& a : spec_.aggregates) {
    LevelAggregation& how = nodes_[static_cast<std::size_t>(*framework_.find(a.code))];
    how.min_coverage = a.min_coverage.value_or(how.min_coverage);
    how.below = a.below.value_or(how.below);
  }
  // An aggregate whose children all weigh 0 (with manual weights) has no score.
  const auto& nodes = framework_.nodes();
  std::vector<double> sum(nodes.size(), 0.0);
  for (const Node& n : nodes) {
    if (n.parent >= 0) sum[static_cast<std::size_t>(n.parent)] += n.weight;
  }
  for (std::size_t n = framework_.indicator_count(); n < nodes.size(); ++n) {
    if (levels_[static_cast<std::size_t>(nodes[n].level)].weights != WeightMethod::manual) continue;
    if (!(sum[n] > 0)) {
      throw Error(Location{spec_.file, nodes[n].line, "weight"},
                  "the children of '" + nodes[n].code + "' all weigh 0, so it would have no score");
    }
  }
}

void check_scored(const Framework& framework, const YearResult& year, const std::string& file) {
  if (year.rows.empty()) {
    throw Error(Location{file, 0, "index.year"},
                "no unit has data in " + std::to_string(year.year) +
                    " (check the index's year and units against the datasets)");
  }
  const auto root = static_cast<Eigen::Index>(framework.root());
  if (year.scores.cols() > root && !year.scores.col(root).array().isFinite().any()) {
    throw Error(Location{file, 0, framework.nodes().back().code},
                "no unit has a finite score in " + std::to_string(year.year) +
                    " (all weights 0, weights too large, or every value missing)");
  }
}

const LevelAggregation& Pipeline::aggregation(int level) const {
  return levels_.at(static_cast<std::size_t>(level));
}

const LevelAggregation& Pipeline::node_aggregation(int node) const {
  return nodes_.at(static_cast<std::size_t>(node));
}

void Pipeline::aggregate(const Eigen::MatrixXd& normalised, const Variant& variant,
                         YearResult& into) const {
  const auto& nodes = framework_.nodes();
  const std::size_t n_ind = framework_.indicator_count();
  into.weights = variant.weights.empty() ? framework_.declared_weights() : variant.weights;
  if (!variant.fixed_weights) {
    for (int level = 2; level <= framework_.top_level(); ++level) {
      if (levels_[static_cast<std::size_t>(level)].weights != WeightMethod::equal) continue;
      for (int n : framework_.level(level)) {  // (one list per level, made once)
        for (int c : nodes[static_cast<std::size_t>(n)].children)
          into.weights[static_cast<std::size_t>(c)] = 1.0;
      }
    }
  }
  // PCA weights need the children's scores, so levels are aggregated bottom-up.
  Eigen::MatrixXd scores;
  if (variant.known_scores != nullptr) {
    scores = *variant.known_scores;
  } else {
    scores =
        Eigen::MatrixXd::Constant(normalised.rows(), static_cast<Eigen::Index>(nodes.size()), kNaN);
    scores.leftCols(static_cast<Eigen::Index>(n_ind)) = normalised;
  }
  if (variant.leave_out >= 0) scores.col(variant.leave_out).setConstant(kNaN);
  std::vector<double> w;
  std::vector<int> kids;
  Eigen::MatrixXd children;
  for (std::size_t n = n_ind; n < nodes.size(); ++n) {
    if (variant.known_scores != nullptr && n < variant.known.size() && variant.known[n]) continue;
    const Node& node = nodes[n];
    LevelAggregation how = nodes_[n];
    if (variant.aggregation) how.method = *variant.aggregation;
    // An indicator left out is not part of this run's framework: the coverage of its parent
    // counts the other children only.
    kids.clear();
    for (int c : node.children) {
      if (c != variant.leave_out) kids.push_back(c);
    }
    const auto k = static_cast<Eigen::Index>(kids.size());
    children.resize(scores.rows(), k);
    for (Eigen::Index c = 0; c < k; ++c)
      children.col(c) = scores.col(kids[static_cast<std::size_t>(c)]);
    if (how.weights == WeightMethod::pca && !variant.fixed_weights) {
      const std::vector<double> pw = pca_weights(children);
      for (std::size_t c = 0; c < kids.size(); ++c)
        into.weights[static_cast<std::size_t>(kids[c])] = pw[c];
    }
    w.resize(kids.size());
    for (std::size_t c = 0; c < kids.size(); ++c)
      w[c] = into.weights[static_cast<std::size_t>(kids[c])];
    try {
      scores.col(static_cast<Eigen::Index>(n)) = aggregate_units(children, w, how);
    } catch (const Error& e) {
      throw Error(Location{spec_.file, 0, node.code},
                  std::string("aggregating '") + node.code + "': " + e.what());
    }
  }
  if (variant.ranks == RankScope::none) {
    into.ranks.resize(0, 0);
    into.scores = std::move(scores);
    return;
  }
  into.ranks = Eigen::MatrixXd::Constant(scores.rows(), scores.cols(), kNaN);
  std::vector<std::pair<double, std::size_t>> buffer;
  const auto rows = static_cast<std::size_t>(scores.rows());
  const Eigen::Index first = variant.ranks == RankScope::all ? 0
                             : variant.ranks == RankScope::aggregates
                                 ? static_cast<Eigen::Index>(n_ind)
                                 : framework_.root();
  for (Eigen::Index c = first; c < scores.cols(); ++c) {
    stats::rank_descending(std::span<const double>(scores.col(c).data(), rows),
                           std::span<double>(into.ranks.col(c).data(), rows), buffer);
  }
  into.scores = std::move(scores);
}

IndexInput single_year(const IndexInput& input, int year) {
  const int wanted = year == 0 ? input.index_years.back() : year;
  auto it = std::find(input.index_years.begin(), input.index_years.end(), wanted);
  if (it == input.index_years.end())
    throw Error("--year " + std::to_string(wanted) + " is not one of the index years");
  const auto t = static_cast<std::size_t>(it - input.index_years.begin());
  IndexInput out = input;
  out.index_years = {wanted};
  for (auto& columns : out.column_of) columns = {columns[t]};
  return out;
}

IndexResult Pipeline::run(const IndexInput& input, const Variant& variant) const {
  return run_steps(input, variant, nullptr);
}

IndexResult Pipeline::run(const IndexInput& input, const Variant& variant,
                          const Resume& resume) const {
  if (resume.tables.size() != input.index_years.size() ||
      std::find(resume.tables.begin(), resume.tables.end(), nullptr) != resume.tables.end()) {
    throw Error("resuming the index: a step table is needed for each of its " +
                std::to_string(input.index_years.size()) + " years");
  }
  const auto first = spec_.steps.begin();
  const auto skipped =
      first + static_cast<std::ptrdiff_t>(std::min(resume.steps, spec_.steps.size()));
  if (resume.steps > spec_.steps.size() || std::find(first, skipped, Step::aggregate) != skipped)
    throw Error("resuming the index: the steps after step " + std::to_string(resume.steps) +
                " do not include the aggregation");
  return run_steps(input, variant, &resume);
}

IndexResult Pipeline::run_steps(const IndexInput& input, const Variant& variant,
                                const Resume* resume) const {
  const std::size_t n_ind = spec_.indicators.size();
  const std::size_t n_years = input.index_years.size();
  std::vector<int> indicator_columns(n_ind);
  for (std::size_t i = 0; i < n_ind; ++i) indicator_columns[i] = static_cast<int>(i);

  IndexResult result;
  result.years.resize(n_years);
  std::vector<YearState> state(n_years);
  for (std::size_t t = 0; t < n_years && resume != nullptr; ++t) {
    const StepTable& from = *resume->tables[t];
    state[t].rows = from.rows;
    state[t].values = from.values;
    result.years[t].year = input.index_years[t];
    if (variant.keep_tables) result.years[t].tables.push_back(from);
  }
  for (std::size_t t = 0; t < n_years && resume == nullptr; ++t) {
    YearState& s = state[t];
    const auto n_units = static_cast<Eigen::Index>(input.units.size());
    s.rows.resize(input.units.size());
    for (std::size_t u = 0; u < input.units.size(); ++u) s.rows[u] = static_cast<int>(u);
    s.values.resize(n_units, static_cast<Eigen::Index>(n_ind));
    for (std::size_t i = 0; i < n_ind; ++i) {
      const int c = input.column_of[i][t];
      if (c < 0) {
        s.values.col(static_cast<Eigen::Index>(i)).setConstant(kNaN);
      } else {
        s.values.col(static_cast<Eigen::Index>(i)) = input.raw[i].col(c);
      }
    }
    // A unit with no data at all in a year is not part of that year's index (as a COINr purse
    // holds only the units present in each year).
    std::vector<bool> present(s.rows.size());
    for (Eigen::Index r = 0; r < s.values.rows(); ++r)
      present[static_cast<std::size_t>(r)] = !s.values.row(r).array().isNaN().all();
    if (std::find(present.begin(), present.end(), false) != present.end()) take_rows(s, present);
    result.years[t].year = input.index_years[t];
    if (variant.keep_tables)
      result.years[t].tables.push_back(StepTable{"Raw", s.rows, indicator_columns, s.values});
  }

  // Where each value came from (ValueOrigins), for the outputs: not for replications, nor for a
  // run resumed after the steps that decide it.
  const bool record = variant.keep_tables && resume == nullptr;
  auto mark = [&](ValueOrigins& o, int unit, std::size_t i, ValueStatus status, int first,
                  int last) {
    o.status[static_cast<std::size_t>(unit) * n_ind + i] = status;
    o.from_year(unit, static_cast<Eigen::Index>(i)) =
        first < 0 ? 0 : input.years[static_cast<std::size_t>(first)];
    o.to_year(unit, static_cast<Eigen::Index>(i)) =
        last < 0 ? 0 : input.years[static_cast<std::size_t>(last)];
  };
  if (record) {
    for (YearResult& yr : result.years) {
      ValueOrigins& o = yr.origins;
      o.indicators = n_ind;
      o.status.assign(input.units.size() * n_ind, ValueStatus::missing);
      o.from_year = Eigen::MatrixXi::Zero(static_cast<Eigen::Index>(input.units.size()),
                                          static_cast<Eigen::Index>(n_ind));
      o.to_year = o.from_year;
      o.method.assign(n_ind, ImputeMethod::none);
    }
  }

  const auto start =
      spec_.steps.begin() + static_cast<std::ptrdiff_t>(resume == nullptr ? 0 : resume->steps);
  // The look-back imputation divides the earlier years' values too when they were denominated.
  bool denominated = std::find(spec_.steps.begin(), start, Step::denominate) != start;
  auto group_ids = [&](const std::vector<int>& rows) {
    auto it = input.groups.find(spec_.impute.group);
    if (it == input.groups.end()) {
      throw Error(Location{spec_.file, 0, "steps.impute.group"},
                  "'" + spec_.impute.group + "' is not a unit attribute of the datasets");
    }
    std::map<std::string, int> ids;
    std::vector<int> out;
    for (int r : rows) {
      const std::string& g = it->second[static_cast<std::size_t>(r)];
      out.push_back(g.empty() ? -1 : ids.emplace(g, static_cast<int>(ids.size())).first->second);
    }
    return out;
  };

  const ImputeMethod impute_method = variant.impute.value_or(spec_.impute.method);
  for (auto at = start; at != spec_.steps.end(); ++at) {
    const Step step = *at;
    if (step == Step::aggregate) break;
    if (step == Step::treat && !variant.treat) continue;
    for (std::size_t t = 0; t < n_years; ++t) {
      YearState& s = state[t];
      YearResult& yr = result.years[t];
      switch (step) {
        case Step::denominate:
          for (std::size_t i = 0; i < n_ind; ++i) {
            const auto& ind = spec_.indicators[i];
            if (ind.denominator.empty()) continue;
            const int c = input.column_of[i][t];
            for (std::size_t r = 0; r < s.rows.size(); ++r) {
              const double den = c < 0 ? kNaN : input.denominator[i](s.rows[r], c);
              s.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(i)) /=
                  den / ind.scale_factor;
            }
          }
          denominated = true;
          break;
        case Step::impute: {
          std::vector<int> groups;
          ValueOrigins& origins = yr.origins;
          for (std::size_t i = 0; i < n_ind; ++i) {
            const auto& ind = spec_.indicators[i];
            const ImputeMethod m = ind.impute.value_or(impute_method);
            double* col = s.values.col(static_cast<Eigen::Index>(i)).data();
            const std::span<double> x(col, s.rows.size());
            const int c = input.column_of[i][t];
            if (record) {
              origins.method[i] = m;
              for (std::size_t r = 0; r < s.rows.size(); ++r) {
                if (!std::isnan(x[r])) mark(origins, s.rows[r], i, ValueStatus::observed, c, c);
              }
            }
            if (m == ImputeMethod::latest || m == ImputeMethod::constant ||
                m == ImputeMethod::linear) {
              if (c < 0) continue;
              const int max_time = ind.max_time.value_or(spec_.impute.max_time);
              for (std::size_t r = 0; r < s.rows.size(); ++r) {
                if (!std::isnan(x[r])) continue;
                const auto row = static_cast<Eigen::Index>(s.rows[r]);
                auto observed = [&](std::size_t y) {
                  const auto col = static_cast<Eigen::Index>(y);
                  double v = input.raw[i](row, col);
                  if (denominated && !ind.denominator.empty())
                    v /= input.denominator[i](row, col) / ind.scale_factor;
                  return v;
                };
                ImputedFrom from;
                x[r] = impute_at(input.years, input.years.size(), static_cast<std::size_t>(c),
                                 observed, m, max_time, &from);
                if (std::isnan(x[r])) continue;
                ++yr.imputed;
                if (record) {
                  mark(origins, s.rows[r], i, ValueStatus::imputed, static_cast<int>(from.first),
                       static_cast<int>(from.last));
                }
              }
            } else if (m == ImputeMethod::zero && ind.max_time && c >= 0 &&
                       input.raw[i].col(c).array().isNaN().all()) {
              // A count where a missing row means none, in a year its source does not cover
              // at all (past its end): no row there means unknown, not none. With its own
              // max_time, the indicator takes the latest year its source covers within that
              // many time points, each unit's value there or none (docs/index-impute.md).
              int covered = -1;
              for (int y = c - 1; y >= 0 && (*ind.max_time == 0 || c - y <= *ind.max_time); --y) {
                if (!input.raw[i].col(y).array().isNaN().all()) {
                  covered = y;
                  break;
                }
              }
              if (covered < 0) continue;
              for (std::size_t r = 0; r < s.rows.size(); ++r) {
                const auto row = static_cast<Eigen::Index>(s.rows[r]);
                double v = input.raw[i](row, covered);
                if (!std::isnan(v) && denominated && !ind.denominator.empty())
                  v /= input.denominator[i](row, covered) / ind.scale_factor;
                x[r] = std::isnan(v) ? 0.0 : v;
                ++yr.imputed;
                if (record) mark(origins, s.rows[r], i, ValueStatus::imputed, covered, covered);
              }
            } else if (m != ImputeMethod::none) {
              if ((m == ImputeMethod::group_mean || m == ImputeMethod::group_median) &&
                  groups.empty()) {
                groups = group_ids(s.rows);
              }
              const std::vector<double> before(x.begin(), x.end());
              yr.imputed += impute_indicator(x, m, groups);
              for (std::size_t r = 0; record && r < s.rows.size(); ++r) {
                if (std::isnan(before[r]) && !std::isnan(x[r]))
                  mark(origins, s.rows[r], i, ValueStatus::imputed, -1, -1);
              }
            }
          }
          break;
        }
        case Step::screen: {
          std::vector<std::string> codes;
          for (int r : s.rows) codes.push_back(input.units[static_cast<std::size_t>(r)]);
          // A panel's forced unit may have no data in some years: it is forced where present
          // (a code in no year at all is still an error of screen_units).
          ScreenSpec screen = spec_.screen;
          const auto absent = [&](const std::string& code) {
            return std::find(codes.begin(), codes.end(), code) == codes.end() &&
                   std::find(input.units.begin(), input.units.end(), code) != input.units.end();
          };
          std::erase_if(screen.force_in, absent);
          std::erase_if(screen.force_out, absent);
          yr.screening = screen_units(s.values, codes, screen);
          yr.screened_rows = s.rows;
          take_rows(s, yr.screening.included);
          break;
        }
        case Step::treat:
          yr.treatment.clear();
          for (std::size_t i = 0; i < n_ind; ++i) {
            double* col = s.values.col(static_cast<Eigen::Index>(i)).data();
            yr.treatment.push_back(
                treat_indicator(std::span<double>(col, s.rows.size()), treat_[i]));
          }
          break;
        case Step::normalise:
          break;  // below: it may need every year at once
        case Step::aggregate:
          break;
      }
    }
    if (step == Step::normalise) {
      for (std::size_t i = 0; i < n_ind; ++i) {
        const NormaliseSpec& ns = variant.normalise ? *variant.normalise : normalise_[i];
        const auto& ind = spec_.indicators[i];
        std::vector<double> reference;
        if (ns.global) {
          for (const auto& s : state) {
            const auto col = s.values.col(static_cast<Eigen::Index>(i));
            reference.insert(reference.end(), col.data(), col.data() + col.size());
          }
        }
        // The reference year's values are copied before any year is normalised.
        std::vector<double> ref_year_values;
        if (ns.method == NormaliseMethod::refmax && ns.ref_year != 0 && !ns.global) {
          auto it = std::find(input.index_years.begin(), input.index_years.end(), ns.ref_year);
          if (it == input.index_years.end()) {
            throw Error(
                Location{spec_.file, ind.line, "normalise.ref_year"},
                "reference year " + std::to_string(ns.ref_year) + " is not one of the index years");
          }
          const auto col =
              state[static_cast<std::size_t>(it - input.index_years.begin())].values.col(
                  static_cast<Eigen::Index>(i));
          ref_year_values.assign(col.data(), col.data() + col.size());
        }
        for (std::size_t t = 0; t < n_years; ++t) {
          YearState& s = state[t];
          std::optional<std::size_t> ref_row;
          if (ns.method == NormaliseMethod::dist2ref) {
            for (std::size_t r = 0; r < s.rows.size(); ++r) {
              if (input.units[static_cast<std::size_t>(s.rows[r])] == ns.ref_unit) ref_row = r;
            }
          }
          double* col = s.values.col(static_cast<Eigen::Index>(i)).data();
          const std::span<const double> ref = ns.global ? std::span<const double>(reference)
                                                        : std::span<const double>(ref_year_values);
          normalise_indicator(std::span<double>(col, s.rows.size()), ind.direction, ns, ind.target,
                              ref_row, ref);
        }
      }
    }
    // A replication (keep_tables false) needs only the scores: copying every year's table
    // after every step cost an ASEM replication 12% of its instructions.
    if (!variant.keep_tables) continue;
    for (std::size_t t = 0; t < n_years; ++t) {
      result.years[t].tables.push_back(StepTable{
          std::string(step_dataset_name(step)), state[t].rows, indicator_columns, state[t].values});
    }
  }

  for (std::size_t t = 0; t < n_years; ++t) {
    // What enters aggregation decides: a value that no step filled is observed, one that a
    // step left without a value (a zero denominator, a log of zero) is missing.
    const YearState& s = state[t];
    for (std::size_t r = 0; record && r < s.rows.size(); ++r) {
      for (std::size_t i = 0; i < n_ind; ++i) {
        const bool has =
            !std::isnan(s.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(i)));
        const ValueStatus now = result.years[t].origins.at(static_cast<std::size_t>(s.rows[r]), i);
        if (has && now == ValueStatus::missing) {
          mark(result.years[t].origins, s.rows[r], i, ValueStatus::observed, input.column_of[i][t],
               input.column_of[i][t]);
        } else if (!has && now != ValueStatus::missing) {
          mark(result.years[t].origins, s.rows[r], i, ValueStatus::missing, -1, -1);
        }
      }
    }
    result.years[t].rows = state[t].rows;
    aggregate(state[t].values, variant, result.years[t]);
    check_scored(framework_, result.years[t], spec_.file);
  }
  return result;
}

}  // namespace softpower::index
