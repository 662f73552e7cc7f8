// `network build` and `network imbalance` on the shared data, as a user runs them: the counts of
// the files, the tables' agreement with each other, and the errors.

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "softpower/core/table.hpp"
#include "support/cli.hpp"
#include "support/data.hpp"
#include "support/paths.hpp"
#include "support/scratch.hpp"
#include "support/text.hpp"

namespace softpower {
namespace {

namespace fs = std::filesystem;

nlohmann::json answer(const std::string& out) {
  const std::size_t at = out.rfind("\n{");
  return nlohmann::json::parse(at == std::string::npos ? out : out.substr(at + 1));
}

TEST(NetworkCli, BuildAndImbalanceOnAlliances) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-network-cli");
  const std::string d = " --data " + data.string();
  auto r = testing::run_cli("--json network build alliances --from 2017 --to 2018" + d + " --out " +
                            (dir / "build").string());
  ASSERT_EQ(r.status, 0) << r.out;
  const nlohmann::json built = answer(r.out);
  ASSERT_EQ(built["years"].size(), 2u);
  EXPECT_EQ(built["years"][1]["nodes"], 186);  // as networkx counts them from the file
  EXPECT_EQ(built["years"][1]["ties"], 8456);
  EXPECT_EQ(built["years"][1]["top_pagerank"][0], "USA");
  const Table nodes = read_csv(dir / "build" / "nodes.csv");
  const Table edges = read_csv(dir / "build" / "edges.csv");
  std::size_t nodes_2018 = 0, edges_2018 = 0;
  double pagerank = 0;
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    if (nodes.cell(k, 0) != "2018") continue;
    ++nodes_2018;
    pagerank += nodes.number(k, nodes.column("pagerank"));
  }
  for (std::size_t k = 0; k < edges.size(); ++k) edges_2018 += edges.cell(k, 0) == "2018" ? 1 : 0;
  EXPECT_EQ(nodes_2018, 186u);
  EXPECT_EQ(edges_2018, 8456u);  // directed: one row per tie
  EXPECT_NEAR(pagerank, 1.0, 1e-9);
  // 2018 against 2017: the same 186 countries in the same communities.
  const Table communities = read_csv(dir / "build" / "communities.csv");
  ASSERT_EQ(communities.size(), 1u);
  EXPECT_EQ(communities.cell(0, communities.column("year")), "2018");
  EXPECT_EQ(communities.cell(0, communities.column("previous_year")), "2017");
  EXPECT_EQ(communities.number(0, communities.column("countries")), 186);
  EXPECT_EQ(communities.number(0, communities.column("adjusted_rand")), 1);
  EXPECT_EQ(communities.number(0, communities.column("moved")), 0);

  r = testing::run_cli("--json network imbalance alliances --country USA --year 2018" + d +
                       " --out " + (dir / "usa").string());
  ASSERT_EQ(r.status, 0) << r.out;
  const nlohmann::json usa = answer(r.out);
  const Table imbalance = read_csv(dir / "usa" / "imbalance.csv");
  EXPECT_EQ(usa["partners"], imbalance.size());
  double shares = 0;
  for (std::size_t k = 0; k < imbalance.size(); ++k)
    shares += imbalance.number(k, imbalance.column("share_of_country"));
  EXPECT_NEAR(shares, 1.0, 1e-12);  // the USA's ties out, all of them
  const Table concentration = read_csv(dir / "usa" / "concentration.csv");
  EXPECT_EQ(concentration.size(), 186u);
  // The page: one row per partner, Canada (the largest flow) first.
  const std::string page = testing::slurp(dir / "usa" / "imbalance.html");
  EXPECT_EQ(testing::count(page, "</td></tr>\n"), imbalance.size() + 16);  // + 16 concentration
  EXPECT_NE(
      page.find("United States has ties with " + std::to_string(imbalance.size()) + " partners"),
      std::string::npos);

  for (const auto& [args, expected] : std::vector<std::pair<std::string, std::string>>{
           {"network build igo", "--year: give the year (--year Y), or a range"},
           {"network build igo --year 2000 --from 1990 --to 2000", "give --year, or --from"},
           {"network build igo --from 2000 --to 1990", "--from 2000 is after --to 1990"},
           {"network build stars --year 2000", "stars"},
           {"network imbalance igo --country XYZ --year 2000",
            "--country XYZ: no igo ties in 2000"},
       }) {
    r = testing::run_cli(args + d + " --out " + (dir / "bad").string());
    EXPECT_EQ(r.status, 1) << args << "\n" << r.out;
    EXPECT_NE(r.out.find(expected), std::string::npos) << args << "\n" << r.out;
  }
}

