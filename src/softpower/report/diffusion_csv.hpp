#pragma once
// The CSV files of `softpower simulate`, each built with core's CsvWriter: numbers in the
// shortest form that reads back as the same double (NaN, a measure no run defines, as the empty
// field), integers exactly, and names (measures named after a scenario's country codes,
// scenario names) quoted by RFC 4180 when they need it.

#include <string>
#include <vector>

#include "softpower/diffusion/ensemble.hpp"
#include "softpower/report/diffusion_html.hpp"

namespace softpower::report {

/// summary.csv: `run,events,<measures>,absorbed,seed`, one row per run with its final values.
std::string diffusion_summary_csv(const diffusion::Ensemble& e);

/// series.csv: `run,events,<measures>`, one row per run and checkpoint.
std::string diffusion_series_csv(const diffusion::Ensemble& e);

// The columns of the files whose header is fixed, spelled once: the writer's header and the
// file's declaration in ops/ (OutputFile::columns) come from these.

/// The columns of ensemble.csv: events, measure, then mean, sd, lo, hi and n of the runs.
const std::vector<std::string>& diffusion_ensemble_columns();
/// The columns of final.csv: measure, then mean, sd, lo, hi and n of the runs.
const std::vector<std::string>& diffusion_final_columns();
/// The columns of comparison.csv: scenario, country, exporter, attraction_start, then mean, lo
/// and hi of attraction, homogenisation, diversity_drop and asymmetry.
const std::vector<std::string>& diffusion_comparison_columns();

/// ensemble.csv: one row per grid point (e.grid()) and measure, from `over` (over_time(e)).
std::string diffusion_ensemble_csv(const diffusion::Ensemble& e,
                                   const std::vector<std::vector<diffusion::Interval>>& over);

/// final.csv: the runs' events, then each measure at the end
/// (`end`, at_end(e)).
std::string diffusion_final_csv(const diffusion::Ensemble& e,
                                const std::vector<diffusion::Interval>& end);

/// comparison.csv: one row per scenario, country and exporter.
std::string diffusion_comparison_csv(const std::vector<ComparisonRow>& rows);

}  // namespace softpower::report
