// `softpower alignment ideal-points`: every state's ideal point in every session, written as
// ideal_points.csv, sessions.csv and ideal_points.html.

#include <fmt/format.h>

#include <chrono>
#include <limits>
#include <optional>

#include "softpower/alignment/ideal_points.hpp"
#include "softpower/core/countries.hpp"
#include "softpower/core/distributed.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/core/text.hpp"
#include "softpower/ops/alignment.hpp"
#include "softpower/ops/resumable.hpp"
#include "softpower/ops/votes_input.hpp"
#include "softpower/report/alignment_csv.hpp"
#include "softpower/report/ideal_points_html.hpp"
#include "softpower/report/index_analysis_outputs.hpp"

namespace softpower::alignment {

namespace {

// The anchor must be a state that cast a vote: say which of the two it is not.
void check_anchor(const RollCallVotes& votes, const std::string& anchor) {
  const auto index = votes.country_index(anchor);
  if (!index) {
    if (CountryRegistry::world().find(CodeSystem::key, anchor) == nullptr)
      throw Error("--anchor " + anchor + ": not a registry code (e.g. USA, GBR, RUS)");
    throw Error("--anchor " + anchor + ": this state never voted in these roll calls");
  }
  for (std::size_t r = 0; r < votes.call_count(); ++r) {
    if (is_cast(votes.at(*index, r))) return;
  }
  throw Error("--anchor " + anchor + ": this state cast no yes, abstain or no vote");
}

// The files `alignment ideal-points` writes, declared once (core/operation.hpp: OutputFile).
const std::vector<OutputFile>& ideal_point_outputs() {
  static const std::vector<OutputFile> files = {
      {"ideal_points.csv", "every state's position in every session, with its standard error",
       report::ideal_points_columns()},
      {"sessions.csv",
       "each session's fit: model, states, items, bridged items, iterations, convergence",
       report::ideal_point_sessions_columns()},
      {"bridges.csv", "bridged model: the items each pair of sessions shares",
       report::ideal_point_bridges_columns()},
      {"ideal_points.html", "the positions drawn session by session", {}}};
  return files;
}

nlohmann::json run_ideal_points(const Args& args, Context& ctx) {
  IdealPointOptions options;
  options.anchor = upper_ascii(args.text("anchor"));
  // --dynamic is kept as the older spelling of --model dynamic.
  const std::string model = args.flag("dynamic") ? "dynamic" : args.text("model");
  if (args.flag("dynamic") && args.text("model") == "session")
    throw Error("--dynamic and --model session: choose one model");
  options.dynamic = model == "dynamic";
  options.bridged = model == "bridged";
  options.omega = args.real("omega");
  const long long bootstrap = args.integer("bootstrap");
  if (bootstrap < 0 || bootstrap == 1)
    throw Error("--bootstrap: 0 (no standard errors) or at least 2 replicates");
  options.bootstrap = static_cast<std::size_t>(bootstrap);
  options.seed = args.integer_as<std::uint64_t>("seed");
  // --- --se (issue 19: standard errors from the curvature, alignment/ideal_point_se.hpp) ---
  // Unset: bootstrap with --bootstrap N, else curvature.
  const std::string se = args.optional_text("se").value_or("");
  if (se == "bootstrap" && options.bootstrap == 0)
    throw Error("--se bootstrap: give the replicates with --bootstrap N (at least 2)");
  if (!se.empty() && se != "bootstrap" && options.bootstrap > 0)
    throw Error("--se " + se + ": --bootstrap N asks for bootstrap standard errors");
  options.curvature_se = se != "none";
  // ---
  if (!(options.omega > 0)) throw Error("--omega: must be positive");
  // Without a bootstrap there is nothing to spread: ranks other than 0 stop at once.
  if (!distributed::is_root() && options.bootstrap == 0) return nlohmann::json::object();

  const VotesInput in = load_votes(args, ctx);
  check_anchor(in.votes, options.anchor);
  const std::optional<Checkpoint> checkpoint =
      open_votes_checkpoint("alignment ideal-points", args);
  distributed::Resume resume = resume_from(checkpoint, "replicates");
  // Rank 0 alone writes (core/distributed); every rank fits the point estimate, which the
  // replicates start from, computes its share of the replicates, and the others stop there.
  std::optional<OutputFolder> folder;
  if (distributed::is_root())
    folder.emplace(args.text("out"), output_names(ideal_point_outputs(), args));

  const auto started = std::chrono::steady_clock::now();
  const IdealPointResult result =
      estimate_ideal_points(in.votes, options, ctx.progress, checkpoint ? &resume : nullptr);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!folder) return nlohmann::json::object();
  const std::string& out = folder->display();

