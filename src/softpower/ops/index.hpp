#pragma once
// The index capability's operations ("index build", "index check"), declared once for the
// command line and the HTTP API. Like mlpack's *_main.cpp bindings, this is the one file of
// the capability that reads data (through sources/) and writes outputs (through report/).

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "softpower/core/operation.hpp"
#include "softpower/core/panel.hpp"
#include "softpower/index/pipeline.hpp"
#include "softpower/index/spec.hpp"

namespace softpower::index {

/// Every dataset a spec names, read from the data directory (reader ids, and `network-SOURCE`
/// for a network's measures), with each one's provenance and the count of unmapped rows.
struct LoadedData {
  std::map<std::string, Panel> datasets;
  UnitGroups groups;
  nlohmann::json provenance = nlohmann::json::array();
};

/// Reads the datasets of `spec` (the index operations and the dashboard's index share it).
LoadedData load_data(const Spec& spec, const std::filesystem::path& data_dir, Context& ctx);

void register_operations(OperationRegistry& registry);

}  // namespace softpower::index
