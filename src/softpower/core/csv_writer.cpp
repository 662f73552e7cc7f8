#include "softpower/core/csv_writer.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <iterator>

namespace softpower {

CsvWriter::CsvWriter(std::string& out, const std::vector<std::string>& header) : out_(out) {
  if (!header.empty()) row(header);
}

void CsvWriter::row(const std::vector<std::string>& cells) {
  for (const std::string& c : cells) cell(std::string_view(c));
  end_row();
}

void CsvWriter::separate() {
  if (!first_) out_ += ',';
  first_ = false;
}

void CsvWriter::cell(std::string_view text) {
  separate();
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out_ += text;
    return;
  }
  out_ += '"';
  for (const char c : text) {
    if (c == '"') out_ += '"';
    out_ += c;
  }
  out_ += '"';
}

void CsvWriter::cell(double value) {
  separate();
  if (std::isnan(value)) return;
  // fmt's "{}" is the shortest text that reads back as the same double (Dragonbox), written
  // into the output without a string of its own.
  fmt::format_to(std::back_inserter(out_), "{}", value);
}

void CsvWriter::integer_cell(long long value) {
  separate();
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  out_.append(buffer, end);
}

void CsvWriter::unsigned_cell(unsigned long long value) {
  separate();
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  out_.append(buffer, end);
}

void CsvWriter::end_row() {
  out_ += '\n';
  first_ = true;
  ++records_;
}

std::string csv_text(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  CsvWriter w(out, header);
  for (const auto& r : rows) w.row(r);
  return out;
}

}  // namespace softpower
