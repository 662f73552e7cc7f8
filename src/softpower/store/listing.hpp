#pragma once
// What `softpower datasets`, `softpower runs` and `softpower import` show: each record as
// JSON for the HTTP API and `--json`, and as an aligned table for the terminal.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "softpower/store/importer.hpp"
#include "softpower/store/workspace.hpp"

namespace softpower::store {

/// Columns padded to their widest cell (counted in characters, not bytes); a column whose
/// `right_aligned` entry is true is aligned right, for numbers.
std::string text_table(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& right_aligned = {});

/// "0.42 s", "12 s", "3 min 05 s", "2 h 01 min".
std::string format_duration(double seconds);

nlohmann::json unmapped_json(const std::vector<sources::UnmappedRow>& rows);
/// "file:line: 'value' (reason)" for the first `limit` rows, then how many more there are.
std::string unmapped_text(const std::vector<sources::UnmappedRow>& rows, std::size_t limit);

nlohmann::json dataset_json(const DatasetRecord& dataset);
std::string datasets_text(const std::vector<DatasetRecord>& datasets);
/// One dataset in full: provenance, every file with its SHA-256, the unmapped report.
std::string dataset_text(const DatasetRecord& dataset);

nlohmann::json imported_json(const ImportedDataset& imported);
std::string imported_text(const std::vector<ImportedDataset>& imported);

nlohmann::json run_json(const RunRecord& run);
std::string runs_text(const std::vector<RunRecord>& runs);
/// One run in full: parameters, summary and the names of its results.
std::string run_text(const RunRecord& run, const std::vector<ResultRecord>& results);

}  // namespace softpower::store
