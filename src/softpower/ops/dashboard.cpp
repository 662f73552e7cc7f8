#include "softpower/ops/dashboard.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "softpower/alignment/agreement.hpp"
#include "softpower/alignment/ideal_points.hpp"
#include "softpower/core/build_info.hpp"
#include "softpower/core/countries.hpp"
#include "softpower/core/country_operations.hpp"
#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/diffusion/scenario.hpp"
#include "softpower/ops/perception_input.hpp"
#include "softpower/ops/votes_input.hpp"
#include "softpower/perception/aggregate.hpp"
#include "softpower/perception/series.hpp"
#include "softpower/sources/gdelt_input.hpp"

namespace softpower {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json countries(const Args& args, Context& ctx) {
  std::set<std::string> in_index;
  if (ctx.cache != nullptr) {
    if (auto units = ctx.cache->find<std::vector<std::string>>(kDashboardUnitsKey))
      in_index.insert(units->begin(), units->end());
  }
  const bool only_index = args.flag("index");
  json out = json::array();
  for (const Country& c : CountryRegistry::world().all()) {
    const bool listed = in_index.count(c.code) > 0;
    if (only_index && !listed) continue;
    out.push_back({{"code", c.code},
                   {"iso3", c.iso3},
                   {"iso2", c.iso2},
                   {"iso_numeric", c.iso_numeric > 0 ? json(c.iso_numeric) : json()},
                   {"m49", c.m49 > 0 ? json(c.m49) : json()},
                   {"name", c.name},
                   {"region", c.region},
                   {"subregion", c.subregion},
                   {"status", country_status_name(c.status)},
                   {"in_index", listed}});
  }
  return out;
}

json agreement_series(const Args& args, Context& ctx) {
  const std::string focal = country_key(args.text("country"), "country");
  std::vector<std::string> partners;
  for (const auto& p : args.items("partners")) partners.push_back(country_key(p, "partners"));
  if (partners.empty() || partners.size() > 50) throw Error("--partners: give 1 to 50 partners");
  alignment::AgreementOptions o;
  o.focal = focal;
  const std::string& by = args.text("by");
  o.by = by == "year" ? alignment::Period::year : alignment::Period::session;
  o.threads = 1;
  const auto votes = cached_votes(ctx, resolve_data_dir(args.optional_text("data")));
  std::vector<alignment::DyadAgreement> rows;
  try {
    rows = alignment::agreement(*votes, o, ctx.progress);
  } catch (const Error& e) {
    throw Error(std::string("--country: ") + e.what());
  }
  json series = json::object();
  for (const auto& p : partners) series[p] = json::array();
  for (const auto& r : rows) {
    const std::string& other = r.a == focal ? r.b : r.a;
    if (!series.contains(other)) continue;
    series[other].push_back({{"period", r.period},
                             {"n", r.n},
                             {"agree", r.agree},
                             {"s_score", r.s_score},
                             {"kappa", r.kappa},
                             {"pi", r.pi},
                             {"alignment", r.alignment}});
  }
  json names = json::object();
  for (const auto& p : partners) names[p] = CountryRegistry::world().display_name(p);
  return {{"country", focal},
          {"name", CountryRegistry::world().display_name(focal)},
          {"by", by},
          {"partners", names},
          {"series", series}};
}

std::string ideal_points_key(const fs::path& data) {
  return "bridged ideal points " + data.string();
}

// The bridged model (issue 19): all sessions on one scale, as `alignment ideal-points` fits by
// default.
alignment::IdealPointResult estimate_bridged(Context& ctx, const fs::path& data) {
  const auto votes = cached_votes(ctx, data);
  alignment::IdealPointOptions o;
  o.bridged = true;
  return alignment::estimate_ideal_points(*votes, o, ctx.progress);
}

// A server answers from the estimate its job made (never estimating inside a request); the
// command line, which keeps nothing, estimates now.
json ideal_point_series(const Args& args, Context& ctx) {
  std::vector<std::string> countries;
  for (const auto& c : args.items("countries")) countries.push_back(country_key(c, "countries"));
  if (countries.empty() || countries.size() > 50)
    throw Error("--countries: give 1 to 50 countries");
  const fs::path data = resolve_data_dir(args.optional_text("data"));
  std::shared_ptr<const alignment::IdealPointResult> ideal;
  if (ctx.cache != nullptr) {
    ideal = ctx.cache->find<alignment::IdealPointResult>(ideal_points_key(data));
    if (!ideal) {
      return {
          {"estimated", false},
          {"message",
           "not estimated yet: POST /api/alignment/ideal-points/estimate starts the estimate (a "
           "job); ask again when it has ended"}};
    }
  } else {
    ideal = std::make_shared<const alignment::IdealPointResult>(estimate_bridged(ctx, data));
  }
  json series = json::object();
  for (const auto& c : countries) series[c] = json::array();
  for (const auto& p : ideal->points) {
    if (!series.contains(p.country)) continue;
    series[p.country].push_back({{"session", p.session}, {"x", p.x}, {"votes", p.votes}});
  }
  json years = json::object();
  for (const auto& f : ideal->sessions) years[std::to_string(f.session)] = f.year;
  return {{"model", ideal->model},
          {"dynamic", ideal->dynamic},
          {"anchor", ideal->anchor},
          {"session_years", years},
          {"series", series}};
}

json perception_series(const Args& args, Context& ctx) {
  perception::SeriesOptions o;
  o.country = country_key(args.text("country"), "country");
  const std::string& by = args.text("by");
  o.role = perception::parse_role(args.text("role"));
  o.measure = perception::parse_measure(args.text("measure"));
  if (args.has("partner")) o.partner = country_key(args.text("partner"), "partner");
  if (o.role == perception::Role::dyad && o.partner.empty())
    throw Error("--partner: a dyad series needs a partner");
  const auto aggregate = cached_gdelt(ctx, resolve_data_dir(args.optional_text("data")),
                                      perception::parse_period_unit(by));
  const perception::Aggregate& a = *aggregate;
  const perception::Series s = perception::make_series(a, o);
  // Each period with the day it starts, for a time axis on which gaps stay gaps.
  const auto start = [&](std::int32_t period) {
    return perception::period_label(perception::period_start(period, a.by),
                                    perception::PeriodUnit::day);
  };
  std::int64_t total_events = 0;
  json points = json::array();
  for (std::size_t k = 0; k < s.periods.size(); ++k) {
    points.push_back({{"period", perception::period_label(s.periods[k], a.by)},
                      {"start", start(s.periods[k])},
                      {"value", s.values[k]},
                      {"events", s.events[k]}});
    total_events += s.events[k];
  }
  json gaps = json::array();
  for (const perception::SeriesGap& g : s.gaps) {
    gaps.push_back({{"period", perception::period_label(g.period, a.by)},
                    {"start", start(g.period)},
                    {"events", g.events},
                    {"in_input", g.in_input}});
    total_events += g.events;
  }
  const perception::ShiftOptions shift_options;
  const perception::SeriesShifts found = perception::find_shifts(s, shift_options);
  json shifts = json::array();
  for (const auto& sh : found.shifts) {
    shifts.push_back({{"period", perception::period_label(sh.period, a.by)},
                      {"start", start(sh.period)},
                      {"before", sh.before},
                      {"after", sh.after}});
  }
  json window = nullptr;
  if (s.first != 0) {
    window = {{"first", perception::period_label(s.first, a.by)},
              {"last", perception::period_label(s.last, a.by)},
              {"first_start", start(s.first)},
              {"last_start", start(s.last)},
              {"periods", s.periods.size() + s.gaps.size()},
              {"input_periods", a.periods.size()},
              {"events", total_events}};
  }
  const perception::ShiftMinimums& m = shift_options.minimums;
  return {{"country", o.country},
          {"name", CountryRegistry::world().display_name(o.country)},
          {"partner", o.partner},
          {"role", perception::role_name(o.role)},
          {"measure", perception::measure_name(o.measure)},
          {"by", by},
          {"points", points},
          {"dropped", s.dropped},
          {"min_events", o.min_events},
          {"gaps", gaps},
          {"window", window},
          {"minimums", {{"periods", m.periods}, {"events", m.events}, {"coverage", m.coverage}}},
          {"refused", found.refused.empty() ? json() : json(found.refused)},
          {"shifts", shifts}};
}

json scenarios(const Args&, Context&) {
  json out = json::array();
  const fs::path dir = source_dir() / "examples" / "scenarios";
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    try {
      const diffusion::Scenario sc = diffusion::load_scenario(f.string());
      out.push_back({{"scenario", "scenarios/" + f.filename().string()},
                     {"name", sc.name},
                     {"description", sc.description},
                     {"agents", sc.agents()},
                     {"max_events", sc.max_events}});
    } catch (const Error&) {
      // A scenario that does not parse is left out of the list.
    }
  }
  return out;
}

}  // namespace

