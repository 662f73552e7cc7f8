#include "softpower/ops/dashboard_method.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/index/uncertainty.hpp"
#include "softpower/ops/dashboard.hpp"
#include "softpower/ops/dashboard_index.hpp"

namespace softpower {

namespace {

using nlohmann::json;

constexpr const char* kSpecChoice = "spec";

// The choices offered: methods that need nothing per indicator (no goalposts, targets or
// reference units), with their documented defaults (docs/index-normalise.md, index-treat.md,
// index-aggregate.md).
const std::vector<std::string>& normalise_choices() {
  static const std::vector<std::string> names = {kSpecChoice, "minmax", "zscore",   "rank",
                                                 "prank",     "borda",  "dist2max", "fracmax"};
  return names;
}
const std::vector<std::string>& treat_choices() {
  static const std::vector<std::string> names = {kSpecChoice, "none", "winsorise", "winsorise-only",
                                                 "log"};
  return names;
}
const std::vector<std::string>& aggregate_choices() {
  static const std::vector<std::string> names = {kSpecChoice, "arithmetic", "geometric",
                                                 "harmonic",  "copeland",   "outranking"};
  return names;
}

// The method of an enum named `name` (a choice the declaration has already checked).
template <typename Method>
Method method_named(std::string_view name, Method last) {
  for (int m = 0; m <= static_cast<int>(last); ++m) {
    if (index::method_name(static_cast<Method>(m)) == name) return static_cast<Method>(m);
  }
  throw Error(fmt::format("'{}' is not a method name", name));
}

bool has_step(const index::Spec& s, index::Step step) {
  return std::find(s.steps.begin(), s.steps.end(), step) != s.steps.end();
}

// Adds `step` before the first of `before` (in the spec's order) when the spec lacks it.
void ensure_step(index::Spec& s, index::Step step, std::initializer_list<index::Step> before) {
  if (has_step(s, step)) return;
  auto at = std::find_first_of(s.steps.begin(), s.steps.end(), before.begin(), before.end());
  s.steps.insert(at, step);
}

// The steps a change of method leaves as they are: those before the first treat, normalise or
// aggregate step. Their data are the step table of that position in a built year.
std::size_t unchanged_steps(const index::Spec& s) {
  const std::initializer_list<index::Step> redone = {index::Step::treat, index::Step::normalise,
                                                     index::Step::aggregate};
  return static_cast<std::size_t>(
      std::find_first_of(s.steps.begin(), s.steps.end(), redone.begin(), redone.end()) -
      s.steps.begin());
}

// Whether a normalisation of the spec reads other years than the one normalised.
bool needs_every_year(const index::Spec& s, int year) {
  auto across = [&](const index::NormaliseSpec& n) {
    return n.global ||
           (n.method == index::NormaliseMethod::refmax && n.ref_year != 0 && n.ref_year != year);
  };
  if (across(s.normalise)) return true;
  return std::any_of(s.indicators.begin(), s.indicators.end(), [&](const index::IndicatorSpec& i) {
    return i.normalise && across(*i.normalise);
  });
}

MethodChoices choices_of(const Args& args) {
  MethodChoices c;
  c.normalise = args.text("normalise");
  c.treat = args.text("treat");
  c.aggregate = args.text("aggregate");
  c.level = args.integer_as<int>("level");
  c.winmax = args.integer_as<int>("winmax");
  return c;
}

std::string level_name(const index::Spec& spec, int level) {
  const auto l = static_cast<std::size_t>(level);
  return l >= 1 && l <= spec.level_names.size() ? spec.level_names[l - 1]
                                                : "level " + std::to_string(level);
}

// What the spec itself chooses, in the choices' words.
json spec_choices(const DashboardIndex& d) {
  const index::Spec& s = d.spec;
  auto own = [&](auto member) {
    return std::count_if(s.indicators.begin(), s.indicators.end(),
                         [&](const index::IndicatorSpec& i) { return (i.*member).has_value(); });
  };
  std::string treat = "none";
  if (has_step(s, index::Step::treat) && s.treat.method != index::TreatMethod::none) {
    treat = std::string(index::method_name(s.treat.method));
    if (s.treat.method == index::TreatMethod::winsorise) {
      treat = s.treat.fallback == index::TreatMethod::none ? "winsorise-only" : "winsorise";
    }
  }
  json levels = json::array();
  const index::Framework& f = d.pipeline->framework();
  for (int level = 2; level <= f.top_level(); ++level) {
    levels.push_back({{"level", level},
                      {"name", level_name(s, level)},
                      {"method", index::method_name(d.pipeline->aggregation(level).method)}});
  }
  return {{"normalise", has_step(s, index::Step::normalise)
                            ? std::string(index::method_name(s.normalise.method))
                            : std::string("none")},
          {"normalise_own", own(&index::IndicatorSpec::normalise)},
          {"treat", treat},
          {"treat_own", own(&index::IndicatorSpec::treat)},
          {"winmax", s.treat.winmax},
          {"aggregate", levels}};
}

std::string sobol_key(const Args& args, int year) {
  const std::string key = dashboard_key(args);
  return fmt::format("dashboard sobol of {} in {}", key.empty() ? "the server's index" : key, year);
}

json sobol_json(const index::SensitivityResult& r, std::uint64_t seed) {
  json inputs = json::array();
  for (std::size_t i = 0; i < r.inputs.size(); ++i) {
    const SobolIndices& s = r.indices[i];
    inputs.push_back({{"input", r.inputs[i]},
                      {"S1", s.s1},
                      {"S1_lo", s.s1_lo},
                      {"S1_hi", s.s1_hi},
                      {"ST", s.st},
                      {"ST_lo", s.st_lo},
                      {"ST_hi", s.st_hi}});
  }
  return {{"year", r.year},
          {"base_runs", r.base_runs},
          {"model_runs", r.model_runs},
          {"dropped", r.dropped},
          {"seed", seed},
          {"inputs", std::move(inputs)}};
}

// The year `y` of the dashboard index rebuilt with the choices `c` (and the weights of --weights):
// from the data the built index kept after the steps the choices leave alone (for the Open Soft
// Power Index its imputed and screened data), for that year alone unless a normalisation reads
// other years. Sets `years_built`.
index::YearResult rerun(const DashboardIndex& d, int y, const MethodChoices& c, const Args& args,
                        std::size_t& years_built) {
  const index::Spec edited = spec_with_choices(d.spec, c, d.pipeline->framework().top_level());
  const index::Pipeline pipeline(edited);
  index::Variant variant;
  variant.keep_tables = false;
  variant.ranks = index::RankScope::root;
  if (args.has("weights")) {
    try {
      variant.weights = d.reweighters.at(y)->weights(args.mapping("weights"));
    } catch (const Error& e) {
      throw Error(std::string("--weights: ") + e.what());
    }
    variant.fixed_weights = true;
  }
  const std::size_t kept = unchanged_steps(d.spec);
  const bool every_year = needs_every_year(edited, y);
  const index::IndexInput input = every_year ? d.input : index::single_year(d.input, y);
  index::Resume resume{kept, {}};
  for (const index::YearResult& yr : d.result.years) {
    if (every_year || yr.year == y) resume.tables.push_back(&yr.tables.at(kept));
  }
  years_built = resume.tables.size();
  try {
    index::IndexResult result = pipeline.run(input, variant, resume);
    return std::move(*std::find_if(result.years.begin(), result.years.end(),
                                   [&](const index::YearResult& r) { return r.year == y; }));
  } catch (const Error& e) {
    const std::string what = e.what();
    const bool mean = what.find(" mean needs ") != std::string::npos;
    const char* param = (c.aggregate != kSpecChoice && mean) ? "--aggregate"
                        : c.normalise != kSpecChoice         ? "--normalise"
                        : c.treat != kSpecChoice             ? "--treat"
                                                             : "--aggregate";
    throw Error(fmt::format("{}: with these choices the index cannot be built: {}{}", param, what,
                            mean ? " (of the normalisations offered, rank gives every unit 1 "
                                   "or more)"
                                 : ""));
  }
}

// Every unit of `yr`, best first, with its rank under the spec's own choices (`nominal`); the
// count of units moved and the mean and largest shift go into `summary`.
json ranking_against(const DashboardIndex& d, const index::YearResult& nominal,
                     const index::YearResult& yr, json& summary) {
  const int root = d.pipeline->framework().root();
  std::vector<double> nominal_rank(d.input.units.size(), std::nan(""));
  for (std::size_t r = 0; r < nominal.rows.size(); ++r) {
    nominal_rank[static_cast<std::size_t>(nominal.rows[r])] =
        nominal.ranks(static_cast<Eigen::Index>(r), root);
  }
  const std::vector<std::size_t> order = best_first(yr, root);
  json ranking = json::array();
  std::size_t moved = 0, compared = 0;
  double shift = 0, largest = 0;
  for (std::size_t r : order) {
    const auto unit = static_cast<std::size_t>(yr.rows[r]);
    const double rank = yr.ranks(static_cast<Eigen::Index>(r), root);
    const double was = nominal_rank[unit];
    if (!std::isnan(rank) && !std::isnan(was)) {
      ++compared;
      moved += rank != was ? 1 : 0;
      shift += std::abs(rank - was);
      largest = std::max(largest, std::abs(rank - was));
    }
    ranking.push_back(
        {{"iso3", d.input.units[unit]},
         {"name", d.names[unit]},
         {"score", json_number_or_null(yr.scores(static_cast<Eigen::Index>(r), root))},
         {"rank", json_number_or_null(rank)},
         {"nominal_rank", json_number_or_null(was)}});
  }
  summary["moved"] = moved;
  summary["mean_shift"] = compared > 0 ? json(shift / static_cast<double>(compared)) : json();
  summary["largest_shift"] = largest;
  return ranking;
}

json choices(const Args& args, Context& ctx) {
  const std::shared_ptr<const DashboardIndex> built = dashboard_of(args, ctx);
  const DashboardIndex& d = *built;
  const int y = dashboard_year(args, d);
  const MethodChoices c = choices_of(args);
  std::size_t years_built = 0;
  const index::YearResult yr = rerun(d, y, c, args, years_built);
  json levels = json::array();
  for (int level = 2; level <= d.pipeline->framework().top_level(); ++level)
    levels.push_back({{"level", level}, {"name", level_name(d.spec, level)}});
  json sensitivity = nullptr;
  if (ctx.cache != nullptr) {
    if (auto s = ctx.cache->find<json>(sobol_key(args, y))) sensitivity = *s;
  }
  json out = {{"name", d.spec.name},
              {"spec", d.spec_path.string()},
              {"year", y},
              {"choices",
               {{"normalise", c.normalise},
                {"treat", c.treat},
                {"aggregate", c.aggregate},
                {"level", c.level},
                {"winmax", c.winmax}}},
              {"spec_choices", spec_choices(d)},
              {"options",
               {{"normalise", normalise_choices()},
                {"treat", treat_choices()},
                {"aggregate", aggregate_choices()},
                {"levels", levels}}},
              {"years_built", years_built},
              {"sensitivity", sensitivity}};
  out["ranking"] = ranking_against(d, d.year(y), yr, out);
  return out;
}

// Sobol' indices of the dashboard index's uncertain inputs (its spec's [uncertainty]) for a
// year; a server runs it as a job on one core and keeps the answer, which `index choices` adds.
json sobol(const Args& args, Context& ctx) {
  const std::shared_ptr<const DashboardIndex> built = dashboard_of(args, ctx);
  const DashboardIndex& d = *built;
  const index::MonteCarloOptions mc = dashboard_monte_carlo(args, d);
  const index::SensitivityResult r =
      index::sensitivity_analysis(*d.pipeline, d.input, mc, ctx.progress);
  json out = sobol_json(r, mc.seed);
  if (ctx.cache != nullptr)
    ctx.cache->put<json>(sobol_key(args, r.year), std::make_shared<const json>(out));
  return out;
}

}  // namespace

index::Spec spec_with_choices(const index::Spec& spec, const MethodChoices& choices,
                              int top_level) {
  using index::Step;
  index::Spec s = spec;
  if (choices.normalise != kSpecChoice) {
    s.normalise = index::NormaliseSpec{};
    s.normalise.method = method_named(choices.normalise, index::NormaliseMethod::refmax);
    for (auto& ind : s.indicators) ind.normalise.reset();
    ensure_step(s, Step::normalise, {Step::aggregate});
  }
  if (choices.treat == "none") {
    std::erase(s.steps, Step::treat);
  } else if (choices.treat != kSpecChoice) {
    s.treat = index::TreatSpec{};
    s.treat.winmax = choices.winmax;
    if (choices.treat == "winsorise-only") s.treat.fallback = index::TreatMethod::none;
    if (choices.treat == "log") s.treat.method = index::TreatMethod::log;
    for (auto& ind : s.indicators) ind.treat.reset();
    ensure_step(s, Step::treat, {Step::normalise, Step::aggregate});
  }
  if (choices.level != 0 && (choices.level < 2 || choices.level > top_level)) {
    throw Error(fmt::format(
        "--level: {} is not an aggregation level of '{}' (2 to {}, or 0 for every level)",
        choices.level, spec.name, top_level));
  }
  if (choices.aggregate != kSpecChoice) {
    const auto method = method_named(choices.aggregate, index::AggregateMethod::outranking);
    if (choices.level == 0) {
      s.aggregation.method = method;
      for (auto& [level, how] : s.level_aggregation) how.method = method;
    } else {
      auto it = s.level_aggregation.find(choices.level);
      index::LevelAggregation how = it == s.level_aggregation.end() ? s.aggregation : it->second;
      how.method = method;
      s.level_aggregation[choices.level] = how;
    }
  }
  return s;
}

void register_dashboard_method_operations(OperationRegistry& registry) {
  const Param year = dashboard_year_param();
  registry.add(dashboard_operation(
      "index choices",
      "The ranking under another normalisation, outlier treatment or aggregation, at once",
      "Rebuilds the dashboard index's ranking for the year with the method choices given (each "
      "'spec' by default: the spec's own): a normalisation with its documented defaults "
      "replacing the spec's and every indicator's own, an outlier treatment (none, winsorise "
      "with the log as fallback, winsorise alone, log) likewise, an aggregation method at one "
      "level or all. Only the steps from the first treat, normalise or aggregate step on are "
      "run again, on the imputed and screened data the server keeps, and only for the year "
      "asked unless a normalisation reads other years. Answers every unit's score and rank with "
      "its rank under the spec's own choices, the count of units moved, what the spec chooses, "
      "the choices offered and, once `index sobol` has run for the year, the Sobol' indices.",
      {dashboard_spec_param(), dashboard_saved_param(),
       Param{"normalise", ParamType::choice, "normalisation of every indicator", kSpecChoice, false,
             false, normalise_choices()},
       Param{"treat", ParamType::choice, "outlier treatment of every indicator", kSpecChoice, false,
             false, treat_choices()},
       Param{"aggregate", ParamType::choice, "aggregation method", kSpecChoice, false, false,
             aggregate_choices()},
       Param{"level", ParamType::integer,
             "the level whose aggregation changes (2 = the level above the indicators; 0: every "
             "level)",
             "0"}
           .between(0, index::kMaxLevels),
       Param{"winmax", ParamType::integer, "most points winsorised per indicator", "5"}.between(
           1, 1000),
       Param{"weights", ParamType::mapping,
             "weights by node code as well (code=weight; default: the spec's)"}
           .within(0, index::kMaxWeight),
       year, data_param()},
      choices, "/api/index/choices"));

  Operation sobol_op{
      "index sobol",
      "Sobol' indices of the dashboard index's uncertain inputs (a background job on a server)",
      "The sensitivity analysis of `index sensitivity` (docs/index-sensitivity.md) on the "
      "dashboard's index for a year, answered as JSON: each input's first- and total-order "
      "indices of the mean absolute rank shift with bootstrap intervals. A server runs it as a "
      "job on one core and keeps the answer, which GET /api/index/choices then includes.",
      {dashboard_spec_param(), dashboard_saved_param(),
       Param{"runs", ParamType::integer, "base sample size N ((k + 2) N replications)", "128"}
           .between(2, 5000),
       seed_param("random seed; the same seed gives the same indices"), year, data_param()},
      false,
      sobol};
  sobol_op.job = true;
  registry.add(std::move(sobol_op));
}

}  // namespace softpower