  ctx.progress.start("writing ideal_points.csv, sessions.csv, bridges.csv and ideal_points.html",
                     0);
  report::write_files(
      *folder, {{"ideal_points.csv", report::ideal_points_csv(result)},
                {"sessions.csv", report::ideal_point_sessions_csv(result)},
                {"bridges.csv", report::ideal_point_bridges_csv(result)},
                {"ideal_points.html", report::ideal_points_html(result, {in.origin, seconds})}});
  ctx.progress.finish();
  if (checkpoint) checkpoint->remove();

  std::size_t converged = 0;
  std::vector<int> unconverged;
  for (const SessionFit& s : result.sessions) {
    if (s.converged) {
      ++converged;
    } else {
      unconverged.push_back(s.session);
    }
  }
  std::string message = fmt::format(
      "Ideal points ({}, anchor {}) of {} sessions: {} converged{} in {:.2f} s.",
      options.bridged
          ? fmt::format("bridged: {} pairs of sessions share items", result.shared.size())
      : options.dynamic ? std::string("dynamic")
                        : std::string("session by session"),
      options.anchor, result.sessions.size(), converged,
      unconverged.empty() ? std::string() : fmt::format(" (not: {})", fmt::join(unconverged, ", ")),
      seconds);
  if (result.standard_errors == "curvature")
    message += " Standard errors from the curvature of the posterior at its mode.";
  if (options.bootstrap > 0) {
    message += fmt::format(
        " Standard errors from {} bootstrap replicates ({} replicate fits "
        "did not converge).",
        options.bootstrap, result.bootstrap_unconverged);
  }
  message += fmt::format(
      "\nWrote {0}/ideal_points.csv, {0}/sessions.csv, {0}/bridges.csv and {0}/ideal_points.html",
      out);
  return {{"message", message},
          {"out", out},
          {"files", top_level_output_names(ideal_point_outputs(), args)},
          {"model", result.model},
          {"sessions", result.sessions.size()},
          {"converged", converged},
          {"points", result.points.size()},
          {"seconds", seconds}};
}

}  // namespace

void register_ideal_point_operations(OperationRegistry& registry) {
  Operation op = votes_operation(
      "alignment ideal-points", "Ideal points of every state in every UN session (ordinal IRT, EM)",
      "Fits a one-dimensional ordinal item-response model (no < abstain < yes) by EM (Imai, Lo "
      "and Olmsted 2016): by default to all sessions at once, positions following a random walk "
      "and the roll calls that are one resolution across sessions sharing their item "
      "parameters (--model bridged: one scale for all sessions); --model dynamic without the "
      "shared items, --model session each session alone. The sign puts --anchor on the "
      "positive side; standard errors come from the curvature of the posterior at its mode "
      "(--se), or from a parametric bootstrap with --bootstrap N. "
      "Under mpirun the bootstrap's replicates are spread over the ranks (docs/cluster.md). "
      "docs/alignment-ideal-points.md gives the model.",
      {Param{"model",
             ParamType::choice,
             "bridged (random walk and shared items: one scale for all sessions), dynamic "
             "(random walk only) or session (each session alone, its own scale)",
             "bridged",
             false,
             false,
             {"bridged", "dynamic", "session"}},
       Param{"dynamic", ParamType::flag, "the same as --model dynamic (the older spelling)"},
       Param{"bootstrap", ParamType::integer,
             "parametric bootstrap replicates for standard errors (0 = none; each "
             "costs about half an estimate: 100 take about 2 minutes)",
             "0"}
           .between(0, 100'000),
       Param{"se",
             ParamType::choice,
             "standard errors: curvature (the observed information at the mode, a second or "
             "two; the default), bootstrap (the default with --bootstrap N) or none",
             "",
             false,
             false,
             {"curvature", "bootstrap", "none"}},
       Param{"anchor", ParamType::text, "registry code of the state placed on the positive side",
             "USA"}
           .as(ParamRole::country),
       Param{"omega", ParamType::real,
             "dynamic and bridged models: standard deviation of a position's step per session",
             "0.1"}
           .within(1e-6, 100.0),
       seed_param("random seed of the bootstrap; the same seed gives the same errors"),
       Param{"resume", ParamType::flag,
             "keep each completed bootstrap replicate in OUT/.softpower-checkpoint and reuse the "
             "replicates a killed run with the same parameters and votes kept there: give it "
             "from the first run on (docs/cluster.md)"}},
      "out/ideal-points", run_ideal_points, ideal_point_outputs());
  registry.add(spread_over_ranks(std::move(op), run_ideal_points));
}

}  // namespace softpower::alignment
