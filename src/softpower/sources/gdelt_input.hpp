#pragma once
// What a user may name as GDELT input, turned into the list of files to read: one file, a
// folder (its event files, sorted by name), a glob in the file name ("events/2019*.CSV.zip"),
// or a GDELT master file list (lines "size md5 URL", as GDELT publishes masterfilelist.txt)
// whose event exports are looked up by file name in a local folder.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/sources/gdelt_layout.hpp"  // is_gdelt_event_file_name

namespace softpower::sources {

struct GdeltInputs {
  std::vector<std::filesystem::path> files;  ///< to read, in a deterministic order
  /// File names a master list names that are not in the local folder.
  std::vector<std::string> missing;
  bool master_list = false;  ///< the input was a master file list
};

/// Resolves `input`. A master list is recognised by its lines ("size md5 URL"); its files are
/// looked for in `cache_dir` (default: the list's folder). Only event exports are taken from a
/// list (file names with ".export." and GDELT 1.0's monthly and yearly back-file zips), in the
/// list's order. Throws Error when the input does not exist or a glob or folder finds nothing.
GdeltInputs resolve_gdelt_inputs(std::string_view input,
                                 const std::filesystem::path& cache_dir = {});

/// Matches a file name against a glob with '*' (any run) and '?' (one character).
bool glob_match(std::string_view pattern, std::string_view name);

}  // namespace softpower::sources
