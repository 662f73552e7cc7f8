#include "softpower/ops/index.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <optional>

#include "softpower/core/checkpoint.hpp"
#include "softpower/core/countries.hpp"
#include "softpower/core/data_dir.hpp"
#include "softpower/core/distributed.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/core/sha256.hpp"
#include "softpower/core/table.hpp"
#include "softpower/index/audit.hpp"
#include "softpower/index/pipeline.hpp"
#include "softpower/index/reach.hpp"
#include "softpower/index/reweight.hpp"
#include "softpower/index/spec.hpp"
#include "softpower/index/uncertainty.hpp"
#include "softpower/ops/network_ties.hpp"
#include "softpower/ops/resumable.hpp"
#include "softpower/report/index_analysis_outputs.hpp"
#include "softpower/report/index_outputs.hpp"
#include "softpower/sources/reader.hpp"
#include "softpower/sources/unmapped.hpp"
#include "softpower/store/recorded.hpp"
#include "softpower/store/workspace.hpp"

namespace softpower::index {

namespace {

Param spec_param() {
  return Param{"spec", ParamType::path, "index spec file (TOML; see docs/index-spec.md)", "", true,
               true}
      .as(ParamRole::input_file);
}

// The files each operation writes, declared once (core/operation.hpp: OutputFile).
const std::vector<OutputFile>& build_outputs() {
  static const std::vector<OutputFile> files = {
      {"scores.csv", "every unit's score and rank at every node, long format",
       report::scores_columns()},
      {"coverage.csv",
       "what each unit's every indicator and aggregate rests on: observed, imputed (how, from "
       "which years) or missing; an aggregate's coverage and whether it was scored",
       report::coverage_columns()},
      {"datasets/{step}.csv",
       "the data after each step of the pipeline (Raw, Imputed, ...)",
       {"uCode", "..."}},
      {"datasets/Aggregated.csv", "the aggregated scores of every node", {"uCode", "..."}},
      {"results.json", "scores, ranks and weights of every node, unit and year", {}},
      {"audit.json", "the statistical audit: correlations, PCA, flags", {}},
      {"report.html", "the index's page: ranking, framework and audit", {}}};
  return files;
}

const std::vector<OutputFile>& uncertainty_outputs() {
  static const std::vector<OutputFile> files = {
      {"rank_intervals.csv", "each unit's nominal rank with the mean, median and 90% interval",
       report::rank_intervals_columns()},
      {"runs.csv",
       "each replication's choices and its mean absolute rank shift",
       {"run", "...", "status", "error", "mean_rank_shift"}},
      {"uncertainty.html", "the rank intervals drawn", {}}};
  return files;
}

const std::vector<OutputFile>& sensitivity_outputs() {
  static const std::vector<OutputFile> files = {
      {"sobol.csv", "first- and total-order Sobol' indices of each input with intervals",
       report::sobol_columns()},
      {"sensitivity.html", "the indices drawn", {}}};
  return files;
}

const std::vector<OutputFile>& reach_outputs() {
  static const std::vector<OutputFile> files = {
      {"reach.csv",
       "each unit's best and worst attainable rank with the weights that give them",
       {"unit", "nominal", "best", "worst", "..."}},
      {"reach.html", "the reach of every unit drawn", {}}};
  return files;
}

Spec load_spec(const Args& args) {
  const std::string& path = args.text("spec");
  return parse_spec(read_file(path), path);
}

std::string default_out(const std::string& spec_path) {
  return (std::filesystem::path("out") / std::filesystem::path(spec_path).stem()).string();
}

// A `network-SOURCE` dataset: the measures of the source's network in every year from as far
// before the spec's first year as its indicators' imputation reads (network_look_back) to its
// last.
Panel network_dataset(const Spec& spec, const std::string& id,
                      const std::filesystem::path& data_dir, LoadedData& loaded,
                      sources::UnmappedTally& tally, Context& ctx) {
  const std::string source = id.substr(networks::kNetworkDatasetPrefix.size());
  std::vector<sources::UnmappedRow> unmapped;
  const DyadSet ties = networks::spec_network_ties(spec, id, data_dir, unmapped);
  std::vector<std::string> measures;  // only those the spec takes: the others cost time
  for (const index::IndicatorSpec& indicator : spec.indicators) {
    if (indicator.dataset == id) measures.push_back(indicator.source);
    if (indicator.denominator_dataset == id) measures.push_back(indicator.denominator);
  }
  Panel panel = networks::network_panel(ties, measures);
  loaded.provenance.push_back({{"id", id},
                               {"title", "network measures of " + source +
                                             " (weight: " + ties.weight + "), docs/networks.md"},
                               {"edition", networks::file_tie_source_edition(source)},
                               {"ties", ties.dyads.size()},
                               {"unmapped_rows", unmapped.size()}});
  tally.add(unmapped);
  if (ctx.verbose) {
    ctx.log << fmt::format("{}: {} countries, {} years of network measures; {} rows not mapped\n",
                           id, panel.units().size(), panel.years().size(), unmapped.size());
    ctx.log << sources::unmapped_details(unmapped);
  }
  return panel;
}

}  // namespace

LoadedData load_data(const Spec& spec, const std::filesystem::path& data_dir, Context& ctx) {
  LoadedData loaded;
  sources::UnmappedTally unmapped;
  ctx.progress.start("reading data", spec.datasets.size());
  for (const std::string& id : spec.datasets) {
    if (id.starts_with(networks::kNetworkDatasetPrefix)) {
      loaded.datasets.emplace(id, network_dataset(spec, id, data_dir, loaded, unmapped, ctx));
      ctx.progress.advance();
      continue;
    }
    const sources::Reader& reader = sources::reader(id);
    sources::ReadResult read = reader.read(data_dir);
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : read.files)
      files.push_back(std::filesystem::relative(f, data_dir).string());
    loaded.provenance.push_back({{"id", reader.id},
                                 {"title", reader.title},
                                 {"origin", reader.origin_url},
                                 {"licence", reader.licence},
                                 {"edition", reader.edition},
                                 {"files", files},
                                 {"rows_read", read.rows_read},
                                 {"unmapped_rows", read.unmapped.size()}});
    unmapped.add(read.unmapped);
    if (ctx.verbose) {
      ctx.log << fmt::format(
          "{}: {} units, {} indicators, {} years; {} rows not mapped to a country\n", id,
          read.panel.units().size(), read.panel.indicators().size(), read.panel.years().size(),
          read.unmapped.size());
      ctx.log << sources::unmapped_details(read.unmapped);
    }
    for (auto& [attribute, by_unit] : read.groups) loaded.groups[attribute].merge(by_unit);
    loaded.datasets.emplace(id, std::move(read.panel));
    ctx.progress.advance();
  }
  ctx.progress.finish();
  ctx.log << unmapped.summary(ctx.verbose) << "\n";
  return loaded;
}

