#include "softpower/ops/evaluation_input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "softpower/core/error.hpp"
#include "softpower/core/panel.hpp"
#include "softpower/core/text.hpp"
#include "softpower/sources/unmapped.hpp"
#include "softpower/store/long_csv.hpp"
#include "softpower/store/workspace.hpp"

namespace softpower::evaluation {

namespace {

using NamedPanel = std::pair<std::string, Panel>;

std::string number_text(double v) {
  return std::isnan(v) ? std::string() : fmt::format("{}", v);
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string s;
  for (const std::string& item : items) s += (s.empty() ? "" : std::string(separator)) + item;
  return s;
}

long long period_of(const Table& table, std::size_t row, std::size_t col) {
  const std::string_view text = trim(table.cell(row, col));
  long long t = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), t);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    throw Error(table.where(row, col), "not a whole number: '" + printable(text) + "'");
  }
  return t;
}

// Keeps the rows for which keep(row) holds.
template <typename Keep>
void keep_rows(Table& table, Keep keep) {
  std::size_t out = 0;
  for (std::size_t row = 0; row < table.size(); ++row) {
    if (!keep(row)) continue;
    if (out != row) {
      table.rows[out] = std::move(table.rows[row]);
      table.lines[out] = table.lines[row];
    }
    ++out;
  }
  table.rows.resize(out);
  table.lines.resize(out);
}

// The columns of panels keyed by country code and year, joined: one row per unit (in the order
// of their codes) and year with a value of any column, the columns `unit_col`, `time_col` and
// then `columns`. Every
// column must be an indicator of exactly one panel.
Table joined_table(const std::vector<NamedPanel>& panels, const std::vector<std::string>& columns,
                   const std::string& unit_col, const std::string& time_col,
                   const std::string& source) {
  std::vector<std::size_t> holder(columns.size());
  for (std::size_t k = 0; k < columns.size(); ++k) {
    std::optional<std::size_t> found;
    for (std::size_t p = 0; p < panels.size(); ++p) {
      if (!panels[p].second.indicator_index(columns[k])) continue;
      if (found) {
        throw Error(fmt::format("{}: '{}' is an indicator of both {} and {}", source, columns[k],
                                panels[*found].first, panels[p].first));
      }
      found = p;
    }
    if (!found) {
      std::string known;
      for (const auto& [name, panel] : panels)
        known += fmt::format("; {} has {}", name, joined(panel.indicators(), ", "));
      throw Error(fmt::format("{}: no indicator '{}'{}", source, columns[k], known));
    }
    holder[k] = *found;
  }
  // Units in the order of their codes, whatever the order of the datasets: the estimators'
  // draws follow the units, so `--dataset a,b` and `--dataset b,a` give the same bytes.
  std::set<std::string, std::less<>> units;
  std::set<int> years;
  for (const auto& [name, panel] : panels) {
    units.insert(panel.units().begin(), panel.units().end());
    years.insert(panel.years().begin(), panel.years().end());
  }
  Table table;
  table.source = source;
  table.header = {unit_col, time_col};
  table.header.insert(table.header.end(), columns.begin(), columns.end());
  for (const std::string& u : units) {
    for (const int y : years) {
      std::vector<std::string> row{u, std::to_string(y)};
      bool any = false;
      for (std::size_t k = 0; k < columns.size(); ++k) {
        const double v = panels[holder[k]].second.value(u, columns[k], y);
        any = any || !std::isnan(v);
        row.push_back(number_text(v));
      }
      if (!any) continue;
      table.rows.push_back(std::move(row));
      table.lines.push_back(0);
    }
  }
  return table;
}

// --periods FROM:TO.
std::pair<long long, long long> period_range(const std::string& text) {
  const std::size_t colon = text.find(':');
  const auto whole = [&](std::string_view s, long long& v) {
    s = trim(s);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && end == s.data() + s.size() && !s.empty();
  };
  long long from = 0, to = 0;
  if (colon == std::string::npos || !whole(std::string_view(text).substr(0, colon), from) ||
      !whole(std::string_view(text).substr(colon + 1), to) || from > to) {
    throw Error("--periods: '" + printable(text) +
                "' is not a range FROM:TO of whole numbers with FROM <= TO (e.g. 2000:2016)");
  }
  return {from, to};
}

