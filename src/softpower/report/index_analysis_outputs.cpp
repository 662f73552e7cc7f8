#include "softpower/report/index_analysis_outputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "softpower/core/csv_writer.hpp"
#include "softpower/core/table.hpp"
#include "softpower/report/html.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report {

namespace {

std::string name_of(const UnitNames& names, const std::string& code) {
  auto it = names.find(code);
  return it == names.end() ? code : it->second;
}

// Rows of an interval plot: a label, the interval [lo, hi], a middle mark and the nominal.
struct IntervalRow {
  std::string label;
  double lo, hi, middle, nominal;
};

// Ranks on the x axis (1 at the left), one row per unit: the shape of a rank interval and a
// rank reach plot alike.
std::string interval_plot(const std::vector<IntervalRow>& rows, double max_rank,
                          const std::string& title, const std::string& description,
                          const std::string& middle_label) {
  const double label_w = 190, plot_w = 560, row_h = 16, top = 34;
  const double height = top + row_h * static_cast<double>(rows.size()) + 16;
  const html::Domain domain{1, std::max(2.0, max_rank)};
  auto x = [&](double rank) { return label_w + plot_w * domain.share(rank); };
  std::string svg =
      html::svg_open(label_w + plot_w + 30, height, title, description, "chart intervals");
  for (double t : html::ticks(domain, 8)) {
    svg += html::svg_line(x(t), top - 6, x(t), height - 12, html::attr("class", "grid"));
    svg += html::svg_text(x(t), top - 10, html::plain(std::round(t * 1e6) / 1e6),
                          html::attr("class", "tick") + html::attr("text-anchor", "middle"));
  }
  svg += html::svg_text(label_w, 12, "rank (1 = best)", html::attr("class", "axis-label"));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const IntervalRow& r = rows[i];
    const double y = top + row_h * static_cast<double>(i) + row_h / 2;
    svg += html::svg_text(label_w - 8, y + 4, r.label,
                          html::attr("text-anchor", "end") + html::attr("class", "label"));
    if (std::isnan(r.lo)) continue;
    const std::string tip = fmt::format("{}: {} {} (interval {}–{}), nominal {}", r.label,
                                        middle_label, html::plain(r.middle), html::plain(r.lo),
                                        html::plain(r.hi), html::plain(r.nominal));
    svg += html::svg_line(x(r.lo), y, x(r.hi), y, html::attr("class", "interval"));
    svg += html::svg_rect(x(r.lo) - 1, y - 5, 2, 10, html::attr("class", "cap"));
    svg += html::svg_rect(x(r.hi) - 1, y - 5, 2, 10, html::attr("class", "cap"));
    if (!std::isnan(r.middle))
      svg += html::svg_circle(x(r.middle), y, 3.5, html::attr("class", "middle"), tip);
    svg += html::svg_rect(x(r.nominal) - 3, y - 3, 6, 6, html::attr("class", "nominal"), tip);
  }
  return svg + html::svg_close();
}

// The three pages share one style sheet, templates/index_analysis.css.mustache.
std::string page(std::string_view name, const std::string& title, const templates::Data& data) {
  return templates::page(name, title, data, "index_analysis.css");
}

}  // namespace

const std::vector<std::string>& rank_intervals_columns() {
  static const std::vector<std::string> columns = {"unit",   "nominal", "mean",
                                                   "median", "q05",     "q95"};
  return columns;
}

const std::vector<std::string>& sobol_columns() {
  static const std::vector<std::string> columns = {"input", "S1",    "S1_lo", "S1_hi",
                                                   "ST",    "ST_lo", "ST_hi"};
  return columns;
}

std::string rank_intervals_csv(const index::UncertaintyResult& result) {
  std::string out;
  CsvWriter w(out, rank_intervals_columns());
  for (const auto& u : result.ranks) w.row(u.unit, u.nominal, u.mean, u.median, u.q05, u.q95);
  return out;
}