namespace {

std::map<std::string, std::string> unit_names(const std::vector<std::string>& units) {
  std::map<std::string, std::string> names;
  for (const auto& code : units) {
    const Country* c = CountryRegistry::world().find(CodeSystem::iso3, code);
    names[code] = c != nullptr ? c->name : code;
  }
  return names;
}

std::string ranking_summary(const report::IndexRun& run, std::size_t top) {
  const YearResult& yr = run.result.years.back();
  const int root = run.pipeline.framework().root();
  std::vector<std::pair<double, std::size_t>> order;
  for (std::size_t r = 0; r < yr.rows.size(); ++r)
    order.emplace_back(yr.ranks(static_cast<Eigen::Index>(r), root), r);
  std::sort(order.begin(), order.end());
  std::string text;
  for (std::size_t k = 0; k < order.size() && k < top; ++k) {
    const auto r = order[k].second;
    const std::string& code = run.input.units[static_cast<std::size_t>(yr.rows[r])];
    const double score = yr.scores(static_cast<Eigen::Index>(r), root);
    if (std::isnan(order[k].first)) break;
    text +=
        fmt::format("  {:>3}. {:<32} {:>8.2f}\n", order[k].first, run.unit_names.at(code), score);
  }
  return text;
}

// Everything the index operations share: the spec, its data, the compiled pipeline.
struct Prepared {
  Spec spec;
  LoadedData data;
  std::unique_ptr<Pipeline> pipeline;
  IndexInput input;
  std::map<std::string, std::string> names;
};

Prepared prepare(const Args& args, Context& ctx) {
  Prepared p;
  p.spec = load_spec(args);
  p.data = load_data(p.spec, resolve_data_dir(args.optional_text("data")), ctx);
  p.pipeline = std::make_unique<Pipeline>(p.spec);
  p.input = assemble_input(p.spec, p.data.datasets, p.data.groups);
  p.names = unit_names(p.input.units);
  return p;
}

nlohmann::json build(const Args& args, Context& ctx) {
  // Checked before any work: a run that could not keep its outputs does not start.
  OutputFolder folder(args.optional_text("out").value_or(default_out(args.text("spec"))),
                      output_names(build_outputs(), args));
  const std::string& out = folder.display();
  const Prepared p = prepare(args, ctx);
  const Spec& spec = p.spec;
  const Pipeline& pipeline = *p.pipeline;
  const IndexResult result = pipeline.run(p.input);
  report::IndexRun run{pipeline, p.input, result, {}, p.names, p.data.provenance};
  for (const YearResult& yr : result.years) run.audits.push_back(audit_year(pipeline, yr));
  report::write_index_outputs(folder, run);

  const YearResult& last = result.years.back();
  std::size_t flags = 0;
  for (const auto& c : run.audits.back().correlations) flags += c.flags.empty() ? 0 : 1;
  const std::string message = fmt::format(
      "Built '{}' for {}: {} units, {} indicators, {} levels ({} units screened out, {} values "
      "imputed, {} "
      "correlation flags).\nTop of the {} ranking:\n{}Wrote {}/scores.csv, coverage.csv, "
      "datasets/, "
      "results.json, audit.json and "
      "report.html",
      spec.name, last.year, last.rows.size(), spec.indicators.size(),
      pipeline.framework().top_level(),
      // Without a screen step nothing was screened out (screened_rows stays empty).
      last.screened_rows.empty() ? 0 : last.screened_rows.size() - last.rows.size(), last.imputed,
      flags, last.year, ranking_summary(run, 10), out);
  return {{"message", message},
          {"out", out},
          {"units", last.rows.size()},
          {"indicators", spec.indicators.size()},
          {"levels", pipeline.framework().top_level()},
          {"years", spec.years}};
}

nlohmann::json check(const Args& args, Context&) {
  const Spec spec = load_spec(args);
  const Pipeline pipeline(spec);
  const Framework& f = pipeline.framework();
  std::string tree;
  // Depth-first from the root without recursion (a framework may be any depth), indented by
  // depth up to kShownDepth; deeper nodes say their depth instead, so the text stays linear.
  constexpr std::size_t kShownDepth = 16;
  std::vector<std::pair<int, std::size_t>> stack{{f.root(), 0}};
  while (!stack.empty()) {
    const auto [node, depth] = stack.back();
    stack.pop_back();
    const Node& n = f.nodes()[static_cast<std::size_t>(node)];
    const std::string indent(std::min(depth, kShownDepth) * 2, ' ');
    tree += fmt::format("{}{}{} ({}), weight {}\n", indent,
                        depth > kShownDepth ? fmt::format("[depth {}] ", depth) : "", n.code,
                        n.name, n.weight);
    for (auto c = n.children.rbegin(); c != n.children.rend(); ++c)
      stack.emplace_back(*c, depth + 1);
  }
  return {
      {"message", fmt::format("{}: valid spec '{}' with {} indicators in {} levels\n{}", spec.file,
                              spec.name, spec.indicators.size(), f.top_level(), tree)},
      {"indicators", spec.indicators.size()},
      {"levels", f.top_level()}};
}

MonteCarloOptions monte_carlo_options(const Args& args, std::size_t default_runs) {
  MonteCarloOptions o;
  o.runs = args.has("runs") ? args.integer_as<std::size_t>("runs") : default_runs;
  if (o.runs < 2) throw Error("--runs: needs at least 2");
  o.seed = args.integer_as<std::uint64_t>("seed");
  o.sampling = args.optional_text("sampling").value_or("");
  o.year = args.has("year") ? args.integer_as<int>("year") : 0;
  if (args.has("bootstrap")) o.bootstrap = args.integer_as<std::size_t>("bootstrap");
  return o;
}

std::string out_dir(const Args& args, const std::string& suffix) {
  return args.optional_text("out").value_or(default_out(args.text("spec")) + "-" + suffix);
}

// Every replication's input: the units, years and values the spec took from the data.
std::string input_digest(const IndexInput& input) {
  Sha256 digest;
  auto texts = [&](const std::vector<std::string>& values) {
    digest.update(fmt::format("\n{}", values.size()));
    for (const std::string& v : values) digest.update(fmt::format("\t{}:{}", v.size(), v));
  };
  auto numbers = [&](const auto& values) {
    digest.update(fmt::format("\n{}", values.size()));
    digest.update(values.data(), values.size() * sizeof values[0]);
  };
  auto matrices = [&](const std::vector<Eigen::MatrixXd>& values) {
    digest.update(fmt::format("\n{}", values.size()));
    for (const Eigen::MatrixXd& m : values) {
      digest.update(fmt::format("\t{}x{}", m.rows(), m.cols()));
      digest.update(m.data(), static_cast<std::size_t>(m.size()) * sizeof(double));
    }
  };
  texts(input.units);
  numbers(input.years);
  numbers(input.index_years);
  matrices(input.raw);
  matrices(input.denominator);
  for (const std::vector<int>& columns : input.column_of) numbers(columns);
  for (const auto& [attribute, groups] : input.groups) {
    texts({attribute});
    texts(groups);
  }
  return to_hex(digest.finish());
}

// Where an analysis puts its files and, with --resume, its checkpoint (docs/cluster.md), which
// makes the folder and so comes first. Rank 0 alone writes (core/distributed).
struct AnalysisOutput {
  std::optional<Checkpoint> checkpoint;
  std::optional<OutputFolder> folder;

