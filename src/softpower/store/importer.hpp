#pragma once
// `softpower import`: reading sources and storing them in the workspace with their
// provenance. Several sources are imported in one transaction, so that an import that fails
// on its third source, or is interrupted, leaves the workspace as it was.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "softpower/core/progress.hpp"
#include "softpower/sources/reader.hpp"
#include "softpower/store/long_csv.hpp"
#include "softpower/store/workspace.hpp"

namespace softpower::store {

/// Something to import: its provenance as known before reading, and how to read it.
struct ImportSource {
  DatasetRecord meta;  ///< name, reader, title, source, URLs and licence
  /// Reads a panel; empty for a source of roll-call votes.
  std::function<sources::ReadResult()> read;
  /// Reads roll-call votes; used when `read` is empty.
  std::function<sources::VoteResult()> read_votes;
  /// Files under this folder are recorded by their path relative to it ("" = as given).
  std::filesystem::path base;
  /// Download addresses of the files, by recorded path.
  std::map<std::string, sources::SourceFile> downloads;
};

/// A public source, read by its reader from the data directory.
ImportSource reader_source(const sources::Reader& reader, const std::filesystem::path& data_dir);
/// A public source of roll-call votes.
ImportSource reader_source(const sources::VoteReader& reader,
                           const std::filesystem::path& data_dir);
/// The public source with this id, a panel reader's or a vote reader's; throws Error listing
/// every id when there is none.
ImportSource public_source(std::string_view id, const std::filesystem::path& data_dir);
/// The ids of every public source `softpower import` knows, panels then votes.
std::vector<std::string> public_source_ids();
/// A long-format CSV file the user brings, stored as dataset `name`.
ImportSource file_source(const LongCsvLayout& layout, std::string name, std::string licence);

struct ImportedDataset {
  DatasetRecord record;   ///< as stored (without the unmapped rows; see `unmapped`)
  bool replaced = false;  ///< a dataset of this name was there before
  std::vector<sources::UnmappedRow> unmapped;
  double seconds = 0;  ///< reading, hashing and writing
};

/// Reads each source, hashes every file it opened and imports it, all in one transaction:
/// every source is imported, or (on the first error, or when `progress` is cancelled) none
/// is and the Error says which source failed. Writes a line per dataset to `log`.
std::vector<ImportedDataset> import_sources(Workspace& workspace,
                                            const std::vector<ImportSource>& sources,
                                            Progress& progress, std::ostream& log);

}  // namespace softpower::store