std::string runs_csv(const index::UncertaintyResult& result,
                     const index::UncertaintyDesign& design) {
  std::vector<std::string> header = {"run"};
  for (const auto& in : design.inputs()) header.push_back(in.name);
  header.insert(header.end(), {"status", "error", "mean_rank_shift"});
  std::string out;
  CsvWriter w(out, header);
  for (std::size_t i = 0; i < result.replications.size(); ++i) {
    const auto& rep = result.replications[i];
    w.cell(i + 1);
    for (const std::string& value :
         design.describe(result.sample.row(static_cast<Eigen::Index>(i))))
      w.cell(value);
    w.cell(rep.ok ? "ok" : "failed");
    if (rep.ok) {
      w.cell("");
      w.cell(rep.mean_rank_shift);
    } else {
      w.cell(rep.error);
      w.cell("");
    }
    w.end_row();
  }
  return out;
}

std::string sobol_csv(const index::SensitivityResult& result) {
  std::string out;
  CsvWriter w(out, sobol_columns());
  for (std::size_t i = 0; i < result.inputs.size(); ++i) {
    const SobolIndices& s = result.indices[i];
    w.row(result.inputs[i], s.s1, s.s1_lo, s.s1_hi, s.st, s.st_lo, s.st_hi);
  }
  return out;
}

std::string reach_csv(const index::ReachResult& result, const index::Framework& framework) {
  std::vector<std::string> header = {"unit", "nominal", "best", "worst"};
  for (const char* which : {"best", "worst"}) {
    for (int node : result.nodes) {
      header.push_back(std::string(which) + "_w_" +
                       framework.nodes()[static_cast<std::size_t>(node)].code);
    }
  }
  std::string out;
  CsvWriter w(out, header);
  for (const auto& u : result.units) {
    w.cell(u.unit);
    w.cell(u.nominal);
    w.cell(u.best);
    w.cell(u.worst);
    for (const auto* weights : {&u.best_weights, &u.worst_weights}) {
      for (std::size_t p = 0; p < result.nodes.size(); ++p) {
        if (p < weights->size()) {
          w.cell((*weights)[p]);
        } else {
          w.cell("");
        }
      }
    }
    w.end_row();
  }
  return out;
}

std::string uncertainty_html(const std::string& index_name, const index::UncertaintyResult& result,
                             const index::UncertaintyDesign& design, const UnitNames& names) {
  std::vector<std::size_t> order(result.ranks.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return result.ranks[a].nominal < result.ranks[b].nominal;
  });
  std::vector<IntervalRow> rows;
  for (std::size_t i : order) {
    const auto& u = result.ranks[i];
    rows.push_back({name_of(names, u.unit), u.q05, u.q95, u.median, u.nominal});
  }
  templates::List inputs;
  for (const auto& in : design.inputs()) inputs.emplace_back(templates::Object{{"name", in.name}});
  const std::size_t ok = result.replications.size() - result.failed;
  templates::Data data(templates::Object{
      {"index", index_name},
      {"runs", std::to_string(result.replications.size())},
      {"year", std::to_string(result.year)},
      {"ok", std::to_string(ok)},
      {"failed", std::to_string(result.failed)},
      {"inputs", templates::list(inputs)},
      {"chart", interval_plot(rows, static_cast<double>(rows.size()), "Rank intervals",
                              "Each unit's 5th-95th percentile rank over the replications",
                              "median rank")}});
  return page("uncertainty", "Rank uncertainty: " + index_name, data);
}

