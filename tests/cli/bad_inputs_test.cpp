// Bad inputs as data: every case in tests/reference/bad-inputs/*.toml runs the real `softpower`
// command on a hostile or broken input and checks its exit status and error text, and that
// nothing the case put in place was deleted or changed, nothing half-written was left, no
// internal error was printed, and the run stayed inside its time and memory bounds. The case
// format is documented in tests/reference/bad-inputs/README.md.

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "softpower/core/process.hpp"
#include "softpower/core/table.hpp"
#include "store/support.hpp"
#include "support/cases.hpp"
#include "support/cli.hpp"
#include "support/data.hpp"
#include "support/paths.hpp"
#include "support/spawn.hpp"

namespace softpower::testing {
namespace {

namespace fs = std::filesystem;

fs::path cases_dir() {
  return source_dir() / "tests" / "reference" / "bad-inputs";
}

std::vector<fs::path> case_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(cases_dir())) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string expand(const std::string& text, const fs::path& tmp) {
  return substitute(text, {{"{tmp}", tmp.string()},
                           {"{examples}", (source_dir() / "examples").string()},
                           {"{files}", (cases_dir() / "files").string()},
                           {"{data}", shared_data_dir().string()},
                           {"{source}", source_dir().string()},
                           {"{host}", this_process().host}});
}

std::vector<std::string> command_of(const toml::array& words, const fs::path& tmp) {
  std::vector<std::string> argv = {cli_path()};
  for (const auto& w : words) argv.push_back(expand(w.value_or(std::string()), tmp));
  return argv;
}

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool is_debris(const std::string& name) {
  return name.find(".partial") != std::string::npos || name.find(".old") != std::string::npos ||
         name.find(".tmp") != std::string::npos;
}

class BadInput : public ::testing::TestWithParam<fs::path> {};

TEST_P(BadInput, IsRefusedClearlyAndHarmsNothing) {
  const fs::path file = GetParam();
  std::string error;
  const std::optional<toml::table> parsed = read_case(file, error);
  ASSERT_TRUE(parsed.has_value()) << error;
  const toml::table& c = *parsed;
  ASSERT_TRUE(c["about"].is_string()) << file << ": every case says why it exists (about)";
  ASSERT_TRUE(c["command"].is_array()) << file;
  ASSERT_TRUE(c["exit"].is_integer()) << file;
  if (c["needs_data"].value_or(false)) {
    SOFTPOWER_REQUIRE_DATA(data);
  }
  ScratchDir scratch;
  const fs::path tmp = scratch.path() / "run";
  fs::create_directories(tmp);

  // What the case puts in place, and what must still be there, unchanged, afterwards.
  std::map<fs::path, std::string> placed;
  if (const auto* folders = c["folders"].as_array()) {
    for (const auto& f : *folders) fs::create_directories(tmp / f.value_or(std::string()));
  }
  if (const auto* files = c["files"].as_table()) {
    for (const auto& [name, text] : *files) {
      const fs::path p = tmp / std::string(name.str());
      fs::create_directories(p.parent_path());
      const std::string content = expand(text.value_or(std::string()), tmp);
      write_file_atomic(p, content);
      placed[p] = content;
    }
  }
  if (const auto* copies = c["copy"].as_table()) {
    for (const auto& [name, from] : *copies) {
      const fs::path p = tmp / std::string(name.str());
      fs::create_directories(p.parent_path());
      fs::copy_file(cases_dir() / "files" / from.value_or(std::string()), p);
      placed[p] = file_text(p);
    }
  }
  if (const auto* links = c["links"].as_table()) {
    for (const auto& [name, target] : *links) {
      fs::create_symlink(expand(target.value_or(std::string()), tmp),
                         tmp / std::string(name.str()));
    }
  }
  std::map<std::string, std::string> env;
  if (const auto* vars = c["env"].as_table()) {
    for (const auto& [k, v] : *vars)
      env[std::string(k.str())] = expand(v.value_or(std::string()), tmp);
  }
  const auto timeout = std::chrono::seconds(c["timeout"].value_or(60));
  if (const auto* before = c["before"].as_array()) {
    for (const auto& step : *before) {
      const Outcome r = run_in(command_of(*step.as_array(), tmp), tmp, env, timeout);
      ASSERT_EQ(r.status, 0) << "a step before the case failed:\n" << r.out;
    }
  }

  const auto start = std::chrono::steady_clock::now();
  const Outcome r = run_in(command_of(*c["command"].as_array(), tmp), tmp, env, timeout);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  SCOPED_TRACE(file.filename().string() + " printed:\n" + r.out);

  EXPECT_FALSE(r.timed_out) << "still running after " << timeout.count() << " s";
  EXPECT_EQ(r.status, c["exit"].value_or(-2));
  if (const auto error = c["error"].value<std::string>()) {
    EXPECT_NE(r.out.find(expand(*error, tmp)), std::string::npos)
        << "expected the error text: " << *error;
  }
  if (const auto* also = c["says"].as_array()) {
    for (const auto& text : *also) {
      EXPECT_NE(r.out.find(expand(text.value_or(std::string()), tmp)), std::string::npos)
          << "expected the text: " << text.value_or(std::string());
    }
  }
  EXPECT_EQ(r.out.find("internal error"), std::string::npos);
  if (c["exit"].value_or(0) == 1) {
    // One clear line: the error itself carries no line breaks.
    const std::size_t at = r.out.find("softpower: error: ");
    EXPECT_NE(at, std::string::npos) << "no 'softpower: error:' line";
    // Nothing follows the error's line, so its message holds no line break.
    const std::size_t end = at == std::string::npos ? at : r.out.find('\n', at);
    EXPECT_TRUE(end == std::string::npos || end + 1 == r.out.size()) << "the error is not one line";
  }
  const long max_rss_mb = c["max_rss_mb"].value_or(1024);
  EXPECT_LE(r.max_rss_kb / 1024, max_rss_mb) << "peak memory over the case's bound";
  if (const auto max_seconds = c["max_seconds"].value<double>()) {
    EXPECT_LE(seconds, *max_seconds);
  }

  // Nothing the case put in place is lost or changed, unless the case says it may change.
  std::vector<std::string> may_change;
  if (const auto* m = c["may_change"].as_array()) {
    for (const auto& x : *m) may_change.push_back((tmp / x.value_or(std::string())).string());
  }
  for (const auto& [path, content] : placed) {
    if (std::find(may_change.begin(), may_change.end(), path.string()) != may_change.end())
      continue;
    EXPECT_TRUE(fs::is_regular_file(path)) << path << " was removed or replaced";
    EXPECT_EQ(file_text(path), content) << path << " was changed";
  }
  if (const auto* absent = c["absent"].as_array()) {
    for (const auto& x : *absent)
      EXPECT_FALSE(fs::exists(tmp / x.value_or(std::string()))) << x.value_or(std::string());
  }
  if (const auto* present = c["present"].as_array()) {
    for (const auto& x : *present)
      EXPECT_TRUE(fs::exists(tmp / x.value_or(std::string()))) << x.value_or(std::string());
  }
  // No temporary or half-written folder or file is left behind.
  for (const auto& entry : fs::recursive_directory_iterator(tmp)) {
    EXPECT_FALSE(is_debris(entry.path().filename().string())) << entry.path() << " left behind";
  }
}

std::string case_name(const ::testing::TestParamInfo<fs::path>& info) {
  return case_test_name(info.param, false);
}

// Issue 13 asks for at least 150 cases covering every defect it lists; the areas are the
// prefixes of the case names (out-, read-, num-, http-, ...), and each keeps its share.
TEST(BadInputs, AtLeastOneHundredFiftyCasesInEveryArea) {
  const auto files = case_files();
  EXPECT_GE(files.size(), 150U);
  std::map<std::string, std::size_t> per_area;
  for (const auto& file : files) {
    const std::string stem = file.stem().string();
    ++per_area[stem.substr(0, stem.find('-'))];
  }
  for (const auto& [area, least] :
       std::map<std::string, std::size_t>{{"out", 40}, {"read", 45}, {"num", 60}, {"http", 15}}) {
    EXPECT_GE(per_area[area], least) << "cases named " << area << "-*";
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, BadInput, ::testing::ValuesIn(case_files()), case_name);

}  // namespace
}  // namespace softpower::testing