// Rows of a year in a built table, by country (nodes.csv) or tie (edges.csv).
std::map<std::string, std::size_t> rows_of_year(const Table& t, const std::string& year) {
  std::map<std::string, std::size_t> rows;
  for (std::size_t k = 0; k < t.size(); ++k) {
    if (t.cell(k, 0) == year)
      rows[t.cell(k, 1) + (t.header[2] == "target" ? ">" + t.cell(k, 2) : "")] = k;
  }
  return rows;
}

// US diplomatic presence as a star: in 2020 the file gives 194 countries, 167 with an embassy,
// 22 a non-resident ambassador, 1 an interests section (Iran) and 4 none.
TEST(NetworkCli, UsMissionsAreAStarFromTheUsa) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-network-us");
  const std::string d = " --data " + data.string();
  auto r = testing::run_cli("--json network build us-missions --year 2020" + d + " --out " +
                            (dir / "us").string());
  ASSERT_EQ(r.status, 0) << r.out;
  const nlohmann::json built = answer(r.out);
  EXPECT_EQ(built["years"][0]["ties"], 190);
  EXPECT_EQ(built["years"][0]["nodes"], 191);
  EXPECT_EQ(built["directed"], true);
  const Table nodes = read_csv(dir / "us" / "nodes.csv");
  const Table edges = read_csv(dir / "us" / "edges.csv");
  const auto node = rows_of_year(nodes, "2020");
  ASSERT_TRUE(node.count("USA"));
  EXPECT_EQ(nodes.number(node.at("USA"), nodes.column("out_degree")), 190);
  EXPECT_EQ(nodes.number(node.at("USA"), nodes.column("in_degree")), 0);
  EXPECT_EQ(nodes.number(node.at("USA"), nodes.column("out_strength")), 167 * 8 + 22 * 7 + 1);
  const auto tie = rows_of_year(edges, "2020");
  EXPECT_EQ(tie.size(), 190u);
  for (const auto& [key, k] : tie) EXPECT_EQ(edges.cell(k, 1), "USA") << key;
  EXPECT_EQ(edges.number(tie.at("USA>IRN"), edges.column("weight")), 1);  // interests section
  EXPECT_EQ(edges.number(tie.at("USA>FRA"), edges.column("weight")), 8);  // embassy
}

// China's public diplomacy: ties from China weighted by one activity; the counts and sums as
// Python's csv module reads them from the files.
TEST(NetworkCli, ChinaDiplomacyTiesAreTheActivityOfTheYear) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-network-china");
  const std::string d = " --data " + data.string();
  auto r = testing::run_cli("--json network build china-diplomacy --from 2010 --to 2017" + d +
                            " --out " + (dir / "visits").string());
  ASSERT_EQ(r.status, 0) << r.out;
  const nlohmann::json built = answer(r.out);
  EXPECT_EQ(built["weight"], "government and military visits");  // the default activity
  const Table nodes = read_csv(dir / "visits" / "nodes.csv");
  const Table edges = read_csv(dir / "visits" / "edges.csv");
  const auto tie = rows_of_year(edges, "2010");
  EXPECT_EQ(tie.size(), 35u);  // 39 countries, 4 with none or N/A
  EXPECT_EQ(edges.number(tie.at("CHN>JPN"), edges.column("weight")), 15);
  EXPECT_EQ(edges.number(tie.at("CHN>PAK"), edges.column("weight")), 14);
  EXPECT_EQ(nodes.number(rows_of_year(nodes, "2010").at("CHN"), nodes.column("out_strength")), 358);
  // 2017: East Asia and the Pacific are N/A (collected to 2016): only South and Central Asia.
  const auto ties_2017 = rows_of_year(edges, "2017");
  EXPECT_EQ(ties_2017.size(), 12u);
  EXPECT_FALSE(ties_2017.count("CHN>JPN"));
  EXPECT_TRUE(ties_2017.count("CHN>PAK"));

  r = testing::run_cli("--json network build china-diplomacy --activity finance --year 2010" + d +
                       " --out " + (dir / "finance").string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(read_csv(dir / "finance" / "communities.csv").size(), 0u);  // one year: the header

  EXPECT_NE(r.out.find("23 projects without an amount left out"), std::string::npos) << r.out;
  const Table finance = read_csv(dir / "finance" / "edges.csv");
  const auto money = rows_of_year(finance, "2010");
  EXPECT_EQ(money.size(), 21u);
  EXPECT_NEAR(finance.number(money.at("CHN>PAK"), finance.column("weight")), 2800538201.99, 1e-3);

  r = testing::run_cli("network build china-diplomacy --activity parades --year 2010" + d +
                       " --out " + (dir / "bad").string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("parades"), std::string::npos) << r.out;
}

