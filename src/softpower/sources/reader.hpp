#pragma once
// Readers for the public data sources. Each reader knows one source's own format, maps its
// rows to registry units, and records where the public original lives so that a fetcher can
// download it for users with internet access. Rows it cannot map are reported, never guessed.
//
// Panel readers (readers()) give unit x indicator x year values. Sources whose values belong
// to pairs of countries (cultural distance, student flows, migrant stocks by origin) are read
// by dyad readers (dyad_readers()) instead, for the networks and diffusion capabilities, and
// roll-call votes (the UN General Assembly's) by vote readers (vote_readers()), for the
// alignment capability.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/dyads.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/panel.hpp"
#include "softpower/core/votes.hpp"

namespace softpower::sources {

/// A row the reader could not map to a unit (an aggregate such as "World", an unknown name).
struct UnmappedRow {
  Location where;     ///< file, line and the field holding the unit
  std::string value;  ///< the unit text as written in the file
  std::string reason;
};

/// The reasons a reader gives in UnmappedRow::reason; a small fixed vocabulary so that a
/// report can be counted and filtered.
namespace unmapped {
inline constexpr std::string_view aggregate = "aggregate";  ///< World, regions, income groups
inline constexpr std::string_view unknown_name = "unknown name";
inline constexpr std::string_view unknown_code = "unknown code";
/// An organisation, a mixed or neutral team, an unspecified residual ("Other").
inline constexpr std::string_view not_a_country = "not a country";
/// The code belongs to a registry state that did not exist in the row's year.
inline constexpr std::string_view not_valid_in_year = "not a state in that year";
/// The file writes several states under one code in the same year.
inline constexpr std::string_view ambiguous = "ambiguous code";
/// A second row for a unit, indicator and year already read (the first row is kept).
inline constexpr std::string_view duplicate = "duplicate";
}  // namespace unmapped

struct ReadResult {
  Panel panel;  ///< units are registry codes (ISO alpha-3 for states)
  std::vector<UnmappedRow> unmapped;
  std::size_t rows_read = 0;
  std::vector<std::filesystem::path> files;  ///< every file the reader opened
  /// Text attributes of units, by attribute then unit code (ASEM's EurAsia_group: "AUT" ->
  /// "Europe"); used for group imputation and group ranks.
  std::map<std::string, std::map<std::string, std::string>> groups;
};

/// One file a reader opens, and where a fetcher can get the public original of it.
struct SourceFile {
  std::string path;          ///< relative to the data directory
  std::string download_url;  ///< the original's raw bytes at the pinned commit
  /// Empty when the local file is byte-identical to the download; otherwise how it was made
  /// from the download (converted from .rda, extracted from a zip, columns dropped).
  std::string derivation;
};

struct Reader {
  std::string id;          ///< "owid-internet", "asem", "elcano", ... (used by `softpower import`)
  std::string title;       ///< what the data measures, in a few words
  std::string path;        ///< file or folder relative to the data directory
  std::string origin_url;  ///< where the public original can be downloaded
  std::string licence;
  std::function<ReadResult(const std::filesystem::path& data_dir)> read;
  std::vector<SourceFile> files;  ///< every file read, with its download address
  std::string producer_url;       ///< the original producer's page for the data
  /// Which release of the producer's data this is, as a reader cites it ("Human Development
  /// Report 2021/22", "V-Dem v14"), from the files or their documentation; where they do not
  /// say, what is known (the years covered, the date of the copy) and that the rest is not
  /// stated (docs/sources.md).
  std::string edition;
};

/// Every reader, in a stable order.
const std::vector<Reader>& readers();
/// The reader with this id; throws Error listing the known ids.
const Reader& reader(std::string_view id);

/// A value attached to an ordered pair of units (core/dyads.hpp).
using softpower::Dyad;

struct DyadResult {
  IndicatorInfo info;  ///< what `value` measures
  std::vector<Dyad> dyads;
  std::vector<UnmappedRow> unmapped;
  std::size_t rows_read = 0;
  std::vector<std::filesystem::path> files;
};

struct DyadReader {
  std::string id;
  std::string title;
  std::string path;
  std::string origin_url;
  std::string licence;
  std::function<DyadResult(const std::filesystem::path& data_dir)> read;
  std::vector<SourceFile> files;
  std::string producer_url;
  std::string edition;  ///< as Reader::edition
};

/// Every dyad reader, in a stable order.
const std::vector<DyadReader>& dyad_readers();
/// The dyad reader with this id; throws Error listing the known ids.
const DyadReader& dyad_reader(std::string_view id);

struct VoteResult {
  RollCallVotes votes;  ///< states are registry codes
  std::vector<UnmappedRow> unmapped;
  std::size_t rows_read = 0;  ///< rows of every file read (votes, roll calls, issues)
  std::vector<std::filesystem::path> files;
};

struct VoteReader {
  std::string id;
  std::string title;
  std::string path;
  std::string origin_url;
  std::string licence;
  std::function<VoteResult(const std::filesystem::path& data_dir)> read;
  std::vector<SourceFile> files;
  std::string producer_url;
  std::string edition;  ///< as Reader::edition
};

/// Every roll-call vote reader, in a stable order.
const std::vector<VoteReader>& vote_readers();
/// The vote reader with this id; throws Error listing the known ids.
const VoteReader& vote_reader(std::string_view id);

}  // namespace softpower::sources