  AnalysisOutput(const std::string& operation, const Args& args, const std::string& suffix,
                 const std::vector<OutputFile>& outputs) {
    const std::string out = out_dir(args, suffix);
    checkpoint = open_checkpoint(operation, args, {args.text("spec")}, out);
    if (distributed::is_root()) folder.emplace(out, output_names(outputs, args));
  }

  // The replication units kept by a killed run of the same parameters and spec. Its key holds
  // the spec's bytes but not the data folder's (every file of it would be read): the checkpoint
  // keeps a digest of the index's assembled input instead, and a run on other data is refused.
  distributed::Resume resume(const IndexInput& input) const {
    if (checkpoint && distributed::is_root()) {
      const std::string digest = input_digest(input);
      const auto kept = checkpoint->units("data");
      if (kept.empty()) {
        checkpoint->save("data", 0, digest);
      } else if (kept.begin()->second != digest) {
        throw Error(Location{checkpoint->folder().string()},
                    "holds the checkpoint of a run on other data (the data folder changed since): "
                    "run on the data of the killed run, or remove the folder to start again");
      }
    }
    return resume_from(checkpoint, "replications");
  }
};

nlohmann::json uncertainty(const Args& args, Context& ctx) {
  AnalysisOutput output("index uncertainty", args, "uncertainty", uncertainty_outputs());
  const Prepared p = prepare(args, ctx);
  const MonteCarloOptions options =
      monte_carlo_options(args, static_cast<std::size_t>(p.spec.uncertainty.runs));
  const UncertaintyDesign design(*p.pipeline);
  distributed::Resume resume = output.resume(p.input);
  const UncertaintyResult r = uncertainty_analysis(*p.pipeline, p.input, options, ctx.progress,
                                                   output.checkpoint ? &resume : nullptr);
  if (!output.folder) return nlohmann::json::object();
  OutputFolder& folder = *output.folder;
  const std::string& out = folder.display();
  report::write_files(
      folder, {{"rank_intervals.csv", report::rank_intervals_csv(r)},
               {"runs.csv", report::runs_csv(r, design)},
               {"uncertainty.html", report::uncertainty_html(p.spec.name, r, design, p.names)}});
  if (output.checkpoint) output.checkpoint->remove();
  // The units whose rank is least certain.
  std::vector<const UnitRanks*> widest;
  for (const auto& u : r.ranks) widest.push_back(&u);
  std::stable_sort(widest.begin(), widest.end(), [](const UnitRanks* a, const UnitRanks* b) {
    return a->q95 - a->q05 > b->q95 - b->q05;
  });
  std::string lines;
  for (std::size_t i = 0; i < widest.size() && i < 5; ++i) {
    lines += fmt::format("  {:<32} nominal {:>3}, 90% of runs between {:.4g} and {:.4g}\n",
                         p.names.at(widest[i]->unit), widest[i]->nominal, widest[i]->q05,
                         widest[i]->q95);
  }
  return {
      {"message",
       fmt::format("{} replications of '{}' ({}): {} failed.\nWidest rank intervals:\n{}Wrote {}/"
                   "rank_intervals.csv, runs.csv and uncertainty.html",
                   r.replications.size(), p.spec.name, r.year, r.failed, lines, out)},
      {"out", out},
      {"runs", r.replications.size()},
      {"failed", r.failed}};
}

nlohmann::json sensitivity(const Args& args, Context& ctx) {
  AnalysisOutput output("index sensitivity", args, "sensitivity", sensitivity_outputs());
  const Prepared p = prepare(args, ctx);
  const MonteCarloOptions options = monte_carlo_options(args, 256);
  distributed::Resume resume = output.resume(p.input);
  const SensitivityResult r = sensitivity_analysis(*p.pipeline, p.input, options, ctx.progress,
                                                   output.checkpoint ? &resume : nullptr);
  if (!output.folder) return nlohmann::json::object();
  OutputFolder& folder = *output.folder;
  const std::string& out = folder.display();
  report::write_files(folder, {{"sobol.csv", report::sobol_csv(r)},
                               {"sensitivity.html", report::sensitivity_html(p.spec.name, r)}});
  if (output.checkpoint) output.checkpoint->remove();
  std::string lines;
  for (std::size_t i = 0; i < r.inputs.size(); ++i) {
    lines += fmt::format("  {:<28} S1 {:6.3f} [{:6.3f}, {:6.3f}]   ST {:6.3f} [{:6.3f}, {:6.3f}]\n",
                         r.inputs[i], r.indices[i].s1, r.indices[i].s1_lo, r.indices[i].s1_hi,
                         r.indices[i].st, r.indices[i].st_lo, r.indices[i].st_hi);
  }
  return {{"message",
           fmt::format("Sobol' indices of the mean absolute rank shift of '{}' ({}), N = {}, {} "
                       "replications, {} rows dropped:\n{}Wrote {}/sobol.csv and sensitivity.html",
                       p.spec.name, r.year, r.base_runs, r.model_runs, r.dropped, lines, out)},
          {"out", out}};
}

nlohmann::json reach(const Args& args, Context& ctx) {
  OutputFolder folder(out_dir(args, "reach"), output_names(reach_outputs(), args));
  const std::string& out = folder.display();
  const Prepared p = prepare(args, ctx);
  const IndexResult result = p.pipeline->run(p.input);
  const int year = args.has("year") ? args.integer_as<int>("year") : 0;
  auto yr = std::find_if(result.years.begin(), result.years.end(),
                         [&](const YearResult& y) { return y.year == year; });
  if (year == 0) yr = result.years.end() - 1;
  if (yr == result.years.end())
    throw Error("--year " + std::to_string(year) + " is not one of the index years");
  const ReachResult r = rank_reach(*p.pipeline, p.input, *yr, args.integer_as<int>("level"),
                                   args.real("range"), ctx.progress);
  report::write_files(
      folder,
      {{"reach.csv", report::reach_csv(r, p.pipeline->framework())},
       {"reach.html", report::reach_html(p.spec.name, r, p.pipeline->framework(), p.names)}});
  std::vector<const UnitReach*> movers;
  for (const auto& u : r.units) {
    if (u.computed) movers.push_back(&u);
  }
  std::stable_sort(movers.begin(), movers.end(), [](const UnitReach* a, const UnitReach* b) {
    return a->worst - a->best > b->worst - b->best;
  });
  std::string lines;
  for (std::size_t i = 0; i < movers.size() && i < 5; ++i) {
    lines +=
        fmt::format("  {:<32} nominal {:>3}, reachable {} to {}\n", p.names.at(movers[i]->unit),
                    movers[i]->nominal, movers[i]->best, movers[i]->worst);
  }
  return {{"message",
           fmt::format("Rank reach of '{}' ({}): level {} weights within ±{}% of nominal.\nWidest "
                       "reach:\n{}Wrote {}/reach.csv and reach.html",
                       p.spec.name, r.year, r.level, r.range * 100, lines, out)},
          {"out", out}};
}

nlohmann::json reweight(const Args& args, Context& ctx) {
  const Prepared p = prepare(args, ctx);
  const IndexResult result = p.pipeline->run(p.input);
  const YearResult& yr = result.years.back();
  const Reweighter reweighter(*p.pipeline, yr);
  std::map<std::string, double> changes;
  for (const std::string& item : args.list("weight")) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) throw Error("--weight " + item + ": expected CODE=VALUE");
    try {
      std::size_t used = 0;
      const double v = std::stod(item.substr(eq + 1), &used);
      if (used != item.size() - eq - 1) throw std::invalid_argument("trailing text");
      changes[item.substr(0, eq)] = v;
    } catch (const std::exception&) {
      throw Error("--weight " + item + ": '" + item.substr(eq + 1) + "' is not a number");
    }
  }
  const Ranking ranking = reweighter.rank(reweighter.weights(changes));
  const int root = p.pipeline->framework().root();
  nlohmann::json rows = nlohmann::json::array();
  std::string lines;
  for (std::size_t k = 0; k < ranking.order.size(); ++k) {
    const auto r = static_cast<std::size_t>(ranking.order[k]);
    const std::string& code = p.input.units[static_cast<std::size_t>(ranking.rows[r])];
    const double before = yr.ranks(static_cast<Eigen::Index>(r), root);
    const double score = ranking.scores(static_cast<Eigen::Index>(r), root);
    rows.push_back(
        {{"unit", code}, {"rank", ranking.ranks[r]}, {"score", score}, {"nominal_rank", before}});
    if (k < args.integer_as<std::size_t>("top")) {
      lines += fmt::format("  {:>3}. {:<32} {:>8.2f}  (was {})\n", ranking.ranks[r],
                           p.names.at(code), score, before);
    }
  }
  return {{"message", fmt::format("'{}' ({}) reweighted:\n{}", p.spec.name, yr.year, lines)},
          {"ranking", rows}};
}

}  // namespace

