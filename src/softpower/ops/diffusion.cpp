#include "softpower/ops/diffusion.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

#include "softpower/core/checkpoint.hpp"
#include "softpower/core/data_dir.hpp"
#include "softpower/core/distributed.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/limits.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/core/parallel.hpp"
#include "softpower/diffusion/axelrod.hpp"
#include "softpower/diffusion/ensemble.hpp"
#include "softpower/diffusion/scenario.hpp"
#include "softpower/diffusion/sweep.hpp"
#include "softpower/ops/resumable.hpp"
#include "softpower/report/diffusion_csv.hpp"
#include "softpower/report/diffusion_html.hpp"
#include "softpower/report/diffusion_sweep.hpp"
#include "softpower/store/recorded.hpp"

namespace softpower::diffusion {

namespace {

// Bounds of the parameters (docs/bounds.md). A lattice of 10,000 × 10,000 agents or 100 million
// agents of another network is the most the engines' int indices allow with room to spare; the
// memory estimate refuses far less on most machines.
constexpr long long kMaxRuns = 1'000'000;
constexpr long long kMaxEvents = 1'000'000'000'000LL;
constexpr long long kMaxSide = 10'000;
constexpr long long kMaxAgents = 100'000'000;
constexpr long long kMaxDegree = 10'000;
constexpr long long kMaxFeatures = 1000;
constexpr long long kMaxTraits = 60'000;

// The parameters of `simulate`, which `simulate sweep` shares.
std::vector<Param> simulate_params() {
  return {
      Param{"scenario",
            ParamType::text,
            "a scenario file (.toml: countries, platforms, exporters; see examples/scenarios) or "
            "'axelrod' for the plain model set by the flags below",
            "",
            true,
            true,
            {"axelrod"}}
          .as(ParamRole::input_or_builtin),
      Param{"runs", ParamType::integer, "independent runs in the ensemble", "10"}.between(1,
                                                                                          kMaxRuns),
      seed_param("run r is seeded with a hash of (seed, r)"),
      Param{"max-events", ParamType::integer,
            "attempted interactions per run at most (default: the scenario's events; the plain "
            "model runs to absorption)"}
          .between(1, kMaxEvents),
      Param{"checkpoints", ParamType::integer,
            "a series point every this many attempted interactions (default: a 40th of "
            "--max-events, or 10 N for the plain model without a limit; at least a tenth of the "
            "agents, as each point measures every agent)"}
          .between(1, kMaxEvents),
      output_folder_param("", "", true),
      Param{"resume", ParamType::flag,
            "keep each completed run in OUT/.softpower-checkpoint and reuse the runs a killed run "
            "with the same parameters kept there: give it from the first run on (docs/cluster.md)"},
      Param{"compare", ParamType::path,
            "a second scenario run with the same runs and seed: its files go to OUT/compare, "
            "comparison.csv and the page set each exporter's attraction against the "
            "homogenisation it causes in both"}
          .as(ParamRole::input_file),
      Param{"L", ParamType::integer, "axelrod: lattice side", "10"}.between(1, kMaxSide),
      Param{"F", ParamType::integer, "axelrod: cultural features", "5"}.between(1, kMaxFeatures),
      Param{"q", ParamType::integer,
            "axelrod: traits per feature (the Poisson mean with --init poisson)", "10"}
          .between(1, kMaxTraits),
      Param{"neighbours",
            ParamType::choice,
            "axelrod: lattice neighbours",
            "4",
            false,
            false,
            {"4", "8"}},
      Param{"periodic", ParamType::flag, "axelrod: a periodic lattice (torus)"},
      Param{"init",
            ParamType::choice,
            "axelrod: initial traits",
            "uniform",
            false,
            false,
            {"uniform", "poisson"}},
      Param{"graph",
            ParamType::choice,
            "axelrod: the network",
            "lattice",
            false,
            false,
            {"lattice", "small-world", "scale-free"}},
      Param{"n", ParamType::integer, "axelrod: agents of a small-world or scale-free graph", "1000"}
          .between(2, kMaxAgents),
      Param{"k", ParamType::integer, "axelrod: small-world ring degree (even)", "4"}.between(
          0, kMaxDegree),
      Param{"p", ParamType::real, "axelrod: small-world rewiring probability", "0.1"}.within(0.0,
                                                                                             1.0),
      Param{"m", ParamType::integer, "axelrod: scale-free edges per new agent", "2"}.between(
          1, kMaxDegree),
      Param{"algorithm",
            ParamType::choice,
            "axelrod: the engine, all equal in law (active-bonds is rejection-free; automatic "
            "switches between the two as the share of attempts that change something moves)",
            "automatic",
            false,
            false,
            {"automatic", "active-bonds", "random-sequential"}},
      workspace_param()};
}

// The files `simulate` writes, declared once (core/operation.hpp: OutputFile): one scenario's
// files, and with --compare the other's in compare/ and the comparison of both.
const std::vector<OutputFile>& simulate_outputs() {
  static const std::vector<OutputFile> files = [] {
    std::vector<OutputFile> one = {
        {"summary.csv",
         "each run's events, regions, largest region and measures at its end",
         {"run", "events", "regions", "smax", "...", "absorbed", "seed"}},
        {"series.csv",
         "each run's measures at every series point",
         {"run", "events", "regions", "smax", "..."}},
        {"ensemble.csv", "each measure's mean, standard deviation and 95% interval over time",
         report::diffusion_ensemble_columns()},
        {"final.csv", "each measure's mean and 95% interval at the end",
         report::diffusion_final_columns()},
        {"simulation.html", "the measures over time with their intervals", {}}};
    std::vector<OutputFile> all = one;
    for (OutputFile f : one) {
      f.name = "compare/" + f.name;
      f.summary = "--compare: " + f.summary + ", of the other scenario";
      f.when = "compare";
      all.push_back(std::move(f));
    }
    all.push_back({"comparison.csv",
                   "--compare: each exporter's attraction against the homogenisation it causes, "
                   "in both scenarios",
                   report::diffusion_comparison_columns(), "compare"});
    return all;
  }();
  return files;
}

// The plain model's network and a description of it.
struct PlainModel {
  Graph graph;
  AxelrodParams params;
  std::string description;
  std::string graph_kind;
  std::uint64_t graph_seed = 0;
  int n = 0, k = 0, m = 0;
  double p = 0;
};

PlainModel plain_model(const Args& args) {
  PlainModel model;
  model.params.features = args.integer_as<int>("F");
  model.params.traits = args.integer_as<int>("q");
  model.params.init =
      args.text("init") == "poisson" ? InitialTraits::poisson : InitialTraits::uniform;
  const std::string& algorithm = args.text("algorithm");
  model.params.algorithm = algorithm == "random-sequential" ? AxelrodAlgorithm::random_sequential
                           : algorithm == "active-bonds"    ? AxelrodAlgorithm::active_bonds
                                                            : AxelrodAlgorithm::automatic;
  model.graph_kind = args.text("graph");
  if (model.graph_kind == "lattice") {
    const int side = args.integer_as<int>("L");
    const int neighbours = std::stoi(args.text("neighbours"));
    const bool periodic = args.flag("periodic");
    const auto agents = static_cast<std::uint64_t>(side) * static_cast<std::uint64_t>(side);
    check_memory(axelrod_memory_estimate(agents, agents * static_cast<std::uint64_t>(neighbours),
                                         model.params.features) *
                     concurrent_runs(args.integer_as<std::uint64_t>("runs")),
                 fmt::format("a {} × {} lattice", side, side));
    model.graph = lattice(side, neighbours, periodic);
    model.description = fmt::format("{} × {} {} lattice, {} neighbours", side, side,
                                    periodic ? "periodic" : "bounded", neighbours);
  } else if (model.graph_kind == "small-world") {
    model.n = args.integer_as<int>("n");
    model.k = args.integer_as<int>("k");
    model.p = args.real("p");
    if (model.n < 3) throw Error("--n: a small world needs at least 3 agents");
    if (model.k % 2 != 0 || (model.k > 0 && model.k >= model.n - 1)) {
      throw Error(
          fmt::format("--k: must be even and below n − 1 = {}, not {}", model.n - 1, model.k));
    }
    model.description = fmt::format("Watts–Strogatz small world, n = {}, k = {}, p = {}", model.n,
                                    model.k, model.p);
  } else {
    model.n = args.integer_as<int>("n");
    model.m = args.integer_as<int>("m");
    if (model.m >= model.n) {
      throw Error(fmt::format("--m: must be below n = {}, not {}", model.n, model.m));
    }
    model.description =
        fmt::format("Barabási–Albert scale-free graph, n = {}, m = {}", model.n, model.m);
  }
  if (model.graph_kind != "lattice") {
    const auto n = static_cast<std::uint64_t>(model.n);
    const auto degree =
        static_cast<std::uint64_t>(model.graph_kind == "small-world" ? model.k : 2 * model.m);
    // The graph is built per run, with its edge list and rewiring set beside it.
    check_memory((axelrod_memory_estimate(n, n * degree, model.params.features) + n * degree * 8) *
                     concurrent_runs(args.integer_as<std::uint64_t>("runs")),
                 fmt::format("a network of {} agents", n));
  }
  model.description += fmt::format("; F = {}, q = {}, {} initial traits", model.params.features,
                                   model.params.traits, args.text("init"));
  return model;
}

// One run of the plain model through the Axelrod engine: a new random graph per run for
// small-world and scale-free networks (from seed_of(seed, 2)), the lattice shared.
RunSeries plain_run(const PlainModel& model, std::uint64_t seed, Progress& progress) {
  Graph own;
  const Graph* g = &model.graph;
  if (model.graph_kind == "small-world") {
    own = small_world(model.n, model.k, model.p, seed_of(seed, 2), &progress);
    g = &own;
  } else if (model.graph_kind == "scale-free") {
    own = scale_free(model.n, model.m, seed_of(seed, 2), &progress);
    g = &own;
  }
  const AxelrodResult result = run_axelrod(*g, model.params, seed, &progress);
  RunSeries out;
  out.seed = seed;
  out.events = result.events;
  out.absorbed = result.absorbed;
  const double n = std::max(1, g->size());
  for (const AxelrodPoint& p : result.series) {
    out.times.push_back(p.events);
    out.values.push_back({static_cast<double>(p.regions), p.largest / n});
  }
  if (out.times.empty() || out.times.back() != result.events) {
    out.times.push_back(result.events);
    out.values.push_back({static_cast<double>(result.regions), result.largest / n});
  }
  return out;
}

// One ensemble with everything its files and page need.
struct Simulated {
  report::DiffusionPage page;
  Ensemble ensemble;
  std::vector<std::vector<Interval>> over;
  std::vector<Interval> end;
};

void simulate_plain(const Args& args, Context& ctx, int runs, std::uint64_t seed, Simulated& s,
                    distributed::Resume* resume) {
  const PlainModel model = plain_model(args);
  const std::uint64_t max_events =
      args.has("max-events") ? args.integer_as<std::uint64_t>("max-events") : 0;
  const std::size_t agents = model.graph_kind == "lattice"
                                 ? static_cast<std::size_t>(model.graph.size())
                                 : static_cast<std::size_t>(model.n);
  std::uint64_t every = args.has("checkpoints")
                            ? args.integer_as<std::uint64_t>("checkpoints")
                            : (max_events > 0 ? max_events / 40 : 10 * std::uint64_t{agents});
  if (!args.has("checkpoints")) every = std::max<std::uint64_t>({1, every, agents / 10});
  check_checkpoints(every, agents, max_events, "--checkpoints");
  if (max_events > 0) {
    check_memory(series_estimate(static_cast<std::uint64_t>(runs), max_events / every + 2, 2),
                 "the runs' series");
  }
  PlainModel run_model = model;
  run_model.params.max_events = max_events;
  run_model.params.checkpoint_every = every;
  run_model.params.checkpoint_regions = true;
  s.ensemble = run_ensemble(
      static_cast<std::size_t>(runs), seed, {"regions", "smax"}, every,
      [&](std::uint64_t run_seed, Progress& p) { return plain_run(run_model, run_seed, p); },
      ctx.progress, resume);
  s.page.title = "Axelrod's model";
  s.page.description = model.description;
}

// A scenario file with its events and checkpoint interval (--max-events and --checkpoints
// where the operation has them), checked (series points, memory of `runs` runs) before any run.
struct ScenarioPlan {
  Scenario scenario;
  std::uint64_t max_events = 0;
  std::uint64_t every = 0;
};

ScenarioPlan plan_of(Scenario scenario, const std::string& path, const Args& args, int runs) {
  ScenarioPlan plan;
  plan.scenario = std::move(scenario);
  plan.max_events = args.has("max-events") ? args.integer_as<std::uint64_t>("max-events")
                                           : plan.scenario.max_events;
  plan.every = args.has("checkpoints") ? args.integer_as<std::uint64_t>("checkpoints")
                                       : plan.scenario.checkpoint_every;
  const auto agents = static_cast<std::uint64_t>(plan.scenario.agents());
  if (plan.every == 0) plan.every = std::max<std::uint64_t>({1, plan.max_events / 40, agents / 10});
  check_checkpoints(
      plan.every, agents, plan.max_events,
      args.has("checkpoints") ? "--checkpoints" : path + ": scenario.checkpoint_every");
  check_scenario_memory(plan.scenario, static_cast<std::uint64_t>(runs), plan.max_events,
                        plan.every);
  return plan;
}

ScenarioPlan plan_scenario(const std::string& path, const Args& args, int runs) {
  return plan_of(load_scenario(path), path, args, runs);
}

Ensemble run_plan(const ScenarioPlan& plan, int runs, std::uint64_t seed, Progress& progress,
                  distributed::Resume* resume = nullptr) {
  return run_ensemble(
      static_cast<std::size_t>(runs), seed, scenario_measures(plan.scenario), plan.every,
      [&](std::uint64_t run_seed, Progress& p) {
        return run_scenario(plan.scenario, run_seed, plan.max_events, plan.every, &p);
      },
      progress, resume);
}

void simulate_file(const std::string& path, const Args& args, Context& ctx, int runs,
                   std::uint64_t seed, Simulated& s, distributed::Resume* resume) {
  const ScenarioPlan plan = plan_scenario(path, args, runs);
  const Scenario& scenario = plan.scenario;
  s.ensemble = run_plan(plan, runs, seed, ctx.progress, resume);
  s.page.title = scenario.name;
  s.page.description = scenario.description;
  for (const CountrySpec& c : scenario.countries) {
    s.page.countries.push_back(c.code);
    s.page.names[c.code] = c.name;
  }
  for (const ExporterSpec& e : scenario.exporters) s.page.exporters.push_back(e.country);
}

void finish(Simulated& s, int runs, std::uint64_t seed) {
  s.over = over_time(s.ensemble);
  s.end = at_end(s.ensemble);
  s.page.ensemble = &s.ensemble;
  s.page.over_time = &s.over;
  s.page.at_end = &s.end;
  s.page.runs = runs;
  s.page.seed = seed;
}

// One scenario's files, in `prefix` ("" or "compare/") of the output folder.
void write_outputs(OutputFolder& out, const std::string& prefix, const Simulated& s) {
  out.write(prefix + "summary.csv", report::diffusion_summary_csv(s.ensemble));
  out.write(prefix + "series.csv", report::diffusion_series_csv(s.ensemble));
  out.write(prefix + "ensemble.csv", report::diffusion_ensemble_csv(s.ensemble, s.over));
  out.write(prefix + "final.csv", report::diffusion_final_csv(s.ensemble, s.end));
  out.write(prefix + "simulation.html", report::diffusion_html(s.page));
}

int measure_index(const Ensemble& e, const std::string& name) {
  const auto it = std::find(e.measures.begin(), e.measures.end(), name);
  return it == e.measures.end() ? -1 : static_cast<int>(it - e.measures.begin());
}

// Each exporter's pull on every other country and what it costs that country's culture.
std::vector<report::ComparisonRow> comparison_rows(const Simulated& s) {
  std::vector<report::ComparisonRow> rows;
  const Interval none = interval95(std::vector<double>{});
  const auto& codes = s.page.countries;
  for (const std::string& e : s.page.exporters) {
    for (const std::string& c : codes) {
      if (c == e) continue;
      const int a = measure_index(s.ensemble, fmt::format("attraction_{}_{}", c, e));
      if (a < 0) continue;
      report::ComparisonRow row;
      row.scenario = s.page.title;
      row.country = c;
      row.exporter = e;
      row.attraction_start = s.over.front()[a];
      row.attraction = s.end[a];
      const int h = measure_index(s.ensemble, "homogenisation_" + c);
      row.homogenisation = h >= 0 ? s.end[h] : none;
      const int d = measure_index(s.ensemble, "diversity_drop_" + c);
      row.diversity_drop = d >= 0 ? s.end[d] : none;
      // asymmetry_A_B is named with A first in the file's order: from e to c, or its negative.
      const int forward = measure_index(s.ensemble, fmt::format("asymmetry_{}_{}", e, c));
      const int backward = measure_index(s.ensemble, fmt::format("asymmetry_{}_{}", c, e));
      row.asymmetry = forward >= 0 ? s.end[forward] : none;
      if (forward < 0 && backward >= 0) {
        row.asymmetry = s.end[backward];
        row.asymmetry.mean = -row.asymmetry.mean;
        std::swap(row.asymmetry.lo, row.asymmetry.hi);
        row.asymmetry.lo = -row.asymmetry.lo;
        row.asymmetry.hi = -row.asymmetry.hi;
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

nlohmann::json simulate(const Args& args, Context& ctx) {
  const auto started = std::chrono::steady_clock::now();
  const std::string& what = args.text("scenario");
  const int runs = args.integer_as<int>("runs");
  const auto seed = args.integer_as<std::uint64_t>("seed");
  const bool plain = what == "axelrod";
  const bool compare = args.has("compare");
  if (compare && plain) throw Error("--compare: compares two scenario files, not the plain model");
  std::vector<std::string> inputs;
  if (!plain) inputs.push_back(what);
  if (compare) inputs.push_back(args.text("compare"));
  const std::optional<Checkpoint> checkpoint = open_checkpoint("simulate", args, inputs);
  distributed::Resume first = resume_from(checkpoint, "runs");
  distributed::Resume second = resume_from(checkpoint, "compare");
  // Rank 0 alone writes (core/distributed); the other ranks compute their runs and stop.
  std::optional<OutputFolder> folder;
  if (distributed::is_root())
    folder.emplace(args.text("out"), output_names(simulate_outputs(), args));

  Simulated main;
  if (plain) {
    simulate_plain(args, ctx, runs, seed, main, checkpoint ? &first : nullptr);
  } else {
    simulate_file(what, args, ctx, runs, seed, main, checkpoint ? &first : nullptr);
  }
  Simulated other;
  if (compare) {
    simulate_file(args.text("compare"), args, ctx, runs, seed, other,
                  checkpoint ? &second : nullptr);
  }
  if (!folder) return nlohmann::json::object();
  const std::string& out = folder->display();
  finish(main, runs, seed);
  if (compare) {
    finish(other, runs, seed);
    main.page.comparison = comparison_rows(main);
    for (report::ComparisonRow& row : comparison_rows(other)) {
      main.page.comparison.push_back(std::move(row));
    }
    for (const auto& [code, name] : other.page.names) main.page.names.emplace(code, name);
    write_outputs(*folder, "compare/", other);
    folder->write("comparison.csv", report::diffusion_comparison_csv(main.page.comparison));
  }
  write_outputs(*folder, "", main);
  folder->commit();
  if (checkpoint) checkpoint->remove();
  const Ensemble& ensemble = main.ensemble;
  const std::vector<Interval>& end = main.end;
  const report::DiffusionPage& page = main.page;

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::size_t absorbed = 0;
  for (const RunSeries& r : ensemble.runs) absorbed += r.absorbed ? 1 : 0;
  std::string message =
      fmt::format("{}: {} runs (seed {}), {} absorbed", page.title, runs, seed, absorbed);
  message += fmt::format("\n  regions {:.3g} [{:.3g}, {:.3g}], S_max/N {:.3g} [{:.3g}, {:.3g}]",
                         end[0].mean, end[0].lo, end[0].hi, end[1].mean, end[1].lo, end[1].hi);
  for (std::size_t m = 2; m < ensemble.measures.size(); ++m) {
    const std::string& name = ensemble.measures[m];
    if (!name.starts_with("attraction_") && !name.starts_with("homogenisation_")) continue;
    message +=
        fmt::format("\n  {} {:.3f} [{:.3f}, {:.3f}]", name, end[m].mean, end[m].lo, end[m].hi);
  }
  if (compare) {
    message += fmt::format("\nCompared with {}:", other.page.title);
    for (std::size_t m = 2; m < other.ensemble.measures.size(); ++m) {
      const std::string& name = other.ensemble.measures[m];
      if (!name.starts_with("attraction_") && !name.starts_with("homogenisation_")) continue;
      message += fmt::format("\n  {} {:.3f} [{:.3f}, {:.3f}]", name, other.end[m].mean,
                             other.end[m].lo, other.end[m].hi);
    }
  }
  message += fmt::format(
      "\nWrote summary.csv, series.csv, ensemble.csv, final.csv and simulation.html{} to {} in "
      "{:.2f} s",
      compare ? ", comparison.csv and the other scenario's files in compare/," : "", out, seconds);
  nlohmann::json means = nlohmann::json::object();
  for (std::size_t m = 0; m < ensemble.measures.size(); ++m) {
    means[ensemble.measures[m]] =
        std::isnan(end[m].mean) ? nlohmann::json() : nlohmann::json(end[m].mean);
  }
  return {{"message", message}, {"out", out},
          {"runs", runs},       {"absorbed", absorbed},
          {"means", means},     {"files", top_level_output_names(simulate_outputs(), args)}};
}

// The scenario's checks, as `--scenario: ...` so a server answers 400 naming it.
ScenarioPlan checked_plan(const Args& args) {
  try {
    return plan_scenario(args.text("scenario"), args, args.integer_as<int>("runs"));
  } catch (const Error& e) {
    const std::string what = e.what();
    throw Error(what.rfind("--", 0) == 0 ? what : "--scenario: " + what);
  }
}

// `simulation ensemble`: a scenario's ensemble in memory, each measure's mean and 95% interval
// at each checkpoint (the dashboard's simulation page).
nlohmann::json scenario_ensemble(const Args& args, Context& ctx) {
  const ScenarioPlan plan = checked_plan(args);
  const Ensemble e = run_plan(plan, args.integer_as<int>("runs"),
                              args.integer_as<std::uint64_t>("seed"), ctx.progress);
  const auto over = over_time(e);
  nlohmann::json series = nlohmann::json::object();
  for (std::size_t m = 0; m < e.measures.size(); ++m) {
    nlohmann::json mean = nlohmann::json::array(), lo = nlohmann::json::array(),
                   hi = nlohmann::json::array();
    for (const auto& point : over) {
      mean.push_back(point[m].mean);
      lo.push_back(point[m].lo);
      hi.push_back(point[m].hi);
    }
    series[e.measures[m]] = {{"mean", mean}, {"lo", lo}, {"hi", hi}};
  }
  nlohmann::json countries = nlohmann::json::array();
  for (const auto& c : plan.scenario.countries)
    countries.push_back({{"code", c.code}, {"name", c.name}});
  return {{"name", plan.scenario.name},
          {"description", plan.scenario.description},
          {"runs", e.runs.size()},
          {"measures", e.measures},
          {"countries", countries},
          {"events", e.grid()},
          {"series", series}};
}

// The files `simulate sweep` writes.
const std::vector<OutputFile>& sweep_outputs() {
  static const std::vector<OutputFile> files = {
      {"sweep.csv",
       "one row per grid point: its parameters, the runs and those absorbed, then each measure's "
       "mean and 95% interval at the end",
       {"point", "..."}},
      {"sweep.html",
       "a heat map of --measure over the first two parameters (a phase diagram)",
       {}}};
  return files;
}

// The plain model's parameters a grid may set.
const std::vector<std::string> kPlainGridNames = {"L", "F", "q", "n", "k", "p", "m"};

// A run kept to its end: what a sweep's rows need, so a unit's bytes stay small.
RunSeries final_only(RunSeries run) {
  RunSeries out;
  out.seed = run.seed;
  out.events = run.events;
  out.absorbed = run.absorbed;
  out.times = {run.times.back()};
  out.values = {std::move(run.values.back())};
  return out;
}

// `simulate sweep`: every grid point an ensemble of --runs runs seeded as `simulate` seeds them
// (run r from seed_of(seed, r) at every point), the units (point, run) spread over the ranks.
nlohmann::json sweep(const Args& args, Context& ctx) {
  const auto started = std::chrono::steady_clock::now();
  const std::string& what = args.text("scenario");
  const bool plain = what == "axelrod";
  const int runs = args.integer_as<int>("runs");
  const auto seed = args.integer_as<std::uint64_t>("seed");
  const Grid grid = parse_grid(args.list("grid"), "--grid");
  const std::size_t points = grid.points();
  if (points * static_cast<std::size_t>(runs) > static_cast<std::size_t>(kMaxRuns) * 100) {
    throw Error(fmt::format("--grid: {} points of {} runs are more than {} runs", points, runs,
                            kMaxRuns * 100));
  }
  if (plain) {
    for (const GridAxis& axis : grid.axes) {
      if (std::find(kPlainGridNames.begin(), kPlainGridNames.end(), axis.name) ==
          kPlainGridNames.end()) {
        throw Error(fmt::format("--grid: {} is not a parameter of the plain model ({})", axis.name,
                                fmt::join(kPlainGridNames, ", ")));
      }
    }
  }
  // Every point is set up and checked (bounds, scenario, memory) before any run.
  std::vector<Args> point_args;
  std::vector<ScenarioPlan> plans;
  std::string text;
  if (!plain) {
    std::ifstream in(what, std::ios::binary);
    if (!in) throw Error(what + ": cannot read the scenario file");
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const Operation checker{"simulate sweep", "", "", simulate_params()};
  for (std::size_t p = 0; p < points; ++p) {
    const std::vector<std::size_t> at = grid.at(p);
    std::string label;
    std::vector<std::pair<std::string, double>> values;
    Args a = args;
    for (std::size_t k = 0; k < grid.axes.size(); ++k) {
      const GridAxis& axis = grid.axes[k];
      label += fmt::format("{}{}={}", label.empty() ? "" : ",", axis.name, axis.texts[at[k]]);
      values.emplace_back(axis.name, axis.values[at[k]]);
      if (plain) a.set(axis.name, axis.texts[at[k]]);
    }
    try {
      if (plain) {
        Args checked;
        for (const auto& [name, given] : a.values()) {
          if (name == "grid" || name == "measure") continue;
          for (const std::string& v : given) checked.add(name, v);
        }
        (void)checker.validate(checked);
        (void)plain_model(a);
        point_args.push_back(std::move(a));
      } else {
        plans.push_back(plan_of(scenario_at(text, what, values), what, args, runs));
      }
    } catch (const Error& e) {
      throw Error(fmt::format("--grid at {}: {}", label, e.what()));
    }
  }
  const std::vector<std::string> measures =
      plain ? std::vector<std::string>{"regions", "smax"} : scenario_measures(plans[0].scenario);
  const std::string& measure = args.text("measure");
  if (std::find(measures.begin(), measures.end(), measure) == measures.end()) {
    throw Error(fmt::format("--measure: {} is not one of the measures ({})", measure,
                            fmt::join(measures, ", ")));
  }
  const std::optional<Checkpoint> checkpoint = open_checkpoint(
      "simulate sweep", args, plain ? std::vector<std::string>{} : std::vector<std::string>{what});
  distributed::Resume resume = resume_from(checkpoint, "sweep");
  std::optional<OutputFolder> folder;
  if (distributed::is_root()) folder.emplace(args.text("out"), output_names(sweep_outputs(), args));

  const std::size_t units = points * static_cast<std::size_t>(runs);
  const std::vector<std::string> bytes = distributed::map_units(
      units,
      [&](std::size_t u, Progress& progress) {
        if (progress.cancelled()) throw Error("simulate sweep: cancelled");
        const std::size_t p = u / static_cast<std::size_t>(runs);
        const std::uint64_t run_seed = seed_of(seed, u % static_cast<std::size_t>(runs));
        RunSeries run;
        if (plain) {
          PlainModel model = plain_model(point_args[p]);
          if (point_args[p].has("max-events")) {
            model.params.max_events = point_args[p].integer_as<std::uint64_t>("max-events");
          }
          run = plain_run(model, run_seed, progress);
        } else {
          const ScenarioPlan& plan = plans[p];
          run = run_scenario(plan.scenario, run_seed, plan.max_events, plan.every, &progress);
        }
        std::string encoded = encode_run(final_only(std::move(run)));
        progress.advance();
        return encoded;
      },
      ctx.progress, "sweep", checkpoint ? &resume : nullptr);
  if (!folder) return nlohmann::json::object();

  report::Sweep table;
  table.title = plain ? "Axelrod's model" : plans[0].scenario.name;
  table.description =
      plain ? "The plain model over a grid of its parameters." : plans[0].scenario.description;
  table.seed = seed;
  table.measures = measures;
  table.measure = measure;
  for (const GridAxis& axis : grid.axes) {
    table.parameters.push_back(axis.name);
    table.texts.push_back(axis.texts);
  }
  for (std::size_t p = 0; p < points; ++p) {
    Ensemble e;
    e.measures = measures;
    for (int r = 0; r < runs; ++r) {
      e.runs.push_back(
          decode_run(bytes[p * static_cast<std::size_t>(runs) + static_cast<std::size_t>(r)]));
    }
    report::SweepRow row;
    const std::vector<std::size_t> at = grid.at(p);
    for (std::size_t k = 0; k < grid.axes.size(); ++k)
      row.values.push_back(grid.axes[k].values[at[k]]);
    row.runs = e.runs.size();
    for (const RunSeries& r : e.runs) row.absorbed += r.absorbed ? 1 : 0;
    row.end = at_end(e);
    table.rows.push_back(std::move(row));
  }
  folder->write("sweep.csv", report::diffusion_sweep_csv(table));
  folder->write("sweep.html", report::diffusion_sweep_html(table));
  folder->commit();
  if (checkpoint) checkpoint->remove();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return {{"message", fmt::format("{}: {} grid points of {} runs (seed {})\nWrote sweep.csv and "
                                  "sweep.html to {} in {:.2f} s",
                                  table.title, points, runs, seed, folder->display(), seconds)},
          {"out", folder->display()},
          {"points", points},
          {"runs", runs},
          {"files", top_level_output_names(sweep_outputs(), args)}};
}

// `operation` spread over the ranks of an MPI job (core/distributed), recorded in a workspace
// by rank 0 alone.
Operation distributed_operation(Operation operation) {
  auto body = operation.run;
  return spread_over_ranks(store::recorded(std::move(operation)), std::move(body));
}

}  // namespace

void register_operations(OperationRegistry& registry) {
  std::vector<Param> params = simulate_params();
  registry.add(distributed_operation(Operation{
      "simulate",
      "Ensembles of Axelrod's cultural dissemination, plain or with media, platforms and "
      "exporters' strategies",
      "Runs an ensemble of the plain Axelrod model ('axelrod' and its flags) or of a scenario "
      "(TOML: countries' populations, media fields, platforms, exporters with budgets and "
      "channels) and measures regions, the largest region, attraction to each exporter's "
      "culture, diversity, homogenisation and the asymmetry of cultural flows over time.",
      std::move(params), true, simulate, simulate_outputs()}));

  std::vector<Param> sweep_params = simulate_params();
  sweep_params.erase(std::remove_if(sweep_params.begin(), sweep_params.end(),
                                    [](const Param& p) { return p.name == "compare"; }),
                     sweep_params.end());
  sweep_params.push_back(
      Param{"grid", ParamType::list,
            "the grid: name=start:stop:step (stop included) or name=value, joined by commas, "
            "e.g. q=2:20:2,L=10:30:10; names: the plain model's L, F, q, n, k, p, m; a scenario's "
            "q (traits), F (features), B (every field's strength) or a key path of its file "
            "(field[0].strength, exporter[0].budget)",
            "", true});
  sweep_params.push_back(Param{"measure", ParamType::text,
                               "the measure of the heat map (a column of final.csv)", "smax"});
  registry.add(distributed_operation(Operation{
      "simulate sweep",
      "A grid of ensembles over parameters of the plain model or a scenario: a phase diagram",
      "Runs an ensemble at every point of --grid (each as `simulate` would run it, with the same "
      "runs and seed) and writes each point's measures at the end, with their 95% intervals, and "
      "a heat map of one of them over the first two parameters. Under mpirun the (point, run) "
      "units are spread over the ranks (docs/cluster.md).",
      std::move(sweep_params), true, sweep, sweep_outputs()}));

  Operation ensemble{
      "simulation ensemble",
      "A scenario's ensemble in memory: each measure's mean and 95% interval over time",
      "Runs RUNS runs of a scenario file (as `simulate` does, with the scenario's events and "
      "checkpoints) and answers each measure's mean, 2.5th and 97.5th percentile at each "
      "checkpoint, without writing files: the dashboard's simulation page. A server checks the "
      "scenario, then runs it as a job.",
      {Param{"scenario", ParamType::path,
             "a scenario file, e.g. scenarios/small.toml (GET /api/simulation/scenarios lists "
             "the examples)",
             "", true, true}
           .as(ParamRole::input_file),
       Param{"runs", ParamType::integer, "runs of the ensemble", "5"}.between(1, 100),
       seed_param("run r is seeded with a hash of (seed, r)")},
      false,
      scenario_ensemble};
  ensemble.job = true;
  ensemble.check = [](const Args& args) { (void)checked_plan(args); };
  ensemble.http_path = "/api/simulation";
  registry.add(std::move(ensemble));
}

}  // namespace softpower::diffusion