std::string sensitivity_html(const std::string& index_name,
                             const index::SensitivityResult& result) {
  const double label_w = 200, plot_w = 480, row_h = 34, top = 30;
  const double height = top + row_h * static_cast<double>(result.inputs.size()) + 10;
  const html::Domain domain{0, 1};
  auto x = [&](double v) { return label_w + plot_w * domain.share(v); };
  std::string svg = html::svg_open(
      label_w + plot_w + 40, height, "Sobol' indices",
      "First-order and total-order Sobol' indices of each uncertain input", "chart sobol");
  for (double t : html::ticks(domain, 5)) {
    svg += html::svg_line(x(t), top - 6, x(t), height - 6, html::attr("class", "grid"));
    svg += html::svg_text(x(t), top - 10, html::plain(std::round(t * 1e6) / 1e6),
                          html::attr("class", "tick") + html::attr("text-anchor", "middle"));
  }
  for (std::size_t i = 0; i < result.inputs.size(); ++i) {
    const SobolIndices& s = result.indices[i];
    const double y = top + row_h * static_cast<double>(i);
    svg += html::svg_text(label_w - 8, y + 17, result.inputs[i],
                          html::attr("text-anchor", "end") + html::attr("class", "label"));
    const std::string tip =
        fmt::format("{}: S1 {} [{}, {}], ST {} [{}, {}]", result.inputs[i], html::number(s.s1, 3),
                    html::number(s.s1_lo, 3), html::number(s.s1_hi, 3), html::number(s.st, 3),
                    html::number(s.st_lo, 3), html::number(s.st_hi, 3));
    svg += html::svg_rect(x(0), y + 3, x(std::max(0.0, s.s1)) - x(0), 12, html::attr("class", "s1"),
                          tip);
    svg += html::svg_rect(x(0), y + 17, x(std::max(0.0, s.st)) - x(0), 12,
                          html::attr("class", "st"), tip);
    svg += html::svg_line(x(s.s1_lo), y + 9, x(s.s1_hi), y + 9, html::attr("class", "ci"));
    svg += html::svg_line(x(s.st_lo), y + 23, x(s.st_hi), y + 23, html::attr("class", "ci"));
  }
  svg += html::svg_close();
  templates::Data data(templates::Object{{"index", index_name},
                                         {"year", std::to_string(result.year)},
                                         {"base_runs", std::to_string(result.base_runs)},
                                         {"model_runs", std::to_string(result.model_runs)},
                                         {"dropped", std::to_string(result.dropped)},
                                         {"mean", html::number(result.output_mean, 2)},
                                         {"variance", html::number(result.output_variance, 2)},
                                         {"chart", svg}});
  return page("sensitivity", "Sensitivity: " + index_name, data);
}

std::string reach_html(const std::string& index_name, const index::ReachResult& result,
                       const index::Framework& framework, const UnitNames& names) {
  std::vector<std::size_t> order(result.units.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return result.units[a].nominal < result.units[b].nominal;
  });
  std::vector<IntervalRow> rows;
  for (std::size_t i : order) {
    const auto& u = result.units[i];
    rows.push_back({name_of(names, u.unit), u.best, u.worst, index::kNone, u.nominal});
  }
  templates::List weights;
  for (std::size_t p = 0; p < result.nodes.size(); ++p) {
    const double w = result.nominal_weights[p];
    weights.emplace_back(templates::Object{
        {"name", framework.nodes()[static_cast<std::size_t>(result.nodes[p])].name},
        {"nominal", html::percent(w, 1)},
        {"from", html::percent(w * (1 - result.range), 1)},
        {"to", html::percent(w * (1 + result.range), 1)}});
  }
  templates::Data data(templates::Object{
      {"index", index_name},
      {"year", std::to_string(result.year)},
      {"range", html::percent(result.range, 0)},
      {"weights", templates::list(weights)},
      {"chart", interval_plot(rows, static_cast<double>(rows.size()), "Rank reach",
                              "Best and worst attainable rank per unit", "nominal")}});
  return page("reach", "Rank reach: " + index_name, data);
}

void write_files(OutputFolder& out, const std::map<std::string, std::string>& files) {
  for (const auto& [name, content] : files) out.write(name, content);
  out.commit();
}

}  // namespace softpower::report