void register_operations(OperationRegistry& registry) {
  registry.add(store::recorded(
      Operation{"index build",
                "Build a composite index from a spec: scores, ranks, audit and report",
                "Runs the spec's steps (denominate, impute, screen, treat, normalise, aggregate) "
                "on the datasets it names.",
                {spec_param(), data_param(), output_folder_param("default: out/<spec name>"),
                 workspace_param()},
                true,
                build,
                build_outputs()}));
  const Param runs = Param{"runs", ParamType::integer,
                           "replications (sensitivity: base sample size N; (k+2)N are run)"}
                         .between(2, 1'000'000);
  const Param seed = seed_param("random seed; the same seed gives bit-identical results");
  const Param sampling{
      "sampling", ParamType::choice,  "sample points (default: the spec's)", "", false,
      false,      {"sobol", "random"}};
  const Param year =
      Param{"year", ParamType::integer, "index year to analyse (default: the last)"}.between(
          kMinYear, kMaxYear);
  const Param out = output_folder_param("default: out/<spec name>-<analysis>");
  const Param resume{"resume", ParamType::flag,
                     "keep each completed unit of 64 replications in OUT/.softpower-checkpoint and "
                     "reuse those a killed run with the same parameters kept there: give it from "
                     "the first run on (docs/cluster.md)"};
  // Their replications spread over the ranks of an MPI job (docs/cluster.md).
  registry.add(spread_over_ranks(
      store::recorded(Operation{
          "index uncertainty",
          "Rank intervals from a Monte Carlo over the spec's [uncertainty] choices",
          "Rebuilds the index --runs times with weights, normalisations, aggregations, "
          "imputations, treatment and left-out indicators drawn as the spec declares. Under "
          "mpirun the replications are spread over the ranks (docs/cluster.md).",
          {spec_param(), data_param(), out, runs, seed, sampling, year, resume, workspace_param()},
          true,
          uncertainty,
          uncertainty_outputs()}),
      uncertainty));
  registry.add(spread_over_ranks(
      store::recorded(Operation{
          "index sensitivity",
          "Sobol' indices: which uncertain choice moves the ranking most",
          "Saltelli design over the spec's [uncertainty] inputs; first- and total-order indices "
          "of the mean absolute rank shift with bootstrap intervals. Under mpirun the replications "
          "are spread over the ranks (docs/cluster.md).",
          {spec_param(), data_param(), out, runs, seed, sampling, year,
           Param{"bootstrap", ParamType::integer, "bootstrap resamples for the intervals", "1000"}
               .between(1, 1'000'000),
           resume, workspace_param()},
          true,
          sensitivity,
          sensitivity_outputs()}),
      sensitivity));
  registry.add(store::recorded(Operation{
      "index reach",
      "Best and worst rank of every unit over all weights within a range (exact)",
      "The weights of one level may each move within ±range of nominal, summing to one; the "
      "best and worst attainable ranks are computed exactly by integer programming. Writes "
      "reach.csv and reach.html.",
      {spec_param(), data_param(), out,
       Param{"level", ParamType::integer, "level whose weights vary (2 = pillars)", "2"}.between(
           1, kMaxLevels),
       Param{"range", ParamType::real,
             "relative range of each weight (at most 1: a weight never goes below 0)", "0.5"}
           .within(0.0, 1.0),
       year, workspace_param()},
      true,
      reach,
      reach_outputs()}));
  registry.add(Operation{
      "index reweight",
      "The ranking under new weights, instantly",
      "Reuses the normalised data of the built index and re-aggregates with the weights given "
      "as --weight CODE=VALUE (repeatable; other weights keep their spec values).",
      {spec_param(), data_param(),
       Param{"weight", ParamType::list, "a new weight, CODE=VALUE (repeatable)"},
       Param{"top", ParamType::integer, "how many ranks to print", "20"}.between(0, 1'000'000)},
      false,
      reweight,
      {},
      false,
      // /api/index/reweight is the dashboard's instant reweighting of the server's index.
      "/api/index/reweight-spec"});
  registry.add(Operation{
      "index check",
      "Check a spec and show its framework tree",
      "Parses the spec and builds its framework without reading data; errors name the file and "
      "line.",
      {spec_param()},
      false,
      check});
}

}  // namespace softpower::index
