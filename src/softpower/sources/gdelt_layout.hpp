#pragma once
// The layout of GDELT event exports: the formats (GDELT 1.0 with 57 or 58 tab-separated columns,
// GDELT 2.0 with 61, or columns named in a header line), where the columns an Event is read
// from sit in each, GDELT's names for them, and what GDELT's file names say (events, mentions,
// GKG; event files in folders and master lists).
// docs/perception-data.md describes the formats and the columns used.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "softpower/core/error.hpp"
#include "softpower/core/events.hpp"

namespace softpower::sources {

enum class GdeltFormat {
  unknown,     ///< no well-formed line seen
  v1_57,       ///< GDELT 1.0, 57 tab-separated columns (no SOURCEURL; back-file and 2013 dailies)
  v1_58,       ///< GDELT 1.0, 58 tab-separated columns (with SOURCEURL, from April 2013)
  v2_61,       ///< GDELT 2.0, 61 tab-separated columns
  header_csv,  ///< columns named in a header line (comma- or tab-separated, quotes, NA)
};

std::string_view gdelt_format_name(GdeltFormat format);

/// GDELT's own name of the column an Event field is read from (the codebooks;
/// schema/gdeltPyR_events*.csv): GLOBALEVENTID for id, ..., SOURCEURL for url_hash. A reader
/// asked for a set of fields (event_field_bit) reads these columns.
std::string_view gdelt_column_name(EventField field);

/// Where the columns an Event is read from sit in a line.
struct GdeltLayout {
  /// The field of the line each Event field is read from (-1: the format has none, as
  /// SOURCEURL in GDELT 1.0's 57 columns).
  std::array<int, kEventFieldCount> column{};
  std::size_t fields = 0;  ///< fields of a line
};

/// The tab-separated format of a line of `fields` fields: 57 or 58 (1.0) or 61 (2.0); unknown
/// otherwise.
GdeltFormat gdelt_format_of(std::size_t fields);
/// The layout of a tab-separated format (v1_57, v1_58, v2_61).
GdeltLayout gdelt_fixed_layout(GdeltFormat format);
/// The layout of a header line of `fields` fields whose first ones are named `names`. Throws
/// Error at `where` (with the column as field) when a column an Event needs is not named;
/// DATEADDED and SOURCEURL may be absent.
GdeltLayout gdelt_header_layout(std::span<const std::string_view> names, std::size_t fields,
                                const Location& where);
/// Whether a line starts a header (its first field is GLOBALEVENTID, quoted or not).
bool is_gdelt_header(std::string_view line);

/// What a GDELT 2.0 file holds, from its name.
enum class GdeltFileKind {
  events,    ///< "*.export.CSV.zip" (also the translated stream's "*.translation.export.*")
  mentions,  ///< "*.mentions.CSV.zip"
  gkg,       ///< "*.gkg.csv.zip"
  other,
};

std::string_view gdelt_file_kind_name(GdeltFileKind kind);
/// "events" (or "export"), "mentions", "gkg"; throws Error.
GdeltFileKind parse_gdelt_file_kind(std::string_view name);
/// The kind of a file name.
GdeltFileKind gdelt_file_kind_of(std::string_view name);

/// Event exports in a master list: GDELT 2.0 "*.export.CSV.zip", GDELT 1.0 dailies
/// "yyyymmdd.export.CSV.zip" and back-file zips "yyyy.zip" and "yyyymm.zip" (any case).
bool is_gdelt_export_name(std::string_view name);
/// Whether a file name looks like GDELT event data a folder or glob should take: names ending
/// in .csv, .tsv or .txt, maybe followed by .gz or .zip, any case, or GDELT 1.0's back-file
/// zips ("200601.zip"); master lists and hidden files are left out.
bool is_gdelt_event_file_name(std::string_view name);

/// The stretch of time a GDELT export holds, read from its name: GDELT 2.0's 15-minute files
/// ("20190121220000.export.CSV.zip"), GDELT 1.0's days ("20190121.export.CSV.zip"), months
/// ("201301.zip") and years ("2005.zip"). Nothing for another name.
struct GdeltFileTime {
  int year = 0;
  std::int64_t minutes = 0;  ///< 15, a day's, a month's or the year's minutes
};
std::optional<GdeltFileTime> gdelt_file_time(std::string_view name);
/// Minutes in a calendar year (525,600 or, in a leap year, 527,040).
std::int64_t minutes_in_year(int year);

}  // namespace softpower::sources
