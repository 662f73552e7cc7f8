#pragma once
// The one CSV writer: every CSV file softpower writes is made through it (report/ holds the
// writers of each output; they build rows with this class).
//
// - RFC 4180: ',' between fields, LF after each record, a field quoted only when it holds a
//   comma, a quote, CR or LF, and a quote inside a quoted field doubled.
// - Numbers in the shortest text that reads back as the same double (so a value read back
//   with Table::number is bit-identical); NaN is the empty field; integers exactly.
// - Rows go to a std::string the caller owns, so a writer of many rows can hand the text on
//   (to a file) whenever it has grown, without holding the whole file.

#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace softpower {

class CsvWriter {
 public:
  /// Appends to `out`; writes `header` as the first record when it is not empty.
  explicit CsvWriter(std::string& out, const std::vector<std::string>& header = {});

  /// One record of fields given as text, numbers (double, float) or integers.
  template <class... Cells>
  void row(const Cells&... cells) {
    (cell(cells), ...);
    end_row();
  }
  /// One record of text fields.
  void row(const std::vector<std::string>& cells);

  /// A field of the current record (for records whose width is known only at run time).
  void cell(std::string_view text);
  void cell(const std::string& text) { cell(std::string_view(text)); }
  void cell(const char* text) { cell(std::string_view(text)); }
  void cell(double value);
  template <std::integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, char>) void cell(T value) {
    if constexpr (std::is_signed_v<T>) {
      integer_cell(static_cast<long long>(value));
    } else {
      unsigned_cell(static_cast<unsigned long long>(value));
    }
  }
  /// Ends the current record.
  void end_row();

  /// Records written (the header counts as one).
  std::size_t records() const { return records_; }
  std::string& text() { return out_; }

 private:
  void separate();
  void integer_cell(long long value);
  void unsigned_cell(unsigned long long value);

  std::string& out_;
  bool first_ = true;
  std::size_t records_ = 0;
};

/// A whole CSV text: header and rows of text fields (numbers already formatted).
std::string csv_text(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows);

}  // namespace softpower