// GDELT media attention: every tie is a pair `perception aggregate --by year` sums, with its
// event count, except a country with itself (domestic events).
TEST(NetworkCli, MediaTiesArePerceptionsYearlyDyads) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-network-media");
  const std::string d = " --data " + data.string();
  auto r = testing::run_cli("--json network build media --from 2018 --to 2019" + d + " --out " +
                            (dir / "media").string());
  ASSERT_EQ(r.status, 0) << r.out;
  r = testing::run_cli("perception aggregate --by year" + d + " --out " + (dir / "agg").string());
  ASSERT_EQ(r.status, 0) << r.out;
  const Table dyads = read_csv(dir / "agg" / "dyads.csv");
  const Table edges = read_csv(dir / "media" / "edges.csv");
  for (const std::string year : {"2018", "2019"}) {
    std::map<std::string, double> expected;
    for (std::size_t k = 0; k < dyads.size(); ++k) {
      if (dyads.cell(k, 0) == year && dyads.cell(k, 1) != dyads.cell(k, 2))
        expected[dyads.cell(k, 1) + ">" + dyads.cell(k, 2)] =
            dyads.number(k, dyads.column("events"));
    }
    const auto ties = rows_of_year(edges, year);
    EXPECT_EQ(ties.size(), expected.size()) << year;
    for (const auto& [pair, k] : ties) {
      ASSERT_TRUE(expected.count(pair)) << pair;
      EXPECT_EQ(edges.number(k, edges.column("weight")), expected[pair]) << pair;
    }
  }
  EXPECT_EQ(rows_of_year(edges, "2019").size(), 250u);
  r = testing::run_cli("network build media --year 2019 --media-count mentions" + d + " --out " +
                       (dir / "mentions").string());
  ASSERT_EQ(r.status, 0) << r.out;
  const Table mentions = read_csv(dir / "mentions" / "edges.csv");
  std::size_t checked = 0;
  for (std::size_t k = 0; k < dyads.size(); ++k) {
    if (dyads.cell(k, 0) != "2019" || dyads.cell(k, 1) == dyads.cell(k, 2)) continue;
    const auto tie = rows_of_year(mentions, "2019").at(dyads.cell(k, 1) + ">" + dyads.cell(k, 2));
    EXPECT_EQ(mentions.number(tie, mentions.column("weight")),
              dyads.number(k, dyads.column("mentions")));
    ++checked;
  }
  EXPECT_EQ(checked, 250u);
  const std::string one = (data / "gdelt" / "events" / "20191024143000.export.CSV").string();
  r = testing::run_cli("--json network build media --year 2019 --input " + one + d + " --out " +
                       (dir / "one").string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_LT(answer(r.out)["years"][0]["ties"].get<int>(), 250);  // one of the two 2019 files
}

// --backbone keeps the ties the disparity filter finds significant: of migration's 11,529 ties
// in 2020, 1,361 at 0.05; IGO co-membership, whose ties are much alike, has none at 0.05.
TEST(NetworkCli, TheBackboneKeepsTheSignificantTies) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-network-backbone");
  const std::string d = " --data " + data.string();
  auto r = testing::run_cli("--json network build migration --year 2020 --backbone 0.05" + d +
                            " --out " + (dir / "m").string());
  ASSERT_EQ(r.status, 0) << r.out;
  const nlohmann::json m = answer(r.out);
  EXPECT_EQ(m["years"][0]["ties_before_backbone"], 11529);
  EXPECT_EQ(m["years"][0]["ties"], 1361);
  EXPECT_EQ(read_csv(dir / "m" / "edges.csv").size(), 1361u);
  r = testing::run_cli("--json network build igo --year 2014 --backbone 0.05" + d + " --out " +
                       (dir / "i").string());
  ASSERT_EQ(r.status, 0) << r.out;
  const nlohmann::json i = answer(r.out);
  EXPECT_EQ(i["years"][0]["ties"], 0);
  EXPECT_EQ(i["years"][0]["communities"], 195);  // every country on its own
}

