// The main job: examples/soft-power.toml builds on the real data, and the figures that
// docs/soft-power-index.md quotes hold.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "softpower/core/table.hpp"
#include "softpower/index/spec.hpp"
#include "softpower/ops/dashboard_index.hpp"
#include "softpower/ops/network_ties.hpp"
#include "support/cli.hpp"
#include "support/data.hpp"
#include "support/scratch.hpp"

namespace softpower {
namespace {

// The Soft Power 30, 2018 edition (Portland / USC Center on Public Diplomacy), in rank order.
const std::vector<std::string> kSoftPower30of2018 = {
    "GBR", "FRA", "DEU", "USA", "JPN", "CAN", "CHE", "SWE", "NLD", "AUS",
    "DNK", "ITA", "NOR", "ESP", "FIN", "BEL", "AUT", "NZL", "IRL", "KOR",
    "SGP", "PRT", "GRC", "POL", "HUN", "CZE", "CHN", "RUS", "BRA", "ARG"};

// Brand Finance's Global Soft Power Index 2021, its top nine by published score.
const std::vector<std::string> kBrandFinance2021 = {"DEU", "JPN", "GBR", "CAN", "CHE",
                                                    "USA", "FRA", "CHN", "SWE"};

// Spearman's rank correlation of `order` (rank 1 first) with the ranks in `rank`, over the
// units of `order` re-ranked among themselves (no ties in either).
double spearman(const std::vector<std::string>& order, std::map<std::string, double> rank) {
  std::vector<std::string> ours = order;
  std::sort(ours.begin(), ours.end(),
            [&](const std::string& a, const std::string& b) { return rank.at(a) < rank.at(b); });
  double d2 = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const auto at = std::find(ours.begin(), ours.end(), order[k]) - ours.begin();
    const double d = static_cast<double>(at) - static_cast<double>(k);
    d2 += d * d;
  }
  const auto n = static_cast<double>(order.size());
  return 1 - 6 * d2 / (n * (n * n - 1));
}

TEST(SoftPowerIndex, BuildsAPanelFromTheSharedData) {
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::ScratchDir scratch("soft-power");
  const auto out = scratch / "out";
  const auto r = testing::run_cli("index build " +
                                  (testing::source_dir() / "examples/soft-power.toml").string() +
                                  " --data " + data.string() + " --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.out;
  const auto results = nlohmann::json::parse(read_file(out / "results.json"));
  // Every year from 2000 to 2019, each ranking most of the world's states.
  ASSERT_EQ(results["years"].size(), 20u);
  EXPECT_EQ(results["years"][0]["year"], 2000);
  EXPECT_EQ(results["years"][18]["year"], 2018);
  EXPECT_EQ(results["years"][19]["year"], 2019);
  EXPECT_EQ(results["years"][0]["units"].size(), 163u);
  EXPECT_EQ(results["years"][19]["units"].size(), 174u);
  const auto& units = results["years"][18]["units"];
  EXPECT_EQ(units.size(), 174u);
  EXPECT_EQ(results["framework"].size(), 25u + 9u);
  std::map<std::string, double> rank;
  std::map<std::string, const nlohmann::json*> unit;
  std::vector<std::string> unscored;
  for (const auto& u : units) {
    unit[u["code"]] = &u;
    // An index below its minimum coverage (two thirds of its pillars) is not scored: Palestine
    // in 2018, with no Engagement, Values or Sustainability score (5 of 8 pillars).
    if (u["ranks"]["soft_power"].is_null()) {
      unscored.push_back(u["code"]);
      continue;
    }
    rank[u["code"]] = u["ranks"]["soft_power"].get<double>();
  }
  EXPECT_EQ(unscored, std::vector<std::string>{"PSE"});
  // The usual leaders of published soft-power rankings lead here too.
  EXPECT_EQ(rank["USA"], 1);
  for (const char* leader : {"DEU", "GBR", "FRA", "JPN"}) EXPECT_LE(rank[leader], 5) << leader;
  // Engagement: a country that does not report aid to the DAC is missing there, not zero,
  // and its pillar rests on its IGO ties and allies (China 22nd, not 0).
  EXPECT_TRUE((*unit["CHN"])["scores"]["aid_given"].is_null());
  EXPECT_EQ((*unit["CHN"])["ranks"]["engagement"], 22);
  EXPECT_EQ((*unit["FRA"])["ranks"]["engagement"], 1);
  // Territories and states outside the UN are left out by rule in every year, with a reason.
  for (const auto& year : results["years"]) {
    for (const auto& u : year["units"]) {
      for (const char* left_out : {"HKG", "MAC", "TWN", "PRI", "XKX"})
        EXPECT_NE(u["code"], left_out) << year["year"];
    }
  }
  const auto& screen = results["method"][1];
  ASSERT_EQ(screen["step"], "screen");
  EXPECT_EQ(screen["force_out"]["units"].size(), 42u);
  EXPECT_NE(screen["force_out"]["reason"].get<std::string>().find("Taiwan"), std::string::npos);
  EXPECT_NE(read_file(out / "report.html").find("Left out by rule, whatever their data: ABW"),
            std::string::npos);
  // Every dataset read is cited with its edition in results.json (and the report's sources).
  std::map<std::string, std::string> edition;
  for (const auto& d : results["datasets"]) edition[d["id"]] = d["edition"];
  EXPECT_EQ(edition.size(), 16u);
  EXPECT_EQ(edition["undp-hdr"],
            "Human Development Report 2021/22, composite indices time series 1990-2021");
  EXPECT_EQ(edition["network-alliances"].find("ATOP v5.1"), 0u);
  EXPECT_NE(read_file(out / "report.html")
                .find("Edition: Human Development Report 2021/22, composite indices"),
            std::string::npos);
  // Face validity (docs/soft-power-index.md): the Soft Power 30 of 2018 over its 30 states,
  // and the five largest differences.
  EXPECT_NEAR(spearman(kSoftPower30of2018, rank), 0.754, 5e-4);
  EXPECT_EQ(rank["CHN"], 11);  // Soft Power 30: 27th
  EXPECT_EQ(rank["RUS"], 16);  // 28th
  EXPECT_EQ(rank["BRA"], 19);  // 29th
  EXPECT_EQ(rank["FIN"], 28);  // 15th
  EXPECT_EQ(rank["NZL"], 29);  // 18th
  EXPECT_NEAR(spearman(kBrandFinance2021, rank), 0.533, 5e-4);
  // 2019, the last year: the same leaders and correlations, Palestine again not scored.
  std::map<std::string, double> rank2019;
  for (const auto& u : results["years"][19]["units"]) {
    if (!u["ranks"]["soft_power"].is_null()) rank2019[u["code"]] = u["ranks"]["soft_power"];
  }
  EXPECT_EQ(rank2019.size(), 173u);
  EXPECT_EQ(rank2019.count("PSE"), 0u);
  EXPECT_EQ(rank2019["USA"], 1);
  EXPECT_EQ(rank2019["ESP"], 6);  // and Italy 7th: they swap places from 2018
  EXPECT_NEAR(spearman(kSoftPower30of2018, rank2019), 0.756, 5e-4);
  EXPECT_NEAR(spearman(kBrandFinance2021, rank2019), 0.533, 5e-4);
  // ATOP ends in 2018: 2019 takes each state's allies of 2018 (or none), flagged so.
  const std::string coverage = read_file(out / "coverage.csv");
  EXPECT_NE(coverage.find("\nUSA,2019,allies,1,imputed,zero,2018,2018,,0,\n"), std::string::npos);
  EXPECT_NE(coverage.find("\nUSA,2019,igo_ties,1,imputed,latest,2014,2014,,0,\n"),
            std::string::npos);
  const Table imputed = read_csv(out / "datasets" / "Imputed.csv");
  std::map<std::string, double> usa_allies;
  for (std::size_t k = 0; k < imputed.size(); ++k) {
    if (imputed.cell(k, imputed.column("uCode")) == "USA")
      usa_allies[imputed.cell(k, imputed.column("Year"))] =
          imputed.number(k, imputed.column("allies"));
  }
  EXPECT_GT(usa_allies.at("2018"), 0);
  EXPECT_EQ(usa_allies.at("2019"), usa_allies.at("2018"));
  // Every pillar is internally consistent enough to aggregate (Cronbach's alpha > 0.3) but
  // Sustainability, which weighs development against the pressures it causes on purpose.
  const auto audit = nlohmann::json::parse(read_file(out / "audit.json"));
  for (const auto& a : audit["years"][18]["aggregates"]) {
    if (a["code"] == "sustainability") {
      EXPECT_NEAR(a["cronbach_alpha"].get<double>(), 0.18, 0.005);
    } else {
      EXPECT_GT(a["cronbach_alpha"].get<double>(), 0.3) << a["code"];
    }
  }
}

// The dashboard's drill-down (GET /api/index/country, `index country`) cites each indicator's
// dataset with its edition, the network datasets' too.
TEST(SoftPowerIndex, TheCountryDrillDownNamesEachIndicatorsEdition) {
  SOFTPOWER_REQUIRE_DATA(data);
  const auto r = testing::run_cli("index country " +
                                  (testing::source_dir() / "examples/soft-power.toml").string() +
                                  " --country FRA --year 2019 --data " + data.string());
  ASSERT_EQ(r.status, 0) << r.out;
  const auto answer = nlohmann::json::parse(r.out.substr(r.out.find('{')));
  std::map<std::string, std::string> edition;
  for (const auto& i : answer["indicators"]) edition[i["code"]] = i["source"]["edition"];
  EXPECT_EQ(edition.size(), 25u);
  EXPECT_EQ(edition["human_development"],
            "Human Development Report 2021/22, composite indices time series 1990-2021");
  EXPECT_EQ(edition["top_universities"],
            "US News Best Global Universities 2022-2023 (the file's first line)");
  EXPECT_EQ(edition["allies"].find("ATOP v5.1"), 0u);
}

// A network dataset is measured from as far back as its indicators' imputation reaches, not
// ten years before the first year whatever the spec (most of `index build`'s time was there).
TEST(SoftPowerIndex, NetworkMeasuresAreReadAsFarBackAsImputationReaches) {
  const auto file = testing::source_dir() / "examples/soft-power.toml";
  index::Spec spec = index::parse_spec(read_file(file), file.string());
  EXPECT_EQ(networks::network_look_back(spec, "network-igo"), 5);  // latest within five years
  EXPECT_EQ(networks::network_look_back(spec, "oda"), 5);
  EXPECT_EQ(networks::network_look_back(spec, "network-students"), 0);  // no indicator
  spec.impute.max_time = 0;  // any distance back: the whole source
  EXPECT_EQ(networks::network_look_back(spec, "network-igo"), networks::kAllYears);
  spec.impute.method = index::ImputeMethod::none;
  EXPECT_EQ(networks::network_look_back(spec, "network-igo"), 0);
  spec.uncertainty.imputations = {index::ImputeMethod::linear};  // interpolates: every year
  EXPECT_EQ(networks::network_look_back(spec, "network-igo"), networks::kAllYears);
}

TEST(SoftPowerIndex, TheDashboardReadsNetworkDatasetsAsIndexBuildDoes) {
  // The dashboard's index (`softpower serve --spec`) read only the file readers, so a spec
  // with a network-* dataset (the Open Soft Power Index's Engagement) left it unavailable.
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::ScratchDir scratch("soft-power-dashboard");
  const auto spec = scratch / "allies.toml";
  write_file_atomic(spec,
                    "[index]\nname = \"allies\"\nyear = 2018\n"
                    "[data]\ndatasets = [\"network-alliances\"]\n"
                    "[[aggregate]]\ncode = \"root\"\n"
                    "[[indicator]]\ncode = \"allies\"\nparent = \"root\"\n"
                    "source = \"network-alliances:in_degree\"\n");
  const auto dashboard = build_dashboard_index(spec, data);
  const auto r = testing::run_cli("index build " + spec.string() + " --data " + data.string() +
                                  " --out " + (scratch / "out").string());
  ASSERT_EQ(r.status, 0) << r.out;
  const auto results = nlohmann::json::parse(read_file(scratch / "out" / "results.json"));
  const auto& built = results["years"][0]["units"];
  const auto& shown = dashboard->year(2018);
  ASSERT_EQ(shown.rows.size(), built.size());
  const int root = dashboard->pipeline->framework().root();
  for (std::size_t k = 0; k < shown.rows.size(); ++k) {
    const std::string& code = dashboard->input.units[static_cast<std::size_t>(shown.rows[k])];
    const auto it = std::find_if(built.begin(), built.end(),
                                 [&](const nlohmann::json& u) { return u["code"] == code; });
    ASSERT_NE(it, built.end()) << code;
    EXPECT_EQ(shown.scores(static_cast<Eigen::Index>(k), root),
              (*it)["scores"]["root"].get<double>())
        << code;
  }
}

}  // namespace
}  // namespace softpower