// The table of the arguments' source: datasets, a registry-mapped file or a file as it is.
Table source_table(const Args& args, const std::vector<std::string>& columns, Context& ctx,
                   EvaluationTable& out) {
  const std::vector<std::string> datasets = args.items("dataset");
  if (!datasets.empty()) {
    if (args.has("file")) throw Error("--dataset: give workspace datasets or a FILE, not both");
    for (const char* name : {"unit", "time", "code-system"}) {
      if (args.has(name)) {
        throw Error(
            fmt::format("--{}: not with --dataset (datasets name countries by their code "
                        "and periods by year)",
                        name));
      }
    }
    const std::filesystem::path path = store::resolve_workspace(args.optional_text("workspace"));
    if (!std::filesystem::exists(path)) {
      throw Error("--workspace " + path.string() +
                  ": no such workspace (import the datasets first: softpower import ... "
                  "--workspace " +
                  path.string() + ")");
    }
    const store::Workspace workspace = store::Workspace::open_read_only(path);
    std::vector<NamedPanel> panels;
    panels.reserve(datasets.size());
    for (const std::string& name : datasets)
      panels.emplace_back(name, workspace.load_dataset(name));
    out.source = fmt::format("{} (workspace {})", joined(datasets, " + "), path.string());
    out.columns.unit = "unit";
    out.columns.time = "year";
    return joined_table(panels, columns, "unit", "year", out.source);
  }
  if (!args.has("file")) throw Error("give the panel: a CSV FILE, or --dataset NAME");
  if (!args.has("unit") || !args.has("time")) {
    throw Error("--unit and --time: name the columns of FILE that hold the unit and the period");
  }
  const std::string& file = args.text("file");
  out.source = file;
  out.columns.unit = args.text("unit");
  out.columns.time = args.text("time");
  const auto system = args.optional_text("code-system");
  if (!system) return read_csv(file, store::long_csv_options());
  const store::LongCsvLayout layout{file, out.columns.unit, *system, out.columns.time, columns};
  sources::ReadResult read = store::read_long_csv(layout);
  if (!read.unmapped.empty()) {
    ctx.log << fmt::format("{}: {} rows not mapped to a country, left out:", file,
                           read.unmapped.size());
    for (std::size_t i = 0; i < read.unmapped.size() && i < 5; ++i) {
      const sources::UnmappedRow& u = read.unmapped[i];
      ctx.log << fmt::format(" line {} '{}' ({});", u.where.line, u.value, u.reason);
    }
    ctx.log << (read.unmapped.size() > 5 ? " ...\n" : "\n");
    if (ctx.verbose) ctx.log << sources::unmapped_details(read.unmapped);
  }
  std::vector<NamedPanel> panels;
  panels.emplace_back(file, std::move(read.panel));
  return joined_table(panels, columns, out.columns.unit, out.columns.time, file);
}

// Units left out, with the reason, into `out` and the log.
void leave_out(Table& table, std::size_t unit_col, const std::set<std::string, std::less<>>& units,
               const std::string& why, EvaluationTable& out, Context& ctx) {
  if (units.empty()) return;
  keep_rows(table, [&](std::size_t row) { return !units.contains(table.cell(row, unit_col)); });
  std::vector<std::string> names(units.begin(), units.end());
  for (const std::string& u : names) out.left_out.push_back(fmt::format("{} ({})", u, why));
  if (names.size() > 12) {
    names.resize(12);
    names.emplace_back("...");
  }
  ctx.log << fmt::format("left out {} units, {}: {}\n", units.size(), why, joined(names, ", "));
}

}  // namespace

