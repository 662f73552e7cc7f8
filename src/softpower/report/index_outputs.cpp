#include "softpower/report/index_outputs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <functional>
#include <numeric>
#include <optional>

#include "softpower/core/csv_writer.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"
#include "softpower/index/results.hpp"
#include "softpower/report/index_html.hpp"
#include "softpower/report/sink.hpp"

namespace softpower::report {

namespace {

using index::Framework;
using index::kNone;
using index::YearResult;

nlohmann::json number_or_null(double v) {
  return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v);
}

bool several_years(const IndexRun& run) {
  return run.result.years.size() > 1;
}

const std::string& unit_code(const IndexRun& run, int row) {
  return run.input.units[static_cast<std::size_t>(row)];
}

std::string unit_name(const IndexRun& run, const std::string& code) {
  auto it = run.unit_names.find(code);
  return it == run.unit_names.end() ? code : it->second;
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

nlohmann::json method_json(const index::Spec& spec) {
  using namespace index;
  nlohmann::json steps = nlohmann::json::array();
  for (const Step step : spec.steps) {
    nlohmann::json s = {{"step", step_name(step)}};
    switch (step) {
      case Step::denominate:
        s["rule"] = "x / (denominator / scale_factor)";
        break;
      case Step::impute:
        s["method"] = method_name(spec.impute.method);
        if (!spec.impute.group.empty()) s["group"] = spec.impute.group;
        break;
      case Step::screen:
        s["threshold"] = spec.screen.threshold;
        s["by"] = spec.screen.by == ScreenBy::na      ? "na"
                  : spec.screen.by == ScreenBy::zeros ? "zeros"
                  : spec.screen.by == ScreenBy::none  ? "none"
                                                      : "na_and_zeros";
        if (!spec.screen.force_in.empty())
          s["force_in"] = {{"units", spec.screen.force_in},
                           {"reason", spec.screen.force_in_reason}};
        if (!spec.screen.force_out.empty())
          s["force_out"] = {{"units", spec.screen.force_out},
                            {"reason", spec.screen.force_out_reason}};
        break;
      case Step::treat:
        s["method"] = method_name(spec.treat.method);
        s["winmax"] = spec.treat.winmax;
        s["skew"] = spec.treat.skew;
        s["kurtosis"] = spec.treat.kurtosis;
        s["fallback"] = method_name(spec.treat.fallback);
        break;
      case Step::normalise:
        s["method"] = method_name(spec.normalise.method);
        if (spec.normalise.method == NormaliseMethod::minmax)
          s["range"] = {spec.normalise.lower, spec.normalise.upper};
        if (spec.normalise.method == NormaliseMethod::refmax) {
          s["ref_year"] = spec.normalise.ref_year;
          s["scale"] = spec.normalise.scale;
        }
        break;
      case Step::aggregate:
        s["method"] = method_name(spec.aggregation.method);
        break;
    }
    steps.push_back(std::move(s));
  }
  return steps;
}

void scores_csv_to(const IndexRun& run, Sink& sink) {
  const Framework& f = run.pipeline.framework();
  std::vector<std::string> header = scores_columns();
  if (several_years(run)) header.insert(header.begin(), "year");
  CsvWriter w(sink.text, header);  // then row by row, as the rows are many
  for (const YearResult& yr : run.result.years) {
    for (std::size_t r = 0; r < yr.rows.size(); ++r) {
      for (std::size_t n = f.indicator_count(); n < f.nodes().size(); ++n) {
        const auto row = static_cast<Eigen::Index>(r), col = static_cast<Eigen::Index>(n);
        if (several_years(run)) w.cell(yr.year);
        w.row(unit_code(run, yr.rows[r]), f.nodes()[n].code, f.nodes()[n].level,
              yr.scores(row, col), yr.ranks(row, col));
        sink.part_done();
      }
    }
  }
}

void step_csv_to(const IndexRun& run, std::size_t table, Sink& sink) {
  const Framework& f = run.pipeline.framework();
  // The table after aggregation is the scores matrix itself: every node's column.
  const bool aggregated = table >= run.result.years.front().tables.size();
  std::vector<std::string> header = {"uCode"};
  if (several_years(run)) header.emplace_back("Year");
  if (aggregated) {
    for (const index::Node& node : f.nodes()) header.push_back(node.code);
  } else {
    for (int c : run.result.years.front().tables[table].columns)
      header.push_back(f.nodes()[static_cast<std::size_t>(c)].code);
  }
  // Written row by row (a table of every node of every unit is the largest output).
  CsvWriter w(sink.text, header);
  for (const YearResult& yr : run.result.years) {
    const bool past = table >= yr.tables.size();
    const std::vector<int>& rows = past ? yr.rows : yr.tables[table].rows;
    const Eigen::MatrixXd& values = past ? yr.scores : yr.tables[table].values;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      w.cell(unit_code(run, rows[r]));
      if (several_years(run)) w.cell(yr.year);
      for (Eigen::Index c = 0; c < values.cols(); ++c)
        w.cell(values(static_cast<Eigen::Index>(r), c));
      w.end_row();
      sink.part_done();
    }
  }
}

std::string_view status_name(index::ValueStatus status, bool aggregate) {
  switch (status) {
    case index::ValueStatus::observed:
      return aggregate ? "scored" : "observed";
    case index::ValueStatus::imputed:
      return "imputed";
    case index::ValueStatus::missing:
      break;
  }
  return "missing";
}

void coverage_csv_to(const IndexRun& run, Sink& sink) {
  const Framework& f = run.pipeline.framework();
  CsvWriter w(sink.text, coverage_columns());
  auto year_or_none = [](int y) { return y == 0 ? kNone : static_cast<double>(y); };
  auto cells = [&](const auto&... c) { (w.cell(c), ...); };
  for (const YearResult& yr : run.result.years) {
    const index::Coverage cov = index::coverage_of(run.pipeline, yr);
    if (cov.status.empty()) continue;
    for (std::size_t r = 0; r < yr.rows.size(); ++r) {
      const auto unit = static_cast<std::size_t>(yr.rows[r]);
      for (std::size_t n = 0; n < f.nodes().size(); ++n) {
        const auto row = static_cast<Eigen::Index>(r), col = static_cast<Eigen::Index>(n);
        const index::ValueStatus status = cov.at(r, n);
        const bool aggregate = n >= f.indicator_count();
        cells(unit_code(run, yr.rows[r]), yr.year, f.nodes()[n].code, f.nodes()[n].level,
              status_name(status, aggregate));
        if (aggregate) {
          const index::LevelAggregation& how = run.pipeline.node_aggregation(static_cast<int>(n));
          w.cell(status == index::ValueStatus::imputed ? index::rule_name(how.below) : "");
          cells(kNone, kNone, cov.coverage(row, col), cov.observed(row, col), how.min_coverage);
        } else {
          const auto& o = yr.origins;
          const auto i = static_cast<Eigen::Index>(n);
          w.cell(status == index::ValueStatus::imputed ? index::method_name(o.method[n]) : "");
          cells(year_or_none(o.from_year(static_cast<Eigen::Index>(unit), i)),
                year_or_none(o.to_year(static_cast<Eigen::Index>(unit), i)), kNone,
                cov.observed(row, col), kNone);
        }
        w.end_row();
        sink.part_done();
      }
    }
  }
}

// ---- results.json, in parts ----

nlohmann::json index_part(const IndexRun& run) {
  const index::Spec& spec = run.pipeline.spec();
  return {{"name", spec.name},          {"description", spec.description},
          {"spec", spec.file},          {"years", spec.years},
          {"levels", spec.level_names}, {"groups", spec.groups},
          {"generated", utc_now()},     {"softpower_version", SOFTPOWER_VERSION}};
}

nlohmann::json framework_entry(const IndexRun& run, const std::vector<double>& effective,
                               std::size_t n) {
  const index::Spec& spec = run.pipeline.spec();
  const Framework& f = run.pipeline.framework();
  const index::Node& node = f.nodes()[n];
  nlohmann::json j = {
      {"code", node.code},
      {"name", node.name},
      {"level", node.level},
      {"parent", node.parent < 0
                     ? nlohmann::json(nullptr)
                     : nlohmann::json(f.nodes()[static_cast<std::size_t>(node.parent)].code)},
      {"weight", node.weight},
      {"effective_weight", effective[n]}};
  if (node.is_indicator) {
    const auto& ind = spec.indicators[n];
    j["direction"] = ind.direction;
    j["unit"] = ind.unit;
    j["source"] = ind.dataset + ":" + ind.source;
    if (!ind.denominator.empty())
      j["denominator"] = ind.denominator_dataset + ":" + ind.denominator;
    if (!ind.description.empty()) j["description"] = ind.description;
  }
  return j;
}

// What every unit of one year needs, worked out once per year.
struct YearParts {
  std::map<std::string, Eigen::MatrixXd> by_group;
  std::vector<index::StrengthsWeaknesses> sw;
  Eigen::MatrixXd all_ranks;
  index::Coverage coverage;
};

YearParts year_parts(const IndexRun& run, const YearResult& yr) {
  const index::Spec& spec = run.pipeline.spec();
  const Framework& f = run.pipeline.framework();
  YearParts parts;
  for (const auto& attribute : spec.groups) {
    auto it = run.input.groups.find(attribute);
    if (it == run.input.groups.end()) continue;
    std::vector<std::string> group_of_row;
    for (int r : yr.rows) group_of_row.push_back(it->second[static_cast<std::size_t>(r)]);
    parts.by_group[attribute] = index::group_ranks(yr, group_of_row);
  }
  parts.sw = index::strengths_weaknesses(f, yr, spec.strengths);
  parts.all_ranks = index::ranks_with_indicators(f, yr);
  parts.coverage = index::coverage_of(run.pipeline, yr);
  return parts;
}

// What a unit's results rest on beyond observed values: its imputed indicators (how, from
// which years) and aggregates (scored below their minimum coverage by the below rule), its
// missing indicators and its aggregates not scored. Null when every value is observed.
nlohmann::json coverage_entry(const IndexRun& run, const YearResult& yr, const YearParts& parts,
                              std::size_t r) {
  const Framework& f = run.pipeline.framework();
  const index::Coverage& cov = parts.coverage;
  if (cov.status.empty()) return nullptr;
  nlohmann::json imputed = nlohmann::json::array(), missing = nlohmann::json::array(),
                 not_scored = nlohmann::json::array();
  const auto unit = static_cast<Eigen::Index>(yr.rows[r]);
  const auto row = static_cast<Eigen::Index>(r);
  for (std::size_t n = 0; n < f.nodes().size(); ++n) {
    const index::ValueStatus status = cov.at(r, n);
    if (status == index::ValueStatus::observed) continue;
    const std::string& code = f.nodes()[n].code;
    const auto col = static_cast<Eigen::Index>(n);
    if (n < f.indicator_count()) {
      if (status == index::ValueStatus::missing) {
        missing.push_back(code);
        continue;
      }
      nlohmann::json e = {{"code", code}, {"by", index::method_name(yr.origins.method[n])}};
      if (const int from = yr.origins.from_year(unit, col); from != 0) {
        e["from"] = from;
        e["to"] = yr.origins.to_year(unit, col);
      }
      imputed.push_back(std::move(e));
    } else {
      const index::LevelAggregation& how = run.pipeline.node_aggregation(static_cast<int>(n));
      nlohmann::json e = {
          {"code", code}, {"coverage", cov.coverage(row, col)}, {"min_coverage", how.min_coverage}};
      if (status == index::ValueStatus::imputed) {
        e["by"] = index::rule_name(how.below);
        imputed.push_back(std::move(e));
      } else {
        not_scored.push_back(std::move(e));
      }
    }
  }
  return {{"imputed", std::move(imputed)},
          {"missing", std::move(missing)},
          {"not_scored", std::move(not_scored)}};
}

// One unit of a year: its scores and ranks of every node, or only of the nodes marked in
// `only` when it is given.
nlohmann::json unit_entry(const IndexRun& run, const YearResult& yr, const YearParts& parts,
                          std::size_t r, const std::vector<bool>* only) {
  const Framework& f = run.pipeline.framework();
  const std::string& code = unit_code(run, yr.rows[r]);
  nlohmann::json scores = nlohmann::json::object(), ranks = nlohmann::json::object();
  for (std::size_t n = 0; n < f.nodes().size(); ++n) {
    if (only != nullptr && !(*only)[n]) continue;
    scores[f.nodes()[n].code] =
        number_or_null(yr.scores(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(n)));
    ranks[f.nodes()[n].code] =
        number_or_null(parts.all_ranks(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(n)));
  }
  nlohmann::json groups = nlohmann::json::object();
  for (const auto& [attribute, ranks_in_group] : parts.by_group) {
    groups[attribute] = {
        {"group", run.input.groups.at(attribute)[static_cast<std::size_t>(yr.rows[r])]},
        {"rank", number_or_null(ranks_in_group(static_cast<Eigen::Index>(r), f.root()))}};
  }
  auto codes = [&](const std::vector<int>& nodes) {
    nlohmann::json list = nlohmann::json::array();
    for (int n : nodes) list.push_back(f.nodes()[static_cast<std::size_t>(n)].code);
    return list;
  };
  nlohmann::json entry = {{"code", code},
                          {"name", unit_name(run, code)},
                          {"scores", std::move(scores)},
                          {"ranks", std::move(ranks)},
                          {"group_ranks", std::move(groups)},
                          {"strengths", codes(parts.sw[r].strengths)},
                          {"weaknesses", codes(parts.sw[r].weaknesses)}};
  // Only for units with anything imputed or missing: a fully observed unit reads as before.
  if (nlohmann::json c = coverage_entry(run, yr, parts, r); !c.is_null()) {
    const bool all_observed =
        c["imputed"].empty() && c["missing"].empty() && c["not_scored"].empty();
    if (!all_observed) entry["coverage"] = std::move(c);
  }
  return entry;
}

// A year without its units.
nlohmann::json year_entry(const IndexRun& run, const YearResult& yr) {
  const Framework& f = run.pipeline.framework();
  nlohmann::json screened_out = nlohmann::json::array();
  for (std::size_t k = 0; k < yr.screened_rows.size(); ++k) {
    if (!yr.screening.included[k]) screened_out.push_back(unit_code(run, yr.screened_rows[k]));
  }
  nlohmann::json weights;
  for (std::size_t n = 0; n < f.nodes().size(); ++n) weights[f.nodes()[n].code] = yr.weights[n];
  return {{"year", yr.year},
          {"screened_out", std::move(screened_out)},
          {"imputed_values", yr.imputed},
          {"weights", std::move(weights)}};
}

// The whole document as a tree, each unit's scores and ranks limited to `only` if given.
nlohmann::json results_tree(const IndexRun& run, const std::vector<bool>* only) {
  const Framework& f = run.pipeline.framework();
  nlohmann::json out;
  out["index"] = index_part(run);
  out["method"] = method_json(run.pipeline.spec());
  out["datasets"] = run.datasets;
  const std::vector<double> effective = f.effective_weights(run.result.years.front().weights);
  nlohmann::json framework = nlohmann::json::array();
  for (std::size_t n = 0; n < f.nodes().size(); ++n)
    framework.push_back(framework_entry(run, effective, n));
  out["framework"] = std::move(framework);
  nlohmann::json years = nlohmann::json::array();
  for (const YearResult& yr : run.result.years) {
    const YearParts parts = year_parts(run, yr);
    nlohmann::json units = nlohmann::json::array();
    for (std::size_t r = 0; r < yr.rows.size(); ++r)
      units.push_back(unit_entry(run, yr, parts, r, only));
    nlohmann::json year = year_entry(run, yr);
    year["units"] = std::move(units);
    years.push_back(std::move(year));
  }
  out["years"] = std::move(years);
  return out;
}

// JSON text exactly as nlohmann::json::dump(1) writes a document, made part by part: the
// caller opens objects and arrays, gives the keys of an object in the order a json object
// keeps them (sorted), and puts whole values (dumped at the depth where they stand).
class JsonText {
 public:
  explicit JsonText(Sink& sink) : sink_(sink), out_(sink.text) {}

