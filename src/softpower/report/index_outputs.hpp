#pragma once
// Everything `softpower index build` writes: scores.csv, coverage.csv, datasets/<Step>.csv,
// results.json, audit.json and report.html, built from an index run held in memory.

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "softpower/core/output_folder.hpp"
#include "softpower/index/audit.hpp"
#include "softpower/index/pipeline.hpp"

namespace softpower::report {

struct IndexRun {
  const index::Pipeline& pipeline;
  const index::IndexInput& input;
  const index::IndexResult& result;
  std::vector<index::Audit> audits;                   ///< one per index year
  std::map<std::string, std::string> unit_names;      ///< display names by unit code
  nlohmann::json datasets = nlohmann::json::array();  ///< provenance of the data read
};

/// The columns of scores.csv, spelled once (the writer's header and the declaration in ops/):
/// unit, code, level, score, rank; `year` comes first when the index spans several years.
const std::vector<std::string>& scores_columns();
/// scores.csv: every aggregate (level >= 2) of every unit.
std::string scores_csv(const IndexRun& run);
/// The columns of coverage.csv, spelled once: unit, year, code, level, status (indicators:
/// observed | imputed | missing; aggregates: scored | imputed | missing), imputed_by (the impute
/// method, or an aggregate's below rule), from_year and to_year (the data years of an indicator's
/// value), coverage (an aggregate's share of children with a value), observed_share (of the
/// indicators beneath), min_coverage (the aggregate's minimum). See docs/outputs.md.
const std::vector<std::string>& coverage_columns();
/// coverage.csv: every node of every unit of every year (empty but for its header when the run
/// recorded no origins).
std::string coverage_csv(const IndexRun& run);
/// The unit × column table after one step (`uCode` first, `Year` second for several years);
/// `table` = number of step tables gives the Aggregated table (every node).
std::string step_csv(const IndexRun& run, std::size_t table);
nlohmann::json results_json(const IndexRun& run);
/// results.json as written: the text of results_json(run).dump(1) but for each unit's
/// `scores` and `ranks`, each on one line, made part by part so that no tree of every score of
/// every unit is held (it takes several times the file's size).
std::string results_text(const IndexRun& run);
/// What report.html reads of results.json: results_json(run) with each unit's scores and
/// ranks of only the aggregates the page draws and the indicators any unit lists as a
/// strength or weakness (index_report_html makes the same page from either).
nlohmann::json page_results(const IndexRun& run);
nlohmann::json audit_json(const IndexRun& run);
/// audit.json as written: the text of audit_json(run).dump(1), made part by part.
std::string audit_text(const IndexRun& run);
/// What report.html reads of audit.json: audit_json(run) with the correlations that are
/// neither flagged nor drawn in the page's grids replaced by null (the list keeps its length).
nlohmann::json page_audit(const IndexRun& run);

/// The files every build writes (datasets/ also gets one file per step of the spec).
std::vector<std::string> index_output_names();
/// Writes every output into the output folder and puts it in place (core/output_folder.hpp:
/// whole or not at all, nothing softpower did not write replaced).
void write_index_outputs(OutputFolder& out, const IndexRun& run);
/// The same into the folder `out`.
void write_index_outputs(const std::filesystem::path& out, const IndexRun& run);

}  // namespace softpower::report