std::vector<Param> evaluation_input_params(Design design) {
  std::vector<Param> params = {
      Param{"file", ParamType::path,
            "the panel: a CSV file (',', ';' or tab) with one row per unit and period; or give "
            "--dataset",
            "", false, true}
          .as(ParamRole::input_file),
      Param{"dataset", ParamType::list,
            "workspace datasets to read instead of a file (repeatable, or comma-separated), "
            "joined by country code and year; their indicators are the columns"},
      Param{"code-system", ParamType::choice,
            "with FILE: the unit column names countries in this system; they are mapped through "
            "the country registry to codes (rows it cannot map are left out and reported), so "
            "that results name countries by code",
            "", false, false, store::unit_code_choices()},
      Param{"unit", ParamType::text, "with FILE: the column naming the unit"},
      Param{"time", ParamType::text, "with FILE: the column holding the period (a whole number)"},
      Param{"outcome", ParamType::text, "the column (or indicator) holding the outcome", "", true}};
  if (design == Design::panel) {
    params.push_back(Param{"treatment", ParamType::text,
                           "the column holding the treatment: 1 from the unit's first treated "
                           "period on, else 0 (one adoption date for every treated unit); or "
                           "give --adoption, or --treated with --start"});
    params.push_back(Param{"treated", ParamType::list,
                           "the treated units (with --start; repeatable, or comma-separated): "
                           "every other unit is a control"});
    params.push_back(
        Param{"start", ParamType::integer, "with --treated: their first treated period"}.between(
            -1000000000, 1000000000));
  } else {
    params.push_back(Param{"cohort", ParamType::text,
                           "the column holding each unit's first treated period (--never-value: "
                           "never); or give --adoption"});
    params.push_back(
        Param{"never-value", ParamType::real, "the cohort value of never-treated units", "0"}
            .within(-1e15, 1e15));
  }
  params.push_back(Param{"adoption", ParamType::text,
                         "a programme's activity column (e.g. confucius_institutes opened): a "
                         "unit is treated from the first period its value is above --above; "
                         "units never above it are never treated, units without any value of "
                         "it are left out"});
  params.push_back(Param{"above", ParamType::real,
                         "with --adoption: the level a unit's activity must exceed", "0"}
                       .within(-1e15, 1e15));
  params.push_back(
      Param{"units", ParamType::list, "keep only these units (repeatable, or comma-separated)"});
  params.push_back(Param{"periods", ParamType::text,
                         "keep only the periods FROM:TO, both included (e.g. 2000:2016)"});
  params.push_back(Param{"drop-incomplete", ParamType::flag,
                         "leave out the units whose outcome is missing in some period (they are "
                         "listed) instead of stopping"});
  return params;
}

