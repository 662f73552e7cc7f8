#include "softpower/ops/perception.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>
#include <optional>

#include "softpower/core/checkpoint.hpp"
#include "softpower/core/countries.hpp"
#include "softpower/core/country_operations.hpp"
#include "softpower/core/data_dir.hpp"
#include "softpower/core/distributed.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/limits.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/core/table.hpp"
#include "softpower/ops/perception_input.hpp"
#include "softpower/ops/resumable.hpp"
#include "softpower/perception/aggregate.hpp"
#include "softpower/perception/series.hpp"
#include "softpower/report/perception_csv.hpp"
#include "softpower/report/perception_html.hpp"
#include "softpower/sources/gdelt_fetch.hpp"
#include "softpower/sources/gdelt_input.hpp"
#include "softpower/store/recorded.hpp"
#include "softpower/tools/gdelt_generate.hpp"

namespace softpower::perception {

namespace {

namespace fs = std::filesystem;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The input parameters and filters `aggregate` and `shifts` share.
std::vector<Param> input_params() {
  return {
      Param{"input", ParamType::list,
            "GDELT event files: files (.CSV, .csv, .gz, .zip), folders, globs in the file name "
            "(\"events/2019*.zip\") or a master file list (default: gdelt/events of the data "
            "directory)",
            "", false, true}
          .as(ParamRole::input_file),
      Param{"by",
            ParamType::choice,
            "period events are summed by (of the event's day, SQLDATE)",
            "month",
            false,
            false,
            {"day", "week", "month", "quarter", "year"}},
      Param{"root-only", ParamType::flag, "only root events (from a lead paragraph)"},
      Param{"root-codes", ParamType::text,
            "only these CAMEO root codes, e.g. 03-06 (diplomatic and material cooperation) or "
            "1,3,14-20"},
      Param{"dedup-url", ParamType::flag,
            "count an article's event once: drop repeats of the same SOURCEURL, day, actor "
            "countries and event code within a file"},
      Param{"strict", ParamType::flag, "stop at the first malformed line instead of counting it"},
      Param{"cache", ParamType::path,
            "with a master file list: the folder its files were fetched into (default: the "
            "list's folder)"}
          .as(ParamRole::input_folder),
      data_param(),
      workspace_param()};
}

// The files each operation writes, declared once (core/operation.hpp: OutputFile).
const std::vector<OutputFile>& aggregate_outputs() {
  static const std::vector<OutputFile> files = {
      {"dyads.csv", "events summed by period and directed country pair", report::dyads_columns()},
      {"targets.csv", "the same per target country", report::countries_columns()},
      {"sources.csv", "the same per source country", report::countries_columns()},
      {"periods.csv", "the period totals", report::periods_columns()},
      {"problems.csv", "malformed lines with their file and line", report::problems_columns()}};
  return files;
}

const std::vector<OutputFile>& shifts_outputs() {
  static const std::vector<OutputFile> files = {
      {"series.csv", "each followed country's series by period", report::shift_series_columns()},
      {"changepoints.csv", "the change points found in each series",
       report::changepoints_columns()},
      {"perception.html", "the series with their change points and top partners", {}}};
  return files;
}

struct Loaded {
  Aggregate aggregate;
  sources::GdeltReport report;
  std::string origin;
  double seconds = 0;
};

// The events of --input summed; with `resume`, each file's sums are kept in (and taken from) a
// checkpoint. Every rank of a distributed run calls it; the sums are on rank 0.
Loaded load(const Args& args, Context& ctx, distributed::Resume* resume = nullptr) {
  const GdeltInputFiles inputs = gdelt_input_files(args, ctx.log);
  const std::vector<fs::path>& files = inputs.files;
  AggregateOptions options;
  options.by = parse_period_unit(args.text("by"));
  options.filter.root_only = args.flag("root-only");
  if (args.has("root-codes")) options.filter.root_codes = parse_root_codes(args.text("root-codes"));
  options.filter.dedup_url = args.flag("dedup-url");
  sources::GdeltOptions read;
  read.strict = args.flag("strict");
  read.progress = &ctx.progress;
  ctx.progress.start("reading GDELT events", 0);
  const auto started = std::chrono::steady_clock::now();
  GdeltAggregate summed = aggregate_gdelt(files, options, read, resume);
  Loaded loaded{std::move(summed.aggregate), std::move(summed.report), "", 0};
  loaded.seconds = seconds_since(started);
  ctx.progress.finish();
  loaded.origin = files.size() == 1
                      ? files.front().string()
                      : fmt::format("{} files from {}", files.size(), inputs.first_input);
  return loaded;
}

// What the reader saw, for the message: sizes, speed, malformed lines with where they are.
std::string reading_summary(const Loaded& in) {
  const Aggregate& a = in.aggregate;
  const sources::GdeltReport& report = in.report;
  const double mb = static_cast<double>(report.bytes) / 1e6;
  std::string text = fmt::format(
      "Read {} ({:.1f} MB) in {:.2f} s ({:.0f} MB/s): {} events, {} kept", in.origin, mb,
      in.seconds, in.seconds > 0 ? mb / in.seconds : 0.0, a.events_read, a.events_kept);
  if (a.duplicates > 0) text += fmt::format(", {} repeated URLs dropped", a.duplicates);
  if (report.malformed > 0) {
    text += fmt::format("\n{} malformed lines skipped (listed in problems.csv), e.g.:",
                        report.malformed);
    for (std::size_t i = 0; i < report.examples.size() && i < 3; ++i) {
      const sources::GdeltProblem& p = report.examples[i];
      text += fmt::format("\n  {}:{}{}: {}", p.file, p.line, p.field.empty() ? "" : ":" + p.field,
                          p.reason);
    }
  }
  return text;
}

std::vector<report::ProblemRow> problem_rows(const sources::GdeltReport& report) {
  std::vector<report::ProblemRow> rows;
  rows.reserve(report.examples.size());
  for (const sources::GdeltProblem& p : report.examples)
    rows.push_back({p.file, p.line, p.field, p.reason});
  return rows;
}

fs::path out_dir(const Args& args, const std::string& fallback) {
  return args.has("out") ? fs::path(args.text("out")) : fs::path("out") / fallback;
}

nlohmann::json run_aggregate(const Args& args, Context& ctx) {
  const fs::path out_path = out_dir(args, "perception");
  // With --resume (and files to write: not the Python package's outputs in memory), each file's
  // sums are kept under the output folder (core/checkpoint). The job's key holds the parameters
  // but not the files' bytes (reading them all to make it would double the reading); each kept
  // unit names the file it was made from instead (aggregate_gdelt).
  const std::optional<Checkpoint> checkpoint =
      open_checkpoint("perception aggregate", args, {}, out_path);
  distributed::Resume resume = resume_from(checkpoint, "files");
  // Rank 0 alone writes (core/distributed); the other ranks read their files and stop.
  std::optional<OutputFolder> written;
  if (distributed::is_root()) written.emplace(out_path, output_names(aggregate_outputs(), args));
  const Loaded in = load(args, ctx, checkpoint ? &resume : nullptr);
  if (!written) return nlohmann::json::object();
  OutputFolder& folder = *written;
  const std::string& out = folder.display();
  const Aggregate& a = in.aggregate;
  // The three big tables are built and written at once, each on its own thread.
  std::vector<CountryRow> targets, sources;
  std::size_t dyad_rows = 0;
  {
    auto dyads = std::async(std::launch::async, [&] {
      dyad_rows = static_cast<std::size_t>(
          std::count_if(a.keys.begin(), a.keys.end(),
                        [](const DyadRow& k) { return !k.source.empty() && !k.target.empty(); }));
      folder.write("dyads.csv", report::dyads_csv(a));
    });
    auto sourced = std::async(std::launch::async, [&] {
      sources = a.sources();
      folder.write("sources.csv", report::countries_csv(a, sources));
    });
    targets = a.targets();
    folder.write("targets.csv", report::countries_csv(a, targets));
    dyads.get();
    sourced.get();
  }
  folder.write("periods.csv", report::periods_csv(a));
  folder.write("problems.csv", report::problems_csv(problem_rows(in.report)));
  folder.commit();
  if (checkpoint) checkpoint->remove();

  std::string message = reading_summary(in);
  const std::vector<std::string> top = most_reported(a, Role::target, 5);
  if (!top.empty()) {
    message += "\nMost reported as target:";
    for (const std::string& c : top) {
      Tally t;
      for (const CountryRow& r : targets) {
        if (r.country == c) t.merge(r.tally);
      }
      message += fmt::format("\n  {} ({}): {} events, tone {:.2f}, Goldstein {:.2f}",
                             CountryRegistry::world().display_name(c), c, t.events, t.tone(),
                             t.goldstein());
    }
  }
  message += fmt::format(
      "\nWrote dyads.csv ({} rows), targets.csv ({}), sources.csv ({}), periods.csv ({}) and "
      "problems.csv to {}",
      dyad_rows, targets.size(), sources.size(), a.periods.size(), out);
  return {
      {"message", message},           {"out", out},
      {"events_read", a.events_read}, {"events_kept", a.events_kept},
      {"duplicates", a.duplicates},   {"malformed", in.report.malformed},
      {"bytes", in.report.bytes},     {"seconds", in.seconds},
      {"periods", a.periods.size()},  {"files", top_level_output_names(aggregate_outputs(), args)}};
}

nlohmann::json run_shifts(const Args& args, Context& ctx) {
  OutputFolder folder(out_dir(args, "perception-shifts"), output_names(shifts_outputs(), args));
  const std::string& out = folder.display();
  const Loaded in = load(args, ctx);
  const Aggregate& a = in.aggregate;
  SeriesOptions series_options;
  series_options.role = parse_role(args.text("role"));
  series_options.measure = parse_measure(args.text("series"));
  series_options.min_events = args.integer_as<decltype(series_options.min_events)>("min-events");
  if (series_options.role == Role::dyad) {
    if (!args.has("partner")) {
      throw Error(
          "--role dyad: give --partner, the country whose events toward --country to "
          "follow");
    }
    series_options.partner = country_key(args.text("partner"), "partner");
  }
  ShiftOptions shift_options;
  shift_options.method = parse_shift_method(args.text("method"));
  shift_options.pelt.cost = parse_change_cost(args.text("cost"));
  if (args.has("penalty")) shift_options.pelt.penalty = args.real("penalty");
  shift_options.minimums.periods = args.integer_as<std::size_t>("shift-min-periods");
  shift_options.minimums.events = args.integer_as<std::int64_t>("shift-min-events");
  shift_options.minimums.coverage = args.real("shift-min-coverage");

  std::vector<std::string> countries;
  for (const std::string& c : args.list("country")) countries.push_back(country_key(c, "country"));
  if (countries.empty()) {
    countries = most_reported(a, series_options.role == Role::source ? Role::source : Role::target,
                              args.integer_as<std::size_t>("top"));
  }
  if (countries.empty()) throw Error(in.origin + ": no events with a country to follow");

  report::PerceptionPage page;
  page.by = a.by;
  // The calendar from the input's first period to its last: a period without data is a gap.
  if (!a.periods.empty())
    page.periods = period_range(a.periods.begin()->first, a.periods.rbegin()->first, a.by);
  page.input_periods = a.periods.size();
  page.origin = in.origin;
  report::ShiftTables tables(a.by, args.text("method"));
  std::size_t total_shifts = 0;
  std::size_t refused = 0;
  std::string listing, refusals;
  const auto partners = args.integer_as<std::size_t>("partners");
  for (const std::string& country : countries) {
    series_options.country = country;
    report::PerceptionPanel panel;
    panel.series = make_series(a, series_options);
    panel.shifts = find_shifts(panel.series, shift_options);
    panel.partners = top_partners(
        a, country, series_options.role == Role::source ? Role::source : Role::target, partners);
    tables.add(panel.series, panel.shifts);
    if (!panel.shifts.refused.empty() && refused++ < 8) {
      refusals += fmt::format("\n  {} ({}): no change points sought: {}",
                              CountryRegistry::world().display_name(country), country,
                              panel.shifts.refused);
    }
    for (const SeriesShift& shift : panel.shifts.shifts) {
      if (total_shifts++ < 8) {
        listing += fmt::format("\n  {} ({}) from {}: {:.3f} -> {:.3f}",
                               CountryRegistry::world().display_name(country), country,
                               period_label(shift.period, a.by), shift.before, shift.after);
      }
    }
    page.names[country] = CountryRegistry::world().display_name(country);
    for (const Partner& p : panel.partners)
      page.names[p.country] = CountryRegistry::world().display_name(p.country);
    page.panels.push_back(std::move(panel));
  }
  if (!series_options.partner.empty()) {
    page.names[series_options.partner] =
        CountryRegistry::world().display_name(series_options.partner);
  }

  folder.write("series.csv", tables.series_csv());
  folder.write("changepoints.csv", tables.changepoints_csv());
  folder.write("perception.html", report::perception_html(page));
  folder.commit();

  std::string message = reading_summary(in);
  message +=
      fmt::format("\n{} of {} ({}): {} change points in {} series by {}",
                  measure_name(series_options.measure), role_name(series_options.role),
                  period_unit_name(a.by), total_shifts, countries.size(), args.text("method"));
  message += listing;
  if (total_shifts > 8) message += fmt::format("\n  ... and {} more", total_shifts - 8);
  if (refused > 0) {
    message += fmt::format(
        "\n{} series too thin for change points (docs/perception-shifts.md, "
        "\"Thin data\"):",
        refused);
    message += refusals;
    if (refused > 8) message += fmt::format("\n  ... and {} more", refused - 8);
  }
  message += fmt::format("\nWrote series.csv, changepoints.csv and perception.html to {}", out);
  return {{"message", message},
          {"out", out},
          {"countries", countries},
          {"changepoints", total_shifts},
          {"refused", refused},
          {"events_kept", a.events_kept},
          {"files", top_level_output_names(shifts_outputs(), args)}};
}

nlohmann::json run_generate(const Args& args, Context& ctx) {
  tools::GdeltGenerateOptions options;
  const std::vector<std::string> samples = args.list("samples");
  if (samples.empty()) {
    options.samples = tools::default_gdelt_samples(resolve_data_dir(args.optional_text("data")));
  } else {
    for (const std::string& s : samples) options.samples.emplace_back(s);
  }
  if (args.has("size")) options.bytes = parse_byte_size(args.text("size"));
  if (args.has("rows")) options.rows = args.integer_as<std::uint64_t>("rows");
  if (options.bytes == 0 && options.rows == 0) {
    throw Error("perception generate: give --size (e.g. 2GB) or --rows");
  }
  options.seed = args.integer_as<std::uint64_t>("seed");
  options.from = args.integer_as<std::int32_t>("from");
  options.to = args.integer_as<std::int32_t>("to");
  options.actor_swap = args.real("actor-swap");
  options.tone_noise = args.real("tone-noise");
  for (const std::string& s : args.list("shift"))
    options.shifts.push_back(tools::parse_gdelt_shift(s));
  options.progress = &ctx.progress;
  const fs::path out(args.text("out"));
  const tools::GdeltGenerateReport r = tools::generate_gdelt(out, options);
  const std::string message = fmt::format(
      "Wrote {}: {} events, {:.1f} MB of text ({:.1f} MB on disk) in {:.2f} s, resampled from "
      "{} lines of {} sample files",
      out.string(), r.rows, static_cast<double>(r.bytes) / 1e6,
      static_cast<double>(r.file_bytes) / 1e6, r.seconds, r.sample_rows, options.samples.size());
  return {{"message", message}, {"out", out.string()},        {"rows", r.rows},
          {"bytes", r.bytes},   {"file_bytes", r.file_bytes}, {"seconds", r.seconds}};
}

nlohmann::json run_fetch(const Args& args, Context& ctx) {
  sources::GdeltFetchOptions options;
  options.list = args.text("list");
  options.cache = args.text("cache");
  options.kinds.clear();
  for (const std::string& k : args.list("kind"))
    options.kinds.push_back(sources::parse_gdelt_file_kind(k));
  if (options.kinds.empty()) options.kinds = {sources::GdeltFileKind::events};
  if (args.has("from"))
    options.from = sources::parse_gdelt_stamp(args.text("from"), false, "--from");
  if (args.has("to")) options.to = sources::parse_gdelt_stamp(args.text("to"), true, "--to");
  options.verify_cached = !args.flag("no-verify");
  options.dry_run = args.flag("dry-run");
  options.retries = args.integer_as<int>("retries");
  options.progress = &ctx.progress;
  const sources::GdeltFetchReport r = sources::fetch_gdelt(options);
  std::string message = fmt::format(
      "{}: {} files listed, {} selected; {} already cached, {} downloaded ({:.1f} MB, {} "
      "replacing bad copies) in {:.1f} s",
      r.list_file.string(), r.listed, r.selected, r.cached, r.downloaded,
      static_cast<double>(r.bytes_downloaded) / 1e6, r.replaced, r.seconds);
  if (options.dry_run) {
    message += fmt::format("\nDry run: {} files would be downloaded", r.to_download.size());
  }
  for (const sources::GdeltFetchFailure& f : r.failures) {
    message += fmt::format("\nfailed: {} ({})", f.name, f.reason);
  }
  nlohmann::json failures = nlohmann::json::array();
  for (const sources::GdeltFetchFailure& f : r.failures) {
    failures.push_back({{"name", f.name}, {"url", f.url}, {"reason", f.reason}});
  }
  if (!r.failures.empty() && r.downloaded + r.cached == 0) {
    throw Error(fmt::format("perception fetch: all {} selected files failed; first: {} ({})",
                            r.failures.size(), r.failures.front().name, r.failures.front().reason));
  }
  ctx.log << (r.failures.empty() ? "" : fmt::format("{} files failed\n", r.failures.size()));
  return {{"message", message},
          {"cache", options.cache.string()},
          {"selected", r.selected},
          {"cached", r.cached},
          {"downloaded", r.downloaded},
          {"bytes", r.bytes_downloaded},
          {"would_download", r.to_download},
          {"failures", failures}};
}

}  // namespace

void register_operations(OperationRegistry& registry) {
  registry.describe_group("perception",
                          "How the world's media treats a country (GDELT events): aggregate, "
                          "shifts, generate, fetch");
  std::vector<Param> aggregate_params = input_params();
  aggregate_params.push_back(output_folder_param("default: out/perception"));
  aggregate_params.push_back(
      Param{"resume", ParamType::flag,
            "keep each file's sums in OUT/.softpower-checkpoint and reuse those a killed run with "
            "the same parameters kept there (a file changed since is read again): give it from "
            "the first run on (docs/cluster.md)"});
  // Each file a work unit over the ranks of an MPI job (docs/cluster.md).
  registry.add(spread_over_ranks(
      store::recorded(Operation{
          "perception aggregate",
          "GDELT events summed by period, directed country pair, target and source",
          "Streams GDELT 1.0 or 2.0 event exports and sums their events by period and directed "
          "country pair, by target and by source, with the period totals and the malformed "
          "lines.",
          std::move(aggregate_params), true, run_aggregate, aggregate_outputs()}),
      run_aggregate));

  std::vector<Param> shift_params = input_params();
  shift_params.push_back(Param{"country", ParamType::list,
                               "countries to follow (ISO3; default: the --top most reported)"}
                             .as(ParamRole::country));
  shift_params.push_back(Param{"role",
                               ParamType::choice,
                               "the country's events as target (how the world treats it), as "
                               "source, or from --partner to it (dyad)",
                               "target",
                               false,
                               false,
                               {"target", "source", "dyad"}});
  shift_params.push_back(
      Param{"partner", ParamType::text, "with --role dyad: the source of the events (ISO3)"}.as(
          ParamRole::country));
  shift_params.push_back(Param{"series",
                               ParamType::choice,
                               "the value followed: mention-weighted tone, mean tone, Goldstein "
                               "mean, events, mentions, share of the period's events, "
                               "cooperative share, or a quad-class share",
                               "tone",
                               false,
                               false,
                               {"tone", "mean_tone", "goldstein", "events", "mentions", "share",
                                "coop", "q1", "q2", "q3", "q4"}});
  shift_params.push_back(Param{"min-events", ParamType::integer,
                               "leave out periods with fewer events (for means and shares of "
                               "events)",
                               "5"}
                             .between(0, 1'000'000'000));
  shift_params.push_back(Param{"method",
                               ParamType::choice,
                               "change-point method: PELT or CUSUM binary segmentation",
                               "pelt",
                               false,
                               false,
                               {"pelt", "cusum"}});
  shift_params.push_back(Param{"cost",
                               ParamType::choice,
                               "PELT's cost: a change in mean, or in mean and variance",
                               "mean",
                               false,
                               false,
                               {"mean", "meanvar"}});
  shift_params.push_back(
      Param{"penalty", ParamType::real, "PELT's penalty per change (default: BIC)"}.within(0.0,
                                                                                           1e12));
  shift_params.push_back(
      Param{"shift-min-periods", ParamType::integer,
            "seek change points only in a series with at least this many periods of "
            "--shift-min-events events or more (docs/perception-shifts.md, \"Thin data\")",
            std::to_string(kShiftMinPeriods)}
          .between(0, 1'000'000));
  shift_params.push_back(Param{"shift-min-events", ParamType::integer,
                               "events for a period to count towards --shift-min-periods",
                               std::to_string(kShiftMinPeriodEvents)}
                             .between(0, 1'000'000'000));
  shift_params.push_back(
      Param{"shift-min-coverage", ParamType::real,
            "share of the periods from a series' first value to its last that must have "
            "--shift-min-events events or more",
            fmt::format("{:g}", kShiftMinCoverage)}
          .within(0.0, 1.0));
  shift_params.push_back(Param{"top", ParamType::integer,
                               "without --country: how many of the most reported to follow", "6"}
                             .between(1, 1000));
  shift_params.push_back(
      Param{"partners", ParamType::integer, "top partners listed per country", "10"}.between(0,
                                                                                             1000));
  shift_params.push_back(output_folder_param("default: out/perception-shifts"));
  registry.add(store::recorded(Operation{
      "perception shifts", "When a country's media treatment shifted: change points in its series",
      "Aggregates the events, follows each country's series by period and finds its change "
      "points (PELT with a normal mean or mean-and-variance cost and a BIC penalty by "
      "default, or CUSUM).",
      std::move(shift_params), true, run_shifts, shifts_outputs()}));

  registry.add(Operation{
      "perception generate",
      "Realistic GDELT 2.0 event files of any size, for tests and benchmarks",
      "Resamples the lines of real GDELT 2.0 exports with dates moved into a range, actors "
      "swapped, tone and counts perturbed and known tone shifts injected; the same seed gives "
      "the same bytes. A name ending in .gz is written compressed.",
      {Param{"out", ParamType::path,
             "the file to write; a file softpower did not write is not replaced "
             "(docs/outputs.md)",
             "", true, true}
           .as(ParamRole::output_file),
       Param{"size", ParamType::text, "bytes of text: 2GB, 500MB, 10kB, 1.5GiB"},
       Param{"rows", ParamType::integer, "events to write (instead of --size)"}.between(
           1, 100'000'000'000LL),
       seed_param("random seed; the same seed gives the same events"),
       Param{"from", ParamType::integer, "first day of the events (yyyymmdd)", "20150219"}.between(
           19790101, 20991231),
       Param{"to", ParamType::integer, "last day of the events (yyyymmdd)", "20191231"}.between(
           19790101, 20991231),
       Param{"actor-swap", ParamType::real, "probability that a line's actor countries change",
             "0.5"}
           .within(0.0, 1.0),
       Param{"tone-noise", ParamType::real, "standard deviation of the noise added to tone", "1.0"}
           .within(0.0, 100.0),
       Param{"shift", ParamType::list,
             "a tone shift to inject, COUNTRY:FIRSTDAY:TONE (e.g. USA:20180101:-2.5)"},
       Param{"samples", ParamType::list,
             "GDELT 2.0 exports to resample (default: gdelt/events of the data directory)"}
           .as(ParamRole::input_file),
       data_param()},
      true,
      run_generate,
      {{"", "GDELT 2.0 events, tab-separated without a header, as GDELT writes them", {}}}});

  registry.add(Operation{
      "perception fetch",
      "Download GDELT files from its public file lists into a local cache",
      "Reads a GDELT file list (masterfilelist.txt or lastupdate.txt, by URL or local file), "
      "keeps the kinds and dates asked for and downloads what the cache lacks; each file is "
      "checked against the list's size and MD5 before it enters the cache.",
      {Param{"list", ParamType::path, "the file list: a URL or a local file",
             "http://data.gdeltproject.org/gdeltv2/masterfilelist.txt"}
           .as(ParamRole::input_file),
       Param{"cache", ParamType::path,
             "the cache folder; a file softpower did not download there is not replaced "
             "(docs/outputs.md)",
             "", true}
           .as(ParamRole::output_folder),
       Param{"kind", ParamType::list, "kinds of file: events, mentions, gkg (default: events)"},
       Param{"from", ParamType::text, "first time stamp: 2019-01-31 or 20190131143000"},
       Param{"to", ParamType::text, "last time stamp (a day means its end)"},
       Param{"no-verify", ParamType::flag, "do not check the MD5 of files already cached"},
       Param{"dry-run", ParamType::flag, "only say what would be downloaded"},
       Param{"retries", ParamType::integer, "attempts per file after the first", "2"}.between(0,
                                                                                              100)},
      true,
      run_fetch,
      {{"{file}",
        "each listed file of the kinds and dates asked for, checked against its MD5",
        {}}}});
}

}  // namespace softpower::perception
