#include "softpower/report/diffusion_csv.hpp"

#include "softpower/core/csv_writer.hpp"

namespace softpower::report {

namespace {

using diffusion::Ensemble;
using diffusion::Interval;
using diffusion::RunSeries;

// `first`, the measures, then `last`.
std::vector<std::string> header(std::vector<std::string> first, const Ensemble& e,
                                const std::vector<std::string>& last = {}) {
  first.insert(first.end(), e.measures.begin(), e.measures.end());
  first.insert(first.end(), last.begin(), last.end());
  return first;
}

void interval_cells(CsvWriter& w, const Interval& i) {
  w.cell(i.mean);
  w.cell(i.sd);
  w.cell(i.lo);
  w.cell(i.hi);
  w.cell(i.n);
}

}  // namespace

std::string diffusion_summary_csv(const Ensemble& e) {
  std::string out;
  CsvWriter w(out, header({"run", "events"}, e, {"absorbed", "seed"}));
  for (std::size_t r = 0; r < e.runs.size(); ++r) {
    const RunSeries& run = e.runs[r];
    w.cell(r);
    w.cell(run.events);
    for (const double v : run.final()) w.cell(v);
    w.cell(run.absorbed ? 1 : 0);
    w.cell(run.seed);
    w.end_row();
  }
  return out;
}

std::string diffusion_series_csv(const Ensemble& e) {
  std::string out;
  CsvWriter w(out, header({"run", "events"}, e));
  for (std::size_t r = 0; r < e.runs.size(); ++r) {
    const RunSeries& run = e.runs[r];
    for (std::size_t p = 0; p < run.times.size(); ++p) {
      w.cell(r);
      w.cell(run.times[p]);
      for (const double v : run.values[p]) w.cell(v);
      w.end_row();
    }
  }
  return out;
}

const std::vector<std::string>& diffusion_ensemble_columns() {
  static const std::vector<std::string> columns = {"events", "measure", "mean", "sd",
                                                   "lo",     "hi",      "n"};
  return columns;
}

const std::vector<std::string>& diffusion_final_columns() {
  static const std::vector<std::string> columns = {"measure", "mean", "sd", "lo", "hi", "n"};
  return columns;
}

const std::vector<std::string>& diffusion_comparison_columns() {
  static const std::vector<std::string> columns = {
      "scenario",          "country",           "exporter",       "attraction_start",
      "attraction",        "attraction_lo",     "attraction_hi",  "homogenisation",
      "homogenisation_lo", "homogenisation_hi", "diversity_drop", "diversity_drop_lo",
      "diversity_drop_hi", "asymmetry",         "asymmetry_lo",   "asymmetry_hi"};
  return columns;
}

std::string diffusion_ensemble_csv(const Ensemble& e,
                                   const std::vector<std::vector<Interval>>& over) {
  std::string out;
  CsvWriter w(out, diffusion_ensemble_columns());
  const std::vector<std::uint64_t> grid = e.grid();
  for (std::size_t p = 0; p < grid.size(); ++p) {
    for (std::size_t m = 0; m < e.measures.size(); ++m) {
      w.cell(grid[p]);
      w.cell(e.measures[m]);
      interval_cells(w, over[p][m]);
      w.end_row();
    }
  }
  return out;
}

std::string diffusion_final_csv(const Ensemble& e, const std::vector<Interval>& end) {
  std::vector<double> events;
  for (const RunSeries& r : e.runs) events.push_back(static_cast<double>(r.events));
  std::string out;
  CsvWriter w(out, diffusion_final_columns());
  w.cell("events");
  interval_cells(w, diffusion::interval95(events));
  w.end_row();
  for (std::size_t m = 0; m < e.measures.size(); ++m) {
    w.cell(e.measures[m]);
    interval_cells(w, end[m]);
    w.end_row();
  }
  return out;
}

std::string diffusion_comparison_csv(const std::vector<ComparisonRow>& rows) {
  std::string out;
  CsvWriter w(out, diffusion_comparison_columns());
  for (const ComparisonRow& r : rows) {
    w.cell(r.scenario);
    w.cell(r.country);
    w.cell(r.exporter);
    w.cell(r.attraction_start.mean);
    for (const Interval* i : {&r.attraction, &r.homogenisation, &r.diversity_drop, &r.asymmetry}) {
      w.cell(i->mean);
      w.cell(i->lo);
      w.cell(i->hi);
    }
    w.end_row();
  }
  return out;
}

}  // namespace softpower::report
