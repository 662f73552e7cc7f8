#include "softpower/sources/gdelt_input.hpp"

#include <algorithm>
#include <memory>
#include <system_error>

#include "softpower/core/byte_stream.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/text.hpp"

namespace softpower::sources {

namespace {

namespace fs = std::filesystem;

std::vector<std::string_view> tokens(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

// A master-list line: "size md5 URL" (GDELT 2.0) or "size name" (GDELT 1.0's filesizes).
bool is_list_line(std::string_view line) {
  const auto t = tokens(line);
  if (t.size() != 2 && t.size() != 3) return false;
  if (!all_digits(t[0])) return false;
  const std::string last = lower_ascii(t.back());
  return last.find("://") != std::string::npos || last.ends_with(".zip");
}

std::string_view base_name(std::string_view url) {
  const std::size_t slash = url.find_last_of('/');
  return slash == std::string_view::npos ? url : url.substr(slash + 1);
}

// Master-list lines are short ("size md5 URL"); a longer one is not a list line, and is not read
// whole (a file without line breaks would otherwise be).
constexpr std::size_t kMaxListLine = std::size_t{1} << 16;

// The lines of a file, each at most kMaxListLine bytes.
class ListLines {
 public:
  explicit ListLines(const fs::path& path) : name_(path.string()), stream_(open_file_bytes(path)) {}

  /// The next line, without its line end; false at the end of the file.
  bool next(std::string& line) {
    for (;;) {
      const std::size_t nl = buffer_.find('\n', begin_);
      if ((nl == std::string::npos ? buffer_.size() : nl) - begin_ > kMaxListLine) {
        throw Error(Location{name_, number_ + 1},
                    "not a master-list line (longer than 64 kB; expected 'size md5 URL')");
      }
      if (nl != std::string::npos) {
        line.assign(buffer_, begin_, nl - begin_);
        begin_ = nl + 1;
        ++number_;
        return true;
      }
      if (eof_) {
        if (begin_ == buffer_.size()) return false;
        line.assign(buffer_, begin_);
        begin_ = buffer_.size();
        ++number_;
        return true;
      }
      buffer_.erase(0, begin_);
      begin_ = 0;
      const std::size_t old = buffer_.size();
      buffer_.resize(old + kMaxListLine);
      const std::size_t got = read_full(*stream_, buffer_.data() + old, kMaxListLine);
      buffer_.resize(old + got);
      eof_ = got == 0;
    }
  }
  /// The 1-based number of the line read last.
  std::size_t number() const { return number_; }

 private:
  std::string name_;
  std::unique_ptr<ByteStream> stream_;
  std::string buffer_;
  std::size_t begin_ = 0;
  bool eof_ = false;
  std::size_t number_ = 0;
};

GdeltInputs from_list(const fs::path& list, const fs::path& cache_dir) {
  ListLines in(list);
  const fs::path folder = cache_dir.empty() ? list.parent_path() : cache_dir;
  GdeltInputs inputs;
  inputs.master_list = true;
  std::string line;
  std::size_t number = 0;
  while (in.next(line)) {
    number = in.number();
    const auto t = tokens(line);
    if (t.empty()) continue;
    if (!is_list_line(line)) {
      throw Error(Location{list.string(), number},
                  "not a master-list line (expected 'size md5 URL')");
    }
    const std::string name(base_name(t.back()));
    if (!is_gdelt_export_name(name)) continue;
    // The file as downloaded, or already unpacked (maybe gzipped again).
    std::vector<std::string> candidates = {name};
    if (lower_ascii(name).ends_with(".zip")) {
      const std::string stem = name.substr(0, name.size() - 4);
      candidates.push_back(stem);
      candidates.push_back(stem + ".gz");
    }
    bool found = false;
    for (const auto& candidate : candidates) {
      std::error_code error;
      if (fs::is_regular_file(folder / candidate, error)) {
        inputs.files.push_back(folder / candidate);
        found = true;
        break;
      }
    }
    if (!found) inputs.missing.push_back(name);
  }
  return inputs;
}

// Whether the first line that is not blank, within the file's first 64 kB, is a list line.
bool looks_like_list(const fs::path& file) {
  std::string head(kMaxListLine, '\0');
  head.resize(read_full(*open_file_bytes(file), head.data(), head.size()));
  std::size_t pos = 0;
  while (pos < head.size()) {
    std::size_t nl = head.find('\n', pos);
    if (nl == std::string::npos) nl = head.size();
    const std::string_view line(head.data() + pos, nl - pos);
    if (!tokens(line).empty()) return is_list_line(line);
    pos = nl + 1;
  }
  return false;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view name) {
  std::size_t p = 0;
  std::size_t n = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

GdeltInputs resolve_gdelt_inputs(std::string_view input, const fs::path& cache_dir) {
  const fs::path path{std::string(input)};
  std::error_code error;
  GdeltInputs inputs;
  const std::string name = path.filename().string();
  if (name.find_first_of("*?") != std::string::npos) {
    const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (!fs::is_directory(folder, error)) {
      throw Error(Location{folder.string()}, "no such folder for the glob '" + name + "'");
    }
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (entry.is_regular_file() && glob_match(name, entry.path().filename().string())) {
        inputs.files.push_back(entry.path());
      }
    }
    if (inputs.files.empty()) {
      throw Error(Location{std::string(input)}, "no file matches the glob");
    }
  } else if (fs::is_directory(path, error)) {
    for (const auto& entry : fs::directory_iterator(path)) {
      if (entry.is_regular_file() && is_gdelt_event_file_name(entry.path().filename().string())) {
        inputs.files.push_back(entry.path());
      }
    }
    if (inputs.files.empty()) {
      throw Error(Location{path.string()}, "the folder has no GDELT event files");
    }
  } else if (fs::is_regular_file(path, error)) {
    const std::string l = lower_ascii(name);
    const bool packed = l.ends_with(".gz") || l.ends_with(".zip");
    if (!packed && looks_like_list(path)) return from_list(path, cache_dir);
    inputs.files.push_back(path);
    return inputs;
  } else {
    throw Error(Location{path.string()}, "no such file or folder");
  }
  std::sort(inputs.files.begin(), inputs.files.end());
  return inputs;
}

}  // namespace softpower::sources
