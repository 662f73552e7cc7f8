#pragma once
// The dashboard's read-only operations: each answers JSON at once, writes nothing, is served
// by GET with its parameters in the query string (`Operation::get`) at the path the dashboard
// uses, and runs on the command line with --json as well. What they load (UN votes, GDELT
// aggregates) is kept in the server's cache (`Context::cache`) between requests.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "softpower/core/operation.hpp"
#include "softpower/core/votes.hpp"
#include "softpower/perception/aggregate.hpp"

namespace softpower {

/// `countries list`, `alignment series`, `alignment ideal-point-series`,
/// `alignment ideal-point-estimate` (a job on a server), `perception series`,
/// `simulation scenarios`.
void register_dashboard_operations(OperationRegistry& registry);

/// A dashboard operation: it writes nothing and is served by GET, at `http_path` when the path
/// its name gives is not the one the dashboard uses.
Operation dashboard_operation(std::string name, std::string summary, std::string help,
                              std::vector<Param> params,
                              std::function<nlohmann::json(const Args&, Context&)> run,
                              std::string http_path = {});

/// The GDELT events of the data directory `data` (gdelt/events) summed by `by`, read once per
/// cache: the media panel's series and the media network.
std::shared_ptr<const perception::Aggregate> cached_gdelt(Context& ctx,
                                                          const std::filesystem::path& data,
                                                          perception::PeriodUnit by);

/// The UN votes of the data directory `data` (unvotes format), read once per cache.
std::shared_ptr<const RollCallVotes> cached_votes(Context& ctx, const std::filesystem::path& data);

/// The cache key under which a server puts the units of its dashboard index (a
/// std::vector<std::string> of registry codes) for `countries list`.
inline constexpr const char* kDashboardUnitsKey = "dashboard units";

}  // namespace softpower
