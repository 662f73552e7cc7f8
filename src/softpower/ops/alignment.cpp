#include "softpower/ops/alignment.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <map>

#include "softpower/alignment/agreement.hpp"
#include "softpower/alignment/alignment_with.hpp"
#include "softpower/alignment/ideal_points.hpp"
#include "softpower/core/countries.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/ops/votes_input.hpp"
#include "softpower/report/alignment_csv.hpp"
#include "softpower/report/alignment_with_html.hpp"
#include "softpower/store/recorded.hpp"

namespace softpower::alignment {

namespace {

const std::vector<std::string> kMeasures = {"agree",   "s_score", "kappa",
                                            "kappa_w", "pi",      "alignment"};

double measure_of(const DyadAgreement& d, const std::string& measure) {
  if (measure == "agree") return d.agree;
  if (measure == "s_score") return d.s_score;
  if (measure == "kappa") return d.kappa;
  if (measure == "kappa_w") return d.kappa_w;
  if (measure == "pi") return d.pi;
  return d.alignment;
}

// The focal state as the votes name it: its registry key, or the key of the ISO3 code given.
std::string focal_state(const RollCallVotes& votes, const std::string& given) {
  if (votes.country_index(given)) return given;
  const Country* c = CountryRegistry::world().find(CodeSystem::iso3, given);
  if (c != nullptr && votes.country_index(c->code)) return c->code;
  const std::string suggestion =
      c != nullptr ? std::string() : CountryRegistry::world().suggest_key(given);
  throw Error("alignment with " + given + ": no such voting state in these votes (" +
              (suggestion.empty() ? "" : suggestion + " ") +
              "give a registry code such as USA, RUS, SUN for the USSR to 1991, or DEU; "
              "`softpower countries` lists them)");
}

std::map<int, int> first_year_of_session(const RollCallVotes& votes) {
  std::map<int, int> years;
  for (const RollCall& c : votes.calls()) {
    auto [it, fresh] = years.emplace(c.session, c.year);
    if (!fresh && c.year != 0 && (it->second == 0 || c.year < it->second)) it->second = c.year;
  }
  return years;
}

// The files `alignment with` writes, declared once (core/operation.hpp: OutputFile).
const std::vector<OutputFile>& with_outputs() {
  static const std::vector<OutputFile> files = {
      {"alignment_with.csv", "every partner's agreement and ideal-point distance per session",
       report::alignment_with_columns(kMeasures.front())},
      {"shifts.csv", "the change points of every partner's series",
       report::alignment_shifts_columns()},
      {"alignment_with.html", "the series and their largest shifts drawn", {}}};
  return files;
}

nlohmann::json with(const Args& args, Context& ctx) {
  const auto started = std::chrono::steady_clock::now();
  const VotesInput in = load_votes(args, ctx);
  const std::string focal = focal_state(in.votes, args.text("country"));
  const std::string measure = args.text("measure");
  OutputFolder folder(args.has("out") ? std::filesystem::path(args.text("out"))
                                      : std::filesystem::path("out") / ("alignment-" + focal),
                      output_names(with_outputs(), args));
  const std::string& out = folder.display();

  AgreementOptions agreement_options;
  agreement_options.by = Period::session;
  agreement_options.focal = focal;
  if (args.has("issue")) agreement_options.issue = args.text("issue");
  agreement_options.important_only = args.flag("important");
  std::vector<PeriodValue> agreement_values;
  for (const DyadAgreement& d : agreement(in.votes, agreement_options, ctx.progress)) {
    agreement_values.push_back({d.period, d.a == focal ? d.b : d.a, measure_of(d, measure)});
  }
  std::vector<PeriodValue> positions;
  const std::string ideal = args.text("positions");
  if (ideal != "none") {
    IdealPointOptions options;
    options.dynamic = ideal == "dynamic";
    options.bridged = ideal == "bridged";
    options.anchor = in.votes.country_index("USA") ? "USA" : focal;
    const IdealPointResult fit = estimate_ideal_points(in.votes, options, ctx.progress);
    for (const IdealPoint& p : fit.points) positions.push_back({p.session, p.country, p.x});
  }
  ChangePointOptions cp;
  cp.cost = args.text("cost") == "meanvar" ? ChangeCost::mean_variance : ChangeCost::mean;
  if (args.has("penalty")) cp.penalty = args.real("penalty");
  const AlignmentWith result = alignment_with(focal, agreement_values, positions, cp);

  const std::map<int, int> years = first_year_of_session(in.votes);
  auto year = [&](int session) {
    auto it = years.find(session);
    return it == years.end() ? 0 : it->second;
  };
  folder.write("alignment_with.csv", report::alignment_with_csv(result, measure, years));
  folder.write("shifts.csv", report::alignment_shifts_csv(result, measure, years));

  report::AlignmentWithPage page;
  page.result = &result;
  page.names[focal] = CountryRegistry::world().display_name(focal);
  for (const PartnerSeries& s : result.partners)
    page.names[s.partner] = CountryRegistry::world().display_name(s.partner);
  page.year_of_period = years;
  page.measure = measure;
  page.origin = in.origin;
  folder.write("alignment_with.html", report::alignment_with_html(page));
  folder.commit();

  std::string message = fmt::format("Alignment with {} ({}): {} partners, {} shifts",
                                    CountryRegistry::world().display_name(focal), focal,
                                    result.partners.size(), result.shifts.size());
  for (const std::string kind : {"agreement", "distance"}) {
    std::size_t listed = 0;
    for (const Shift& s : result.shifts) {
      if (s.measure != kind || listed == 3) continue;
      if (listed++ == 0) {
        message += fmt::format("\nLargest shifts in {}:", kind == "agreement" ? measure : kind);
      }
      message += fmt::format("\n  {} from session {} ({}): {:.3f} -> {:.3f}",
                             CountryRegistry::world().display_name(s.partner), s.period,
                             year(s.period), s.before, s.after);
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  message += fmt::format(
      "\nWrote alignment_with.csv, shifts.csv and alignment_with.html to {} "
      "in {:.2f} s",
      out, seconds);
  return {{"message", message},
          {"out", out},
          {"focal", focal},
          {"partners", result.partners.size()},
          {"shifts", result.shifts.size()},
          {"files", top_level_output_names(with_outputs(), args)}};
}

}  // namespace

void register_operations(OperationRegistry& registry) {
  registry.describe_group("alignment",
                          "Foreign-policy alignment from UN General Assembly votes: agreement, "
                          "ideal points, alignment with one country");
  register_agreement_operations(registry);
  register_ideal_point_operations(registry);
  register_bridge_operations(registry);
  std::vector<Param> params = {
      Param{"country", ParamType::text,
            "the focal state: an ISO3 or registry code (SUN is the USSR to 1991, RUS Russia "
            "from 1992)",
            "", true, true}
          .as(ParamRole::country)};
  for (Param& p : votes_params()) params.push_back(std::move(p));
  params.push_back(Param{"measure", ParamType::choice, "agreement measure of the series", "agree",
                         false, false, kMeasures});
  params.push_back(Param{"issue",
                         ParamType::choice,
                         "only roll calls on this issue",
                         "",
                         false,
                         false,
                         {"me", "nu", "di", "hr", "co", "ec"}});
  params.push_back(
      Param{"important", ParamType::flag, "only the US State Department's important votes"});
  params.push_back(Param{"positions",
                         ParamType::choice,
                         "ideal points for the distance series: bridged (one scale for all "
                         "sessions, tied by shared resolutions), dynamic (random walk only), "
                         "per session (each its own scale) or none",
                         "bridged",
                         false,
                         false,
                         {"session", "dynamic", "bridged", "none"}});
  params.push_back(Param{"cost",
                         ParamType::choice,
                         "change-point cost: a change in mean, or in mean and variance",
                         "mean",
                         false,
                         false,
                         {"mean", "meanvar"}});
  params.push_back(
      Param{"penalty", ParamType::real, "penalty per change (default: BIC)"}.within(0.0, 1e12));
  params.push_back(output_folder_param("default: out/alignment-ISO3"));
  registry.add(store::recorded(
      Operation{"alignment with",
                "One country's agreement and ideal-point distance with every other, and "
                "their largest shifts",
                "For the focal state, every other state's agreement with it and distance "
                "in ideal points session by session, with the shifts in each series found "
                "by PELT.",
                std::move(params), true, with, with_outputs()}));
}

}  // namespace softpower::alignment
