// core/table.hpp's parse_csv with its options taken from the first three bytes (delimiter,
// header, comment, encoding, decimal comma, skipped lines), then every cell read as a number:
// no number read may be infinite (1e309 is an error, not +inf), and every cell and message is
// reached.

#include <cmath>
#include <string>

#include "fuzz/scratch.hpp"
#include "fuzz/target.hpp"
#include "softpower/core/csv_writer.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"

SOFTPOWER_FUZZ_TARGET(csv) {
  using namespace softpower;
  if (size < 3) return 0;
  CsvOptions options;
  constexpr char kDelimiters[] = {'\0', ',', ';', '\t', '|'};
  options.delimiter = kDelimiters[data[0] % sizeof kDelimiters];
  options.has_header = (data[1] & 1) == 0;
  options.comment = (data[1] & 2) != 0 ? '#' : '\0';
  options.decimal_comma = (data[1] & 4) != 0;
  options.encoding = static_cast<Encoding>((data[1] >> 3) % 3);
  if ((data[1] & 32) != 0) options.missing = {"", "NA", ".."};
  options.skip_lines = data[2] % 4;
  const std::string_view text = fuzz::as_text(data + 3, size - 3);
  try {
    const Table table = parse_csv(text, options, "fuzz.csv");
    std::size_t cells = 0;
    for (std::size_t r = 0; r < table.size(); ++r) {
      const std::size_t width = std::max(table.rows[r].size(), table.header.size());
      for (std::size_t c = 0; c < width; ++c) {
        ++cells;
        (void)table.where(r, c).str();
        (void)table.is_missing(r, c);
        try {
          const double value = table.number(r, c);
          if (std::isinf(value)) __builtin_trap();  // out of range must be an error
        } catch (const Error& e) {
          if (std::string_view(e.what()).find('\0') != std::string_view::npos) __builtin_trap();
        }
      }
    }
    (void)csv_text(table.header, table.rows);
    return cells > 0 ? 1 : 0;
  } catch (const Error&) {
    return 0;
  }
}
