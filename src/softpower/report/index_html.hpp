#pragma once
// report.html of an index build: one self-contained page (no external files or scripts)
// that a person wants to read: the ranking table with pillar bars, a chart per level, the
// framework with its weights, and the audit flags.

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "softpower/report/sink.hpp"

namespace softpower::report {

/// Renders results.json and audit.json (as written by index build) into the page.
std::string index_report_html(const nlohmann::json& results, const nlohmann::json& audit);
/// The same page written into `out` part by part (a section, a table's rows), so that a file
/// sink never holds it whole.
void index_report_html(Sink& out, const nlohmann::json& results, const nlohmann::json& audit);

/// The page draws each aggregate (unit profiles, a chart per level, the ranking's columns,
/// the heat strip) on whole levels from the index down while they hold at most this many
/// aggregates together; the others are in results.json (the page says so).
inline constexpr std::size_t kMaxShownAggregates = 100;
/// The lowest level the page draws, given the number of aggregates on each level (>= 2; the
/// highest is the index's, always drawn).
int lowest_level_drawn(const std::map<int, std::size_t>& aggregates_per_level);

/// The page draws a grid of the correlations of the components of at most this many
/// aggregates (audit.json has them all).
inline constexpr std::size_t kMaxHeatMaps = 100;
/// The aggregates whose grids the page draws: depth first from the index (children in node
/// order), those of level >= 2 with at least two components and not `wide` (their pairs of
/// components were left out by the audit), up to kMaxHeatMaps. `parent` of each node is its
/// parent's index (-1 for none), `root` is the index's node.
std::vector<std::size_t> heat_map_aggregates(const std::vector<long>& parent,
                                             const std::vector<int>& level,
                                             const std::vector<bool>& wide, std::size_t root);

}  // namespace softpower::report
