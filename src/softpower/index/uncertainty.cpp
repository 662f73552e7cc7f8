#include "softpower/index/uncertainty.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

#include "softpower/core/error.hpp"
#include "softpower/core/sampling.hpp"
#include "softpower/core/stats.hpp"
#include "softpower/core/unit_bytes.hpp"

namespace softpower::index {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t pick(double u, std::size_t choices) {
  return std::min(static_cast<std::size_t>(u * static_cast<double>(choices)), choices - 1);
}

std::string level_label(const Spec& spec, int level) {
  const auto l = static_cast<std::size_t>(level);
  return l >= 1 && l <= spec.level_names.size() ? spec.level_names[l - 1]
                                                : "level " + std::to_string(level);
}

// The steps before aggregation depend only on the imputation, treatment and normalisation a
// replication draws; their result for each such combination is computed once and shared.
struct Stage {
  std::string error;  // why the steps failed ("" = they ran)
  std::vector<int> rows;
  Eigen::MatrixXd normalised;
};

// Runs one replication and lines its scores and ranks up with the nominal units.
Replication replicate(const Pipeline& pipeline, const Stage& stage, const Variant& variant,
                      const std::vector<int>& nominal_position,
                      const std::vector<double>& nominal_ranks) {
  Replication rep;
  const std::size_t n = nominal_ranks.size();
  rep.scores.assign(n, kNaN);
  rep.ranks.assign(n, kNaN);
  try {
    if (!stage.error.empty()) throw Error(stage.error);
    YearResult yr;
    yr.rows = stage.rows;
    pipeline.aggregate(stage.normalised, variant, yr);
    const int root = pipeline.framework().root();
    for (std::size_t r = 0; r < yr.rows.size(); ++r) {
      const int k = nominal_position[static_cast<std::size_t>(yr.rows[r])];
      if (k < 0) continue;
      rep.scores[static_cast<std::size_t>(k)] = yr.scores(static_cast<Eigen::Index>(r), root);
      rep.ranks[static_cast<std::size_t>(k)] = yr.ranks(static_cast<Eigen::Index>(r), root);
    }
    double shift = 0;
    std::size_t counted = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (std::isnan(rep.ranks[k]) || std::isnan(nominal_ranks[k])) continue;
      shift += std::abs(rep.ranks[k] - nominal_ranks[k]);
      ++counted;
    }
    rep.mean_rank_shift = counted > 0 ? shift / static_cast<double>(counted) : kNaN;
    rep.ok = counted > 0;
    if (!rep.ok) rep.error = "no unit has an index score";
  } catch (const std::exception& e) {
    rep.error = e.what();
  }
  return rep;
}

struct Nominal {
  IndexInput input;
  std::vector<std::string> units;
  std::vector<int> position;  // input unit index -> nominal index (-1: not in the nominal index)
  std::vector<double> ranks, scores;
  int year = 0;
};

Nominal nominal_of(const Pipeline& pipeline, const IndexInput& full, int year) {
  Nominal nom;
  nom.input = single_year(full, year);
  nom.year = nom.input.index_years.front();
  const IndexResult result = pipeline.run(nom.input);
  const YearResult& yr = result.years.front();
  const int root = pipeline.framework().root();
  nom.position.assign(nom.input.units.size(), -1);
  for (std::size_t r = 0; r < yr.rows.size(); ++r) {
    nom.position[static_cast<std::size_t>(yr.rows[r])] = static_cast<int>(r);
    nom.units.push_back(nom.input.units[static_cast<std::size_t>(yr.rows[r])]);
    nom.ranks.push_back(yr.ranks(static_cast<Eigen::Index>(r), root));
    nom.scores.push_back(yr.scores(static_cast<Eigen::Index>(r), root));
  }
  return nom;
}

// The stages the rows of `points` draw, each run once in this process, when a replication
// first needs it (a thread that needs one being run waits for it). Stage k is run with the
// draw of the first row that needs it, so its result does not depend on which unit, rank or
// thread asks first.
class Stages {
 public:
  Stages(const Pipeline& pipeline, const UncertaintyDesign& design, const IndexInput& input,
         const Eigen::MatrixXd& points)
      : pipeline_(pipeline), design_(design), input_(input), points_(points) {
    const auto n = static_cast<std::size_t>(points.rows());
    stage_of_.resize(n);
    std::map<std::array<int, 3>, std::size_t> index;
    for (std::size_t i = 0; i < n; ++i) {
      const auto key = design.stage_key(points.row(static_cast<Eigen::Index>(i)));
      auto [it, added] = index.emplace(key, first_row_.size());
      if (added) first_row_.push_back(i);
      stage_of_[i] = it->second;
    }
    stages_.resize(first_row_.size());
    once_ = std::make_unique<std::once_flag[]>(first_row_.size());
  }

