#pragma once
// Readers for the public data sources. Each reader knows one source's own format, maps its
// rows to registry units, and records where the public original lives so that a fetcher can
// download it for users with internet access. Rows it cannot map are reported, never guessed.

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/core/panel.hpp"

namespace softpower::sources {

/// A row the reader could not map to a unit (an aggregate such as "World", an unknown name).
struct UnmappedRow {
  Location where;     ///< file, line and the field holding the unit
  std::string value;  ///< the unit text as written in the file
  std::string reason;
};

struct ReadResult {
  Panel panel;                       ///< units are registry codes (ISO alpha-3 for states)
  std::vector<UnmappedRow> unmapped;
  std::size_t rows_read = 0;
  std::vector<std::filesystem::path> files;  ///< every file the reader opened
  /// Text attributes of units, by attribute then unit code (ASEM's EurAsia_group: "AUT" ->
  /// "Europe"); used for group imputation and group ranks.
  std::map<std::string, std::map<std::string, std::string>> groups;
};

struct Reader {
  std::string id;           ///< "owid-internet", "asem", "elcano", ... (used by `softpower import`)
  std::string title;        ///< what the data measures, in a few words
  std::string path;         ///< file or folder relative to the data directory
  std::string origin_url;   ///< where the public original can be downloaded
  std::string licence;
  std::function<ReadResult(const std::filesystem::path& data_dir)> read;
};

/// Every reader, in a stable order.
const std::vector<Reader>& readers();
/// The reader with this id; throws Error listing the known ids.
const Reader& reader(std::string_view id);

}  // namespace softpower::sources
