#pragma once
// The ASEM example data (../shared/data/coinr-asem/ASEM_iData.csv) as the index engine takes it.

#include <filesystem>
#include <map>
#include <string>

#include "softpower/core/table.hpp"
#include "softpower/index/pipeline.hpp"

namespace softpower::testing {

struct AsemData {
  std::map<std::string, Panel> datasets;
  index::UnitGroups groups;
};

inline AsemData load_asem(const std::filesystem::path& data) {
  const Table t = read_csv(data / "coinr-asem/ASEM_iData.csv");
  PanelBuilder b;
  AsemData out;
  const std::size_t code = t.column("uCode");
  const std::size_t time = t.column("Time");
  for (std::size_t r = 0; r < t.size(); ++r) {
    for (std::size_t c = t.column("Area"); c < t.header.size(); ++c) {
      b.set(t.cell(r, code), t.header[c], static_cast<int>(t.number(r, time)), t.number(r, c));
    }
    for (const char* g : {"GDP_group", "GDPpc_group", "Pop_group", "EurAsia_group"}) {
      out.groups[g][t.cell(r, code)] = t.cell(r, t.column(g));
    }
  }
  out.datasets["asem"] = b.build();
  return out;
}

}  // namespace softpower::testing