  const Stage& of(std::size_t row) {
    const std::size_t k = stage_of_[row];
    std::call_once(once_[k], [&] { run(k); });
    return stages_[k];
  }

 private:
  void run(std::size_t k) {
    Variant v = design_.variant(points_.row(static_cast<Eigen::Index>(first_row_[k])));
    v.weights.clear();
    v.aggregation.reset();
    v.leave_out = -1;
    try {
      const IndexResult r = pipeline_.run(input_, v);
      const std::size_t n_ind = pipeline_.framework().indicator_count();
      stages_[k].rows = r.years.front().rows;
      stages_[k].normalised = r.years.front().scores.leftCols(static_cast<Eigen::Index>(n_ind));
    } catch (const std::exception& e) {
      stages_[k].error = e.what();
    }
  }

  const Pipeline& pipeline_;
  const UncertaintyDesign& design_;
  const IndexInput& input_;
  const Eigen::MatrixXd& points_;
  std::vector<std::size_t> stage_of_, first_row_;
  std::vector<Stage> stages_;
  std::unique_ptr<std::once_flag[]> once_;
};

// A replication as bytes, every number bit for bit: its status, error and rank shift, and with
// `full` each nominal unit's score and rank (an uncertainty analysis reads them; a sensitivity
// analysis reads the rank shift alone).
void encode(UnitWriter& out, const Replication& rep, bool full) {
  out.number(std::uint64_t{rep.ok ? 1U : 0U});
  out.text(rep.error);
  out.number(rep.mean_rank_shift);
  if (!full) return;
  for (const double v : rep.scores) out.number(v);
  for (const double v : rep.ranks) out.number(v);
}

Replication decode(UnitReader& in, std::size_t units, bool full) {
  Replication rep;
  rep.ok = in.number<std::uint64_t>() != 0;
  rep.error = in.text();
  rep.mean_rank_shift = in.number<double>();
  if (!full) return rep;
  rep.scores.resize(units);
  rep.ranks.resize(units);
  for (double& v : rep.scores) v = in.number<double>();
  for (double& v : rep.ranks) v = in.number<double>();
  return rep;
}

// Replicates every row of `points`, replication i depending only on row i, in units of
// kReplicationsPerUnit rows spread over the ranks of an MPI job and their threads
// (core/distributed), a unit resumed or kept through `resume`. Returns, on rank 0, every row's
// replication in order (with each unit's scores and ranks when `full`); on other ranks, none.
// `what` names the analysis in the error of a cancelled run.
std::vector<Replication> replicate_all(const Pipeline& pipeline, const UncertaintyDesign& design,
                                       const Nominal& nom, const Eigen::MatrixXd& points, bool full,
                                       const MonteCarloOptions& options, Progress& progress,
                                       distributed::Resume* resume, const std::string& what) {
  const auto n = static_cast<std::size_t>(points.rows());
  constexpr std::size_t kBlock = kReplicationsPerUnit;
  static_assert(kBlock == 64);  // the progress task names it
  Stages stages(pipeline, design, nom.input, points);
  std::vector<std::string> bytes = distributed::map_units(
      (n + kBlock - 1) / kBlock,
      [&](std::size_t unit, Progress& p) {
        UnitWriter out;
        for (std::size_t i = unit * kBlock; i < std::min(n, (unit + 1) * kBlock); ++i) {
          if (p.cancelled()) throw Error(what + ": cancelled");
          const Variant v = design.variant(points.row(static_cast<Eigen::Index>(i)));
          encode(out, replicate(pipeline, stages.of(i), v, nom.position, nom.ranks), full);
        }
        p.advance();
        return out.take();
      },
      progress, "units of 64 replications", resume, options.threads);
  std::vector<Replication> reps;
  reps.reserve(n);
  for (std::size_t unit = 0; unit < bytes.size(); ++unit) {
    UnitReader in(bytes[unit], fmt::format("{}: the bytes of replications unit {}", what, unit));
    for (std::size_t i = unit * kBlock; i < std::min(n, (unit + 1) * kBlock); ++i) {
      reps.push_back(decode(in, nom.units.size(), full));
    }
    in.finish();
    std::string().swap(bytes[unit]);
  }
  return reps;
}

}  // namespace

