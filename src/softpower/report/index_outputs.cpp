#include "softpower/report/index_outputs.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <ctime>

#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"
#include "softpower/index/results.hpp"
#include "softpower/report/index_html.hpp"

namespace softpower::report {

namespace {

using index::Framework;
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

}  // namespace

std::string scores_csv(const IndexRun& run) {
  const Framework& f = run.pipeline.framework();
  std::vector<std::string> header = {"unit", "code", "level", "score", "rank"};
  if (several_years(run)) header.insert(header.begin(), "year");
  std::vector<std::vector<std::string>> rows;
  for (const YearResult& yr : run.result.years) {
    for (std::size_t r = 0; r < yr.rows.size(); ++r) {
      for (std::size_t n = f.indicator_count(); n < f.nodes().size(); ++n) {
        const auto row = static_cast<Eigen::Index>(r), col = static_cast<Eigen::Index>(n);
        std::vector<std::string> line = {
            unit_code(run, yr.rows[r]), f.nodes()[n].code, std::to_string(f.nodes()[n].level),
            format_number(yr.scores(row, col)), format_number(yr.ranks(row, col))};
        if (several_years(run)) line.insert(line.begin(), std::to_string(yr.year));
        rows.push_back(std::move(line));
      }
    }
  }
  return format_csv(header, rows);
}

std::string step_csv(const IndexRun& run, std::size_t table) {
  const Framework& f = run.pipeline.framework();
  // The table after aggregation is the scores matrix itself: every node's column.
  auto table_of = [&](const YearResult& yr) {
    if (table < yr.tables.size()) return yr.tables[table];
    index::StepTable t{"Aggregated", yr.rows, {}, yr.scores};
    for (std::size_t n = 0; n < f.nodes().size(); ++n) t.columns.push_back(static_cast<int>(n));
    return t;
  };
  const index::StepTable first = table_of(run.result.years.front());
  std::vector<std::string> header = {"uCode"};
  if (several_years(run)) header.emplace_back("Year");
  for (int c : first.columns) header.push_back(f.nodes()[static_cast<std::size_t>(c)].code);
  std::vector<std::vector<std::string>> rows;
  for (const YearResult& yr : run.result.years) {
    const index::StepTable t = table_of(yr);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      std::vector<std::string> line = {unit_code(run, t.rows[r])};
      if (several_years(run)) line.push_back(std::to_string(yr.year));
      for (Eigen::Index c = 0; c < t.values.cols(); ++c)
        line.push_back(format_number(t.values(static_cast<Eigen::Index>(r), c)));
      rows.push_back(std::move(line));
    }
  }
  return format_csv(header, rows);
}

nlohmann::json results_json(const IndexRun& run) {
  const index::Spec& spec = run.pipeline.spec();
  const Framework& f = run.pipeline.framework();
  nlohmann::json out;
  out["index"] = {{"name", spec.name},          {"description", spec.description},
                  {"spec", spec.file},          {"years", spec.years},
                  {"levels", spec.level_names}, {"groups", spec.groups},
                  {"generated", utc_now()},     {"softpower_version", SOFTPOWER_VERSION}};
  out["method"] = method_json(spec);
  out["datasets"] = run.datasets;
  const std::vector<double> effective = f.effective_weights(run.result.years.front().weights);
  nlohmann::json framework = nlohmann::json::array();
  for (std::size_t n = 0; n < f.nodes().size(); ++n) {
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
    framework.push_back(std::move(j));
  }
  out["framework"] = std::move(framework);

  nlohmann::json years = nlohmann::json::array();
  for (const YearResult& yr : run.result.years) {
    std::map<std::string, Eigen::MatrixXd> by_group;
    for (const auto& attribute : spec.groups) {
      auto it = run.input.groups.find(attribute);
      if (it == run.input.groups.end()) continue;
      std::vector<std::string> group_of_row;
      for (int r : yr.rows) group_of_row.push_back(it->second[static_cast<std::size_t>(r)]);
      by_group[attribute] = index::group_ranks(yr, group_of_row);
    }
    const auto sw = index::strengths_weaknesses(f, yr, spec.strengths);
    const Eigen::MatrixXd all_ranks = index::ranks_with_indicators(f, yr);
    nlohmann::json units = nlohmann::json::array();
    for (std::size_t r = 0; r < yr.rows.size(); ++r) {
      const std::string& code = unit_code(run, yr.rows[r]);
      nlohmann::json scores, ranks;
      for (std::size_t n = 0; n < f.nodes().size(); ++n) {
        scores[f.nodes()[n].code] =
            number_or_null(yr.scores(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(n)));
        ranks[f.nodes()[n].code] =
            number_or_null(all_ranks(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(n)));
      }
      nlohmann::json groups = nlohmann::json::object();
      for (const auto& [attribute, ranks_in_group] : by_group) {
        groups[attribute] = {
            {"group", run.input.groups.at(attribute)[static_cast<std::size_t>(yr.rows[r])]},
            {"rank", number_or_null(ranks_in_group(static_cast<Eigen::Index>(r), f.root()))}};
      }
      auto codes = [&](const std::vector<int>& nodes) {
        nlohmann::json list = nlohmann::json::array();
        for (int n : nodes) list.push_back(f.nodes()[static_cast<std::size_t>(n)].code);
        return list;
      };
      units.push_back({{"code", code},
                       {"name", unit_name(run, code)},
                       {"scores", std::move(scores)},
                       {"ranks", std::move(ranks)},
                       {"group_ranks", std::move(groups)},
                       {"strengths", codes(sw[r].strengths)},
                       {"weaknesses", codes(sw[r].weaknesses)}});
    }
    nlohmann::json screened_out = nlohmann::json::array();
    for (std::size_t k = 0; k < yr.screened_rows.size(); ++k) {
      if (!yr.screening.included[k]) screened_out.push_back(unit_code(run, yr.screened_rows[k]));
    }
    nlohmann::json weights;
    for (std::size_t n = 0; n < f.nodes().size(); ++n) weights[f.nodes()[n].code] = yr.weights[n];
    years.push_back({{"year", yr.year},
                     {"units", std::move(units)},
                     {"screened_out", std::move(screened_out)},
                     {"imputed_values", yr.imputed},
                     {"weights", std::move(weights)}});
  }
  out["years"] = std::move(years);
  return out;
}

