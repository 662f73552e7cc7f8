// report.html of an index build: the HTML helpers, a small hand-written index (escaping,
// missing scores, two years), and the real ASEM (one year) and Elcano (eight years) builds.
// Set SOFTPOWER_KEEP_REPORT=DIR to keep the rendered pages for a look in a browser.

#include "softpower/report/index_html.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <regex>

#include "softpower/core/table.hpp"
#include "softpower/index/audit.hpp"
#include "softpower/index/spec.hpp"
#include "softpower/report/html.hpp"
#include "softpower/report/index_outputs.hpp"
#include "support/asem.hpp"
#include "support/data.hpp"
#include "support/held_years.hpp"
#include "support/spilled.hpp"
#include "support/text.hpp"

namespace softpower::report {
namespace {

using nlohmann::json;

// ---- reading the page back ----

void keep(const std::string& name, const std::string& page) {
  if (const char* dir = std::getenv("SOFTPOWER_KEEP_REPORT")) {
    std::ofstream(std::filesystem::path(dir) / name) << page;
  }
}

/// The whole element (tag `tag`, nested ones included) whose opening tag holds `marker`.
std::string element_with(const std::string& page, const std::string& marker,
                         const std::string& tag) {
  const auto at = page.find(marker);
  if (at == std::string::npos) return "";
  const auto start = page.rfind("<" + tag, at);
  const std::string open = "<" + tag, close = "</" + tag + ">";
  int depth = 0;
  for (auto pos = start; pos < page.size();) {
    const auto next_open = page.find(open, pos), next_close = page.find(close, pos);
    if (next_close == std::string::npos) break;
    if (next_open < next_close) {
      ++depth;
      pos = next_open + open.size();
    } else {
      if (--depth == 0) return page.substr(start, next_close + close.size() - start);
      pos = next_close + close.size();
    }
  }
  return page.substr(start);
}

/// The text from `marker` up to `end`.
std::string part(const std::string& page, const std::string& marker, const std::string& end) {
  const auto start = page.find(marker);
  if (start == std::string::npos) return "";
  const auto stop = page.find(end, start);
  return page.substr(start, stop == std::string::npos ? std::string::npos : stop - start);
}

using testing::count;
using testing::held_ranks;
using testing::held_years;

/// The data-key of every unit row of a table, top to bottom.
std::vector<std::string> row_keys(const std::string& table) {
  std::vector<std::string> keys;
  const std::regex row(R"re(<tr class="unit mark" data-key="([^"]*)")re");
  for (std::sregex_iterator it(table.begin(), table.end(), row), end; it != end; ++it)
    keys.push_back((*it)[1]);
  return keys;
}

/// The ranking row of one unit in a table.
std::string row_of(const std::string& table, const std::string& key) {
  return part(table, "<tr class=\"unit mark\" data-key=\"" + key + "\"", "</tr>");
}

/// The body rows of a table (its header rows left out).
std::size_t body_rows(const std::string& table) {
  return count(part(table, "<tbody>", "</tbody>"), "<tr");
}

// ---- a small index written by hand ----

json framework() {
  auto indicator = [](const char* code, const char* name, const char* parent, int direction) {
    return json{{"code", code},           {"name", name},    {"level", 1},
                {"parent", parent},       {"weight", 1.0},   {"effective_weight", 0.25},
                {"direction", direction}, {"unit", "count"}, {"source", std::string("d:") + code}};
  };
  json f =
      json::array({indicator("x1", "Exchanges", "P1", 1), indicator("x2", "Visits", "P1", 1),
                   indicator("x3", "Frictions", "P2", -1), indicator("x4", "Broadcasts", "P2", 1)});
  f[2]["denominator"] = "d:pop";
  f.push_back({{"code", "P1"},
               {"name", "People"},
               {"level", 2},
               {"parent", "Idx"},
               {"weight", 1.0},
               {"effective_weight", 0.5}});
  f.push_back({{"code", "P2"},
               {"name", "Media & <Voice>"},
               {"level", 2},
               {"parent", "Idx"},
               {"weight", 1.0},
               {"effective_weight", 0.5}});
  f.push_back({{"code", "Idx"},
               {"name", "Small index"},
               {"level", 3},
               {"parent", nullptr},
               {"weight", 1.0},
               {"effective_weight", 1.0}});
  return f;
}

json unit(const char* code, const char* name, json index_score, json index_rank, const char* region,
          json region_rank) {
  json scores = {{"x1", 80.0},        {"x2", 20.0},
                 {"x3", 50.0},        {"x4", 10.0},
                 {"P1", 50.0},        {"P2", index_score.is_null() ? json(nullptr) : json(30.0)},
                 {"Idx", index_score}};
  json ranks = {{"x1", 1},          {"x2", 3},
                {"x3", 2},          {"x4", 4},
                {"P1", 2},          {"P2", index_rank.is_null() ? json(nullptr) : json(2)},
                {"Idx", index_rank}};
  return {{"code", code},
          {"name", name},
          {"scores", scores},
          {"ranks", ranks},
          {"group_ranks", {{"Region_group", {{"group", region}, {"rank", region_rank}}}}},
          {"strengths", {"x1", "x3"}},
          {"weaknesses", {"x4"}}};
}

json small_results() {
  json y2019 = {{"year", 2019}, {"screened_out", json::array()}, {"imputed_values", 0}};
  y2019["units"] = {unit("AAA", "Alpha", 40.0, 2, "North", 1),
                    unit("AB", "A&B <C>", 60.0, 1, "South", 1),
                    unit("CCC", "Gamma \"quoted\"", 20.0, 3, "North", 2)};
  json y2020 = {{"year", 2020}, {"screened_out", {"EEE"}}, {"imputed_values", 3}};
  // Listed out of rank order, with Delta unranked: the page must order them itself.
  y2020["units"] = {unit("CCC", "Gamma \"quoted\"", 25.5, 3, "North", 2),
                    unit("DDD", "Delta", nullptr, nullptr, "South", nullptr),
                    unit("AB", "A&B <C>", 55.25, 2, "South", 1),
                    unit("AAA", "Alpha", 70.126, 1, "North", 1)};
  for (json* y : {&y2019, &y2020}) {
    (*y)["weights"] = {{"x1", 1.0}, {"x2", 1.0}, {"x3", 1.0}, {"x4", 1.0},
                       {"P1", 1.0}, {"P2", 1.0}, {"Idx", 1.0}};
  }
  return {{"index",
           {{"name", "Small <index> & co"},
            {"description", "A hand-written index with \"quotes\"."},
            {"spec", "small.toml"},
            {"years", {2019, 2020}},
            {"levels", {"Indicator", "Pillar", "Index"}},
            {"groups", {"Region_group"}},
            {"generated", "2026-01-02T03:04:05Z"},
            {"softpower_version", "0.1.0"}}},
          {"method",
           {{{"step", "impute"}, {"method", "group_mean"}, {"group", "Region_group"}},
            {{"step", "normalise"}, {"method", "minmax"}, {"range", {0.0, 100.0}}},
            {{"step", "aggregate"}, {"method", "arithmetic"}}}},
          {"datasets",
           {{{"id", "d"},
             {"title", "Data & more"},
             {"origin", "https://example.org/data.csv"},
             {"licence", "CC BY 4.0"},
             {"files", {"d/data.csv"}},
             {"rows_read", 12},
             {"unmapped_rows", 1}}}},
          {"framework", framework()},
          {"years", {y2019, y2020}}};
}

json indicator_stats(const char* code, double availability, bool outlier, int iqr,
                     const char* treatment, int points) {
  return {{"code", code},
          {"n", 4},
          {"availability", availability},
          {"min", 0.5},
          {"max", 210.8244},
          {"mean", 3.41187},
          {"median", 3.4},
          {"sd", 0.538},
          {"skew", outlier ? 2.5 : 0.1},
          {"kurtosis", outlier ? 6.0 : -0.5},
          {"skew_kurtosis_outlier", outlier},
          {"iqr_outliers", iqr},
          {"treatment", treatment},
          {"treated_points", points},
          {"treated_skew", 1.25},
          {"treated_kurtosis", 2.5}};
}

json small_audit() {
  json year = {{"year", 2020}};
  year["indicators"] = {indicator_stats("x1", 1.0, true, 2, "winsorise", 2),
                        indicator_stats("x2", 0.5, false, 0, "", 0),
                        indicator_stats("x3", 1.0, false, 0, "", 0),
                        indicator_stats("x4", 1.0, false, 1, "", 0)};
  auto pair = [](const char* a, const char* b, const char* relation, double r, json flags) {
    return json{{"a", a},       {"b", b},        {"relation", relation},
                {"pearson", r}, {"spearman", r}, {"flags", flags}};
  };
  year["correlations"] = {pair("x1", "P1", "parent", 0.8, json::array()),
                          pair("x1", "x2", "sibling", 0.95, {"collinear"}),
                          pair("x3", "x4", "sibling", -0.2, {"negative"}),
                          pair("x4", "P2", "parent", 0.1, {"weak"}),
                          pair("P1", "P2", "sibling", 0.4, json::array())};
  year["aggregates"] = {
      {{"code", "P1"}, {"complete_units", 3}, {"cronbach_alpha", 0.8}, {"pca_first_share", 0.9}},
      {{"code", "P2"}, {"complete_units", 3}, {"cronbach_alpha", -0.1}, {"pca_first_share", 0.55}},
      {{"code", "Idx"},
       {"complete_units", 3},
       {"cronbach_alpha", nullptr},
       {"pca_first_share", nullptr}}};
  return {{"index", "Small <index> & co"},
          {"thresholds", {{"weak", 0.3}, {"collinear", 0.9}, {"skew", 2.0}, {"kurtosis", 3.5}}},
          {"years", {year}}};
}

class IndexHtml : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    page_ = new std::string(index_report_html(small_results(), small_audit()));
    keep("small.html", *page_);
  }
  static void TearDownTestSuite() { delete page_; }
  static const std::string& page() { return *page_; }
  static std::string* page_;
};
std::string* IndexHtml::page_ = nullptr;

TEST_F(IndexHtml, IsOnePageThatLoadsNothingFromOutside) {
  EXPECT_EQ(page().rfind("<!doctype html>", 0), 0u);
  EXPECT_NE(page().find("</html>"), std::string::npos);
  const std::regex external(R"re((src|href|xlink:href|action)\s*=\s*["']?\s*(https?:|//))re",
                            std::regex::icase);
  EXPECT_FALSE(std::regex_search(page(), external));
  for (const char* loader : {"<link", "<img", "<iframe", "@import", "url(", "<script src"}) {
    EXPECT_EQ(page().find(loader), std::string::npos) << loader;
  }
  // The data origin is shown, as text.
  EXPECT_NE(page().find("https://example.org/data.csv</td>"), std::string::npos);
}

TEST_F(IndexHtml, EscapesEveryNameFromTheResults) {
  EXPECT_NE(page().find("A&amp;B &lt;C&gt;"), std::string::npos);
  EXPECT_NE(page().find("Gamma &quot;quoted&quot;"), std::string::npos);
  EXPECT_NE(page().find("<title>Small &lt;index&gt; &amp; co — index report</title>"),
            std::string::npos);
  EXPECT_NE(page().find("Media &amp; &lt;Voice&gt;"), std::string::npos);
  EXPECT_EQ(page().find("A&B <C>"), std::string::npos);
  EXPECT_EQ(page().find("<Voice>"), std::string::npos);
  EXPECT_EQ(page().find("<index>"), std::string::npos);
}

TEST_F(IndexHtml, RanksUnitsInOrderWithTheUnrankedLast) {
  EXPECT_EQ(row_keys(element_with(page(), "id=\"ranking-2020\"", "table")),
            (std::vector<std::string>{"AAA", "AB", "CCC", "DDD"}));
  // The other year is ranked by the page's script from the ranks held once.
  EXPECT_EQ(held_ranks(held_years(page()), 2019),
            (std::map<std::string, long>{{"AB", 1}, {"AAA", 2}, {"CCC", 3}}));
  EXPECT_EQ(held_ranks(held_years(page()), 2020),
            (std::map<std::string, long>{{"AAA", 1}, {"AB", 2}, {"CCC", 3}, {"DDD", 0}}));
  const std::string first = row_of(element_with(page(), "id=\"ranking-2020\"", "table"), "AAA");
  EXPECT_NE(first.find(">1</td>"), std::string::npos);
  EXPECT_NE(first.find(">70.13</span>"), std::string::npos);  // two decimals
  EXPECT_NE(first.find("width:70.1%"), std::string::npos);    // bar on the 0-100 range
  // Group ranks: Alpha is first of the two ranked units of North.
  EXPECT_NE(first.find("title=\"1 of 2 in North (Region group)\""), std::string::npos);
}

TEST_F(IndexHtml, ShowsMissingScoresAsADash) {
  const std::string delta = row_of(element_with(page(), "id=\"ranking-2020\"", "table"), "DDD");
  ASSERT_FALSE(delta.empty());
  EXPECT_NE(delta.find("<td class=\"num rank\" data-sort=\"\">—</td>"), std::string::npos);
  EXPECT_NE(delta.find("<span class=\"v\">—</span>"), std::string::npos);
  for (const char* leak : {">nan<", ">null<", ">NaN<", ">inf<", "nan%"}) {
    EXPECT_EQ(page().find(leak), std::string::npos) << leak;
  }
  // The heat strip shows Delta's missing pillar as a dash too.
  EXPECT_NE(row_of(element_with(page(), "class=\"heatstrip", "table"), "DDD").find(">—</td>"),
            std::string::npos);
}

TEST_F(IndexHtml, ShowsRankChangesAndTrendsAcrossYears) {
  const std::string table = element_with(page(), "id=\"ranking-2020\"", "table");
  EXPECT_NE(row_of(table, "AAA").find("▲ 1"), std::string::npos);
  EXPECT_NE(row_of(table, "AB").find("▼ 1"), std::string::npos);
  EXPECT_NE(row_of(table, "CCC").find("title=\"same rank as in 2019\""), std::string::npos);
  // Each row has a cell for its rank trend, drawn by the page's script from the held years.
  EXPECT_EQ(count(table, "<td class=\"trend\"></td>"), 4u);
  const json years = held_years(page());
  ASSERT_TRUE(years.is_object());
  EXPECT_EQ(years["years"], json({2019, 2020}));
  EXPECT_EQ(years["latest"], 2020);
  EXPECT_EQ(years["most_ranked"], 3);  // the bottom of every trend's scale
  // The latest year's units in rank order first; a unit not in a year is null, unranked 0.
  const auto pair = [](const char* a, const char* b) { return json::array({a, b}); };
  EXPECT_EQ(years["units"], json::array({pair("AAA", "Alpha"), pair("AB", "A&B <C>"),
                                         pair("CCC", "Gamma \"quoted\""), pair("DDD", "Delta")}));
  EXPECT_EQ(years["ranks"], json({{2, 1, 3, nullptr}, {1, 2, 3, 0}}));
  // The index and the pillars beside it, their scales, and scores in hundredths.
  EXPECT_EQ(years["columns"], json::array({pair("Idx", "Small index"), pair("P1", "People"),
                                           pair("P2", "Media & <Voice>")}));
  EXPECT_EQ(years["domains"][0], json({0.0, 100.0}));
  EXPECT_EQ(years["scores"][0], json({{4000, 6000, 2000, nullptr}, {7013, 5525, 2550, nullptr}}));
  EXPECT_EQ(years["groups"][0]["attribute"], "Region group");
  EXPECT_EQ(years["groups"][0]["of"], json({"North", "South", "North", "South"}));
  EXPECT_EQ(years["groups"][0]["ranks"][0], json({1, 1, 2, nullptr}));
  // Held as JSON in a script element: no "<" can close it early.
  EXPECT_NE(page().find("\"A&B \\u003cC>\""), std::string::npos);
  // The latest year is written out, once; the other is one choice away.
  EXPECT_EQ(count(page(), "data-switch-panel=\"ranking-year\""), 1u);
  EXPECT_EQ(page().find("id=\"ranking-2019\""), std::string::npos);
  EXPECT_EQ(count(page(), "<option value="), 2u);
  // Each profile has a place for the unit's trends.
  EXPECT_NE(element_with(page(), "id=\"profile-2020-0\"", "tr")
                .find("<div class=\"trends\" data-unit=\"AAA\"><h4>Trends 2019–2020</h4></div>"),
            std::string::npos);
}

TEST_F(IndexHtml, DrawsAChartPerAggregateLevel) {
  EXPECT_EQ(count(page(), "class=\"level-chart\""), 2u);  // the pillars and the index
  const std::string pillars = element_with(page(), "id=\"level-2\"", "figure");
  const std::string index = element_with(page(), "id=\"level-3\"", "figure");
  // A dot per scored unit: P1 has four, P2 three (Delta has none).
  EXPECT_EQ(count(pillars, "class=\"dot"), 7u);
  EXPECT_EQ(count(index, "class=\"dot"), 3u);
  EXPECT_NE(index.find("<title>Alpha (AAA): 70.13, rank 1 of 3</title>"), std::string::npos);
  EXPECT_EQ(count(index, "class=\"top-label\""), 3u);
}

TEST_F(IndexHtml, ProfilesListStrengthsAndWeaknesses) {
  const std::string profile = element_with(page(), "id=\"profile-2020-0\"", "tr");
  EXPECT_NE(profile.find("Exchanges</span> <span class=\"muted\">rank 1 of 4 · score 80.00"),
            std::string::npos);
  EXPECT_NE(profile.find("<h4>Weaknesses</h4><ol class=\"sw\"><li><span class=\"ind\">Broadcasts"),
            std::string::npos);
  EXPECT_NE(profile.find("Region group: <strong>North</strong> — rank 1 of 2"), std::string::npos);
}

TEST_F(IndexHtml, ShowsEveryWeight) {
  const std::string tree = element_with(page(), "class=\"tree\"", "table");
  EXPECT_EQ(body_rows(tree), 7u);
  EXPECT_EQ(count(tree, ">25.00%</span>"), 4u);
  EXPECT_EQ(count(tree, ">50.00%</span>"), 2u);
  EXPECT_NE(tree.find("↓ lower is better"), std::string::npos);
  EXPECT_NE(tree.find("d:x3 <span class=\"muted\">per</span> d:pop"), std::string::npos);
}

TEST_F(IndexHtml, ExplainsTheMethodInPlainWords) {
  const std::string method = part(page(), "id=\"method\"", "</section>");
  EXPECT_NE(method.find("mean over the units of the same group (Region_group). 3 values were "
                        "filled in for 2020."),
            std::string::npos);
  EXPECT_NE(method.find("the lowest unit scores 0 and the highest 100"), std::string::npos);
  EXPECT_NE(method.find("<code>range = [0.0,100.0]</code>"), std::string::npos);
  EXPECT_NE(method.find("CC BY 4.0"), std::string::npos);
}

TEST_F(IndexHtml, FoldsTheLongSectionsUnderTheirHeadingsAndFramesTheRanking) {
  // Each long section keeps its heading in view and folds the rest under a closed summary.
  const std::map<std::string, std::string> folds = {
      {"pillars",
       "<h2>Pillar scores</h2><details class=\"fold\"><summary>The heat strip: each "
       "unit’s pillar scores in 2020</summary>"},
      {"levels",
       "<h2>Scores at every level</h2><details class=\"fold\"><summary>One chart per "
       "level of the framework, a dot per unit</summary>"},
      {"framework",
       "<h2>Framework and weights</h2><details class=\"fold\"><summary>The tree of "
       "4 indicators up to the index, with every weight</summary>"},
      {"method",
       "<h3>Data sources</h3><details class=\"fold\"><summary>The dataset this build "
       "read, with its origin and licence</summary>"},
      {"audit",
       "</ul><details class=\"fold\"><summary>Consistency, indicator and correlation "
       "flags, correlation grids, statistics of every indicator</summary>"}};
  for (const auto& [id, fold] : folds) {
    const std::string section = element_with(page(), "id=\"" + id + "\"", "section");
    EXPECT_NE(section.find(fold), std::string::npos) << id;
    EXPECT_EQ(section.find("<details class=\"fold\" open"), std::string::npos) << id;
  }
  // The charts and the heat strip are inside the fold; the ranking is not folded but framed.
  const std::string levels = element_with(page(), "id=\"levels\"", "section");
  EXPECT_LT(levels.find("<details class=\"fold\">"), levels.find("<figure class=\"chart\""));
  const std::string ranking = element_with(page(), "id=\"ranking\"", "section");
  EXPECT_EQ(ranking.find("<details"), std::string::npos);
  EXPECT_NE(ranking.find("<div class=\"scroll frame\"><table class=\"ranking sortable\""),
            std::string::npos);
  // Printing opens every fold and unframes the ranking.
  EXPECT_NE(page().find("@media print{\n  details::details-content{content-visibility:visible}"),
            std::string::npos);
  EXPECT_NE(page().find("addEventListener('beforeprint'"), std::string::npos);
}

TEST_F(IndexHtml, ListsTheAuditFlags) {
  const std::string indicators = element_with(page(), "class=\"audit-indicators", "table");
  EXPECT_EQ(body_rows(indicators), 3u);  // x1, x2 and x4; x3 has no flag
  EXPECT_NE(indicators.find("winsorised 2 points → skew 1.25, kurtosis 2.50"), std::string::npos);
  EXPECT_NE(indicators.find(">low availability</span>"), std::string::npos);
  EXPECT_NE(indicators.find(">1 IQR outlier</span>"), std::string::npos);
  EXPECT_EQ(indicators.find("Frictions"), std::string::npos);

  const std::string pairs = element_with(page(), "class=\"audit-correlations", "table");
  EXPECT_EQ(body_rows(pairs), 3u);
  for (const char* flag : {">collinear</span>", ">negative</span>", ">weak</span>"}) {
    EXPECT_EQ(count(pairs, flag), 1u) << flag;
  }
  EXPECT_NE(pairs.find("−0.20"), std::string::npos);

  const std::string aggregates = element_with(page(), "class=\"audit-aggregates", "table");
  EXPECT_EQ(count(aggregates, ">consistent</span>"), 1u);
  EXPECT_EQ(count(aggregates, ">negative</span>"), 1u);
  EXPECT_EQ(count(aggregates, "not computed"), 1u);
  EXPECT_EQ(count(page(), "class=\"heat-map\""), 3u);  // P1, P2 and the index
  EXPECT_EQ(count(page(), "class=\"cell flagged\""), 3u);
}

// ---- helpers ----

// A chart row of an aggregate no unit has a score for: its text alternative says so (it read
// "…, highes." when the sentence was cut by hand in C++).
TEST(IndexHtmlCharts, SayWhenNoUnitIsScored) {
  json results = small_results();
  for (json& u : results["years"][1]["units"]) {
    u["scores"]["P2"] = nullptr;
    u["ranks"]["P2"] = nullptr;
  }
  const std::string page = index_report_html(results, small_audit());
  EXPECT_NE(page.find("Media &amp; &lt;Voice&gt;: median —, no unit scored. </desc>"),
            std::string::npos);
  EXPECT_EQ(page.find("highes."), std::string::npos);
  EXPECT_NE(page.find("People: median 50.00, highest Alpha 50.00, A&amp;B &lt;C&gt; 50.00, Gamma "
                      "&quot;quoted&quot; 50.00. "),
            std::string::npos);
}

TEST(Html, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(html::escape(R"(A&B <C> "d" 'e')"), "A&amp;B &lt;C&gt; &quot;d&quot; &#39;e&#39;");
  EXPECT_EQ(html::attr("title", "x\"><script>"), " title=\"x&quot;&gt;&lt;script&gt;\"");
  EXPECT_EQ(html::svg_text(1, 2, "<b>", ""), "<text x=\"1.0\" y=\"2.0\">&lt;b&gt;</text>");
}

TEST(Html, FormatsNumbersForReading) {
  EXPECT_EQ(html::number(68.3765, 2), "68.38");
  EXPECT_EQ(html::number(-1.5, 1), "−1.5");
  EXPECT_EQ(html::number(-0.001, 2), "0.00");
  EXPECT_EQ(html::number(std::optional<double>{}, 2), "—");
  EXPECT_EQ(html::number(std::nan(""), 2), "—");
  EXPECT_EQ(html::percent(0.0125, 2), "1.25%");
  EXPECT_EQ(html::significant(210.8244, 4), "210.8");
  EXPECT_EQ(html::significant(0.0012345, 3), "0.00123");
  EXPECT_EQ(html::significant(123456.7, 4), "123457");
}

TEST(Html, NiceDomainsHaveRoundEnds) {
  const html::Domain d = html::nice_domain(3.2, 68.38);
  EXPECT_EQ(d.lo, 0);
  EXPECT_EQ(d.hi, 80);
  EXPECT_EQ(html::ticks(d), (std::vector<double>{0, 20, 40, 60, 80}));
  EXPECT_DOUBLE_EQ(d.share(20), 0.25);
  EXPECT_EQ(d.share(-5), 0);
  const html::Domain flat = html::nice_domain(5, 5);
  EXPECT_LT(flat.lo, 5);
  EXPECT_GT(flat.hi, 5);
}

TEST(Html, ColourScalesRunFromLightToDark) {
  EXPECT_EQ(html::sequential_colour(0), "#eef3f9");
  EXPECT_EQ(html::sequential_colour(1), "#0f3f78");
  EXPECT_EQ(html::sequential_colour(2), "#0f3f78");  // clamped
  EXPECT_EQ(html::diverging_colour(-1), "#b4530f");
  EXPECT_EQ(html::diverging_colour(0), "#f5f3f0");
  EXPECT_EQ(html::diverging_colour(1), "#1f5b9e");
  EXPECT_FALSE(html::dark_background(0.2));
  EXPECT_TRUE(html::dark_background(0.9));
}

// WCAG's relative luminance of "#rrggbb".
double luminance(const std::string& hex) {
  double out = 0;
  const double weights[3] = {0.2126, 0.7152, 0.0722};
  for (int c = 0; c < 3; ++c) {
    const double v = std::stoi(hex.substr(1 + 2 * c, 2), nullptr, 16) / 255.0;
    out += weights[c] * (v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4));
  }
  return out;
}

TEST(Html, TextOnTheSequentialScaleHasAContrastOfFourAndAHalf) {
  // White text where dark_background says so, black text elsewhere (the heat strip's cells and
  // legend): 4.5:1 at least all along the scale (the threshold was 0.55, where white had 2.8).
  for (int i = 0; i <= 1000; ++i) {
    const double t = i / 1000.0;
    const double l = luminance(html::sequential_colour(t));
    const double contrast = html::dark_background(t) ? 1.05 / (l + 0.05) : (l + 0.05) / 0.05;
    EXPECT_GE(contrast, 4.5) << "t = " << t << " " << html::sequential_colour(t);
  }
}

TEST(Html, TableHeadsBandColumnsAndNumberSortableOnes) {
  const std::string head = html::table_head({{"Rank", "", true, "asc", "ascending"},
                                             {"A", "Group", true, "desc"},
                                             {"B", "Group", true, "desc"},
                                             {"Note"}});
  EXPECT_EQ(count(head, "<tr>"), 2u);
  EXPECT_NE(head.find("colspan=\"2\" class=\"band\">Group</th>"), std::string::npos);
  EXPECT_NE(head.find("rowspan=\"2\" data-col=\"0\" data-first=\"asc\" aria-sort=\"ascending\""),
            std::string::npos);
  EXPECT_NE(head.find("data-col=\"2\""), std::string::npos);
  EXPECT_EQ(count(head, "data-col="), 3u);  // "Note" is not sortable
}

TEST(Html, LinesBreakAtMissingValues) {
  EXPECT_EQ(html::svg_polyline({0, 1, 2, 3}, {1.0, 2.0, std::nullopt, 4.0}, ""),
            "<path d=\"M0.0 1.0L1.0 2.0M3.0 4.0\"/>");
}

// ---- real builds ----

TEST(IndexHtmlAsem, RanksSwitzerlandFirstAndFlagsWhatTheAuditFound) {
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::AsemIndex asem = testing::asem_index(data);
  const auto& pipeline = asem.pipeline;
  const auto& input = asem.input;
  const index::IndexResult result = pipeline.run(input);
  const IndexRun run{pipeline,
                     input,
                     result,
                     {index::audit_year(pipeline, result.years[0])},
                     {{"CHE", "Switzerland"}, {"NLD", "Netherlands"}},
                     {}};
  const json results = results_json(run), audit = audit_json(run);
  const std::string page = index_report_html(results, audit);
  keep("asem.html", page);

  const std::string ranking = element_with(page, "id=\"ranking-2018\"", "table");
  const auto keys = row_keys(ranking);
  ASSERT_EQ(keys.size(), 51u);
  EXPECT_EQ(keys[0], "CHE");
  EXPECT_EQ(keys[1], "NLD");
  EXPECT_NE(row_of(ranking, "CHE").find(">68.38</span>"), std::string::npos);
  EXPECT_NE(row_of(ranking, "CHE").find("Switzerland"), std::string::npos);
  EXPECT_EQ(count(ranking, "class=\"detail\""), 51u);
  EXPECT_EQ(row_keys(element_with(page, "class=\"heatstrip", "table")).size(), 51u);
  // The pillars, the sub-indices and the index each have a chart.
  EXPECT_EQ(count(page, "class=\"level-chart\""), 3u);
  EXPECT_EQ(count(element_with(page, "id=\"level-2\"", "figure"), "class=\"dot"), 8u * 51u);

  std::size_t outliers = 0, flagged_pairs = 0;
  const std::string flags = element_with(page, "class=\"audit-indicators", "table");
  for (const json& s : audit["years"][0]["indicators"]) {
    if (!s["skew_kurtosis_outlier"].get<bool>()) continue;
    ++outliers;
    EXPECT_NE(flags.find("<span class=\"code\">" + s["code"].get<std::string>() + "</span>"),
              std::string::npos)
        << s["code"];
  }
  for (const json& c : audit["years"][0]["correlations"])
    flagged_pairs += c["flags"].empty() ? 0 : 1;
  EXPECT_GT(outliers, 0u);
  EXPECT_EQ(body_rows(element_with(page, "class=\"audit-correlations", "table")), flagged_pairs);
  EXPECT_EQ(count(flags, ">skew/kurtosis outlier</span>"), outliers);
}

TEST(IndexHtmlElcano, ShowsEveryYearWithTheLatestFirst) {
  SOFTPOWER_REQUIRE_DATA(data);
  const index::Spec spec = index::parse_spec(
      read_file(testing::source_dir() / "examples/elcano.toml"), "examples/elcano.toml");
  const Table inputs = read_csv(data / "elcano/iepg_final_data_inputs.csv");
  PanelBuilder b;
  for (std::size_t r = 0; r < inputs.size(); ++r) {
    const int year = std::stoi(inputs.cell(r, 1).substr(0, 4));
    for (std::size_t c = 3; c < inputs.header.size(); ++c)
      b.set(inputs.cell(r, 0), inputs.header[c], year, inputs.number(r, c));
  }
  const index::Pipeline pipeline(spec);
  const index::IndexInput input = index::assemble_input(spec, {{"elcano", b.build()}});
  const index::IndexResult result = pipeline.run(input);
  IndexRun run{pipeline, input, result, {}, {{"un840", "United States"}}, {}};
  for (const auto& year : result.years) run.audits.push_back(index::audit_year(pipeline, year));
  const json results = results_json(run), audit = audit_json(run);
  const std::string page = index_report_html(results, audit);
  keep("elcano.html", page);

  EXPECT_EQ(count(page, "<option value="), 8u);
  EXPECT_NE(page.find("<option value=\"2013\" selected>"), std::string::npos);
  // Only the latest year's table is written, with a profile and a trend cell per unit.
  EXPECT_EQ(count(page, "data-switch-panel=\"ranking-year\""), 1u);
  EXPECT_EQ(count(page, "data-switch-panel=\"ranking-year\" data-value=\"2013\">"), 1u);
  const std::string latest = element_with(page, "id=\"ranking-2013\"", "table");
  const auto keys = row_keys(latest);
  ASSERT_EQ(keys.size(), 70u);
  EXPECT_EQ(keys[0], "un840");
  EXPECT_EQ(count(latest, "<td class=\"trend\"></td>"), 70u);
  EXPECT_EQ(count(latest, "<tr class=\"detail\" id=\"profile-2013-"), 70u);
  EXPECT_EQ(page.find("id=\"ranking-1990\""), std::string::npos);
  EXPECT_NE(latest.find("places gained since 2012"), std::string::npos);
  EXPECT_EQ(count(page, "class=\"level-chart\""), 2u);
  // Every other year is held once: each unit's rank and index score as results.json has them.
  const json years = held_years(page);
  ASSERT_TRUE(years.is_object());
  ASSERT_EQ(years["years"].size(), 8u);
  EXPECT_EQ(held_ranks(years, 1990).size(), 63u);
  for (std::size_t t = 0; t < results["years"].size(); ++t) {
    const json& year = results["years"][t];
    const auto held = held_ranks(years, year["year"].get<int>());
    ASSERT_EQ(held.size(), year["units"].size()) << year["year"];
    for (const json& u : year["units"]) {
      const std::string code = u["code"].get<std::string>();
      const json& rank = u["ranks"]["iepg"];
      EXPECT_EQ(held.at(code), rank.is_null() ? 0 : std::lround(rank.get<double>()))
          << code << " " << year["year"];
    }
  }

  // Written into a file sink, the page goes out as it is made and is the same bytes
  // (template_html_test: a page of several megabytes goes out in parts).
  testing::Spilled file;
  index_report_html(file.sink, results, audit);
  file.sink.finish();
  EXPECT_EQ(file.written, page);
  EXPECT_LT(file.largest, Sink::kSpillBytes + 100000);
}

}  // namespace
}  // namespace softpower::report