UncertaintyDesign::UncertaintyDesign(const Pipeline& pipeline) : pipeline_(pipeline) {
  const Spec& spec = pipeline.spec();
  const UncertaintySpec& u = spec.uncertainty;
  const Framework& f = pipeline.framework();
  auto add = [&](UncertainInput in, std::size_t columns) {
    for (std::size_t c = 0; c < columns; ++c) in.columns.push_back(static_cast<int>(dimensions_++));
    inputs_.push_back(std::move(in));
  };
  for (const auto& [level, noise] : u.weight_noise) {
    if (level > f.top_level() - 1) {
      throw Error(Location{spec.file, 0, "uncertainty.weights.level"},
                  "level " + std::to_string(level) + " has no weights to vary (the root is level " +
                      std::to_string(f.top_level()) + ")");
    }
    UncertainInput in{UncertainInput::Kind::weights, "weights:" + level_label(spec, level)};
    in.level = level;
    in.nodes = f.level(level);
    in.noise = noise;
    add(in, in.nodes.size());
  }
  auto discrete = [&](UncertainInput::Kind kind, const std::string& name, std::size_t choices) {
    if (choices < 2) return;
    UncertainInput in{kind, name};
    in.choices = choices;
    add(in, 1);
  };
  discrete(UncertainInput::Kind::normalisation, "normalisation", u.normalisations.size());
  discrete(UncertainInput::Kind::aggregation, "aggregation", u.aggregations.size());
  discrete(UncertainInput::Kind::imputation, "imputation", u.imputations.size());
  if (u.treatment) discrete(UncertainInput::Kind::treatment, "treatment", 2);
  if (u.leave_one_out)
    discrete(UncertainInput::Kind::leave_out, "indicator left out", f.indicator_count() + 1);
  if (inputs_.empty()) {
    throw Error(Location{spec.file, 0, "uncertainty"},
                "the spec declares no uncertain input: add [uncertainty] with weights, "
                "normalisation, aggregation, "
                "imputation, treatment or leave_one_out");
  }
}

Variant UncertaintyDesign::variant(const Eigen::Ref<const Eigen::RowVectorXd>& u) const {
  const UncertaintySpec& spec = pipeline_.spec().uncertainty;
  Variant v;
  v.keep_tables = false;
  v.ranks = RankScope::root;
  for (const UncertainInput& in : inputs_) {
    const double x = u(in.columns.front());
    switch (in.kind) {
      case UncertainInput::Kind::weights:
        if (v.weights.empty()) v.weights = pipeline_.framework().declared_weights();
        for (std::size_t k = 0; k < in.nodes.size(); ++k) {
          v.weights[static_cast<std::size_t>(in.nodes[k])] *=
              1 - in.noise + 2 * in.noise * u(in.columns[k]);
        }
        break;
      case UncertainInput::Kind::normalisation:
        v.normalise = spec.normalisations[pick(x, in.choices)];
        break;
      case UncertainInput::Kind::aggregation:
        v.aggregation = spec.aggregations[pick(x, in.choices)];
        break;
      case UncertainInput::Kind::imputation:
        v.impute = spec.imputations[pick(x, in.choices)];
        break;
      case UncertainInput::Kind::treatment:
        v.treat = pick(x, 2) == 1;
        break;
      case UncertainInput::Kind::leave_out:
        v.leave_out = static_cast<int>(pick(x, in.choices)) - 1;
        break;
    }
  }
  return v;
}

std::array<int, 3> UncertaintyDesign::stage_key(
    const Eigen::Ref<const Eigen::RowVectorXd>& u) const {
  std::array<int, 3> key = {-1, -1, -1};
  for (const UncertainInput& in : inputs_) {
    const double x = u(in.columns.front());
    if (in.kind == UncertainInput::Kind::imputation) key[0] = static_cast<int>(pick(x, in.choices));
    if (in.kind == UncertainInput::Kind::treatment) key[1] = static_cast<int>(pick(x, 2));
    if (in.kind == UncertainInput::Kind::normalisation)
      key[2] = static_cast<int>(pick(x, in.choices));
  }
  return key;
}

std::vector<std::string> UncertaintyDesign::describe(
    const Eigen::Ref<const Eigen::RowVectorXd>& u) const {
  const Variant v = variant(u);
  const Framework& f = pipeline_.framework();
  std::vector<std::string> out;
  for (const UncertainInput& in : inputs_) {
    switch (in.kind) {
      case UncertainInput::Kind::weights: {
        std::string text;
        for (int node : in.nodes) {
          text += (text.empty() ? "" : ";") + f.nodes()[static_cast<std::size_t>(node)].code + "=" +
                  fmt::format("{:.4g}", v.weights[static_cast<std::size_t>(node)]);
        }
        out.push_back(text);
        break;
      }
      case UncertainInput::Kind::normalisation:
        out.emplace_back(method_name(v.normalise->method));
        break;
      case UncertainInput::Kind::aggregation:
        out.emplace_back(method_name(*v.aggregation));
        break;
      case UncertainInput::Kind::imputation:
        out.emplace_back(method_name(*v.impute));
        break;
      case UncertainInput::Kind::treatment:
        out.emplace_back(v.treat ? "on" : "off");
        break;
      case UncertainInput::Kind::leave_out:
        out.push_back(v.leave_out < 0 ? "none"
                                      : f.nodes()[static_cast<std::size_t>(v.leave_out)].code);
        break;
    }
  }
  return out;
}

