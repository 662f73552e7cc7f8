#pragma once
// The dashboard's index, built once from a spec and kept in the server's cache, and the
// operations on it: `index scores` (scores, ranks, pillar scores and, once computed, rank
// intervals), `index ranking` (reweighted on every slider move; its answer written straight
// into text) and `index intervals` (the Monte Carlo a server runs as a job). On the command
// line each works on the index of SPEC: `softpower --json index scores SPEC`.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "softpower/core/operation.hpp"
#include "softpower/index/pipeline.hpp"
#include "softpower/index/reweight.hpp"
#include "softpower/index/spec.hpp"
#include "softpower/index/uncertainty.hpp"

namespace softpower {

// The dashboard's index: built once, reweighted on every slider move.
struct DashboardIndex {
  index::Spec spec;
  std::unique_ptr<index::Pipeline> pipeline;
  index::IndexInput input;
  index::IndexResult result;
  std::map<int, std::unique_ptr<index::Reweighter>> reweighters;  // by year
  std::vector<int> pillars;                                       // the root's children
  std::vector<std::string> pillar_codes;
  std::vector<std::string> names;        // per unit of input
  std::vector<std::string> unit_prefix;  // per unit of input: {"iso3":"USA","name":"..."
  std::vector<std::string> pillar_keys;  // "culture":
  nlohmann::json framework;
  nlohmann::json provenance;        // per dataset read: id, title, origin, licence, files, ...
  std::filesystem::path spec_path;  // the spec file it was built from
  // The reweighting answer's text that stays as built: per year and row,
  // ,"nominal_rank":R,"pillars":{...}} with the built pillar scores.
  struct YearText {
    std::vector<std::string> rank_and_pillars;
    std::size_t typical_size = 0;  // of a whole answer, to reserve once
  };
  std::map<int, YearText> text;

  /// The year `y` of the result; throws Error naming --year when the index has none.
  const index::YearResult& year(int y) const;
};

/// The index of `spec_path` on the data of `data_dir`, with a Reweighter per year and the
/// answer text that stays as built. Throws Error when it cannot be built.
std::shared_ptr<const DashboardIndex> build_dashboard_index(const std::filesystem::path& spec_path,
                                                            const std::filesystem::path& data_dir);
/// The same from a spec's text (a spec saved in a workspace); `spec_path` is the file it was
/// saved from, named in answers and messages.
std::shared_ptr<const DashboardIndex> build_dashboard_index(const std::string& spec_text,
                                                            const std::filesystem::path& spec_path,
                                                            const std::filesystem::path& data_dir);

/// Rank intervals of the dashboard index, computed by the server's job and kept in its cache.
struct RankIntervals {
  int year = 0;
  std::size_t runs = 0;
  std::uint64_t seed = 0;
  std::map<std::string, index::UnitRanks> by_unit;
};

/// Cache keys of a server's dashboard index and of its rank intervals.
inline constexpr const char* kDashboardIndexKey = "dashboard index";
inline constexpr const char* kRankIntervalsKey = "dashboard rank intervals";
/// Cache key of why a server's dashboard index could not be built (a std::string).
inline constexpr const char* kDashboardIndexErrorKey = "dashboard index error";
/// Cache key of the server's workspace (a std::filesystem::path), whose saved specs the
/// dashboard may show (`index list`, --saved); none when the server has no workspace.
inline constexpr const char* kServerWorkspaceKey = "server workspace";

/// The workspace whose saved specs the dashboard shows: the server's (kServerWorkspaceKey), or on
/// the command line that of $SOFTPOWER_WORKSPACE; nothing without one.
std::optional<std::filesystem::path> dashboard_workspace(Context& ctx);

/// The cache key of the index `args` names with --spec or --saved (and --data); "" for the
/// server's own.
std::string dashboard_key(const Args& args);
/// The cache key of the rank intervals of that index.
std::string rank_intervals_key(const Args& args);
/// The index of --spec, or of the spec saved in the workspace as --saved (built once and kept in
/// the cache), else the server's own; throws Unavailable when the server's could not be built,
/// Error when there is none.
std::shared_ptr<const DashboardIndex> dashboard_of(const Args& args, Context& ctx);
/// The rows of a year's result by their rank at `root` (the framework's root), best first
/// (unranked last, ties in row order).
std::vector<std::size_t> best_first(const index::YearResult& yr, int root);
/// --year, else the index's last year; throws Error naming --year when the index has none.
int dashboard_year(const Args& args, const DashboardIndex& d);

/// The --spec (input file, optional: a server's own index), --saved (a spec saved in the
/// workspace, by name) and --year parameters the index's dashboard operations share.
Param dashboard_spec_param();
Param dashboard_saved_param();
Param dashboard_year_param();

/// Appends a JSON number in its shortest round-trip form, or null for NaN and infinities.
void append_json_number(std::string& out, double v);
/// The number as JSON, or null for NaN and infinities.
nlohmann::json json_number_or_null(double v);

/// The Monte Carlo options of the dashboard's analyses of an index (`index intervals`, `index
/// sobol`): --runs, --seed and --year (default the last) of `args`, on one core (a server leaves
/// the others to the requests).
index::MonteCarloOptions dashboard_monte_carlo(const Args& args, const DashboardIndex& d);

/// `index scores` (GET /api/index/scores), `index ranking` (the weight sliders' hot path, POST
/// /api/index/reweight) and `index intervals` (a job on a server, POST /api/index/intervals).
/// Registers the analyst's reads as well (dashboard_analyst.cpp).
void register_dashboard_index_operations(OperationRegistry& registry);

/// `index list` (the indices a dashboard may show), `index country` (a unit's every indicator
/// with its raw value, source and flags), `index series` (every year of chosen units) and `index
/// method` (framework, effective weights, steps, sources): GET /api/index/list,
/// /api/index/country, /api/index/series, /api/index/method.
void register_dashboard_analyst_operations(OperationRegistry& registry);

}  // namespace softpower
