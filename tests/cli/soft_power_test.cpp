// The main job: examples/soft-power.toml builds on the real data.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "softpower/core/table.hpp"
#include "support/cli.hpp"
#include "support/data.hpp"
#include "support/scratch.hpp"

namespace softpower {
namespace {

TEST(SoftPowerIndex, BuildsFromTheSharedData) {
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::ScratchDir scratch("soft-power");
  const auto out = scratch / "out";
  const auto r = testing::run_cli("index build " +
                                  (testing::source_dir() / "examples/soft-power.toml").string() +
                                  " --data " + data.string() + " --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.out;
  const auto results = nlohmann::json::parse(read_file(out / "results.json"));
  const auto& units = results["years"][0]["units"];
  EXPECT_GE(units.size(), 170u);  // most of the world's states pass the 75% data screen
  EXPECT_EQ(results["framework"].size(), 21u + 8u);
  std::map<std::string, double> rank;
  for (const auto& u : units) rank[u["code"]] = u["ranks"]["soft_power"].get<double>();
  // The usual leaders of published soft-power rankings lead here too.
  EXPECT_EQ(rank["USA"], 1);
  for (const char* leader : {"DEU", "GBR", "FRA", "JPN"}) EXPECT_LE(rank[leader], 6) << leader;
  // Every pillar is internally consistent enough to aggregate (Cronbach's alpha > 0.3).
  const auto audit = nlohmann::json::parse(read_file(out / "audit.json"));
  for (const auto& a : audit["years"][0]["aggregates"])
    EXPECT_GT(a["cronbach_alpha"].get<double>(), 0.3) << a["code"];
}

}  // namespace
}  // namespace softpower