UncertaintyResult uncertainty_analysis(const Pipeline& pipeline, const IndexInput& input,
                                       const MonteCarloOptions& options, Progress& progress,
                                       distributed::Resume* resume) {
  const UncertaintyDesign design(pipeline);
  const Nominal nom = nominal_of(pipeline, input, options.year);
  UncertaintyResult out;
  out.year = nom.year;
  out.units = nom.units;
  const std::string sampling =
      options.sampling.empty() ? pipeline.spec().uncertainty.sampling : options.sampling;
  out.sample =
      unit_sample(options.runs, design.dimensions(), parse_sampling(sampling), options.seed);
  out.replications = replicate_all(pipeline, design, nom, out.sample, true, options, progress,
                                   resume, "uncertainty analysis");
  if (!distributed::is_root()) return out;
  for (const auto& rep : out.replications) out.failed += rep.ok ? 0 : 1;
  std::vector<double> ranks, scores;
  for (std::size_t k = 0; k < nom.units.size(); ++k) {
    ranks.clear();
    scores.clear();
    for (const auto& rep : out.replications) {
      if (!rep.ok || std::isnan(rep.ranks[k])) continue;
      ranks.push_back(rep.ranks[k]);
      scores.push_back(rep.scores[k]);
    }
    UnitRanks u;
    u.unit = nom.units[k];
    u.nominal = nom.ranks[k];
    u.score_nominal = nom.scores[k];
    u.runs = ranks.size();
    u.mean = stats::mean(ranks);
    u.median = stats::median(ranks);
    // Ranks are whole numbers: the interval's bounds are runs' ranks, not interpolations.
    std::tie(u.q05, u.q95) = stats::outer_quantiles(ranks, 0.05, 0.95);
    u.score_mean = stats::mean(scores);
    u.score_sd = stats::sd(scores);
    u.score_q05 = stats::quantile(scores, 0.05);
    u.score_q95 = stats::quantile(scores, 0.95);
    out.ranks.push_back(u);
  }
  return out;
}

SensitivityResult sensitivity_analysis(const Pipeline& pipeline, const IndexInput& input,
                                       const MonteCarloOptions& options, Progress& progress,
                                       distributed::Resume* resume) {
  const UncertaintyDesign design(pipeline);
  const Nominal nom = nominal_of(pipeline, input, options.year);
  const std::string sampling =
      options.sampling.empty() ? pipeline.spec().uncertainty.sampling : options.sampling;
  const std::size_t n = options.runs, k = design.inputs().size(), d = design.dimensions();
  const Eigen::MatrixXd base = unit_sample(n, 2 * d, parse_sampling(sampling), options.seed);
  std::vector<std::vector<int>> groups;
  for (const auto& in : design.inputs()) groups.push_back(in.columns);
  const Eigen::MatrixXd rows = saltelli_rows(base, groups);

  SensitivityResult out;
  out.year = nom.year;
  for (const auto& in : design.inputs()) out.inputs.push_back(in.name);
  const std::vector<Replication> reps = replicate_all(pipeline, design, nom, rows, false, options,
                                                      progress, resume, "sensitivity analysis");
  if (!distributed::is_root()) return out;
  out.model_runs = reps.size();

  // A design row j is usable only if all its k + 2 replications succeeded.
  std::vector<std::size_t> usable;
  for (std::size_t j = 0; j < n; ++j) {
    bool ok = true;
    for (std::size_t b = 0; b < k + 2 && ok; ++b) ok = reps[b * n + j].ok;
    if (ok) usable.push_back(j);
  }
  out.dropped = n - usable.size();
  out.base_runs = usable.size();
  if (usable.size() < 2) {
    throw Error(fmt::format(
        "sensitivity analysis: only {} of {} design rows ran without error; first error: {}",
        usable.size(), n, [&] {
          for (const auto& r : reps) {
            if (!r.ok) return r.error;
          }
          return std::string();
        }()));
  }
  std::vector<double> y;
  y.reserve((k + 2) * usable.size());
  for (std::size_t b = 0; b < k + 2; ++b) {
    for (std::size_t j : usable) y.push_back(reps[b * n + j].mean_rank_shift);
  }
  const std::span<const double> outputs(y.data(), 2 * usable.size());
  out.output_mean = stats::mean(outputs);
  const double sd = stats::sd(outputs);
  out.output_variance = sd * sd;
  out.indices = sobol_indices(y, usable.size(), k, options.bootstrap, options.seed);
  return out;
}

}  // namespace softpower::index
