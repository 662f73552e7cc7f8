#pragma once
// A large CSV file read record by record, for the UN vote files (a million rows): a Table
// (core/table.hpp) keeps a std::string per cell, about 600 MB for Voeten's file, where this
// keeps one buffer of the file and the current record.
//
// The quoting rules are those of core/table.hpp's parse_csv: a field is quoted only when it
// starts with '"'; inside quotes "" is a quote and line breaks are data; LF, CRLF or a lone CR
// end a record; blank lines are skipped; a UTF-8 byte-order mark at the start is dropped.
// Lines are counted as parse_csv counts them, so both name the same line in a message. Unlike
// parse_csv, text after a closing quote is an error (parse_csv keeps it in the field): it is
// how a quote left open shows, and the error names the line where that quote opened rather
// than letting the record swallow the lines after it. Nor is the text converted from Latin-1:
// a caller that keeps text checks it with is_valid_utf8.
//
// The file is read through core/byte_stream.hpp (plain or gzip, checked to its end), or from
// memory for an in-memory input (core/input_memory.hpp), and a record may be at most
// line_limit() long.
//
// Internal to sources/.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/byte_stream.hpp"
#include "softpower/core/error.hpp"

namespace softpower::sources {

class CsvStream {
 public:
  /// Opens a plain or gzip-compressed file and reads its header (the first record). Throws
  /// Error naming the file when it cannot be opened, is not a file, or has no header.
  explicit CsvStream(const std::filesystem::path& path, char delimiter = ',');
  ~CsvStream();
  CsvStream(const CsvStream&) = delete;
  CsvStream& operator=(const CsvStream&) = delete;

  const std::string& source() const { return source_; }
  const std::vector<std::string>& header() const { return header_; }
  /// Index of a header column; throws Error naming the file when absent.
  std::size_t column(std::string_view name) const;

  /// Reads the next record; false at the end of the file. Throws Error at the line where a
  /// quoted field opens when it is not closed or text follows its closing quote, at the
  /// record's line when it is longer than line_limit(), or naming the file when it cannot be
  /// read (a truncated or corrupt gzip file included).
  bool next();
  /// Number of fields of the current record.
  std::size_t size() const { return fields_.size(); }
  /// A field of the current record ("" when the record is shorter); valid until next().
  std::string_view field(std::size_t col) const {
    return col < fields_.size() ? fields_[col] : std::string_view();
  }
  /// The 1-based physical line where the current record starts.
  std::size_t line() const { return record_line_; }
  /// File, line and column name of a field of the current record, for messages.
  Location where(std::size_t col) const;
  /// Records read so far, the header not counted.
  std::size_t records() const { return records_; }

 private:
  struct Span {
    bool in_scratch;
    std::size_t offset;
    std::size_t length;
  };
  enum class Parse { complete, need_more };

  bool fill();
  Parse parse_record();
  bool read_record();
  std::string column_name(std::size_t col) const;

  std::string source_;
  char delimiter_;
  std::unique_ptr<ByteStream> stream_;
  SizeLimit record_limit_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // first byte not yet consumed
  std::size_t end_ = 0;    // end of the bytes read into buffer_
  bool eof_ = false;
  std::size_t line_ = 1;  // physical line at begin_
  std::size_t record_line_ = 0;
  std::size_t records_ = 0;
  std::vector<std::string> header_;
  std::vector<Span> spans_;
  std::string scratch_;  // fields with quotes, unescaped
  std::vector<std::string_view> fields_;
};

}  // namespace softpower::sources