  void open(char bracket) { open_.push_back({bracket, true}); }
  void key(const std::string& name) { quoted_key(nlohmann::json(name).dump()); }
  /// A key already written as JSON text (with its quotes and escapes).
  void quoted_key(const std::string& quoted) {
    next();
    out_ += quoted;
    out_ += ": ";
  }
  void item() { next(); }
  void value(const nlohmann::json& v) {
    const std::string text = v.dump(1);
    // Line breaks of a dump are only its own (a string's are escaped), so each one takes the
    // indentation of the depth the value stands at.
    std::size_t from = 0;
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', from)) {
      out_.append(text, from, at + 1 - from);
      out_.append(open_.size(), ' ');
      from = at + 1;
    }
    out_.append(text, from, std::string::npos);
    sink_.part_done();
  }
  /// A value already written as JSON text on one line.
  void raw(const std::string& text) {
    out_ += text;
    sink_.part_done();
  }
  void close() {
    const Open o = open_.back();
    open_.pop_back();
    const char end = o.bracket == '{' ? '}' : ']';
    if (o.empty) {
      out_ += o.bracket;
    } else {
      out_ += '\n';
      out_.append(open_.size(), ' ');
    }
    out_ += end;
  }

 private:
  struct Open {
    char bracket;
    bool empty;
  };
  void next() {
    Open& o = open_.back();
    out_ += o.empty ? std::string{o.bracket, '\n'} : std::string(",\n");
    o.empty = false;
    out_.append(open_.size(), ' ');
  }