std::shared_ptr<const perception::Aggregate> cached_gdelt(Context& ctx, const fs::path& data,
                                                          perception::PeriodUnit by) {
  const fs::path events = data / "gdelt" / "events";
  const std::string key =
      "gdelt " + events.string() + " by " + std::to_string(static_cast<int>(by));
  return cached<perception::Aggregate>(ctx, key, [&] {
    const sources::GdeltInputs inputs = sources::resolve_gdelt_inputs(events.string());
    perception::AggregateOptions a;
    a.by = by;
    return perception::aggregate_gdelt(inputs.files, a).aggregate;
  });
}

std::shared_ptr<const RollCallVotes> cached_votes(Context& ctx, const fs::path& data) {
  return cached<RollCallVotes>(ctx, "un votes " + data.string(), [&] {
    Args read;
    read.set("data", data.string());
    read.set("format", "unvotes");
    return alignment::load_votes(read, ctx).votes;
  });
}

namespace {

// `alignment ideal-point-estimate`: the estimate a server keeps for `ideal-point-series`.
json estimate_ideal_points(const Args& args, Context& ctx) {
  const fs::path data = resolve_data_dir(args.optional_text("data"));
  auto result = std::make_shared<const alignment::IdealPointResult>(estimate_bridged(ctx, data));
  json counts = {{"sessions", result->sessions.size()}, {"points", result->points.size()}};
  if (ctx.cache != nullptr) ctx.cache->put(ideal_points_key(data), std::move(result));
  return counts;
}

Param country_param(std::string name, std::string help, bool required) {
  return Param{std::move(name), ParamType::text, std::move(help), "", required}.as(
      ParamRole::country);
}

// A list of 1 to 50 countries (the check is the operation's: a list has no bounds).
Param countries_param(std::string name, const std::string& what) {
  return Param{std::move(name), ParamType::list,
               "1 to 50 " + what + " (ISO3; repeatable, or comma-separated)", "", true}
      .as(ParamRole::country);
}

// --by: the period unit of a series, one of `units`.
Param period_param(std::string default_unit, std::vector<std::string> units) {
  return Param{"by",  ParamType::choice, "period of the series", std::move(default_unit), false,
               false, std::move(units)};
}

}  // namespace

