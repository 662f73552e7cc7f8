#include "softpower/ops/evaluation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/core/table.hpp"
#include "softpower/evaluation/bacon.hpp"
#include "softpower/evaluation/did.hpp"
#include "softpower/evaluation/inference.hpp"
#include "softpower/evaluation/panel.hpp"
#include "softpower/evaluation/staggered.hpp"
#include "softpower/evaluation/synthdid.hpp"
#include "softpower/ops/evaluation_input.hpp"
#include "softpower/ops/evaluation_predictors.hpp"
#include "softpower/report/evaluation_csv.hpp"
#include "softpower/report/evaluation_html.hpp"
#include "softpower/store/recorded.hpp"

namespace softpower::evaluation {

namespace {

using nlohmann::json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const std::vector<OutputFile>& panel_outputs() {
  static const std::vector<OutputFile> files = {
      {"estimates.csv", "each estimator's effect, standard error, 95% interval and p-value",
       report::estimates_columns()},
      {"unit_weights.csv", "the weight of each control unit in each estimator",
       report::unit_weights_columns()},
      {"time_weights.csv", "the weight of each pre-treatment period in each estimator",
       report::time_weights_columns()},
      {"paths.csv", "the treated units' mean and its counterfactual in every period",
       report::paths_columns()},
      {"placebos.csv",
       "in-space placebos: each control taken as treated, with its estimate and pre- and "
       "post-treatment fit (RMSPE), and the treated units' own row",
       report::placebos_columns()},
      {"evaluation.html",
       "the page: estimates, each estimator's treated mean against its counterfactual, the gap "
       "over the placebos' gaps, and the weights"}};
  return files;
}

const std::vector<OutputFile>& staggered_outputs() {
  static const std::vector<OutputFile> files = {
      {"att_gt.csv", "each group-time average effect ATT(g,t) with its uniform band",
       report::att_gt_columns()},
      {"aggregate.csv", "simple, dynamic (event time), group and calendar aggregations",
       report::aggregate_columns()},
      {"bacon.csv", "the Goodman-Bacon decomposition of the two-way fixed-effects estimate",
       report::bacon_columns()},
      {"evaluation.html",
       "the page: the event study with its band, the aggregations, what plain two-way fixed "
       "effects averages, and every ATT(g,t)"}};
  return files;
}

// The panel the arguments describe, logged with what was left out.
LongPanel read_panel(const EvaluationTable& input) {
  return long_panel(input.table, input.columns);
}

SynthdidMethod method_of(const std::string& name) {
  if (name == "did") return SynthdidMethod::did;
  if (name == "sc") return SynthdidMethod::sc;
  if (name == "sdid") return SynthdidMethod::sdid;
  throw Error("--estimators: '" + name + "' is not one of: did, sc, sdid");
}

// A 95% interval and two-sided p-value from a normal approximation (NaN without a standard
// error), as synthdid's confidence intervals are built.
Coefficient normal_coefficient(const std::string& estimator, double estimate, double se) {
  Coefficient c{estimator, estimate, se, kNaN, kNaN, kNaN, kNaN};
  if (std::isfinite(se) && se > 0) {
    const double z = normal_quantile(0.975);
    c.t = estimate / se;
    c.p_value = normal_p_value(c.t);
    c.ci_lo = estimate - z * se;
    c.ci_hi = estimate + z * se;
  }
  return c;
}

json run_panel(const Args& args, Context& ctx) {
  const std::vector<std::string> estimators = args.items("estimators");
  if (estimators.empty()) throw Error("--estimators: name at least one of did, sc, sdid");
  std::set<std::string> named;
  for (const std::string& e : estimators) {
    (void)method_of(e);
    if (!named.insert(e).second) throw Error("--estimators: '" + e + "' is given twice");
  }
  OutputFolder folder(args.text("out"), output_names(panel_outputs(), args));
  const EvaluationTable input =
      evaluation_table(args, Design::panel, ctx, args.items("covariates"));
  const BlockPanel block = block_panel(balance(read_panel(input), TreatmentCoding::indicator));
  const SynthdidPanel panel{block.y, static_cast<Eigen::Index>(block.n0),
                            static_cast<Eigen::Index>(block.t0)};
  // In-space placebos need two donors for each control taken as treated.
  const bool with_placebos = block.n0 >= 3;
  if (!with_placebos) ctx.log << "placebos.csv: no in-space placebos with fewer than 3 controls\n";
  const std::string& se_method = args.text("se");
  const int reps = args.integer_as<int>("reps");
  const auto seed = args.integer_as<std::uint64_t>("seed");
  const std::size_t n1 = block.units.size() - block.n0;
  const std::string treated_label =
      n1 == 1 ? block.units.back() : fmt::format("treated ({} units)", n1);

  std::vector<Coefficient> estimates;
  std::vector<report::WeightRow> unit_weights, time_weights;
  std::vector<report::PathRow> paths;
  std::vector<report::PlaceboRow> placebos;
  report::PanelPage page{input.source,
                         args.text("outcome"),
                         treated_label,
                         se_method,
                         block.units,
                         block.times,
                         block.n0,
                         block.t0,
                         {}};
  json summary = json::array();
  // With --covariates or --lags, sc is synthetic control with predictors (sc-cov).
  std::optional<SynthPanel> predictors;
  if (wants_predictors(args))
    predictors = synth_predictors(args, input.table, input.columns, block);
  ctx.progress.start("estimators", estimators.size());
  for (const std::string& name : estimators) {
    if (name == "sc" && predictors) {
      PanelEstimatorRows rows = synth_with_predictors(args, *predictors, block);
      estimates.push_back(rows.estimate);
      unit_weights.insert(unit_weights.end(), rows.unit_weights.begin(), rows.unit_weights.end());
      paths.insert(paths.end(), rows.paths.begin(), rows.paths.end());
      placebos.insert(placebos.end(), rows.placebos.begin(), rows.placebos.end());
      page.estimators.push_back(std::move(rows.shown));
      summary.push_back(std::move(rows.summary));
      ctx.progress.advance();
      continue;
    }
    const SynthdidMethod method = method_of(name);
    const SynthdidFit fit = synthdid_fit(panel, method);
    double se = kNaN;
    if (se_method != "none") {
      const SynthdidSe m = se_method == "placebo"     ? SynthdidSe::placebo
                           : se_method == "bootstrap" ? SynthdidSe::bootstrap
                                                      : SynthdidSe::jackknife;
      se = synthdid_se(panel, fit, m, reps, seed).se;
    }
    estimates.push_back(normal_coefficient(name, fit.estimate, se));
    for (std::size_t i = 0; i < block.n0; ++i)
      unit_weights.push_back({name, block.units[i], fit.omega[static_cast<Eigen::Index>(i)]});
    for (std::size_t t = 0; t < block.t0; ++t) {
      time_weights.push_back(
          {name, std::to_string(block.times[t]), fit.lambda[static_cast<Eigen::Index>(t)]});
    }
    const SynthdidPath path = synthdid_path(panel, fit);
    for (std::size_t t = 0; t < block.times.size(); ++t) {
      const auto k = static_cast<Eigen::Index>(t);
      paths.push_back({name, block.times[t], path.treated[k], path.counterfactual[k]});
    }
    // The treated block against every control taken as treated: Abadie et al.'s permutation
    // p-value is the share of units whose post/pre RMSPE ratio is at least the treated one's.
    const SynthdidFitQuality own = fit_quality(path, panel.t0);
    placebos.push_back({name, treated_label, true, fit.estimate, own.pre_rmspe, own.post_rmspe});
    const double own_ratio = own.post_rmspe / own.pre_rmspe;
    std::size_t as_extreme = 1;
    const std::vector<InSpacePlacebo> in_space =
        with_placebos ? synthdid_in_space_placebos(panel, fit) : std::vector<InSpacePlacebo>{};
    report::PanelEstimator shown;
    const auto as_vector = [](const Eigen::VectorXd& v) {
      return std::vector<double>(v.data(), v.data() + v.size());
    };
    for (const InSpacePlacebo& p : in_space) {
      placebos.push_back({name, block.units[static_cast<std::size_t>(p.unit)], false, p.estimate,
                          p.quality.pre_rmspe, p.quality.post_rmspe});
      if (p.quality.post_rmspe / p.quality.pre_rmspe >= own_ratio) ++as_extreme;
      shown.placebo_gaps.push_back(as_vector(p.gap));
    }
    const Coefficient& row = estimates.back();
    const std::optional<double> permutation_p =
        with_placebos ? std::optional<double>(static_cast<double>(as_extreme) /
                                              static_cast<double>(block.n0 + 1))
                      : std::nullopt;
    shown.estimate = row;
    shown.treated = as_vector(path.treated);
    shown.counterfactual = as_vector(path.counterfactual);
    shown.unit_weights = as_vector(fit.omega);
    shown.time_weights = as_vector(fit.lambda);
    shown.rmspe_ratio = own_ratio;
    shown.permutation_p = permutation_p;
    page.estimators.push_back(std::move(shown));
    summary.push_back({{"estimator", name},
                       {"estimate", row.estimate},
                       {"se", std::isnan(se) ? json() : json(se)},
                       {"ci_lo", std::isnan(row.ci_lo) ? json() : json(row.ci_lo)},
                       {"ci_hi", std::isnan(row.ci_hi) ? json() : json(row.ci_hi)},
                       {"rmspe_ratio", own_ratio},
                       {"permutation_p", permutation_p ? json(*permutation_p) : json()}});
    ctx.progress.advance();
  }
  ctx.progress.finish();
  folder.write("estimates.csv", report::estimates_csv(estimates));
  folder.write("unit_weights.csv", report::weights_csv(unit_weights, false));
  folder.write("time_weights.csv", report::weights_csv(time_weights, true));
  folder.write("paths.csv", report::paths_csv(paths));
  folder.write("placebos.csv", report::placebos_csv(placebos));
  folder.write("evaluation.html", report::evaluation_panel_html(page));
  folder.commit();
  std::string message =
      fmt::format("{} units ({} treated from {}), {} periods ({} before):", block.units.size(), n1,
                  block.times[block.t0], block.times.size(), block.t0);
  for (const Coefficient& r : estimates) {
    message += fmt::format("\n  {:<5} {:>10.4g}", r.term, r.estimate);
    if (!std::isnan(r.se)) {
      message += fmt::format("  se {:.4g}  95% [{:.4g}, {:.4g}]", r.se, r.ci_lo, r.ci_hi);
    } else if (predictors && r.term == "sc-cov" && !std::isnan(r.p_value)) {
      message += fmt::format("  permutation p {:.4g}", r.p_value);
    }
  }
  message += "\nWrote " + folder.display();
  return {{"message", message},
          {"out", folder.display()},
          {"source", input.source},
          {"left_out", input.left_out},
          {"units", block.units.size()},
          {"treated", n1},
          {"adoption", block.times[block.t0]},
          {"periods", block.times.size()},
          {"se", se_method},
          {"estimates", summary},
          {"files", top_level_output_names(panel_outputs(), args)}};
}

json run_staggered(const Args& args, Context& ctx) {
  OutputFolder folder(args.text("out"), output_names(staggered_outputs(), args));
  const EvaluationTable input = evaluation_table(args, Design::staggered, ctx);
  const BalancedPanel panel =
      balance(read_panel(input), TreatmentCoding::cohort, args.real("never-value"));
  StaggeredOptions o;
  o.control = args.text("control") == "notyet" ? ControlGroup::not_yet_treated
                                               : ControlGroup::never_treated;
  o.base = args.text("base") == "universal" ? BasePeriod::universal : BasePeriod::varying;
  o.reps = args.integer_as<std::size_t>("reps");
  o.seed = args.integer_as<std::uint64_t>("seed");
  ctx.progress.start("Callaway and Sant'Anna", 2);
  const StaggeredResult result = callaway_santanna(panel, o);
  ctx.progress.advance();
  // The decomposition of the plain TWFE estimate shows how much of it rests on comparisons
  // with already-treated units; a panel it cannot decompose leaves bacon.csv with its header.
  BaconDecomposition bacon;
  std::string bacon_note;
  try {
    bacon = bacon_decomposition(panel);
  } catch (const Error& e) {
    bacon_note = e.what();
    ctx.log << "bacon.csv: no decomposition: " << bacon_note << "\n";
  }
  ctx.progress.finish();
  folder.write("att_gt.csv", report::att_gt_csv(result));
  folder.write("aggregate.csv", report::aggregate_csv(result));
  folder.write("bacon.csv", report::bacon_csv(bacon));
  const report::StaggeredPage page{input.source,
                                   args.text("outcome"),
                                   args.text("control"),
                                   args.text("base"),
                                   o.reps,
                                   &result,
                                   bacon_note.empty() ? &bacon : nullptr,
                                   bacon_note};
  folder.write("evaluation.html", report::evaluation_staggered_html(page));
  folder.commit();
  json aggregates = json::object();
  for (const AggregateEffect& a : result.aggregates) {
    if (a.key) continue;
    aggregates[a.type] = {
        {"estimate", a.estimate}, {"se", a.se}, {"ci_lo", a.ci_lo}, {"ci_hi", a.ci_hi}};
  }
  std::string message = fmt::format(
      "{} units ({} dropped: treated from the first period), {} "
      "group-time effects",
      result.units, result.dropped_units, result.att_gt.size());
  if (aggregates.contains("simple")) {
    message += fmt::format("; simple ATT {:.4g} (se {:.4g})",
                           aggregates["simple"]["estimate"].get<double>(),
                           aggregates["simple"]["se"].get<double>());
  }
  if (bacon_note.empty()) message += fmt::format("; TWFE {:.4g}", bacon.twfe);
  message += "\nWrote " + folder.display();
  json out = {{"message", message},
              {"out", folder.display()},
              {"source", input.source},
              {"left_out", input.left_out},
              {"units", result.units},
              {"dropped_units", result.dropped_units},
              {"group_time_effects", result.att_gt.size()},
              {"aggregates", aggregates},
              {"files", top_level_output_names(staggered_outputs(), args)}};
  out["twfe"] = bacon_note.empty() ? json(bacon.twfe) : json();
  return out;
}

}  // namespace

void register_operations(OperationRegistry& registry) {
  std::vector<Param> panel = evaluation_input_params(Design::panel);
  panel.push_back(Param{"estimators", ParamType::list,
                        "estimators among did, sc, sdid (repeatable, or comma-separated)",
                        "did,sc,sdid"});
  panel.push_back(Param{"se",
                        ParamType::choice,
                        "standard errors: placebo (controls as pseudo-treated), bootstrap or "
                        "jackknife (both need two treated units), or none",
                        "placebo",
                        false,
                        false,
                        {"placebo", "bootstrap", "jackknife", "none"}});
  panel.push_back(
      Param{"reps", ParamType::integer, "replications of the placebo or bootstrap", "200"}.between(
          2, 100000));
  for (Param& p : synth_predictor_params()) panel.push_back(std::move(p));
  panel.push_back(seed_param("random seed; the same seed gives the same standard errors"));
  panel.push_back(output_folder_param("default: out/evaluation", "out/evaluation"));
  panel.push_back(workspace_param());
  registry.add(store::recorded(Operation{
      "evaluate panel",
      "Did a programme change an outcome? DiD, synthetic control and synthetic DiD",
      "Reads a balanced panel where some units are treated from one period on, and estimates "
      "the average effect on the treated by difference-in-differences, synthetic control and "
      "synthetic DiD (Arkhangelsky et al. 2021, as synthdid 0.0.9), with unit and time "
      "weights, the treated mean against its counterfactual in every period, standard errors "
      "(placebo, bootstrap or jackknife) and in-space placebos with Abadie et al.'s "
      "permutation p-value (docs/evaluation-synthdid.md). With --covariates or --lags, "
      "synthetic control matches predictors (Abadie, Diamond and Hainmueller 2010; estimator "
      "sc-cov, docs/evaluation-synth.md).",
      std::move(panel), true, run_panel, panel_outputs()}));

  std::vector<Param> staggered = evaluation_input_params(Design::staggered);
  staggered.push_back(Param{"control",
                            ParamType::choice,
                            "control units: never treated, or not yet treated",
                            "never",
                            false,
                            false,
                            {"never", "notyet"}});
  staggered.push_back(Param{"base",
                            ParamType::choice,
                            "base period: the one before each period (varying) or before "
                            "treatment (universal)",
                            "varying",
                            false,
                            false,
                            {"varying", "universal"}});
  staggered.push_back(Param{"reps", ParamType::integer,
                            "multiplier bootstrap draws (0: analytic standard errors)", "1000"}
                          .between(0, 100000));
  staggered.push_back(seed_param("random seed; the same seed gives the same bands"));
  staggered.push_back(
      output_folder_param("default: out/evaluation-staggered", "out/evaluation-staggered"));
  staggered.push_back(workspace_param());
  registry.add(store::recorded(Operation{
      "evaluate staggered",
      "Effects of a programme adopted at different times: Callaway and Sant'Anna, Bacon",
      "Reads a balanced panel with each unit's first treated period and estimates every "
      "group-time average effect ATT(g,t) (Callaway and Sant'Anna 2021, as the R package did "
      "2.5.1) with never- or not-yet-treated controls, its multiplier bootstrap with uniform "
      "bands, and the simple, dynamic, group and calendar aggregations; and decomposes the "
      "plain two-way fixed-effects estimate into its 2x2 comparisons (Goodman-Bacon 2021), "
      "which shows when it misleads (docs/evaluation-staggered.md).",
      std::move(staggered), true, run_staggered, staggered_outputs()}));
}

}  // namespace softpower::evaluation