  Sink& sink_;
  std::string& out_;  ///< sink_.text
  std::vector<Open> open_;
};

// The nodes in the order of their codes (the order of a json object's keys) and each code as
// a JSON key, worked out once rather than per unit.
struct NodeKeys {
  std::vector<std::size_t> order;
  std::vector<std::string> quoted;
  std::vector<bool> none;  ///< false for every node (unit_entry with no scores)
  explicit NodeKeys(const Framework& f) : order(f.nodes().size()), none(f.nodes().size(), false) {
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return f.nodes()[a].code < f.nodes()[b].code; });
    for (const index::Node& node : f.nodes()) quoted.push_back(nlohmann::json(node.code).dump());
  }
};

// unit_entry(run, yr, parts, r, nullptr) as text, without the tree: its scores and ranks of
// every node are as many as the framework's nodes, and a json object of them sorts its keys
// per unit. Each of the two is written on one line.
void unit_text(JsonText& json, const IndexRun& run, const YearResult& yr, const YearParts& parts,
               std::size_t r, const NodeKeys& codes) {
  const nlohmann::json whole = unit_entry(run, yr, parts, r, &codes.none);
  const auto row = static_cast<Eigen::Index>(r);
  // A unit's value of every node on one line (a line per node made most of the file's bytes
  // indentation): {"code": value, ...} in the order of the codes.
  auto per_node = [&](const Eigen::MatrixXd& m) {
    std::string line = "{";
    for (std::size_t k = 0; k < codes.order.size(); ++k) {
      const std::size_t n = codes.order[k];
      if (k > 0) line += ", ";
      line += codes.quoted[n];
      line += ": ";
      line += number_or_null(m(row, static_cast<Eigen::Index>(n))).dump();
    }
    json.raw(line + "}");
  };
  json.open('{');  // code, coverage, group_ranks, name, ranks, scores, strengths, weaknesses:
                   // sorted
  for (const char* k : {"code", "coverage", "group_ranks", "name"}) {
    if (!whole.contains(k)) continue;
    json.key(k);
    json.value(whole[k]);
  }
  json.key("ranks");
  per_node(parts.all_ranks);
  json.key("scores");
  per_node(yr.scores);
  for (const char* k : {"strengths", "weaknesses"}) {
    json.key(k);
    json.value(whole[k]);
  }
  json.close();
}

