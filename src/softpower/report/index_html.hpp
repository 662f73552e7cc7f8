#pragma once
// report.html of an index build: one self-contained page (no external files or scripts)
// that a person wants to read: the ranking table with pillar bars, a chart per level, the
// framework with its weights, and the audit flags.

#include <nlohmann/json.hpp>
#include <string>

namespace softpower::report {

/// Renders results.json and audit.json (as written by index build) into the page.
std::string index_report_html(const nlohmann::json& results, const nlohmann::json& audit);

}  // namespace softpower::report