Operation dashboard_operation(std::string name, std::string summary, std::string help,
                              std::vector<Param> params,
                              std::function<json(const Args&, Context&)> run,
                              std::string http_path) {
  Operation op{std::move(name), std::move(summary), std::move(help), std::move(params),
               false,           std::move(run)};
  op.get = true;
  op.http_path = std::move(http_path);
  return op;
}

void register_dashboard_operations(OperationRegistry& registry) {
  registry.add(dashboard_operation(
      "countries list", "The country registry: every country's codes, name, region and status",
      "Each country of the registry (src/softpower/core/countries.csv) with its "
      "registry code, ISO 3166 codes (alpha-3, alpha-2, numeric), UN M49 code, name, "
      "region, subregion and status; `in_index` marks the units of the server's "
      "dashboard index (false on the command line, which has none).",
      {Param{"index", ParamType::flag, "only the countries of the dashboard index"}}, countries,
      "/api/countries"));

  registry.add(dashboard_operation(
      "alignment series", "A country's UN agreement with chosen partners, per session or year",
      "For the country pages: Voeten's agreement, S, kappa, Scott's pi and the alignment index "
      "of COUNTRY with each partner in every period, from the UN votes of the data directory "
      "(read once and kept by a server). The measures are those of `alignment agreement` "
      "(docs/alignment-agreement.md).",
      {country_param("country", "the country (ISO3 or registry code)", true),
       countries_param("partners", "partners"), period_param("session", {"session", "year"}),
       data_param()},
      agreement_series, "/api/alignment/agreement"));

  registry.add(dashboard_operation(
      "alignment ideal-point-series",
      "Every chosen state's bridged ideal point in every UN session",
      "For the country pages: positions on the General Assembly's main dimension, on one scale "
      "for all sessions (the bridged model, docs/alignment-ideal-points.md), anchored on the "
      "United States. A server "
      "answers from the estimate its background job made (POST "
      "/api/alignment/ideal-points/estimate "
      "starts it; until then the answer says \"estimated\": false); the command line "
      "estimates now (a few seconds).",
      {countries_param("countries", "states"), data_param()}, ideal_point_series,
      "/api/alignment/ideal-points"));

  Operation estimate{
      "alignment ideal-point-estimate",
      "Estimate every state's bridged ideal points for `alignment ideal-point-series`",
      "Fits the bridged ideal-point model to every session of the data directory's UN votes (a "
      "few seconds) and answers how many sessions and points it estimated. A server runs it as "
      "a job, one at a time, and keeps the estimate in memory, where GET "
      "/api/alignment/ideal-points answers from it; `alignment ideal-points` writes the "
      "estimates to files.",
      {data_param()},
      false,
      estimate_ideal_points};
  estimate.job = true;
  estimate.one_at_a_time = true;
  estimate.http_path = "/api/alignment/ideal-points/estimate";
  registry.add(std::move(estimate));

  registry.add(dashboard_operation(
      "perception series", "A country's media treatment over time (GDELT) with its change points",
      "For the country pages: the country's series as target, source or dyad from the GDELT "
      "events of DATA/gdelt/events (summed once per period unit and kept by a server), with its "
      "change points (PELT with the BIC penalty, as `perception shifts`), or why none were sought "
      "(`refused`: the series is below the minimums of docs/perception-shifts.md, \"Thin data\"); "
      "the data window, and the periods of it without a value (`gaps`).",
      {country_param("country", "the country (ISO3 or registry code)", true),
       country_param("partner", "with --role dyad: the source of the events", false),
       Param{"role",
             ParamType::choice,
             "the country's events as target, as source, or from --partner to it",
             "target",
             false,
             false,
             {"target", "source", "dyad"}},
       Param{"measure",
             ParamType::choice,
             "the value followed (docs/perception-shifts.md)",
             "tone",
             false,
             false,
             {"tone", "mean_tone", "goldstein", "events", "mentions", "share", "coop", "q1", "q2",
              "q3", "q4"}},
       period_param("month", {"day", "week", "month", "quarter", "year"}), data_param()},
      perception_series));

  registry.add(dashboard_operation(
      "simulation scenarios", "The example scenarios of `simulate` (examples/scenarios)",
      "Each scenario file of examples/scenarios that parses, with its name, "
      "description, agents and events per run; the dashboard's simulation "
      "page names one of them to POST /api/simulation.",
      {}, scenarios));
}

}  // namespace softpower
