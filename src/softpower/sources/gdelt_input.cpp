#include "softpower/sources/gdelt_input.hpp"

#include <algorithm>
#include <fstream>
#include <system_error>

#include "softpower/core/error.hpp"

namespace softpower::sources {

namespace {

namespace fs = std::filesystem;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

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
  const std::string last = lower(t.back());
  return last.find("://") != std::string::npos || last.ends_with(".zip");
}

std::string_view base_name(std::string_view url) {
  const std::size_t slash = url.find_last_of('/');
  return slash == std::string_view::npos ? url : url.substr(slash + 1);
}

// Event exports in a master list: GDELT 2.0 "*.export.CSV.zip", GDELT 1.0 dailies
// "yyyymmdd.export.CSV.zip" and back-file zips "yyyy.zip" and "yyyymm.zip".
bool is_listed_export(std::string_view name) {
  const std::string l = lower(name);
  if (l.find(".export.") != std::string::npos) return true;
  if (!l.ends_with(".zip")) return false;
  const std::string_view stem = std::string_view(l).substr(0, l.size() - 4);
  return (stem.size() == 4 || stem.size() == 6) && all_digits(stem);
}

GdeltInputs from_list(const fs::path& list, const fs::path& cache_dir) {
  std::ifstream in(list);
  if (!in) throw Error(Location{list.string()}, "cannot open the master file list");
  const fs::path folder = cache_dir.empty() ? list.parent_path() : cache_dir;
  GdeltInputs inputs;
  inputs.master_list = true;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    const auto t = tokens(line);
    if (t.empty()) continue;
    if (!is_list_line(line)) {
      throw Error(Location{list.string(), number},
                  "not a master-list line (expected 'size md5 URL')");
    }
    const std::string name(base_name(t.back()));
    if (!is_listed_export(name)) continue;
    // The file as downloaded, or already unpacked (maybe gzipped again).
    std::vector<std::string> candidates = {name};
    if (lower(name).ends_with(".zip")) {
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

bool looks_like_list(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    if (tokens(line).empty()) continue;
    return is_list_line(line);
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

bool is_gdelt_event_file_name(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  std::string l = lower(name);
  if (l.find("masterfilelist") != std::string::npos || l.find("filesizes") != std::string::npos) {
    return false;
  }
  if (is_listed_export(l)) return true;
  for (const char* packed : {".gz", ".zip"}) {
    if (l.ends_with(packed)) {
      l.resize(l.size() - std::string_view(packed).size());
      break;
    }
  }
  return l.ends_with(".csv") || l.ends_with(".tsv") || l.ends_with(".txt");
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
    const std::string l = lower(name);
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
