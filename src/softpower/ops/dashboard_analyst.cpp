// The analyst's reads of the dashboard's indices: which indices a dashboard may show (`index
// list`), one unit's every indicator from raw value to rank with its source and flags (`index
// country`), every year of chosen units (`index series`), and the method of an index (`index
// method`): framework, effective weights, steps and sources. Each is a GET on the index of --spec
// (a server's own by default), built once and kept in the server's cache (dashboard_index.cpp).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <system_error>

#include "softpower/core/build_info.hpp"
#include "softpower/core/country_operations.hpp"
#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"
#include "softpower/index/results.hpp"
#include "softpower/ops/dashboard.hpp"
#include "softpower/ops/dashboard_index.hpp"
#include "softpower/sources/reader.hpp"
#include "softpower/store/workspace.hpp"

namespace softpower {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json spec_entry(const index::Spec& spec, const std::string& send, const fs::path& file, bool own) {
  return {{"spec", send},
          {"name", spec.name},
          {"description", spec.description},
          {"years", spec.years},
          {"file", file.filename().string()},
          {"own", own}};
}

// The specs saved in the workspace (by `index build` and the other recorded runs, docs/
// workspace.md) that are index specs and not the text of a file listed already: each by name,
// sent as --saved (the page's `spec` is "saved:NAME").
void add_saved_specs(json& indices, const std::vector<std::string>& listed_texts, Context& ctx) {
  const auto path = dashboard_workspace(ctx);
  if (!path) return;
  std::vector<store::SpecRecord> saved;
  try {
    saved = store::Workspace::open_read_only(*path).specs();
  } catch (const Error&) {
    return;  // no workspace file yet: nothing saved
  }
  for (const store::SpecRecord& record : saved) {
    if (std::find(listed_texts.begin(), listed_texts.end(), record.text) != listed_texts.end())
      continue;
    try {
      const index::Spec spec = index::parse_spec(record.text, record.source);
      json entry = spec_entry(spec, "saved:" + record.name, record.source, false);
      entry["saved"] = record.name;
      entry["saved_at"] = record.saved_at;
      indices.push_back(std::move(entry));
    } catch (const Error&) {
      continue;  // not an index spec
    }
  }
}

// The indices a dashboard may switch between: the server's own first, then every index spec
// of the checkout's examples folder (a folder every server may read), by file name, then the
// index specs saved in the workspace, by name. `spec` is what to send as --spec ("" for the
// server's own; "saved:NAME" stands for --saved NAME); files that are not index specs (the
// scenarios) are left out.
json list(const Args& /*args*/, Context& ctx) {
  json indices = json::array();
  std::optional<fs::path> own;
  std::vector<std::string> listed_texts;
  if (ctx.cache != nullptr) {
    if (auto built = ctx.cache->find<DashboardIndex>(kDashboardIndexKey)) {
      std::error_code ec;
      own = fs::weakly_canonical(built->spec_path, ec);
      indices.push_back(spec_entry(built->spec, "", built->spec_path, true));
      try {
        listed_texts.push_back(read_file(built->spec_path));
      } catch (const Error&) {
        // the file is gone since the server started: its saved copy, if any, is listed
      }
    }
  }
  std::vector<fs::path> files;
  std::error_code ec;
  const fs::path examples = source_dir() / "examples";
  for (const auto& entry : fs::directory_iterator(examples, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".toml")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    if (own && fs::weakly_canonical(file, ec) == *own) continue;
    try {
      std::string text = read_file(file);
      const index::Spec spec = index::parse_spec(text, file.string());
      indices.push_back(spec_entry(spec, file.filename().string(), file, false));
      listed_texts.push_back(std::move(text));
    } catch (const Error&) {
      continue;  // not an index spec
    }
  }
  add_saved_specs(indices, listed_texts, ctx);
  return {{"indices", indices}};
}

// Where a dataset comes from, as an analyst cites it: the producer's page, the title, the
// edition and the licence (the origin of the file is the mirror a fetcher downloads from, not
// the producer).
json source_of(const DashboardIndex& d, const std::string& dataset) {
  json out = {{"dataset", dataset}};
  for (const json& p : d.provenance) {
    if (p.value("id", "") != dataset) continue;
    out["title"] = p.value("title", "");
    out["licence"] = p.value("licence", "");
    out["edition"] = p.value("edition", "");
  }
  for (const sources::Reader& r : sources::readers()) {
    if (r.id == dataset) {
      out["producer_url"] = r.producer_url;
      out["title"] = r.title;
      out["licence"] = r.licence;
      out["edition"] = r.edition;
    }
  }
  return out;
}

// The row of `unit` (an index into input.units) in a step table, or nothing.
std::optional<Eigen::Index> table_row(const index::StepTable& table, int unit) {
  const auto it = std::find(table.rows.begin(), table.rows.end(), unit);
  if (it == table.rows.end()) return std::nullopt;
  return static_cast<Eigen::Index>(it - table.rows.begin());
}

// The value of `node` for `unit` in a step table (NaN when the unit or column is not there).
double table_value(const index::StepTable& table, int unit, int node) {
  const auto row = table_row(table, unit);
  const auto col = std::find(table.columns.begin(), table.columns.end(), node);
  if (!row || col == table.columns.end()) return std::nan("");
  return table.values(*row, static_cast<Eigen::Index>(col - table.columns.begin()));
}

// The flags of one value, from the step tables as the pipeline kept them: "missing" (no value
// in the index year), "imputed" (a step filled it), "treated" (outlier treatment changed it),
// "denominated", "excluded" (the unit was screened out). The coverage flags of the index
// outputs (coverage.csv, when the index capability writes them) are to be added here.
json value_flags(const index::YearResult& yr, int unit, int node, std::string& imputed_by) {
  json flags = json::array();
  if (yr.tables.empty()) return flags;
  double before = table_value(yr.tables.front(), unit, node);
  if (std::isnan(before)) flags.push_back("missing");
  for (std::size_t t = 1; t < yr.tables.size(); ++t) {
    const index::StepTable& table = yr.tables[t];
    if (!table_row(table, unit)) {
      flags.push_back("excluded");
      return flags;
    }
    const double now = table_value(table, unit, node);
    if (table.name == "Normalised") break;  // every value changes there
    if (std::isnan(before) && !std::isnan(now)) {
      flags.push_back("imputed");
      imputed_by = table.name;
    } else if (!std::isnan(before) && !std::isnan(now) && now != before) {
      if (table.name == "Treated") flags.push_back("treated");
      if (table.name == "Denominated") flags.push_back("denominated");
    }
    before = now;
  }
  return flags;
}

// The latest raw value of indicator `i` for `unit` up to `year`: {value, year}, or nulls.
std::pair<double, int> latest_raw(const DashboardIndex& d, std::size_t i, int unit, int column) {
  const Eigen::MatrixXd& raw = d.input.raw[i];
  for (int c = column; c >= 0; --c) {
    const double v = raw(unit, c);
    if (!std::isnan(v)) return {v, d.input.years[static_cast<std::size_t>(c)]};
  }
  return {std::nan(""), 0};
}

json country(const Args& args, Context& ctx) {
  const std::shared_ptr<const DashboardIndex> built = dashboard_of(args, ctx);
  const DashboardIndex& d = *built;
  const int y = dashboard_year(args, d);
  const index::YearResult& yr = d.year(y);
  const std::string code = country_key(args.text("country"), "country");
  const auto in_input = std::find(d.input.units.begin(), d.input.units.end(), code);
  if (in_input == d.input.units.end())
    throw Error(fmt::format("--country: {} is not a unit of {}", code, d.spec.name));
  const int unit = static_cast<int>(in_input - d.input.units.begin());
  const std::size_t t = static_cast<std::size_t>(
      std::find(d.input.index_years.begin(), d.input.index_years.end(), y) -
      d.input.index_years.begin());
  const index::Framework& f = d.pipeline->framework();
  const auto result_row = std::find(yr.rows.begin(), yr.rows.end(), unit);
  const bool scored = result_row != yr.rows.end();
  const auto r = static_cast<Eigen::Index>(result_row - yr.rows.begin());
  const Eigen::MatrixXd ranks = index::ranks_with_indicators(f, yr);
  const auto of = static_cast<int>(yr.rows.size());
  // The pillar an indicator belongs to: its ancestor just below the root.
  auto pillar_of = [&](int node) {
    while (f.nodes()[static_cast<std::size_t>(node)].parent >= 0 &&
           f.nodes()[static_cast<std::size_t>(node)].parent != f.root())
      node = f.nodes()[static_cast<std::size_t>(node)].parent;
    return f.nodes()[static_cast<std::size_t>(node)].code;
  };
  json indicators = json::array();
  std::size_t observed = 0, imputed = 0, missing = 0;
  for (std::size_t i = 0; i < d.spec.indicators.size(); ++i) {
    const index::IndicatorSpec& ind = d.spec.indicators[i];
    const int node = *f.find(ind.code);
    const int column = d.input.column_of[i][t];
    const double raw = column < 0 ? std::nan("") : d.input.raw[i](unit, column);
    std::string imputed_by;
    json flags = value_flags(yr, unit, node, imputed_by);
    json row = {
        {"code", ind.code},
        {"name", ind.name},
        {"pillar", pillar_of(node)},
        {"unit", ind.unit},
        {"description", ind.description},
        {"direction", ind.direction},
        {"raw", json_number_or_null(raw)},
        {"data_year", column < 0 ? json() : json(d.input.years[static_cast<std::size_t>(column)])},
        {"source", source_of(d, ind.dataset)},
        {"source_indicator", ind.source},
        {"flags", flags}};
    row["source"]["dataset"] = ind.dataset;
    if (std::isnan(raw) && column >= 0) {
      // No value in the index year: the latest one before, which a look-back imputation takes.
      const auto [value, year] = latest_raw(d, i, unit, column);
      row["latest"] = year == 0 ? json() : json{{"value", value}, {"year", year}};
    }
    if (!imputed_by.empty()) row["imputed_by"] = imputed_by;
    row["score"] = scored ? json_number_or_null(yr.scores(r, node)) : json();
    row["rank"] = scored ? json_number_or_null(ranks(r, node)) : json();
    const bool has_value = !std::isnan(raw);
    observed += has_value ? 1 : 0;
    imputed += !has_value && !imputed_by.empty() ? 1 : 0;
    missing += !has_value && imputed_by.empty() ? 1 : 0;
    indicators.push_back(std::move(row));
  }
  json pillars = json::array();
  for (std::size_t k = 0; k < d.pillars.size(); ++k) {
    const int p = d.pillars[k];
    pillars.push_back({{"code", d.pillar_codes[k]},
                       {"name", f.nodes()[static_cast<std::size_t>(p)].name},
                       {"score", scored ? json_number_or_null(yr.scores(r, p)) : json()},
                       {"rank", scored ? json_number_or_null(yr.ranks(r, p)) : json()}});
  }
  const int root = f.root();
  return {{"index", d.spec.name},
          {"year", y},
          {"iso3", code},
          {"name", d.names[static_cast<std::size_t>(unit)]},
          {"scored", scored},
          {"score", scored ? json_number_or_null(yr.scores(r, root)) : json()},
          {"rank", scored ? json_number_or_null(yr.ranks(r, root)) : json()},
          {"of", of},
          {"pillars", pillars},
          {"coverage",
           {{"indicators", d.spec.indicators.size()},
            {"observed", observed},
            {"imputed", imputed},
            {"missing", missing}}},
          {"indicators", indicators}};
}

// Every year of the index for the units asked (all by default): score, rank and pillar scores,
// for trend lines and for the biggest movers between two years.
json series(const Args& args, Context& ctx) {
  const std::shared_ptr<const DashboardIndex> built = dashboard_of(args, ctx);
  const DashboardIndex& d = *built;
  std::vector<std::string> asked;
  if (args.has("countries")) {
    for (const auto& c : args.items("countries")) asked.push_back(country_key(c, "countries"));
  } else {
    asked = d.input.units;
  }
  const int root = d.pipeline->framework().root();
  json units = json::array();
  for (const std::string& code : asked) {
    const auto at = std::find(d.input.units.begin(), d.input.units.end(), code);
    if (at == d.input.units.end())
      throw Error(fmt::format("--countries: {} is not a unit of {}", code, d.spec.name));
    const int unit = static_cast<int>(at - d.input.units.begin());
    json points = json::array();
    for (const index::YearResult& yr : d.result.years) {
      const auto row = std::find(yr.rows.begin(), yr.rows.end(), unit);
      if (row == yr.rows.end()) continue;  // not scored that year
      const auto r = static_cast<Eigen::Index>(row - yr.rows.begin());
      json pillars = json::object();
      for (std::size_t k = 0; k < d.pillars.size(); ++k)
        pillars[d.pillar_codes[k]] = json_number_or_null(yr.scores(r, d.pillars[k]));
      points.push_back({{"year", yr.year},
                        {"score", json_number_or_null(yr.scores(r, root))},
                        {"rank", json_number_or_null(yr.ranks(r, root))},
                        {"of", yr.rows.size()},
                        {"pillars", std::move(pillars)}});
    }
    units.push_back({{"iso3", code},
                     {"name", d.names[static_cast<std::size_t>(unit)]},
                     {"points", std::move(points)}});
  }
  json years = json::array();
  for (const auto& yr : d.result.years) years.push_back(yr.year);
  return {{"name", d.spec.name},
          {"years", years},
          {"pillars", d.pillar_codes},
          {"units", std::move(units)}};
}

json impute_step(const index::Spec& s) {
  return {{"method", index::method_name(s.impute.method)},
          {"group", s.impute.group},
          {"max_time", s.impute.max_time}};
}

json screen_step(const index::Spec& s) {
  static constexpr const char* by[] = {"none", "na", "zeros", "na_and_zeros"};
  return {{"by", by[static_cast<int>(s.screen.by)]},
          {"threshold", s.screen.threshold},
          {"force_in", s.screen.force_in},
          {"force_out", s.screen.force_out}};
}

json treat_step(const index::Spec& s) {
  return {{"method", index::method_name(s.treat.method)},
          {"winmax", s.treat.winmax},
          {"skew", s.treat.skew},
          {"kurtosis", s.treat.kurtosis},
          {"fallback", index::method_name(s.treat.fallback)}};
}

json normalise_step(const index::Spec& s) {
  return {{"method", index::method_name(s.normalise.method)},
          {"lower", s.normalise.lower},
          {"upper", s.normalise.upper}};
}

json aggregate_step(const DashboardIndex& d) {
  json levels = json::array();
  const index::Framework& f = d.pipeline->framework();
  for (int level = 2; level <= f.top_level(); ++level) {
    const index::LevelAggregation& a = d.pipeline->aggregation(level);
    static constexpr const char* weights[] = {"manual", "equal", "pca"};
    levels.push_back({{"level", level},
                      {"name", level - 1 < static_cast<int>(d.spec.level_names.size())
                                   ? json(d.spec.level_names[static_cast<std::size_t>(level - 1)])
                                   : json()},
                      {"method", index::method_name(a.method)},
                      {"p", a.p},
                      {"min_coverage", a.min_coverage},
                      {"below", index::rule_name(a.below)},
                      {"weights", weights[static_cast<int>(a.weights)]}});
  }
  return {{"levels", levels}};
}

// An index's method: the framework with each node's declared weight, its weight as used in the
// year and its effective weight in the index; the steps in order with their settings; the
// indicators with unit, direction and source; the sources; the declared uncertainty.
json method(const Args& args, Context& ctx) {
  const std::shared_ptr<const DashboardIndex> built = dashboard_of(args, ctx);
  const DashboardIndex& d = *built;
  const int y = dashboard_year(args, d);
  const index::YearResult& yr = d.year(y);
  const index::Framework& f = d.pipeline->framework();
  const std::vector<double> effective = f.effective_weights(yr.weights);
  json framework = d.framework;
  for (std::size_t n = 0; n < framework.size(); ++n) {
    framework[n]["used_weight"] = json_number_or_null(yr.weights[n]);
    framework[n]["effective_weight"] = json_number_or_null(effective[n]);
  }
  json indicators = json::array();
  for (const index::IndicatorSpec& ind : d.spec.indicators) {
    indicators.push_back({{"code", ind.code},
                          {"name", ind.name},
                          {"parent", ind.parent},
                          {"unit", ind.unit},
                          {"description", ind.description},
                          {"direction", ind.direction},
                          {"dataset", ind.dataset},
                          {"source_indicator", ind.source},
                          {"year", ind.year == 0 ? json() : json(ind.year)},
                          {"denominator", ind.denominator}});
  }
  json steps = json::array();
  for (index::Step step : d.spec.steps) {
    json s = {{"step", index::step_name(step)}};
    switch (step) {
      case index::Step::impute:
        s["settings"] = impute_step(d.spec);
        break;
      case index::Step::screen:
        s["settings"] = screen_step(d.spec);
        break;
      case index::Step::treat:
        s["settings"] = treat_step(d.spec);
        break;
      case index::Step::normalise:
        s["settings"] = normalise_step(d.spec);
        break;
      case index::Step::aggregate:
        s["settings"] = aggregate_step(d);
        break;
      case index::Step::denominate:
        s["settings"] = json::object();
        break;
    }
    steps.push_back(std::move(s));
  }
  json sources = json::array();
  for (const std::string& id : d.spec.datasets) sources.push_back(source_of(d, id));
  const index::UncertaintySpec& u = d.spec.uncertainty;
  json uncertainty = nullptr;
  if (u.declared) {
    json noise = json::object();
    for (const auto& [level, phi] : u.weight_noise) noise[std::to_string(level)] = phi;
    json normalisations = json::array(), aggregations = json::array(), imputations = json::array();
    for (const auto& n : u.normalisations) normalisations.push_back(index::method_name(n.method));
    for (auto a : u.aggregations) aggregations.push_back(index::method_name(a));
    for (auto m : u.imputations) imputations.push_back(index::method_name(m));
    uncertainty = {{"weight_noise", noise},
                   {"normalisations", normalisations},
                   {"aggregations", aggregations},
                   {"imputations", imputations},
                   {"treatment", u.treatment},
                   {"leave_one_out", u.leave_one_out},
                   {"runs", u.runs}};
  }
  return {{"name", d.spec.name},
          {"description", d.spec.description},
          {"file", d.spec_path.filename().string()},
          {"year", y},
          {"years", d.spec.years},
          {"units", yr.rows.size()},
          {"screened_out", yr.screened_rows.size() - yr.rows.size()},
          {"imputed_values", yr.imputed},
          {"framework", framework},
          {"indicators", indicators},
          {"steps", steps},
          {"sources", sources},
          {"uncertainty", uncertainty}};
}

}  // namespace