// UN agreement as a network: each tie's weight is the pair's agreement that `alignment agreement
// --by year` reports, and --threshold and --min-votes leave out what they say.
TEST(NetworkCli, UnAgreementTiesAreTheAlignmentCapabilitysAgreement) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-network-un");
  const std::string d = " --data " + data.string();
  auto r = testing::run_cli("network build un-agreement --year 2019" + d + " --out " +
                            (dir / "all").string());
  ASSERT_EQ(r.status, 0) << r.out;
  r = testing::run_cli("network build un-agreement --year 2019 --threshold 0.8" + d + " --out " +
                       (dir / "close").string());
  ASSERT_EQ(r.status, 0) << r.out;
  r = testing::run_cli("alignment agreement --by year" + d + " --out " + (dir / "agr").string());
  ASSERT_EQ(r.status, 0) << r.out;
  std::map<std::string, std::pair<double, double>> agreement;  // "a|b" -> (n, agree)
  const Table a = read_csv(dir / "agr" / "agreement.csv");
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a.cell(k, 0) != "2019") continue;
    agreement[a.cell(k, 1) + "|" + a.cell(k, 2)] = {a.number(k, a.column("n")),
                                                    a.number(k, a.column("agree"))};
  }
  std::size_t expected = 0, expected_close = 0;
  for (const auto& [pair, v] : agreement) {
    expected += v.first >= 10 && v.second > 0 ? 1 : 0;
    expected_close += v.first >= 10 && v.second >= 0.8 ? 1 : 0;
  }
  const Table all = read_csv(dir / "all" / "edges.csv");
  const Table close = read_csv(dir / "close" / "edges.csv");
  EXPECT_EQ(all.size(), 2 * expected);  // undirected: a row from each end
  EXPECT_EQ(close.size(), 2 * expected_close);
  for (std::size_t k = 0; k < all.size(); ++k) {
    const std::string s = all.cell(k, 1), t = all.cell(k, 2);
    const std::string key = s < t ? s + "|" + t : t + "|" + s;
    ASSERT_TRUE(agreement.count(key)) << key;
    EXPECT_EQ(all.number(k, all.column("weight")), agreement[key].second) << key;
  }
  for (std::size_t k = 0; k < close.size(); ++k)
    EXPECT_GE(close.number(k, close.column("weight")), 0.8);
}

// Network measures as index indicators: examples/soft-power-connections.toml builds, its
// Connections pillar scores every country, and an unknown network source is refused.
TEST(NetworkCli, NetworkMeasuresAreIndicatorsOfAnIndex) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-network-index");
  const std::string d = " --data " + data.string();
  const std::string spec =
      (testing::source_dir() / "examples" / "soft-power-connections.toml").string();
  auto r =
      testing::run_cli("--verbose index build " + spec + d + " --out " + (dir / "index").string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("network-igo: "), std::string::npos) << r.out;
  const Table scores = read_csv(dir / "index" / "scores.csv");
  std::map<std::string, double> connections;
  for (std::size_t k = 0; k < scores.size(); ++k) {
    if (scores.cell(k, scores.column("code")) == "connections" &&
        scores.cell(k, scores.column("year")) == "2018")
      connections[scores.cell(k, scores.column("unit"))] = scores.number(k, scores.column("rank"));
  }
  EXPECT_EQ(connections.size(), 172u);  // 2018 (the eight-pillar index: 174)
  EXPECT_EQ(connections.at("USA"), 1);  // docs/soft-power-index.md, "A Connections pillar"
  EXPECT_EQ(connections.at("FRA"), 2);
  // The indicator is the network's measure: the USA's shared IGO memberships in 2014 as
  // `network build igo` counts them.
  r = testing::run_cli("network build igo --year 2014" + d + " --out " + (dir / "igo").string());
  ASSERT_EQ(r.status, 0) << r.out;
  const Table nodes = read_csv(dir / "igo" / "nodes.csv");
  double usa = -1;
  for (std::size_t k = 0; k < nodes.size(); ++k)
    if (nodes.cell(k, 1) == "USA") usa = nodes.number(k, nodes.column("in_strength"));
  const Table raw = read_csv(dir / "index" / "datasets" / "Raw.csv");
  bool found = false;
  for (std::size_t k = 0; k < raw.size(); ++k) {
    if (raw.cell(k, raw.column("uCode")) != "USA" || raw.cell(k, raw.column("Year")) != "2014")
      continue;
    EXPECT_EQ(raw.number(k, raw.column("igo_ties")), usa);
    found = true;
  }
  EXPECT_TRUE(found);
  // An unknown network is refused, naming the ones there are.
  const fs::path bad = dir / "bad.toml";
  std::string text = read_file(spec);
  for (std::size_t at = text.find("network-alliances"); at != std::string::npos;
       at = text.find("network-alliances", at))
    text.replace(at, 17, "network-stars");
  write_file_atomic(bad, text);
  r = testing::run_cli("index build " + bad.string() + d + " --out " + (dir / "bad").string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("no network source 'stars' read from files (one of: alliances, igo, "
                       "students, migration, us-missions)"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace softpower
