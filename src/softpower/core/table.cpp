#include "softpower/core/table.hpp"

#include <fast_float/fast_float.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <limits>

#include "softpower/core/byte_stream.hpp"
#include "softpower/core/csv_writer.hpp"
#include "softpower/core/input_memory.hpp"
#include "softpower/core/limits.hpp"
#include "softpower/core/text.hpp"

namespace softpower {

namespace {

// Unicode code points of cp1252 bytes 0x80-0x9F; the five unassigned bytes keep their
// Latin-1 (C1 control) code points.
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

char detect_delimiter(std::string_view text, char comment) {
  // Count candidates outside quotes on the first record that is not a comment.
  std::size_t pos = 0;
  while (pos < text.size() && comment != '\0' && text[pos] == comment) {
    const std::size_t nl = text.find('\n', pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
  }
  std::size_t commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    commas += c == ',';
    semicolons += c == ';';
    tabs += c == '\t';
  }
  if (tabs >= commas && tabs >= semicolons && tabs > 0) return '\t';
  if (semicolons > commas) return ';';
  return ',';
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    std::size_t extra = 0;
    if (c < 0x80) {
      extra = 0;
    } else if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
      extra = 1;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
    } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
      extra = 3;
    } else {
      return false;
    }
    if (i + extra >= bytes.size() && extra > 0) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(bytes[i + k]) & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

std::string latin1_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (const char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    if (b < 0x80) {
      out += ch;
    } else if (b < 0xA0) {
      append_utf8(out, kCp1252High[b - 0x80]);
    } else {
      append_utf8(out, b);
    }
  }
  return out;
}

namespace {

// Infinity or zero from a text that may be written finite or non-zero (the rare case, apart).
[[gnu::noinline]] NumberText classify_extreme(std::string_view text, double value) {
  // fast_float reads a finite text beyond the range as infinity and one below it as zero.
  if (std::isinf(value)) {
    return text.find_first_of("iI") == std::string_view::npos ? NumberText::too_large
                                                              : NumberText::number;
  }
  const std::string_view mantissa = text.substr(0, text.find_first_of("eE"));
  return mantissa.find_first_of("123456789") != std::string_view::npos ? NumberText::too_small
                                                                       : NumberText::number;
}

}  // namespace

// Flattened: fast_float inlined here, as it was into Table::number (a call cost a fifth of it).
[[gnu::flatten]] NumberText parse_double(std::string_view text, double& value) {
  const char* const end = text.data() + text.size();
  const auto result = fast_float::from_chars(text.data(), end, value);
  if (result.ec != std::errc() || result.ptr != end || text.empty()) [[unlikely]] {
    return NumberText::not_a_number;
  }
  if (value != 0 && !std::isinf(value)) [[likely]]
    return NumberText::number;
  return classify_extreme(text, value);
}

std::string printable(std::string_view text, std::size_t max_bytes) {
  std::string out;
  const std::string_view shown = text.substr(0, max_bytes);
  std::size_t i = 0;
  while (i < shown.size()) {
    const auto c = static_cast<unsigned char>(shown[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    if (c == '\t' || c == '\n' || c == '\r') {
      out += c == '\t' ? "\\t" : c == '\n' ? "\\n" : "\\r";
      ++i;
      continue;
    }
    // A whole UTF-8 sequence is kept; any other byte is written as \xHH.
    const std::size_t extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : 0;
    if (c >= 0x80 && extra > 0 && i + extra < shown.size() &&
        is_valid_utf8(shown.substr(i, extra + 1))) {
      out.append(shown.substr(i, extra + 1));
      i += extra + 1;
      continue;
    }
    out += fmt::format("\\x{:02X}", c);
    ++i;
  }
  if (text.size() > max_bytes) out += fmt::format("... ({} bytes)", text.size());
  return out;
}

std::string read_file(const std::filesystem::path& path) {
  const SizeLimit limit = whole_text_limit();
  std::size_t expect = std::size_t{1} << 16;
  // An in-memory input (core/input_memory.hpp) reads as a file of its bytes would, bounded by
  // the loop below.
  if (!is_memory_path(path) && file_packing(path) == Packing::plain) {
    // Refused before anything is read when the file is too big to keep whole.
    std::error_code ec;
    const std::uint64_t size = std::filesystem::file_size(path, ec);
    if (ec) throw Error(Location{path.string()}, "cannot read the file: " + ec.message());
    if (size > limit.bytes) {
      throw Error(Location{path.string()},
                  "holds " + format_bytes(size) + " of text, more than " + describe(limit));
    }
    expect = static_cast<std::size_t>(size) + 1;
  }
  const std::unique_ptr<ByteStream> stream = open_input_text(path, limit);
  std::string out(expect, '\0');
  std::size_t used = 0;
  for (;;) {
    // Never more room than the limit and a byte (the byte tells that the text goes past it).
    if (used == out.size()) {
      out.resize(std::min<std::uint64_t>(out.size() * std::uint64_t{2}, limit.bytes + 1));
    }
    const std::size_t got = stream->read(out.data() + used, out.size() - used);
    if (got == 0) break;
    used += got;
    if (used > limit.bytes) {
      throw Error(Location{path.string()}, "holds more text than " + describe(limit));
    }
  }
  out.resize(used);
  return out;
}

void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  const auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const auto temp = dir / ("." + path.filename().string() + ".tmp" + std::to_string(::getpid()));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(Location{path.string()}, "cannot write file");
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::filesystem::remove(temp, ec);
      throw Error(Location{path.string()}, "write failed (disk full?)");
    }
  }
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    throw Error(Location{path.string()}, "cannot replace file: " + ec.message());
  }
}

