#pragma once
// Delimited text tables (CSV, TSV, semicolon files) as the public data sources write them:
// quoted fields with embedded newlines, a UTF-8 byte-order mark, CRLF or LF, ';' or tab
// delimiters, decimal commas, Latin-1 (cp1252) text, '#' comment lines and gzip files.
//
// A table is read whole, so a file (inflated, for gzip) may hold at most whole_text_limit()
// of text and a record at most line_limit() (core/byte_stream.hpp): errors name the file, the
// limit and how to change it.
//
// Cells are kept as text. Only number() turns a cell into a value, so a country-code column
// holding "NA" keeps Namibia: "NA" is missing only where a caller lists it in `missing`.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/error.hpp"

namespace softpower {

enum class Encoding {
  automatic,  ///< UTF-8 when the bytes are valid UTF-8, else cp1252 converted to UTF-8
  utf8,
  latin1,  ///< cp1252 (a superset of ISO-8859-1 in 0x80-0x9F), converted to UTF-8
};

struct CsvOptions {
  char delimiter = '\0';  ///< '\0' detects ',', ';' or tab from the first record
  bool has_header = true;
  char comment = '\0';  ///< records starting with this character are skipped ('\0': none)
  Encoding encoding = Encoding::automatic;
  bool decimal_comma = false;               ///< "3,5" is 3.5 in number()
  std::size_t skip_lines = 0;               ///< physical lines to drop before the header
  std::vector<std::string> missing = {""};  ///< cell texts that number() reads as missing
};

/// A parsed table: a header and rows of text cells, each row remembering its source line.
class Table {
 public:
  std::string source;  ///< file name used in error messages
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;  ///< 1-based physical line where each row starts
  bool decimal_comma = false;
  std::vector<std::string> missing = {""};

  std::size_t size() const { return rows.size(); }
  /// Index of a header column; throws Error naming the file when absent.
  std::size_t column(std::string_view name) const;
  std::optional<std::size_t> find_column(std::string_view name) const;
  /// The cell text; "" for a field the row does not have.
  const std::string& cell(std::size_t row, std::size_t col) const;
  /// The cell as a number; NaN when its text is listed in `missing` or is "nan"; throws Error
  /// with file, line and field when it is not a number, is infinite, or is beyond the range of
  /// a double (1e309, and 1e-400, which is not 0).
  double number(std::size_t row, std::size_t col) const;
  /// True when the cell text is listed in `missing`.
  bool is_missing(std::size_t row, std::size_t col) const;
  Location where(std::size_t row, std::size_t col) const;
};

/// Reads a file (plain or .gz). Throws Error naming the file on failure.
Table read_csv(const std::filesystem::path& path, const CsvOptions& options = {});
/// Parses text already in memory; `source` names it in error messages.
Table parse_csv(std::string_view text, const CsvOptions& options, std::string source);

/// Shortest text that reads back as the same double; "" for NaN: one field as
/// core/csv_writer.hpp writes it (every CSV file is written with that writer).
std::string format_number(double value);

/// Reads a whole file, gunzipping gzip data (core/byte_stream.hpp's file_packing tells); at most
/// whole_text_limit() of text. Throws Error naming the file: missing, a folder, not a regular
/// file, truncated or corrupt gzip, a zip archive, or over the limit.
std::string read_file(const std::filesystem::path& path);
/// Writes through a temporary file in the same folder and a rename, so that readers never
/// see a half-written file and a failure leaves the old file in place.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

/// How a text reads as a double.
enum class NumberText {
  number,        ///< a number (or "nan"/"inf" as fast_float reads them)
  not_a_number,  ///< not all of the text is a number
  too_large,     ///< written finite, but beyond the largest double (1e309)
  too_small,     ///< not zero, but closer to zero than any double (1e-400)
};
/// All of `text` as fast_float reads it, into `value`, with what it is. A finite number out of
/// a double's range is too_large or too_small instead of the infinity or zero it would read as.
NumberText parse_double(std::string_view text, double& value);

/// Text fit for a one-line message: control characters and bytes that are not UTF-8 written
/// as \xHH (\t, \n, \r as such), cut after `max_bytes` bytes with "..." and the length.
std::string printable(std::string_view text, std::size_t max_bytes = 60);

/// Converts cp1252 bytes to UTF-8.
std::string latin1_to_utf8(std::string_view bytes);
bool is_valid_utf8(std::string_view bytes);

}  // namespace softpower