void register_dashboard_analyst_operations(OperationRegistry& registry) {
  registry.add(dashboard_operation(
      "index list",
      "The indices a dashboard may show: the server's own, the example specs, the workspace's",
      "The server's dashboard index first (\"own\": true, sent as no --spec), then every index "
      "spec in the checkout's examples folder (a folder every server may read), then every index "
      "spec saved in the server's workspace (on the command line, $SOFTPOWER_WORKSPACE's) whose "
      "text is not one of those files, by name (\"saved\": its name, sent as --saved; \"spec\": "
      "\"saved:NAME\"), each with its name, description, years and the value to send as --spec "
      "to the other index operations.",
      {}, list, "/api/index/list"));
  registry.add(dashboard_operation(
      "index country", "One unit's every indicator: raw value, year, source, score, rank, flags",
      "For the dashboard's drill-down: the unit's score, rank and pillars in the index year, and "
      "for every indicator its raw value and the year it is from (or, when the year has none, the "
      "latest value before it), unit, producer's page, title and licence of its dataset, "
      "normalised score, rank among the index's units, and flags read from the pipeline's step "
      "tables: missing, imputed (with the step), treated, denominated, excluded (screened out).",
      {dashboard_spec_param(), dashboard_saved_param(),
       Param{"country", ParamType::text, "the unit (ISO3 or registry code)", "", true}.as(
           ParamRole::country),
       dashboard_year_param(), data_param()},
      country, "/api/index/country"));
  registry.add(dashboard_operation(
      "index series", "Every year's score, rank and pillar scores of chosen units (trends, movers)",
      "For the dashboard's trend lines, comparisons and biggest movers: for each unit asked (every "
      "unit of the index by default), its score, rank (of how many) and pillar scores in each "
      "year of the index in which it is scored.",
      {dashboard_spec_param(), dashboard_saved_param(),
       Param{"countries", ParamType::list,
             "the units (ISO3; repeatable, or comma-separated; default: every unit)"}
           .as(ParamRole::country),
       data_param()},
      series, "/api/index/series"));
  registry.add(dashboard_operation(
      "index method", "An index's method: framework, effective weights, steps, sources",
      "For the dashboard's methodology page: the framework tree with each node's declared weight, "
      "the weight used in the year (equal or PCA weights where a level asks) and its effective "
      "weight in the index (the product down the tree of each weight over its siblings' sum); "
      "the steps in the spec's order with their settings; every indicator with its unit, "
      "direction and dataset; each dataset's producer, title and licence; and the uncertainty "
      "the spec declares.",
      {dashboard_spec_param(), dashboard_saved_param(), dashboard_year_param(), data_param()},
      method, "/api/index/method"));
}

}  // namespace softpower
