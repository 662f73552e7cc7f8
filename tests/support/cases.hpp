#pragma once
// What the data-driven suites share (tests/reference/bad-inputs and the reference cases): a
// case file read as TOML, the placeholders of its texts, and a test name made from its path.

#include <toml++/toml.h>

#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace softpower::testing {

/// `text` with every placeholder of `vars` ("{tmp}" -> "/tmp/x") replaced by its value.
inline std::string substitute(std::string text, const std::map<std::string, std::string>& vars) {
  for (const auto& [key, value] : vars) {
    for (std::size_t at = text.find(key); at != std::string::npos;
         at = text.find(key, at + value.size())) {
      text.replace(at, key.size(), value);
    }
  }
  return text;
}

/// A case file parsed; nullopt with the parser's message in `error` when it is not TOML.
inline std::optional<toml::table> read_case(const std::filesystem::path& file, std::string& error) {
  try {
    return toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    error = file.string() + ": " + std::string(e.what());
    return std::nullopt;
  }
}

/// A test name for a case file: its stem (after its folder's name, with `folder`), every
/// character but letters and digits made '_'.
inline std::string case_test_name(const std::filesystem::path& file, bool folder) {
  std::string name = folder ? file.parent_path().filename().string() + "_" + file.stem().string()
                            : file.stem().string();
  for (char& ch : name) {
    if (std::isalnum(static_cast<unsigned char>(ch)) == 0) ch = '_';
  }
  return name;
}

}  // namespace softpower::testing