nlohmann::json audit_json(const IndexRun& run) {
  const Framework& f = run.pipeline.framework();
  auto code = [&](int n) { return f.nodes()[static_cast<std::size_t>(n)].code; };
  nlohmann::json years = nlohmann::json::array();
  for (std::size_t t = 0; t < run.audits.size(); ++t) {
    const index::Audit& a = run.audits[t];
    nlohmann::json indicators = nlohmann::json::array();
    for (const auto& s : a.indicators) {
      indicators.push_back({{"code", code(s.node)},
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
                            {"treated_kurtosis", number_or_null(s.treated_kurtosis)}});
    }
    nlohmann::json correlations = nlohmann::json::array();
    for (const auto& c : a.correlations) {
      correlations.push_back({{"a", code(c.a)},
                              {"b", code(c.b)},
                              {"relation", c.relation},
                              {"pearson", number_or_null(c.pearson)},
                              {"spearman", number_or_null(c.spearman)},
                              {"flags", c.flags}});
    }
    nlohmann::json aggregates = nlohmann::json::array();
    for (const auto& g : a.aggregates) {
      aggregates.push_back({{"code", code(g.node)},
                            {"complete_units", g.complete_units},
                            {"cronbach_alpha", number_or_null(g.cronbach_alpha)},
                            {"pca_first_share", number_or_null(g.pca_first_share)}});
    }
    years.push_back({{"year", run.result.years[t].year},
                     {"indicators", std::move(indicators)},
                     {"correlations", std::move(correlations)},
                     {"aggregates", std::move(aggregates)}});
  }
  return {{"index", run.pipeline.spec().name},
          {"thresholds", {{"weak", 0.3}, {"collinear", 0.9}, {"skew", 2.0}, {"kurtosis", 3.5}}},
          {"years", std::move(years)}};
}

std::vector<std::string> index_output_names() {
  return {"scores.csv", "datasets/Aggregated.csv", "results.json", "audit.json", "report.html"};
}

void write_index_outputs(OutputFolder& out, const IndexRun& run) {
  const nlohmann::json results = results_json(run);
  const nlohmann::json audit = audit_json(run);
  out.write("scores.csv", scores_csv(run));
  const auto& tables = run.result.years.front().tables;
  for (std::size_t t = 0; t < tables.size(); ++t) {
    out.write("datasets/" + tables[t].name + ".csv", step_csv(run, t));
  }
  out.write("datasets/Aggregated.csv", step_csv(run, tables.size()));
  out.write("results.json", results.dump(1));
  out.write("audit.json", audit.dump(1));
  out.write("report.html", index_report_html(results, audit));
  out.commit();
}

void write_index_outputs(const std::filesystem::path& out, const IndexRun& run) {
  OutputFolder folder(out, index_output_names());
  write_index_outputs(folder, run);
}

}  // namespace softpower::report
