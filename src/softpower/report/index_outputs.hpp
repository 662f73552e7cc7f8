#pragma once
// Everything `softpower index build` writes: scores.csv, datasets/<Step>.csv, results.json,
// audit.json and report.html, built from an index run held in memory.

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

/// `unit,code,level,score,rank` (with `year` first when the index spans several years) for
/// every aggregate (level >= 2) of every unit.
std::string scores_csv(const IndexRun& run);
/// The unit × column table after one step (`uCode` first, `Year` second for several years);
/// `table` = number of step tables gives the Aggregated table (every node).
std::string step_csv(const IndexRun& run, std::size_t table);
nlohmann::json results_json(const IndexRun& run);
nlohmann::json audit_json(const IndexRun& run);

/// The files every build writes (datasets/ also gets one file per step of the spec).
std::vector<std::string> index_output_names();
/// Writes every output into the output folder and puts it in place (core/output_folder.hpp:
/// whole or not at all, nothing softpower did not write replaced).
void write_index_outputs(OutputFolder& out, const IndexRun& run);
/// The same into the folder `out`.
void write_index_outputs(const std::filesystem::path& out, const IndexRun& run);

}  // namespace softpower::report
