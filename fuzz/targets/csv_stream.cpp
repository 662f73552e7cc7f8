// sources/csv_stream.hpp, the streaming reader of the UN vote files: the bytes written as a file
// (gzip when they start as gzip does) and read record by record. Where the text is UTF-8 and the
// stream reads it, parse_csv must read the same fields on the same lines (the reader's promise).

#include "softpower/sources/csv_stream.hpp"

#include <string>

#include "fuzz/scratch.hpp"
#include "fuzz/target.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"

SOFTPOWER_FUZZ_TARGET(csv_stream) {
  using namespace softpower;
  const std::string_view bytes = fuzz::as_text(data, size);
  std::vector<std::vector<std::string>> records;
  std::vector<std::size_t> lines;
  std::vector<std::string> header;
  try {
    sources::CsvStream s(fuzz::scratch_file("stream.csv", bytes));
    header = s.header();
    while (s.next()) {
      std::vector<std::string> fields;
      for (std::size_t c = 0; c < s.size(); ++c) fields.emplace_back(s.field(c));
      (void)s.where(s.size()).str();
      records.push_back(std::move(fields));
      lines.push_back(s.line());
    }
    if (s.records() != records.size()) __builtin_trap();
  } catch (const Error&) {
    return 0;
  }
  const bool gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
  if (!gzip && is_valid_utf8(bytes)) {
    CsvOptions options;
    options.delimiter = ',';
    options.encoding = Encoding::utf8;
    const Table table = parse_csv(bytes, options, "stream.csv");  // must not throw either
    if (table.header != header || table.rows != records || table.lines != lines) __builtin_trap();
  }
  return 1;
}
