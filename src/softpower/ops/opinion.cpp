#include "softpower/ops/opinion.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <memory>

#include "softpower/alignment/agreement.hpp"
#include "softpower/core/countries.hpp"
#include "softpower/core/country_operations.hpp"
#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/opinion/series.hpp"
#include "softpower/opinion/validity.hpp"
#include "softpower/ops/votes_input.hpp"
#include "softpower/report/opinion_csv.hpp"
#include "softpower/report/opinion_html.hpp"
#include "softpower/sources/reader.hpp"
#include "softpower/store/recorded.hpp"
#include "softpower/store/workspace.hpp"

namespace softpower::opinion {

namespace {

namespace fs = std::filesystem;

// The public source read when no workspace dataset is named.
constexpr const char* kDefaultSource = "pew-us-image";

struct Polls {
  Panel panel;
  std::string origin;  ///< the data folder's files, or "workspace FILE, dataset NAME"
};

// The polls the arguments name: a workspace dataset (--polls) or the Pew reader's files under
// the data directory.
Polls load_polls(const Args& args, Context& ctx) {
  Polls out;
  if (args.has("polls")) {
    const fs::path path = store::resolve_workspace(args.optional_text("workspace"));
    if (!fs::exists(path)) {
      throw Error("--workspace " + path.string() + ": no such workspace (import the polls first: " +
                  "softpower import " + kDefaultSource + " --workspace " + path.string() + ")");
    }
    const store::Workspace workspace = store::Workspace::open_read_only(path);
    out.panel = workspace.load_dataset(args.text("polls"));
    out.origin = fmt::format("workspace {}, dataset {}", path.string(), args.text("polls"));
  } else {
    const fs::path data = resolve_data_dir(args.optional_text("data"));
    const sources::Reader& reader = sources::reader(kDefaultSource);
    sources::ReadResult read = reader.read(data);
    out.panel = std::move(read.panel);
    out.origin = (data / reader.path).string();
    // FiveThirtyEight's `avg` column is left out on purpose; anything else is worth a line.
    std::map<std::string, std::size_t> unmapped;
    for (const sources::UnmappedRow& row : read.unmapped) {
      if (row.reason != sources::unmapped::aggregate)
        ++unmapped[row.value + " (" + row.reason + ")"];
    }
    for (const auto& [what, rows] : unmapped) {
      ctx.log << fmt::format("Not read ({} cells): {}\n", rows, what);
    }
  }
  ctx.log << fmt::format("Polls: {} ({} publics, {} indicators)\n", out.origin,
                         out.panel.units().size(), out.panel.indicators().size());
  return out;
}

SeriesFilter filter_of(const Args& args) {
  SeriesFilter filter;
  if (args.has("object")) filter.object = country_key(args.text("object"), "object");
  if (args.has("measure")) filter.measure = args.text("measure");
  for (const std::string& p : args.list("public"))
    filter.publics.push_back(country_key(p, "public"));
  return filter;
}

std::vector<PollValue> selected_values(const Args& args, Context& ctx, std::string& origin) {
  const Polls polls = load_polls(args, ctx);
  origin = polls.origin;
  const SeriesFilter filter = filter_of(args);
  std::vector<PollValue> values = poll_values(polls.panel, filter);
  if (values.empty()) {
    throw Error(fmt::format(
        "{}: no poll figures{}{}{} (poll indicators are named <measure>:<object>, such as "
        "favourable:USA)",
        polls.origin, filter.object.empty() ? "" : " about " + filter.object,
        filter.measure.empty() ? "" : " for measure " + filter.measure,
        filter.publics.empty() ? "" : " from the publics given"));
  }
  return values;
}

fs::path out_dir(const Args& args, const std::string& fallback) {
  return args.has("out") ? fs::path(args.text("out")) : fs::path("out") / fallback;
}

std::map<std::string, std::string> names_of(const std::vector<PublicSeries>& series) {
  std::map<std::string, std::string> names;
  for (const PublicSeries& s : series) {
    names[s.public_] = CountryRegistry::world().display_name(s.public_);
    names[s.object] = CountryRegistry::world().display_name(s.object);
  }
  return names;
}

const std::vector<OutputFile>& series_outputs() {
  static const std::vector<OutputFile> files = {
      {"opinion.csv", "every poll figure selected, one per public, object, measure and year",
       report::opinion_columns()}};
  return files;
}

const std::vector<OutputFile>& shifts_outputs() {
  static const std::vector<OutputFile> files = {
      {"shifts.csv", "the change points of every public's series",
       report::opinion_shifts_columns()},
      {"opinion.html", "each public's series with its change points drawn", {}}};
  return files;
}

const std::vector<OutputFile>& validity_outputs() {
  static const std::vector<OutputFile> files = {
      {"validity.csv",
       "Pearson's r per year, pooled, within countries and two-way, with bootstrap intervals",
       report::validity_columns()},
      {"pairs.csv", "the country-years compared: the poll figure and UN agreement",
       report::validity_pairs_columns("agreement")}};
  return files;
}

nlohmann::json run_series(const Args& args, Context& ctx) {
  OutputFolder folder(out_dir(args, "opinion"), output_names(series_outputs(), args));
  std::string origin;
  const std::vector<PollValue> values = selected_values(args, ctx, origin);
  folder.write("opinion.csv", report::opinion_csv(values));
  folder.commit();
  const std::vector<PublicSeries> series = public_series(values);
  return {{"message", fmt::format("{} poll figures in {} series; wrote opinion.csv to {}",
                                  values.size(), series.size(), folder.display())},
          {"out", folder.display()},
          {"values", values.size()},
          {"series", series.size()},
          {"files", top_level_output_names(series_outputs(), args)}};
}

nlohmann::json run_shifts(const Args& args, Context& ctx) {
  OutputFolder folder(out_dir(args, "opinion-shifts"), output_names(shifts_outputs(), args));
  std::string origin;
  const std::vector<PollValue> values = selected_values(args, ctx, origin);
  const std::vector<PublicSeries> series = public_series(values);
  ChangePointOptions options;
  if (args.has("penalty")) options.penalty = args.real("penalty");
  options.min_segment = args.integer_as<std::size_t>("min-segment");
  std::vector<report::SeriesShifts> found;
  std::size_t total = 0;
  std::string listing;
  const auto names = names_of(series);
  for (const PublicSeries& s : series) {
    found.push_back({&s, find_shifts(s, options)});
    for (const OpinionShift& shift : found.back().shifts.shifts) {
      if (total++ < 8) {
        listing += fmt::format("\n  {} ({}), {} of {}: {:.1f} -> {:.1f} between {} and {}",
                               names.at(s.public_), s.public_, s.measure, s.object, shift.before,
                               shift.after, shift.previous_year, shift.year);
      }
    }
  }
  folder.write("shifts.csv", report::opinion_shifts_csv(found));
  report::OpinionPage page;
  page.found = &found;
  page.names = names;
  page.origin = origin;
  folder.write("opinion.html", report::opinion_html(page));
  folder.commit();
  std::string message =
      fmt::format("{} change points in {} series (PELT, change in mean)", total, series.size());
  message += listing;
  if (total > 8) message += fmt::format("\n  ... and {} more", total - 8);
  message += fmt::format("\nWrote shifts.csv and opinion.html to {}", folder.display());
  return {{"message", message},
          {"out", folder.display()},
          {"series", series.size()},
          {"changepoints", total},
          {"files", top_level_output_names(shifts_outputs(), args)}};
}

// Every partner's agreement with `object` at the UN per session, dated 1945 + session (the
// calendar year the session opens in September), paired with the poll figure of that year.
std::vector<PairedValue> agreement_pairs(const std::vector<PollValue>& values,
                                         const std::string& object, const Args& args,
                                         Context& ctx) {
  const alignment::VotesInput in = alignment::load_votes(args, ctx);
  if (!in.votes.country_index(object)) {
    throw Error("--object " + object + ": not a voting state in " + in.origin);
  }
  alignment::AgreementOptions options;
  options.by = alignment::Period::session;
  options.focal = object;
  std::map<std::pair<std::string, int>, double> agreement;
  for (const alignment::DyadAgreement& d : alignment::agreement(in.votes, options, ctx.progress)) {
    agreement[{d.a == object ? d.b : d.a, 1945 + d.period}] = d.agree;
  }
  std::vector<PairedValue> pairs;
  for (const PollValue& v : values) {
    auto it = agreement.find({v.public_, v.year});
    if (it == agreement.end() || v.public_ == object) continue;
    pairs.push_back({v.public_, v.year, v.value, it->second});
  }
  return pairs;
}

nlohmann::json run_validity(const Args& args, Context& ctx) {
  OutputFolder folder(out_dir(args, "opinion-validity"), output_names(validity_outputs(), args));
  std::string origin;
  const std::vector<PollValue> values = selected_values(args, ctx, origin);
  const std::string object = country_key(args.text("object"), "object");
  const std::vector<PairedValue> pairs = agreement_pairs(values, object, args, ctx);
  if (pairs.empty())
    throw Error("opinion validity: no public was polled in a year its state voted");
  ValidityOptions options;
  options.replicates = args.integer_as<std::size_t>("replicates");
  options.seed = args.integer_as<std::uint64_t>("seed");
  const std::vector<Correlation> result = convergent_validity(pairs, options);
  folder.write("validity.csv", report::validity_csv(result));
  folder.write("pairs.csv", report::validity_pairs_csv(pairs, "agreement"));
  folder.commit();
  std::string message = fmt::format("{} of {} and UN agreement with it: {} country-years",
                                    args.text("measure"), object, pairs.size());
  for (const Correlation& c : result) {
    if (c.scope == Scope::year) continue;
    message += fmt::format("\n  {}: r = {:.3f} [{:.3f}, {:.3f}] over {} countries",
                           scope_name(c.scope), c.r, c.lo, c.hi, c.countries);
  }
  message += fmt::format("\nWrote validity.csv and pairs.csv to {}", folder.display());
  return {{"message", message},
          {"out", folder.display()},
          {"pairs", pairs.size()},
          {"files", top_level_output_names(validity_outputs(), args)}};
}

std::vector<Param> poll_params(const std::string& object_default,
                               const std::string& measure_default) {
  return {Param{"polls", ParamType::text,
                "a workspace dataset of poll figures named <measure>:<object> (default: the "
                "pew-us-image files under --data)"},
          Param{"object", ParamType::text, "the country asked about (ISO3)", object_default}.as(
              ParamRole::country),
          Param{"measure", ParamType::text,
                measure_default.empty()
                    ? "the question: favourable, confidence_president, ... (default: every one)"
                    : "the question: favourable, confidence_president, ...",
                measure_default},
          Param{"public", ParamType::list, "publics to take (ISO3; default: every one)"}.as(
              ParamRole::country)};
}

// One public's or one object's series for the dashboard: the years and values of each.
nlohmann::json series_json(const std::vector<PublicSeries>& series, bool by_object) {
  nlohmann::json out = nlohmann::json::array();
  for (const PublicSeries& s : series) {
    const std::string& other = by_object ? s.object : s.public_;
    nlohmann::json points = nlohmann::json::array();
    for (std::size_t i = 0; i < s.years.size(); ++i) {
      points.push_back({{"year", s.years[i]}, {"value", s.values[i]}});
    }
    out.push_back({{by_object ? "object" : "public", other},
                   {"name", CountryRegistry::world().display_name(other)},
                   {"measure", s.measure},
                   {"points", std::move(points)}});
  }
  return out;
}

// How a country's public sees others, and how other publics see it: every poll series where
// it is the public or the object. A server reads the data directory's polls once and keeps
// them; a workspace dataset is read at each request (it may be imported again meanwhile).
nlohmann::json run_profile(const Args& args, Context& ctx) {
  const std::string country = country_key(args.text("country"), "country");
  std::shared_ptr<const Polls> polls;
  if (args.has("polls")) {
    polls = std::make_shared<const Polls>(load_polls(args, ctx));
  } else {
    const std::string key =
        "opinion polls " + resolve_data_dir(args.optional_text("data")).string();
    polls = cached<Polls>(ctx, key, [&] { return load_polls(args, ctx); });
  }
  SeriesFilter as_public;
  as_public.publics = {country};
  SeriesFilter as_object;
  as_object.object = country;
  return {{"country", country},
          {"name", CountryRegistry::world().display_name(country)},
          {"source", polls->origin},
          {"as_public", series_json(public_series(poll_values(polls->panel, as_public)), true)},
          {"seen_by", series_json(public_series(poll_values(polls->panel, as_object)), false)}};
}

// The data directory and the workspace the polls are read from, and the output folder.
void add_input_and_out(std::vector<Param>& params, const std::string& default_out) {
  params.push_back(data_param());
  params.push_back(workspace_param());
  params.push_back(output_folder_param(default_out));
}

}  // namespace

void register_operations(OperationRegistry& registry) {
  registry.describe_group("opinion",
                          "How publics see a country (polls): series, shifts, validity against "
                          "UN votes");
  std::vector<Param> series_params = poll_params("", "");
  add_input_and_out(series_params, "default: out/opinion");
  registry.add(store::recorded(Operation{
      "opinion series", "Poll figures as a long table: year, public, object, measure, value",
      "Reads the polls (Pew Global Attitudes by default) and writes every figure selected by "
      "object, measure and public as one row.",
      std::move(series_params), true, run_series, series_outputs()}));

  std::vector<Param> shift_params = poll_params("USA", "");
  shift_params.push_back(
      Param{"penalty", ParamType::real, "PELT's penalty per change (default: BIC, 2 ln n)"}.within(
          0.0, 1e12));
  shift_params.push_back(Param{"min-segment", ParamType::integer,
                               "the fewest surveyed years a level may last (1 lets the last "
                               "year alone be a new level)",
                               "2"}
                             .between(1, 100));
  add_input_and_out(shift_params, "default: out/opinion-shifts");
  registry.add(store::recorded(Operation{
      "opinion shifts", "When a public's opinion of a country shifted: change points",
      "Follows each public's poll series over the surveyed years and finds its change points "
      "(PELT, a change in mean, BIC penalty by default).",
      std::move(shift_params), true, run_shifts, shifts_outputs()}));

  Operation profile{
      "opinion profile",
      "How a country's public sees others, and how other publics see it: its poll series",
      "For the country pages: every poll series in which COUNTRY is the public asked "
      "(as_public, by the object asked about) or the country asked about (seen_by, by public), "
      "each with its surveyed years and values; empty lists where no poll covers it. From the "
      "Pew files of the data directory (read once and kept by a server) or --polls.",
      {Param{"country", ParamType::text, "the country (ISO3 or registry code)", "", true, true}.as(
           ParamRole::country),
       Param{"polls", ParamType::text,
             "a workspace dataset of poll figures named <measure>:<object> (default: the "
             "pew-us-image files under --data)"},
       data_param(), workspace_param()},
      false,
      run_profile};
  profile.get = true;
  registry.add(std::move(profile));

  std::vector<Param> validity_params = poll_params("USA", "favourable");
  validity_params.push_back(Param{"with",
                                  ParamType::choice,
                                  "the measure compared: the state's agreement with the object "
                                  "at the UN (Voeten's agree, per session)",
                                  "un-agreement",
                                  false,
                                  false,
                                  {"un-agreement"}});
  for (Param& p : alignment::votes_params()) validity_params.push_back(std::move(p));
  validity_params.push_back(
      Param{"replicates", ParamType::integer, "bootstrap replicates", "2000"}.between(1,
                                                                                      1'000'000));
  validity_params.push_back(seed_param("the same seed gives the same intervals"));
  validity_params.push_back(output_folder_param("default: out/opinion-validity"));
  registry.add(store::recorded(Operation{
      "opinion validity",
      "Does a public that likes a country have a government that votes with it at the UN?",
      "Pearson's r between a poll series and the state's UN agreement with the object, per "
      "year, pooled, within countries and net of country and year effects, with bootstrap "
      "intervals resampling countries.",
      std::move(validity_params), true, run_validity, validity_outputs()}));
}

}  // namespace softpower::opinion
