// Reference cases as data: every case in tests/reference/<capability>/*.toml (every folder but
// bad-inputs/) runs the real `softpower` command into a scratch folder and compares the tables
// it wrote with expected tables kept beside the case, by key, column by column within each
// column's tolerance, or as a correlation where two programs agree only up to scale and sign.
// Each case names the program, version and command that produced its expected values
// (`source`). The format is documented in tests/reference/README.md.

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "softpower/core/stats.hpp"
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

fs::path reference_dir() {
  return source_dir() / "tests" / "reference";
}

// Every case file of every capability folder, sorted; bad-inputs/ has its own runner.
std::vector<fs::path> case_files() {
  std::vector<fs::path> files;
  for (const auto& folder : fs::directory_iterator(reference_dir())) {
    if (!folder.is_directory() || folder.path().filename() == "bad-inputs") continue;
    for (const auto& entry : fs::directory_iterator(folder.path())) {
      if (entry.path().extension() == ".toml") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string expand(const std::string& text, const fs::path& tmp, const fs::path& case_dir) {
  return substitute(text, {{"{tmp}", tmp.string()},
                           {"{case}", case_dir.string()},
                           {"{examples}", (source_dir() / "examples").string()},
                           {"{data}", shared_data_dir().string()},
                           {"{source}", source_dir().string()}});
}

std::vector<std::string> strings_of(const toml::node_view<const toml::node>& node) {
  std::vector<std::string> out;
  if (const auto* a = node.as_array()) {
    for (const auto& x : *a) out.push_back(x.value_or(std::string()));
  }
  return out;
}

// A cell as a number; nullopt for an empty cell (a missing value).
std::optional<double> number_of(const std::string& text) {
  if (text.empty()) return std::nullopt;
  double v = 0;
  if (parse_double(text, v) != NumberText::number) return std::nullopt;
  return v;
}

bool is_number(const std::string& text) {
  double v = 0;
  return !text.empty() && parse_double(text, v) == NumberText::number;
}

// The rows of a table kept by `where` (column -> accepted texts), keyed by their key columns.
std::map<std::vector<std::string>, std::size_t> keyed_rows(
    const Table& t, const std::vector<std::string>& key,
    const std::map<std::string, std::vector<std::string>>& where, std::string& problem) {
  std::vector<std::size_t> key_cols;
  key_cols.reserve(key.size());
  for (const auto& k : key) key_cols.push_back(t.column(k));
  std::vector<std::pair<std::size_t, std::vector<std::string>>> filters;
  filters.reserve(where.size());
  for (const auto& [column, values] : where) filters.emplace_back(t.column(column), values);
  std::map<std::vector<std::string>, std::size_t> rows;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const bool kept = std::all_of(filters.begin(), filters.end(), [&](const auto& f) {
      return std::find(f.second.begin(), f.second.end(), t.cell(r, f.first)) != f.second.end();
    });
    if (!kept) continue;
    std::vector<std::string> k;
    k.reserve(key_cols.size());
    for (const std::size_t c : key_cols) k.push_back(t.cell(r, c));
    if (!rows.emplace(k, r).second && problem.empty()) {
      problem = t.source + " line " + std::to_string(t.lines[r]) + ": the key is not unique";
    }
  }
  return rows;
}

std::string key_text(const std::vector<std::string>& key) {
  std::string s;
  for (const auto& k : key) s += (s.empty() ? "" : ",") + k;
  return s;
}

struct ColumnRule {
  std::string name;
  bool text = false;       ///< compared as text, exactly
  double tolerance = 0.0;  ///< absolute, for numbers
};

// The mean of a column over the rows of an ensemble (one row per run) against a published
// mean: within `within_se` combined standard errors (ours, and that of a published mean over
// `published_runs` runs, taken to have our spread), plus `slack`.
void compare_mean(const toml::table& mean, const Table& got) {
  const std::string column = mean["column"].value_or(std::string());
  const std::size_t c = got.column(column);
  std::vector<double> x;
  for (std::size_t r = 0; r < got.size(); ++r) x.push_back(got.number(r, c));
  ASSERT_GE(x.size(), 2U) << "too few rows for a mean";
  const double n = static_cast<double>(x.size());
  const double m = stats::mean(x);
  double ss = 0;
  for (const double v : x) ss += (v - m) * (v - m);
  const double variance = ss / (n - 1);
  const double se = std::sqrt(variance / n);
  const auto published = mean["published"].value<double>();
  ASSERT_TRUE(published.has_value()) << "a mean comparison gives the published value";
  const double their_se = std::sqrt(variance / mean["published_runs"].value_or(n));
  const double tolerance =
      mean["within_se"].value_or(3.0) * std::sqrt(se * se + their_se * their_se) +
      mean["slack"].value_or(0.0);
  std::printf("%s: mean %.3f +- %.3f over %zu rows (published %g, tolerance %.3f)\n",
              column.c_str(), m, se, x.size(), *published, tolerance);
  EXPECT_NEAR(m, *published, tolerance) << column << " over " << x.size() << " rows";
}

// Compares one output table with its expected table as `spec` says; failures go to gtest.
void compare_table(const toml::table& spec, const fs::path& tmp, const fs::path& case_dir) {
  const fs::path output = tmp / expand(spec["output"].value_or(std::string()), tmp, case_dir);
  const fs::path expected_file = case_dir / spec["expected"].value_or(std::string());
  SCOPED_TRACE("output " + output.string() + " against " + expected_file.string());
  ASSERT_TRUE(fs::is_regular_file(output)) << "the command did not write " << output;
  if (const auto* mean = spec["mean"].as_table()) {
    compare_mean(*mean, read_csv(output));
    return;
  }
  ASSERT_TRUE(fs::is_regular_file(expected_file)) << "no expected table " << expected_file;
  const Table got = read_csv(output);
  const Table want = read_csv(expected_file);
  const std::vector<std::string> key = strings_of(spec["key"]);
  ASSERT_FALSE(key.empty()) << "every comparison names its key columns (key)";
  std::map<std::string, std::vector<std::string>> where;
  if (const auto* w = spec["where"].as_table()) {
    for (const auto& [column, values] : *w) {
      where[std::string(column.str())] = strings_of(toml::node_view<const toml::node>(&values));
    }
  }
  std::string problem;
  const auto got_rows = keyed_rows(got, key, where, problem);
  const auto want_rows = keyed_rows(want, key, where, problem);
  ASSERT_TRUE(problem.empty()) << problem;
  ASSERT_FALSE(want_rows.empty()) << "the expected table has no rows";
  const std::string rows = spec["rows"].value_or(std::string("same"));
  ASSERT_TRUE(rows == "same" || rows == "expected") << "rows is \"same\" or \"expected\"";

  // Every expected key is in the output; with rows = "same", nothing more is.
  std::size_t missing = 0, extra = 0;
  std::string first_missing, first_extra;
  for (const auto& [k, r] : want_rows) {
    if (got_rows.count(k) == 0 && missing++ == 0) first_missing = key_text(k);
  }
  if (rows == "same") {
    for (const auto& [k, r] : got_rows) {
      if (want_rows.count(k) == 0 && extra++ == 0) first_extra = key_text(k);
    }
  }
  EXPECT_EQ(missing, 0U) << "expected rows missing from the output, the first: " << first_missing;
  EXPECT_EQ(extra, 0U) << "rows of the output that are not expected, the first: " << first_extra;

  if (const auto* corr = spec["correlation"].as_table()) {
    // Two fits of the same model that agree up to scale and sign: the correlation of one
    // column over the rows both have.
    const std::string column = (*corr)["column"].value_or(std::string());
    const std::size_t gc = got.column(column), wc = want.column(column);
    std::vector<double> a, b;
    for (const auto& [k, wr] : want_rows) {
      const auto it = got_rows.find(k);
      if (it == got_rows.end()) continue;
      const auto x = number_of(got.cell(it->second, gc));
      const auto y = number_of(want.cell(wr, wc));
      if (x && y) {
        a.push_back(*x);
        b.push_back(*y);
      }
    }
    ASSERT_GE(a.size(), 3U) << "too few rows to correlate";
    const bool either_sign = (*corr)["sign"].value_or(std::string("same")) == "either";
    double pearson = stats::pearson(a, b), spearman = stats::spearman(a, b);
    if (either_sign && pearson < 0) {
      pearson = -pearson;
      spearman = -spearman;
    }
    std::printf("%s: %s over %zu rows: Pearson r = %.6f, Spearman rho = %.6f\n",
                expected_file.filename().c_str(), column.c_str(), a.size(), pearson, spearman);
    EXPECT_GE(pearson, (*corr)["min_pearson"].value_or(1.0)) << column;
    EXPECT_GE(spearman, (*corr)["min_spearman"].value_or(1.0)) << column;
    return;
  }

  // Column by column: the named ones with their tolerance ("text": exactly as text), and with
  // `others`, every other column of the expected table with that tolerance.
  std::vector<ColumnRule> rules;
  if (const auto* cols = spec["columns"].as_table()) {
    for (const auto& [name, rule] : *cols) {
      ColumnRule c{std::string(name.str())};
      if (rule.is_string()) {
        ASSERT_EQ(rule.value_or(std::string()), "text") << c.name << ": a number or \"text\"";
        c.text = true;
      } else {
        c.tolerance = rule.value_or(0.0);
      }
      rules.push_back(c);
    }
  }
  if (const auto others = spec["others"].value<double>()) {
    for (const auto& name : want.header) {
      const bool named = std::find(key.begin(), key.end(), name) != key.end() ||
                         std::any_of(rules.begin(), rules.end(),
                                     [&](const ColumnRule& c) { return c.name == name; });
      if (!named) rules.push_back(ColumnRule{name, false, *others});
    }
  }
  ASSERT_FALSE(rules.empty()) << "nothing to compare: give columns or others";
  const double relative = spec["relative"].value_or(0.0);
  std::size_t differing = 0, compared = 0;
  std::ostringstream first;
  double max_diff = 0;
  std::string max_column;
  for (const ColumnRule& rule : rules) {
    const std::size_t gc = got.column(rule.name), wc = want.column(rule.name);
    for (const auto& [k, wr] : want_rows) {
      const auto it = got_rows.find(k);
      if (it == got_rows.end()) continue;
      const std::string& g = got.cell(it->second, gc);
      const std::string& w = want.cell(wr, wc);
      bool same = false;
      double diff = 0;
      if (rule.text || !(is_number(w) || is_number(g))) {
        same = g == w;  // text, or missing in both
      } else {
        const auto x = number_of(g), y = number_of(w);
        if (x && y) {
          diff = std::abs(*x - *y);
          same = diff <= rule.tolerance + relative * std::abs(*y);
          if (diff > max_diff || max_column.empty()) {
            max_diff = std::max(max_diff, diff);
            max_column = rule.name;
          }
        }
      }
      ++compared;
      if (!same && differing++ < 10) {
        first << "\n  " << key_text(k) << " " << rule.name << ": got '" << g << "', expected '" << w
              << "'";
        if (diff > 0) first << " (differs by " << diff << ")";
      }
    }
  }
  std::printf("%s: %zu cells in %zu columns of %zu rows; max |difference| %.3g (%s)\n",
              expected_file.filename().c_str(), compared, rules.size(), want_rows.size(), max_diff,
              max_column.c_str());
  EXPECT_EQ(differing, 0U) << "cells outside their tolerance, the first:" << first.str();
}

class Reference : public ::testing::TestWithParam<fs::path> {};

TEST_P(Reference, MatchesItsExpectedTables) {
  const fs::path file = GetParam();
  const fs::path case_dir = file.parent_path();
  std::string error;
  const std::optional<toml::table> parsed = read_case(file, error);
  ASSERT_TRUE(parsed.has_value()) << error;
  const toml::table& c = *parsed;
  ASSERT_TRUE(c["about"].is_string()) << file << ": every case says why it exists (about)";
  ASSERT_TRUE(c["source"].is_string())
      << file << ": every case says what produced its expected values (source)";
  ASSERT_TRUE(c["steps"].is_array()) << file;
  ASSERT_TRUE(c["compare"].is_array_of_tables()) << file;
  if (c["needs_data"].value_or(false)) {
    SOFTPOWER_REQUIRE_DATA(data);
  }
  ScratchDir scratch;
  const fs::path tmp = scratch.path() / "run";
  fs::create_directories(tmp);
  std::map<std::string, std::string> env;
  if (const auto* vars = c["env"].as_table()) {
    for (const auto& [k, v] : *vars)
      env[std::string(k.str())] = expand(v.value_or(std::string()), tmp, case_dir);
  }
  const auto timeout = std::chrono::seconds(c["timeout"].value_or(600));
  for (const auto& step : *c["steps"].as_array()) {
    ASSERT_TRUE(step.is_array()) << file << ": a step is a list of words";
    std::vector<std::string> argv = {cli_path()};
    for (const auto& w : *step.as_array())
      argv.push_back(expand(w.value_or(std::string()), tmp, case_dir));
    const Outcome r = run_in(argv, tmp, env, timeout);
    ASSERT_FALSE(r.timed_out) << "still running after " << timeout.count() << " s";
    ASSERT_EQ(r.status, 0) << "a step failed:\n" << r.out;
  }
  for (const auto& spec : *c["compare"].as_array()) {
    compare_table(*spec.as_table(), tmp, case_dir);
  }
}

std::string case_name(const ::testing::TestParamInfo<fs::path>& info) {
  return case_test_name(info.param, true);
}

INSTANTIATE_TEST_SUITE_P(Cases, Reference, ::testing::ValuesIn(case_files()), case_name);

// Every table kept beside the cases is compared by one of them, and every case's script in
// make/ exists: no expected values are left behind when a case changes.
TEST(ReferenceCases, EveryTableIsUsedAndEveryScriptExists) {
  std::set<fs::path> used;
  for (const fs::path& file : case_files()) {
    std::string error;
    const auto c = read_case(file, error);
    ASSERT_TRUE(c.has_value()) << error;
    if (const auto* compares = (*c)["compare"].as_array()) {
      for (const auto& spec : *compares) {
        if (const auto expected = (*spec.as_table())["expected"].value<std::string>()) {
          used.insert(fs::weakly_canonical(file.parent_path() / *expected));
        }
      }
    }
    // A script named in `source` as make/NAME is in the case's make/ folder.
    const std::string source = (*c)["source"].value_or(std::string());
    for (std::size_t at = source.find("make/"); at != std::string::npos;
         at = source.find("make/", at + 1)) {
      const std::size_t end = source.find_first_of(" \n,;:)", at);
      const std::string script = source.substr(at, end - at);
      EXPECT_TRUE(fs::is_regular_file(file.parent_path() / script)) << file << ": " << script;
    }
  }
  std::size_t tables = 0;
  for (const auto& folder : fs::directory_iterator(reference_dir())) {
    if (!folder.is_directory() || folder.path().filename() == "bad-inputs") continue;
    for (const auto& entry : fs::directory_iterator(folder.path())) {
      if (entry.path().extension() != ".csv") continue;
      ++tables;
      EXPECT_EQ(used.count(fs::weakly_canonical(entry.path())), 1U)
          << entry.path() << " is compared by no case";
    }
  }
  EXPECT_GE(tables, 10U);
}

// The comparisons themselves, on small tables: a runner that could not fail would pass every
// case.
class ReferenceRunner : public ::testing::Test {
 protected:
  void tables(const std::string& got, const std::string& expected) {
    write_file_atomic(dir_ / "got.csv", got);
    write_file_atomic(dir_ / "expected.csv", expected);
  }
  void compare(const std::string& spec) {
    const toml::table t = toml::parse("output = \"got.csv\"\nexpected = \"expected.csv\"\n" + spec);
    compare_table(t, dir_.path(), dir_.path());
  }
  ScratchDir dir_;
};

constexpr const char* kExpected = "k,name,v\na,x,1.5\nb,y,\nc,z,-2\n";

TEST_F(ReferenceRunner, EqualWithinTheTolerancePasses) {
  tables("name,k,v,extra\nx,a,1.5000001,9\nz,c,-2,9\ny,b,,9\n", kExpected);
  compare("key = [\"k\"]\ncolumns = { v = 1e-6, name = \"text\" }");
  EXPECT_FALSE(HasFailure());
}

TEST_F(ReferenceRunner, AValueOutsideItsToleranceFails) {
  tables("k,name,v\na,x,1.5001\nb,y,\nc,z,-2\n", kExpected);
  EXPECT_NONFATAL_FAILURE(compare("key = [\"k\"]\ncolumns = { v = 1e-6 }"),
                          "a v: got '1.5001', expected '1.5'");
  // A relative tolerance takes |expected| times its value.
  compare("key = [\"k\"]\ncolumns = { v = 0 }\nrelative = 1e-3");
  EXPECT_FALSE(HasFailure());
}

TEST_F(ReferenceRunner, MissingValuesMatchOnlyMissingValues) {
  tables("k,name,v\na,x,1.5\nb,y,0\nc,z,-2\n", kExpected);
  EXPECT_NONFATAL_FAILURE(compare("key = [\"k\"]\nothers = 1"), "b v: got '0', expected ''");
}

TEST_F(ReferenceRunner, TextColumnsCompareExactly) {
  tables("k,name,v\na,X,1.5\nb,y,\nc,z,-2\n", kExpected);
  EXPECT_NONFATAL_FAILURE(compare("key = [\"k\"]\ncolumns = { name = \"text\" }"),
                          "a name: got 'X', expected 'x'");
}

TEST_F(ReferenceRunner, MissingAndExtraRowsFail) {
  tables("k,name,v\na,x,1.5\nc,z,-2\n", kExpected);
  EXPECT_NONFATAL_FAILURE(compare("key = [\"k\"]\ncolumns = { v = 0 }"),
                          "expected rows missing from the output, the first: b");
  tables("k,name,v\na,x,1.5\nb,y,\nc,z,-2\nd,w,4\n", kExpected);
  EXPECT_NONFATAL_FAILURE(compare("key = [\"k\"]\ncolumns = { v = 0 }"),
                          "rows of the output that are not expected, the first: d");
}

TEST_F(ReferenceRunner, RowsExpectedAndWhereLeaveRowsOut) {
  // rows = "expected" looks up the expected rows only; `where` leaves rows out of both.
  tables("k,name,v\na,x,1.5\nb,y,\nc,z,-2\nd,w,4\n", kExpected);
  compare("key = [\"k\"]\ncolumns = { v = 0 }\nrows = \"expected\"");
  tables("k,name,v\na,x,1.5\nd,w,4\n", kExpected);
  compare("key = [\"k\"]\ncolumns = { v = 0 }\nwhere = { k = [\"a\"] }");
  EXPECT_FALSE(HasFailure());
}

TEST_F(ReferenceRunner, CorrelationsBelowTheirMinimumFail) {
  const std::string expected = "k,x\na,1\nb,2\nc,3\nd,4\ne,5\n";
  tables("k,x\na,-10\nb,-20\nc,-30\nd,-40\ne,-50\n", expected);
  compare(
      "key = [\"k\"]\ncorrelation = { column = \"x\", min_pearson = 0.99, min_spearman = 0.99, "
      "sign = \"either\" }");
  EXPECT_FALSE(HasFailure());
  EXPECT_NONFATAL_FAILURE(
      compare("key = [\"k\"]\ncorrelation = { column = \"x\", min_pearson = 0.99, "
              "min_spearman = -1 }"),
      "pearson");
  tables("k,x\na,1\nb,3\nc,2\nd,5\ne,4\n", expected);
  EXPECT_NONFATAL_FAILURE(
      compare("key = [\"k\"]\ncorrelation = { column = \"x\", min_pearson = 0.5, "
              "min_spearman = 0.95 }"),
      "spearman");
}

TEST_F(ReferenceRunner, AMeanFarFromThePublishedValueFails) {
  tables("run,regions\n0,3\n1,4\n2,5\n3,4\n", "unused\n");
  // Mean 4, sd 0.816: the standard error over 4 runs is 0.408, with a published mean over
  // 4 runs the combined error is 0.577, so 3 of them are 1.73.
  compare("mean = { column = \"regions\", published = 5.7, published_runs = 4, within_se = 3 }");
  EXPECT_FALSE(HasFailure());
  EXPECT_NONFATAL_FAILURE(
      compare(
          "mean = { column = \"regions\", published = 5.8, published_runs = 4, within_se = 3 }"),
      "regions over 4 rows");
}

}  // namespace
}  // namespace softpower::testing
