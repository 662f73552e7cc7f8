#include "softpower/sources/csv_stream.hpp"

#include <zlib.h>

#include <cstring>

namespace softpower::sources {

namespace {

constexpr std::size_t kInitialBuffer = std::size_t{1} << 20;

gzFile gz(void* file) {
  return static_cast<gzFile>(file);
}

}  // namespace

CsvStream::CsvStream(const std::filesystem::path& path, char delimiter)
    : source_(path.string()), delimiter_(delimiter), buffer_(kInitialBuffer) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw Error(Location{source_}, "no such file");
  file_ = gzopen(path.c_str(), "rb");
  if (file_ == nullptr) throw Error(Location{source_}, "cannot open file");
  gzbuffer(gz(file_), 1 << 18);
  fill();
  constexpr char kBom[] = "\xEF\xBB\xBF";
  if (end_ >= 3 && std::memcmp(buffer_.data(), kBom, 3) == 0) begin_ = 3;
  if (!read_record()) throw Error(Location{source_}, "empty file: no header line");
  header_.assign(fields_.begin(), fields_.end());
  records_ = 0;
}

CsvStream::~CsvStream() {
  if (file_ != nullptr) gzclose(gz(file_));
}

std::size_t CsvStream::column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  throw Error(Location{source_, 1, std::string(name)}, "column not found in the header");
}

Location CsvStream::where(std::size_t col) const {
  return Location{source_, record_line_,
                  col < header_.size() ? header_[col] : "column " + std::to_string(col + 1)};
}

bool CsvStream::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  // A record longer than the buffer: make room for more of it.
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  const int n =
      gzread(gz(file_), buffer_.data() + end_, static_cast<unsigned>(buffer_.size() - end_));
  if (n < 0) {
    int code = 0;
    const std::string message = gzerror(gz(file_), &code);
    throw Error(Location{source_}, "cannot read the file: " + message);
  }
  if (n == 0) eof_ = true;
  end_ += static_cast<std::size_t>(n);
  return n > 0;
}

// One record from begin_, or need_more when the bytes read so far end inside it (the caller
// reads more and parses the record again from its start). Mirrors parse_csv's loop.
CsvStream::Parse CsvStream::parse_record() {
  spans_.clear();
  scratch_.clear();
  const char* data = buffer_.data();
  std::size_t p = begin_;
  std::size_t newlines = 0;  // inside quoted fields
  bool quoted = false;
  bool in_scratch = false;  // the field met a quote: its text is built in scratch_
  std::size_t field_begin = p;
  std::size_t scratch_begin = 0;
  auto end_field = [&](std::size_t at) {
    if (in_scratch) {
      spans_.push_back({true, scratch_begin, scratch_.size() - scratch_begin});
    } else {
      spans_.push_back({false, field_begin, at - field_begin});
    }
    in_scratch = false;
  };
  for (;;) {
    if (p == end_) {
      if (!eof_) return Parse::need_more;
      if (quoted) throw Error(Location{source_, line_}, "quoted field is not closed");
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
        ++p;
        continue;
      }
      if (c == '\n') ++newlines;
      scratch_ += c;
      ++p;
      continue;
    }
    const bool field_empty = in_scratch ? scratch_.size() == scratch_begin : p == field_begin;
    if (c == '"' && field_empty) {
      if (!in_scratch) {
        in_scratch = true;
        scratch_begin = scratch_.size();
      }
      quoted = true;
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