void results_to(const IndexRun& run, Sink& sink) {
  const Framework& f = run.pipeline.framework();
  JsonText json(sink);
  json.open('{');  // keys in the order of a json object: sorted
  json.key("datasets");
  json.value(run.datasets);
  json.key("framework");
  json.open('[');
  const std::vector<double> effective = f.effective_weights(run.result.years.front().weights);
  for (std::size_t n = 0; n < f.nodes().size(); ++n) {
    json.item();
    json.value(framework_entry(run, effective, n));
  }
  json.close();
  json.key("index");
  json.value(index_part(run));
  json.key("method");
  json.value(method_json(run.pipeline.spec()));
  json.key("years");
  json.open('[');
  const NodeKeys codes(f);
  for (const YearResult& yr : run.result.years) {
    const nlohmann::json year = year_entry(run, yr);
    const YearParts parts = year_parts(run, yr);
    json.item();
    json.open('{');
    json.key("imputed_values");
    json.value(year["imputed_values"]);
    json.key("screened_out");
    json.value(year["screened_out"]);
    json.key("units");
    json.open('[');
    for (std::size_t r = 0; r < yr.rows.size(); ++r) {
      json.item();
      unit_text(json, run, yr, parts, r, codes);
    }
    json.close();
    json.key("weights");
    json.value(year["weights"]);
    json.key("year");
    json.value(year["year"]);
    json.close();
  }
  json.close();
  json.close();
}

}  // namespace

