// The diffusion measures on tiny cultures computed by hand.

#include "softpower/diffusion/measures.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace softpower::diffusion {
namespace {

Culture tiny(int features, std::vector<Trait> traits) {
  Culture c;
  c.features = features;
  c.agents = static_cast<int>(traits.size()) / features;
  c.traits = 10;
  c.t = std::move(traits);
  return c;
}

TEST(DiffusionMeasures, DiversityIsTheMeanEntropyOfEachFeatureInNats) {
  // Feature 0: {0, 0, 1, 1} → ln 2; feature 1: {2, 2, 2, 2} → 0.
  const Culture c = tiny(2, {0, 2, 0, 2, 1, 2, 1, 2});
  EXPECT_NEAR(diversity(c, 0, 4), std::log(2.0) / 2, 1e-12);
  // Agents 1..3: feature 0 {0, 1, 1} → −(1/3 ln 1/3 + 2/3 ln 2/3) = 0.636514…
  EXPECT_NEAR(diversity(c, 1, 4), 0.6365141682948128 / 2, 1e-12);
  EXPECT_EQ(diversity(c, 2, 2), 0.0);
  // Four equally common traits on one feature: ln 4.
  EXPECT_NEAR(diversity(tiny(1, {0, 1, 2, 3}), 0, 4), std::log(4.0), 1e-12);
}

TEST(DiffusionMeasures, AttractionIsTheMeanSharedShareOfFeatures) {
  const Culture c = tiny(3, {1, 2, 3, 1, 0, 0, 4, 4, 4});
  const std::vector<Trait> v = {1, 2, 4};
  // Overlaps 2, 1, 1 of 3 → (2 + 1 + 1) / 9.
  EXPECT_NEAR(attraction(c, 0, 3, v), 4.0 / 9, 1e-12);
  EXPECT_NEAR(attraction(c, 0, 1, v), 2.0 / 3, 1e-12);
  EXPECT_NEAR(attraction(c, 2, 3, v), 1.0 / 3, 1e-12);
}

TEST(DiffusionMeasures, DisplacementCountsChangedEntriesThatNowMatchAForeignVector) {
  const Culture initial = tiny(3, {0, 0, 0, 1, 1, 1});
  // Agent 0: feature 0 changed to 5 (a foreign trait), feature 1 to 7 (not foreign), feature 2
  // unchanged. Agent 1: feature 2 changed to 9 (the second vector's), others unchanged.
  const Culture now = tiny(3, {5, 7, 0, 1, 1, 9});
  const std::vector<Trait> a = {5, 6, 6}, b = {8, 8, 9};
  std::vector<std::span<const Trait>> foreign = {a, b};
  EXPECT_NEAR(displacement(now, initial, 0, 2, foreign), 2.0 / 6, 1e-12);
  EXPECT_NEAR(displacement(now, initial, 0, 1, foreign), 1.0 / 3, 1e-12);
  // An entry equal to a foreign trait it already held is not displacement.
  const std::vector<Trait> c = {0, 1, 1};
  EXPECT_EQ(displacement(now, initial, 0, 2, {c}), 0.0);
  EXPECT_EQ(displacement(initial, initial, 0, 2, foreign), 0.0);
}

TEST(DiffusionMeasures, AsymmetryOfFlows) {
  EXPECT_DOUBLE_EQ(asymmetry(3, 1), 0.5);
  EXPECT_DOUBLE_EQ(asymmetry(1, 3), -0.5);
  EXPECT_DOUBLE_EQ(asymmetry(7, 0), 1.0);
  EXPECT_TRUE(std::isnan(asymmetry(0, 0)));
}

TEST(DiffusionMeasures, TheObserverNamesAndComputesEveryMeasure) {
  // Two countries of two agents on a path 0-1-2-3; A (agents 0, 1) exports.
  const Graph g = from_edges(4, {{0, 1}, {1, 2}, {2, 3}});
  const Culture initial = tiny(2, {0, 0, 0, 0, 1, 1, 2, 2});
  Layout layout;
  layout.codes = {"A", "B"};
  layout.first = {0, 2};
  layout.size = {2, 2};
  layout.exporters = {0};
  layout.vectors = {{0, 0}};
  const Observer o(g, layout, initial);
  EXPECT_EQ(o.names(), (std::vector<std::string>{
                           "regions", "smax", "diversity_A", "diversity_B", "diversity_drop_A",
                           "diversity_drop_B", "homogenisation_B", "attraction_A_A",
                           "attraction_B_A", "flows_A_B", "flows_B_A", "asymmetry_A_B"}));
  // Agent 2 has taken A's first trait: {0, 1}.
  Culture now = initial;
  now.agent(2)[0] = 0;
  const std::vector<std::uint64_t> copies = {0, 3, 1, 0};  // A→B 3, B→A 1
  const std::vector<double> row = o.observe(now, copies);
  ASSERT_EQ(row.size(), o.names().size());
  EXPECT_EQ(row[0], 3);           // {0,1}, {2}, {3}
  EXPECT_DOUBLE_EQ(row[1], 0.5);  // two of four agents
  EXPECT_DOUBLE_EQ(row[2], 0);    // A all alike
  // B now: feature 0 {0, 2}, feature 1 {1, 2}: ln 2 on both; initially also ln 2 on both.
  EXPECT_NEAR(row[3], std::log(2.0), 1e-12);
  EXPECT_DOUBLE_EQ(row[4], 0);
  EXPECT_NEAR(row[5], 0, 1e-12);
  EXPECT_DOUBLE_EQ(row[6], 1.0 / 4);  // one of B's four entries displaced by A's culture
  EXPECT_DOUBLE_EQ(row[7], 1);        // A shares everything with its own vector
  EXPECT_DOUBLE_EQ(row[8], 1.0 / 4);
  EXPECT_EQ(row[9], 3);
  EXPECT_EQ(row[10], 1);
  EXPECT_DOUBLE_EQ(row[11], 0.5);
}

TEST(DiffusionMeasures, ASingleCountryWithoutExportersHasNoForeignMeasures) {
  EXPECT_EQ(measure_names({"all"}, {}),
            (std::vector<std::string>{"regions", "smax", "diversity_all", "diversity_drop_all"}));
}

}  // namespace
}  // namespace softpower::diffusion
