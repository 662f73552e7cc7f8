#pragma once
// The ASEM example (examples/asem.toml on ../shared/data/coinr-asem, read by the `asem`
// reader), compiled and ready to run: what many tests and benchmarks start from.

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "softpower/core/build_info.hpp"
#include "softpower/core/table.hpp"
#include "softpower/index/pipeline.hpp"
#include "softpower/index/spec.hpp"
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

inline std::string asem_spec_text() {
  return read_file(softpower::source_dir() / "examples/asem.toml");
}

struct AsemIndex {
  index::Pipeline pipeline;
  index::IndexInput input;
};

/// examples/asem.toml (or `spec_text` in its place) compiled, with its input assembled.
inline AsemIndex asem_index(const std::filesystem::path& data,
                            const std::optional<std::string>& spec_text = std::nullopt) {
  const index::Spec spec = index::parse_spec(spec_text.value_or(asem_spec_text()), "asem.toml");
  const AsemData asem = load_asem(data);
  index::Pipeline pipeline(spec);
  index::IndexInput input = index::assemble_input(spec, asem.datasets, asem.groups);
  return AsemIndex{std::move(pipeline), std::move(input)};
}

}  // namespace softpower::testing
