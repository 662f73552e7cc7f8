#pragma once
// A large CSV file read record by record, for the UN vote files (a million rows): a Table
// (core/table.hpp) keeps a std::string per cell, about 600 MB for Voeten's file, where this
// keeps one buffer of the file and the current record.
//
// The quoting rules are those of core/table.hpp's parse_csv: a field is quoted only when it
// starts with '"'; inside quotes "" is a quote and line breaks are data; text after the
// closing quote belongs to the field; LF, CRLF or a lone CR end a record; blank lines are
// skipped; a UTF-8 byte-order mark at the start is dropped. Lines are counted as parse_csv
// counts them, so both name the same line in a message. Unlike parse_csv the text is not
// converted from Latin-1: a caller that keeps text checks it with is_valid_utf8.
//
// Internal to sources/.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/error.hpp"

namespace softpower::sources {

class CsvStream {
 public:
  /// Opens a plain or gzip-compressed file and reads its header (the first record). Throws
  /// Error naming the file when it cannot be opened or has no header.
  explicit CsvStream(const std::filesystem::path& path, char delimiter = ',');
  ~CsvStream();
  CsvStream(const CsvStream&) = delete;
  CsvStream& operator=(const CsvStream&) = delete;

  const std::string& source() const { return source_; }
  const std::vector<std::string>& header() const { return header_; }
  /// Index of a header column; throws Error naming the file when absent.
  std::size_t column(std::string_view name) const;

  /// Reads the next record; false at the end of the file. Throws Error at the record's line
  /// when a quoted field is not closed, or naming the file when it cannot be read.
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

  std::string source_;
  char delimiter_;
  void* file_ = nullptr;  // gzFile: zlib reads plain files as they are
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