Table parse_csv(std::string_view text, const CsvOptions& options, std::string source) {
  std::string converted;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const bool latin1 = options.encoding == Encoding::latin1 ||
                      (options.encoding == Encoding::automatic && !is_valid_utf8(text));
  if (latin1) {
    converted = latin1_to_utf8(text);
    text = converted;
  }

  Table table;
  table.source = std::move(source);
  table.decimal_comma = options.decimal_comma;
  table.missing = options.missing;

  std::size_t pos = 0;
  std::size_t line = 1;
  for (std::size_t skipped = 0; skipped < options.skip_lines && pos < text.size(); ++skipped) {
    const std::size_t nl = text.find('\n', pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line;
  }
  const char delim = options.delimiter != '\0'
                         ? options.delimiter
                         : detect_delimiter(text.substr(pos), options.comment);

  const SizeLimit record_limit = line_limit();
  bool have_header = !options.has_header;
  std::vector<std::string> record;
  std::string field;
  while (pos < text.size()) {
    // Skip blank lines and comment lines at record starts.
    if (text[pos] == '\n' || text[pos] == '\r') {
      if (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
      ++pos;
      ++line;
      continue;
    }
    if (options.comment != '\0' && text[pos] == options.comment) {
      const std::size_t nl = text.find('\n', pos);
      pos = nl == std::string_view::npos ? text.size() : nl + 1;
      ++line;
      continue;
    }
    const std::size_t record_line = line;
    const std::size_t record_begin = pos;
    record.clear();
    field.clear();
    bool quoted = false;
    bool end_of_record = false;
    while (pos < text.size() && !end_of_record) {
      const char c = text[pos];
      if (quoted) {
        if (c == '"') {
          if (pos + 1 < text.size() && text[pos + 1] == '"') {
            field += '"';
            pos += 2;
            continue;
          }
          quoted = false;
          ++pos;
          continue;
        }
        if (c == '\n') ++line;
        field += c;
        ++pos;
        continue;
      }
      if (c == '"' && field.empty()) {
        quoted = true;
        ++pos;
      } else if (c == delim) {
        record.push_back(std::move(field));
        field.clear();
        ++pos;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
        ++pos;
        ++line;
        end_of_record = true;
      } else {
        field += c;
        ++pos;
      }
    }
    if (quoted) {
      throw Error(Location{table.source, record_line}, "quoted field is not closed");
    }
    if (pos - record_begin > record_limit.bytes) {
      throw Error(Location{table.source, record_line},
                  "a record longer than " + describe(record_limit));
    }
    record.push_back(std::move(field));
    if (!have_header) {
      table.header = record;
      have_header = true;
    } else {
      table.rows.push_back(record);
      table.lines.push_back(record_line);
    }
  }
  if (options.has_header && !have_header) {
    throw Error(Location{table.source}, "empty file: no header line");
  }
  return table;
}

Table read_csv(const std::filesystem::path& path, const CsvOptions& options) {
  return parse_csv(read_file(path), options, path.string());
}

std::optional<std::size_t> Table::find_column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  return std::nullopt;
}

std::size_t Table::column(std::string_view name) const {
  if (auto index = find_column(name)) return *index;
  throw Error(Location{source, 1, std::string(name)}, "column not found in the header");
}

const std::string& Table::cell(std::size_t row, std::size_t col) const {
  static const std::string empty;
  const auto& r = rows.at(row);
  return col < r.size() ? r[col] : empty;
}

bool Table::is_missing(std::size_t row, std::size_t col) const {
  const std::string& text = cell(row, col);
  const std::string_view t = trim(text);
  return std::any_of(missing.begin(), missing.end(), [&](const std::string& m) { return t == m; });
}

double Table::number(std::size_t row, std::size_t col) const {
  if (is_missing(row, col)) return std::numeric_limits<double>::quiet_NaN();
  std::string_view t = trim(cell(row, col));
  std::string replaced;
  if (decimal_comma && t.find(',') != std::string_view::npos) {
    replaced = std::string(t);
    std::replace(replaced.begin(), replaced.end(), ',', '.');
    t = replaced;
  }
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  double value = 0;
  const NumberText read = parse_double(t, value);
  if (read == NumberText::number && !std::isinf(value)) return value;
  // The cell quoted for the message, made only when there is one.
  const std::string shown = "'" + printable(cell(row, col)) + "'";
  switch (read) {
    case NumberText::not_a_number:
      throw Error(where(row, col), "not a number: " + shown);
    case NumberText::too_large:
      throw Error(where(row, col),
                  shown + " is out of range: larger than any double (about 1.8e308)");
    case NumberText::too_small:
      throw Error(where(row, col), shown +
                                       " is out of range: closer to zero than any double (about "
                                       "4.9e-324), so it would read as 0");
    default:
      throw Error(where(row, col), "not a finite number: " + shown);
  }
}

Location Table::where(std::size_t row, std::size_t col) const {
  return Location{source, row < lines.size() ? lines[row] : 0,
                  col < header.size() ? header[col] : "column " + std::to_string(col + 1)};
}

std::string format_number(double value) {
  std::string text;
  CsvWriter(text).cell(value);
  return text;
}

}  // namespace softpower
