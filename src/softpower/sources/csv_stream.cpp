#include "softpower/sources/csv_stream.hpp"

#include <algorithm>
#include <cstring>

#include "softpower/core/input_memory.hpp"

namespace softpower::sources {

namespace {

constexpr std::size_t kInitialBuffer = std::size_t{1} << 20;

}  // namespace

CsvStream::CsvStream(const std::filesystem::path& path, char delimiter)
    : source_(path.string()),
      delimiter_(delimiter),
      stream_(open_input_text(path)),
      record_limit_(line_limit()),
      buffer_(kInitialBuffer) {
  fill();
  constexpr char kBom[] = "\xEF\xBB\xBF";
  if (end_ >= 3 && std::memcmp(buffer_.data(), kBom, 3) == 0) begin_ = 3;
  if (!read_record()) throw Error(Location{source_}, "empty file: no header line");
  header_.assign(fields_.begin(), fields_.end());
  records_ = 0;
}

CsvStream::~CsvStream() = default;

std::size_t CsvStream::column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  throw Error(Location{source_, 1, std::string(name)}, "column not found in the header");
}

std::string CsvStream::column_name(std::size_t col) const {
  return col < header_.size() ? header_[col] : "column " + std::to_string(col + 1);
}

Location CsvStream::where(std::size_t col) const {
  return Location{source_, record_line_, column_name(col)};
}

bool CsvStream::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  // A record longer than the buffer: make room for more of it, up to the limit.
  if (end_ == buffer_.size()) {
    if (buffer_.size() > record_limit_.bytes) {
      throw Error(Location{source_, line_}, "a record longer than " + describe(record_limit_));
    }
    buffer_.resize(std::min<std::size_t>(buffer_.size() * 2, record_limit_.bytes + 1));
  }
  const std::size_t n = read_full(*stream_, buffer_.data() + end_, buffer_.size() - end_);
  if (n == 0) eof_ = true;
  end_ += n;
  return n > 0;
}

// One record from begin_, or need_more when the bytes read so far end inside it (the caller
// reads more and parses the record again from its start). Mirrors parse_csv's loop, except that
// text after a closing quote is an error.
CsvStream::Parse CsvStream::parse_record() {
  spans_.clear();
  scratch_.clear();
  const char* data = buffer_.data();
  std::size_t p = begin_;
  std::size_t newlines = 0;  // inside quoted fields
  bool quoted = false;
  bool in_scratch = false;    // the field met a quote: its text is built in scratch_
  bool closed = false;        // the field's closing quote has been read
  std::size_t open_line = 0;  // where the field's opening quote is
  std::size_t field_begin = p;
  std::size_t scratch_begin = 0;
  auto end_field = [&](std::size_t at) {
    if (in_scratch) {
      spans_.push_back({true, scratch_begin, scratch_.size() - scratch_begin});
    } else {
      spans_.push_back({false, field_begin, at - field_begin});
    }
    in_scratch = false;
    closed = false;
  };
  for (;;) {
    if (p == end_) {
      if (!eof_) return Parse::need_more;
      if (quoted) {
        throw Error(Location{source_, open_line, column_name(spans_.size())},
                    "quoted field is not closed (it runs to the end of the file)");
      }
      end_field(p);
      record_line_ = line_;
      line_ += newlines;
      begin_ = p;
      return Parse::complete;
    }
    const char c = data[p];
    if (quoted) {
      if (c == '"') {
        if (p + 1 == end_ && !eof_) return Parse::need_more;
        if (p + 1 < end_ && data[p + 1] == '"') {
          scratch_ += '"';
          p += 2;
          continue;
        }
        quoted = false;
        closed = true;
        ++p;
        continue;
      }
      if (c == '\n') ++newlines;
      scratch_ += c;
      ++p;
      continue;
    }
    if (closed && c != delimiter_ && c != '\n' && c != '\r') {
      const std::size_t at = line_ + newlines;
      throw Error(Location{source_, open_line, column_name(spans_.size())},
                  at == open_line
                      ? std::string("text after the closing quote of a quoted field (a quote "
                                    "inside quotes is written \"\")")
                      : "a quoted field opens here and closes on line " + std::to_string(at) +
                            ", where text follows its closing quote: is a quote on line " +
                            std::to_string(open_line) + " not closed?");
    }
    const bool field_empty = in_scratch ? scratch_.size() == scratch_begin : p == field_begin;
    if (c == '"' && field_empty) {
      if (!in_scratch) {
        in_scratch = true;
        scratch_begin = scratch_.size();
      }
      quoted = true;
      open_line = line_ + newlines;
      ++p;
    } else if (c == delimiter_) {
      end_field(p);
      ++p;
      field_begin = p;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && p + 1 == end_ && !eof_) return Parse::need_more;
      end_field(p);
      if (c == '\r' && p + 1 < end_ && data[p + 1] == '\n') ++p;
      ++p;
      record_line_ = line_;
      line_ += newlines + 1;
      begin_ = p;
      return Parse::complete;
    } else {
      if (in_scratch) scratch_ += c;
      ++p;
    }
  }
}

bool CsvStream::read_record() {
  // Blank lines between records are skipped, as parse_csv skips them.
  for (;;) {
    if (begin_ == end_ && !fill()) return false;
    const char c = buffer_[begin_];
    if (c != '\n' && c != '\r') break;
    if (c == '\r' && begin_ + 1 == end_) fill();
    if (c == '\r' && begin_ + 1 < end_ && buffer_[begin_ + 1] == '\n') ++begin_;
    ++begin_;
    ++line_;
  }
  while (parse_record() == Parse::need_more) fill();
  fields_.clear();
  for (const Span& s : spans_) {
    const char* base = s.in_scratch ? scratch_.data() : buffer_.data();
    fields_.emplace_back(base + s.offset, s.length);
  }
  return true;
}

bool CsvStream::next() {
  if (!read_record()) return false;
  ++records_;
  return true;
}

}  // namespace softpower::sources