EvaluationTable evaluation_table(const Args& args, Design design, Context& ctx,
                                 const std::vector<std::string>& extra) {
  const bool panel = design == Design::panel;
  const char* column_option = panel ? "treatment" : "cohort";
  const bool by_column = args.has(column_option);
  const bool by_adoption = args.has("adoption");
  const bool by_units = panel && (args.has("treated") || args.has("start"));
  const int forms = int{by_column} + int{by_adoption} + int{by_units};
  const std::string forms_text = panel ? "--treatment COLUMN, --adoption COLUMN, or --treated "
                                         "UNITS with --start PERIOD"
                                       : "--cohort COLUMN or --adoption COLUMN";
  if (forms == 0) throw Error(fmt::format("give the {}: {}", column_option, forms_text));
  if (forms > 1) throw Error(fmt::format("give the {} only once: {}", column_option, forms_text));
  if (by_units && !(args.has("treated") && args.has("start"))) {
    throw Error("--treated and --start go together: the treated units and their first period");
  }

  EvaluationTable out;
  const std::string& outcome = args.text("outcome");
  std::vector<std::string> columns{outcome};
  const std::string programme =
      by_column ? args.text(column_option) : (by_adoption ? args.text("adoption") : "");
  if (!programme.empty() && programme != outcome) columns.push_back(programme);
  for (const std::string& c : extra) {
    if (std::find(columns.begin(), columns.end(), c) == columns.end()) columns.push_back(c);
  }
  Table table = source_table(args, columns, ctx, out);
  const std::size_t uc = table.column(out.columns.unit);
  const std::size_t tc = table.column(out.columns.time);
  const std::size_t oc = table.column(outcome);
  for (const std::string& c : columns) (void)table.column(c);

  if (args.has("units")) {
    std::set<std::string, std::less<>> wanted;
    for (const std::string& u : args.items("units")) wanted.insert(u);
    std::set<std::string, std::less<>> present;
    for (std::size_t row = 0; row < table.size(); ++row) present.insert(table.cell(row, uc));
    for (const std::string& u : wanted) {
      if (!present.contains(u)) throw Error("--units: " + out.source + " has no unit '" + u + "'");
    }
    keep_rows(table, [&](std::size_t row) { return wanted.contains(table.cell(row, uc)); });
  }
  if (const auto periods = args.optional_text("periods")) {
    const std::pair<long long, long long> range = period_range(*periods);
    keep_rows(table, [&](std::size_t row) {
      const long long t = period_of(table, row, tc);
      return t >= range.first && t <= range.second;
    });
    if (table.size() == 0) {
      throw Error(
          fmt::format("--periods {}: {} has no rows in these periods", *periods, out.source));
    }
  }

  // The programme: each unit's first treated period, from a column of activity or by name.
  if (!by_column) {
    std::map<std::string, std::optional<long long>, std::less<>> first;
    if (by_adoption) {
      const std::size_t pc = table.column(programme);
      const double above = args.real("above");
      for (std::size_t row = 0; row < table.size(); ++row) {
        const double v = table.number(row, pc);
        if (std::isnan(v)) continue;
        std::optional<long long>& f = first[table.cell(row, uc)];
        const long long t = period_of(table, row, tc);
        if (v > above && (!f || t < *f)) f = t;
      }
      std::set<std::string, std::less<>> without;
      for (std::size_t row = 0; row < table.size(); ++row) {
        if (!first.contains(table.cell(row, uc))) without.insert(table.cell(row, uc));
      }
      leave_out(table, uc, without, "no value of " + programme, out, ctx);
      if (table.size() == 0) throw Error(out.source + ": '" + programme + "' has no values");
    } else {
      std::set<std::string, std::less<>> present;
      for (std::size_t row = 0; row < table.size(); ++row) present.insert(table.cell(row, uc));
      for (const std::string& u : args.items("treated")) {
        if (!present.contains(u))
          throw Error("--treated: " + out.source + " has no unit '" + u + "'");
        first[u] = args.integer("start");
      }
    }
    const double never = panel ? 0 : args.real("never-value");
    const std::string name = by_adoption ? fmt::format("first period with {} > {}", programme,
                                                       number_text(args.real("above")))
                                         : "first period of --treated";
    table.header.push_back(name);
    for (std::size_t row = 0; row < table.size(); ++row) {
      const auto it = first.find(table.cell(row, uc));
      const std::optional<long long> cohort = it == first.end() ? std::nullopt : it->second;
      std::string cell;
      if (panel) {
        cell = cohort && period_of(table, row, tc) >= *cohort ? "1" : "0";
      } else {
        cell = cohort ? std::to_string(*cohort) : number_text(never);
      }
      table.rows[row].resize(table.header.size() - 1);
      table.rows[row].push_back(cell);
    }
    out.columns.treatment = name;
  } else {
    out.columns.treatment = programme;
  }
  out.columns.outcome = outcome;

  // A period in which no unit has the outcome is not a period of the panel (a dataset joined
  // with one that covers more years).
  std::set<long long> observed;
  for (std::size_t row = 0; row < table.size(); ++row) {
    if (!std::isnan(table.number(row, oc))) observed.insert(period_of(table, row, tc));
  }
  if (observed.empty()) throw Error(out.source + ": '" + outcome + "' has no values");
  keep_rows(table, [&](std::size_t row) { return observed.contains(period_of(table, row, tc)); });
  if (args.flag("drop-incomplete")) {
    std::map<std::string, std::set<long long>, std::less<>> has;
    for (std::size_t row = 0; row < table.size(); ++row) {
      std::set<long long>& periods = has[table.cell(row, uc)];
      if (!std::isnan(table.number(row, oc))) periods.insert(period_of(table, row, tc));
    }
    std::set<std::string, std::less<>> incomplete;
    for (const auto& [unit, periods] : has) {
      if (periods.size() < observed.size()) incomplete.insert(unit);
    }
    leave_out(table, uc, incomplete,
              fmt::format("without the outcome in all {} periods", observed.size()), out, ctx);
  }
  out.table = std::move(table);
  return out;
}

}  // namespace softpower::evaluation
