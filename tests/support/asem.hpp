#pragma once
// The ASEM example data (../shared/data/coinr-asem), read by the `asem` reader, as the index
// engine takes it.

#include <filesystem>
#include <map>
#include <string>

#include "softpower/index/pipeline.hpp"
#include "softpower/sources/reader.hpp"

namespace softpower::testing {

struct AsemData {
  std::map<std::string, Panel> datasets;
  index::UnitGroups groups;
};

inline AsemData load_asem(const std::filesystem::path& data) {
  sources::ReadResult read = sources::reader("asem").read(data);
  AsemData out;
  out.groups = std::move(read.groups);
  out.datasets["asem"] = std::move(read.panel);
  return out;
}

}  // namespace softpower::testing