const std::vector<std::string>& scores_columns() {
  static const std::vector<std::string> columns = {"unit", "code", "level", "score", "rank"};
  return columns;
}

const std::vector<std::string>& coverage_columns() {
  static const std::vector<std::string> columns = {
      "unit",      "year",    "code",     "level",          "status",      "imputed_by",
      "from_year", "to_year", "coverage", "observed_share", "min_coverage"};
  return columns;
}

std::string coverage_csv(const IndexRun& run) {
  Sink sink;
  coverage_csv_to(run, sink);
  return std::move(sink.text);
}

std::string scores_csv(const IndexRun& run) {
  Sink sink;
  scores_csv_to(run, sink);
  return std::move(sink.text);
}

std::string step_csv(const IndexRun& run, std::size_t table) {
  Sink sink;
  step_csv_to(run, table, sink);
  return std::move(sink.text);
}

nlohmann::json results_json(const IndexRun& run) {
  return results_tree(run, nullptr);
}

std::string results_text(const IndexRun& run) {
  Sink sink;
  results_to(run, sink);
  return std::move(sink.text);
}

nlohmann::json page_results(const IndexRun& run) {
  const Framework& f = run.pipeline.framework();
  std::map<int, std::size_t> per_level;
  for (int level = 2; level <= f.top_level(); ++level) per_level[level] = f.level(level).size();
  const int lowest = lowest_level_drawn(per_level);
  std::vector<bool> needed(f.nodes().size(), false);
  for (std::size_t n = f.indicator_count(); n < f.nodes().size(); ++n)
    needed[n] = f.nodes()[n].level >= lowest;
  for (const YearResult& yr : run.result.years) {
    for (const auto& sw : index::strengths_weaknesses(f, yr, run.pipeline.spec().strengths)) {
      for (int n : sw.strengths) needed[static_cast<std::size_t>(n)] = true;
      for (int n : sw.weaknesses) needed[static_cast<std::size_t>(n)] = true;
    }
  }
  return results_tree(run, &needed);
}

namespace {

// ---- audit.json, in parts ----

const std::string& node_code(const IndexRun& run, int n) {
  return run.pipeline.framework().nodes()[static_cast<std::size_t>(n)].code;
}

nlohmann::json indicator_entry(const IndexRun& run, const index::IndicatorStats& s) {
  nlohmann::json j = {{"code", node_code(run, s.node)},
                      {"n", s.n},
                      {"availability", s.availability},
                      {"min", number_or_null(s.min)},
                      {"max", number_or_null(s.max)},
                      {"mean", number_or_null(s.mean)},
                      {"median", number_or_null(s.median)},
                      {"sd", number_or_null(s.sd)},
                      {"skew", number_or_null(s.skew)},
                      {"kurtosis", number_or_null(s.kurtosis)},
                      {"skew_kurtosis_outlier", s.skew_kurtosis_outlier},
                      {"iqr_outliers", s.iqr_outliers},
                      {"treatment", s.treatment},
                      {"treated_points", s.treated_points},
                      {"treated_skew", number_or_null(s.treated_skew)},
                      {"treated_kurtosis", number_or_null(s.treated_kurtosis)}};
  // Before and after the impute step: an indicator of another year is used though 0% of its
  // values are of the index year.
  if (!std::isnan(s.availability_imputed)) j["availability_imputed"] = s.availability_imputed;
  return j;
}

nlohmann::json correlation_entry(const IndexRun& run, const index::Correlation& c) {
  return {{"a", node_code(run, c.a)},
          {"b", node_code(run, c.b)},
          {"relation", c.relation},
          {"pearson", number_or_null(c.pearson)},
          {"spearman", number_or_null(c.spearman)},
          {"flags", c.flags}};
}

nlohmann::json aggregate_entry(const IndexRun& run, const index::AggregateAudit& g) {
  nlohmann::json j = {{"code", node_code(run, g.node)},
                      {"complete_units", g.complete_units},
                      {"cronbach_alpha", number_or_null(g.cronbach_alpha)},
                      {"pca_first_share", number_or_null(g.pca_first_share)}};
  if (g.sibling_pairs_left_out > 0) j["sibling_pairs_left_out"] = g.sibling_pairs_left_out;
  return j;
}

// What the audit's bounds left out, said only where they did (docs/index-audit.md).
std::optional<nlohmann::json> left_out_entry(const index::Audit& a) {
  if (a.sibling_pairs_left_out == 0 && a.ancestor_pairs_left_out == 0) return std::nullopt;
  return nlohmann::json{{"sibling_pairs", a.sibling_pairs_left_out},
                        {"siblings_correlated_up_to", index::kMaxSiblingsCorrelated},
                        {"ancestor_pairs", a.ancestor_pairs_left_out},
                        {"ancestors_correlated_up_to", index::kMaxAncestorsCorrelated}};
}

nlohmann::json thresholds_entry() {
  return {{"weak", 0.3}, {"collinear", 0.9}, {"skew", 2.0}, {"kurtosis", 3.5}};
}

// The document as a tree; `keep`, when given, says per year which correlations are kept
// whole (the others become null, so that the list keeps its length).
nlohmann::json audit_tree(const IndexRun& run,
                          const std::function<bool(std::size_t, const index::Correlation&)>& keep) {
  nlohmann::json years = nlohmann::json::array();
  for (std::size_t t = 0; t < run.audits.size(); ++t) {
    const index::Audit& a = run.audits[t];
    nlohmann::json indicators = nlohmann::json::array();
    for (const auto& s : a.indicators) indicators.push_back(indicator_entry(run, s));
    nlohmann::json correlations = nlohmann::json::array();
    for (const auto& c : a.correlations) {
      correlations.push_back(!keep || keep(t, c) ? correlation_entry(run, c)
                                                 : nlohmann::json(nullptr));
    }
    nlohmann::json aggregates = nlohmann::json::array();
    for (const auto& g : a.aggregates) aggregates.push_back(aggregate_entry(run, g));
    nlohmann::json year = {{"year", run.result.years[t].year},
                           {"indicators", std::move(indicators)},
                           {"correlations", std::move(correlations)},
                           {"aggregates", std::move(aggregates)}};
    if (auto left = left_out_entry(a)) year["left_out"] = std::move(*left);
    years.push_back(std::move(year));
  }
  return {{"index", run.pipeline.spec().name},
          {"thresholds", thresholds_entry()},
          {"years", std::move(years)}};
}

void audit_to(const IndexRun& run, Sink& sink) {
  JsonText json(sink);
  json.open('{');  // keys in the order of a json object: sorted
  json.key("index");
  json.value(run.pipeline.spec().name);
  json.key("thresholds");
  json.value(thresholds_entry());
  json.key("years");
  json.open('[');
  for (std::size_t t = 0; t < run.audits.size(); ++t) {
    const index::Audit& a = run.audits[t];
    auto list = [&](const std::string& name, const auto& items, const auto& entry) {
      json.key(name);
      json.open('[');
      for (const auto& item : items) {
        json.item();
        json.value(entry(run, item));
      }
      json.close();
    };
    json.item();
    json.open('{');
    list("aggregates", a.aggregates, aggregate_entry);
    list("correlations", a.correlations, correlation_entry);
    list("indicators", a.indicators, indicator_entry);
    if (auto left = left_out_entry(a)) {
      json.key("left_out");
      json.value(*left);
    }
    json.key("year");
    json.value(run.result.years[t].year);
    json.close();
  }
  json.close();
  json.close();
}

// An output file written in parts into the output folder's staging folder (as
// OutputFolder::write writes a whole one); throws Error naming the file when it cannot.
class StagedFile {
 public:
  StagedFile(OutputFolder& out, std::string_view name)
      : shown_(out.display() + "/" + std::string(name)) {
    fd_ =
        ::open(out.file(name).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd_ < 0) fail(errno);
  }
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;
  ~StagedFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  void put(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail(errno);
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  void close() {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail(errno);
  }

 private:
  [[noreturn]] void fail(int e) const {
    throw Error(Location{shown_}, std::string("cannot be written: ") + std::strerror(e) +
                                      (e == ENOSPC ? " (the disk is full)" : ""));
  }
  std::string shown_;
  int fd_ = -1;
};

// Writes the output `name`, made by make(sink) part by part.
template <typename Make>
void write_in_parts(OutputFolder& out, std::string_view name, const Make& make) {
  StagedFile file(out, name);
  Sink sink;
  sink.spill = [&](std::string_view part) { file.put(part); };
  make(sink);
  sink.finish();
  file.close();
}

}  // namespace

nlohmann::json audit_json(const IndexRun& run) {
  return audit_tree(run, nullptr);
}

std::string audit_text(const IndexRun& run) {
  Sink sink;
  audit_to(run, sink);
  return std::move(sink.text);
}

nlohmann::json page_audit(const IndexRun& run) {
  // The grids the page draws, found as the page finds them (framework order of children).
  const Framework& f = run.pipeline.framework();
  std::vector<long> parent(f.nodes().size());
  std::vector<int> level(f.nodes().size());
  for (std::size_t n = 0; n < f.nodes().size(); ++n) {
    parent[n] = f.nodes()[n].parent;
    level[n] = f.nodes()[n].level;
  }
  std::vector<std::vector<bool>> drawn;
  for (const index::Audit& a : run.audits) {
    std::vector<bool> wide(f.nodes().size(), false);
    for (const auto& g : a.aggregates)
      wide[static_cast<std::size_t>(g.node)] = g.sibling_pairs_left_out > 0;
    std::vector<bool> is_drawn(f.nodes().size(), false);
    for (std::size_t n :
         heat_map_aggregates(parent, level, wide, static_cast<std::size_t>(f.root())))
      is_drawn[n] = true;
    drawn.push_back(std::move(is_drawn));
  }
  return audit_tree(run, [&](std::size_t t, const index::Correlation& c) {
    const int p = f.nodes()[static_cast<std::size_t>(c.a)].parent;
    return !c.flags.empty() || (p >= 0 && drawn[t][static_cast<std::size_t>(p)]);
  });
}

std::vector<std::string> index_output_names() {
  return {"scores.csv",   "coverage.csv", "datasets/Aggregated.csv",
          "results.json", "audit.json",   "report.html"};
}

void write_index_outputs(OutputFolder& out, const IndexRun& run) {
  // One file at a time, each written out a megabyte at a time as it is made, so no output is
  // held whole: the CSV files row by row, the JSON files as text part by part (as trees they
  // take several times their size: results.json holds a score and a rank of every node of
  // every unit). The page gets the parts of the JSON files that it reads.
  write_in_parts(out, "scores.csv", [&](Sink& sink) { scores_csv_to(run, sink); });
  write_in_parts(out, "coverage.csv", [&](Sink& sink) { coverage_csv_to(run, sink); });
  const auto& tables = run.result.years.front().tables;
  for (std::size_t t = 0; t <= tables.size(); ++t) {
    const std::string name = t < tables.size() ? tables[t].name : "Aggregated";
    write_in_parts(out, "datasets/" + name + ".csv",
                   [&](Sink& sink) { step_csv_to(run, t, sink); });
  }
  write_in_parts(out, "results.json", [&](Sink& sink) { results_to(run, sink); });
  write_in_parts(out, "audit.json", [&](Sink& sink) { audit_to(run, sink); });
  write_in_parts(out, "report.html",
                 [&](Sink& sink) { index_report_html(sink, page_results(run), page_audit(run)); });
  out.commit();
}

void write_index_outputs(const std::filesystem::path& out, const IndexRun& run) {
  OutputFolder folder(out, index_output_names());
  write_index_outputs(folder, run);
}

}  // namespace softpower::report
