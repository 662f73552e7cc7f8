// The networks capability's measures against an independent implementation (networkx, stored
// in tests/reference/networks/ with the script that made them) on real yearly graphs, and
// Leiden's communities on Zachary's karate club (docs/networks.md, "Validation").

#include "softpower/networks/measures.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "softpower/core/countries.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"
#include "softpower/networks/graph.hpp"
#include "softpower/report/network_csv.hpp"
#include "softpower/sources/network_dyads.hpp"
#include "support/data.hpp"
#include "support/paths.hpp"

namespace softpower::networks {
namespace {

namespace fs = std::filesystem;

fs::path reference(const std::string& name) {
  return testing::source_dir() / "tests" / "reference" / "networks" / "networkx" / name;
}

// One year's measures against networkx's, country by country (COW code as the key).
void expect_like_networkx(const DyadSet& ties, int year, const std::string& name) {
  const YearGraph g = year_graph(ties, year);
  const NodeMeasures m = measure(g.graph);
  const Table expected = read_csv(reference(name + ".csv"));
  const Table counts = read_csv(reference("counts.csv"));
  for (std::size_t r = 0; r < counts.size(); ++r) {
    if (counts.cell(r, 0) != name) continue;
    EXPECT_EQ(g.graph.nodes(), counts.number(r, 1)) << name;
    EXPECT_EQ(g.graph.edges(), counts.number(r, 2)) << name;
  }
  ASSERT_EQ(g.labels.size(), expected.size()) << name;
  std::map<std::string, std::size_t> row_of;
  for (std::size_t r = 0; r < expected.size(); ++r) row_of[expected.cell(r, 0)] = r;
  const CountryRegistry& registry = CountryRegistry::world();
  for (std::size_t i = 0; i < g.labels.size(); ++i) {
    const Country* c = registry.find(CodeSystem::iso3, g.labels[i], year);
    if (c == nullptr) c = registry.find(CodeSystem::key, g.labels[i], year);
    ASSERT_NE(c, nullptr) << g.labels[i];
    const std::string cow = c->code_in(CodeSystem::cow_numeric);
    ASSERT_TRUE(row_of.count(cow)) << name << " " << g.labels[i] << " (COW " << cow << ")";
    const std::size_t r = row_of[cow];
    const auto value = [&](const char* column) {
      return expected.number(r, expected.column(column));
    };
    const std::string what = name + " " + g.labels[i];
    EXPECT_EQ(m.in_degree[i], value("in_degree")) << what;
    EXPECT_EQ(m.out_degree[i], value("out_degree")) << what;
    EXPECT_EQ(m.in_strength[i], value("in_strength")) << what;
    EXPECT_EQ(m.out_strength[i], value("out_strength")) << what;
    EXPECT_NEAR(m.pagerank[i], value("pagerank"), 1e-9) << what;
    EXPECT_NEAR(m.eigenvector[i], value("eigenvector"), 1e-6) << what;
    EXPECT_NEAR(m.betweenness[i], value("betweenness"), 1e-6 * std::max(1.0, value("betweenness")))
        << what;
    EXPECT_NEAR(m.harmonic[i], value("harmonic"), 1e-9 * std::max(1.0, value("harmonic"))) << what;
  }
}

TEST(NetworkMeasures, AlliancesAndIgosAsNetworkxComputesThem) {
  SOFTPOWER_REQUIRE_DATA(data);
  std::vector<sources::UnmappedRow> unmapped;
  const DyadSet atop = sources::read_atop_alliances(data, 2018, 2018, unmapped);
  EXPECT_TRUE(atop.directed);
  expect_like_networkx(atop, 2018, "atop-2018");
  const DyadSet igo = sources::read_cow_igo(data, 1950, 1950, unmapped);
  EXPECT_FALSE(igo.directed);
  expect_like_networkx(igo, 1950, "igo-1950");
  EXPECT_TRUE(unmapped.empty()) << unmapped.size() << " rows, e.g. line "
                                << unmapped.front().where.line << " " << unmapped.front().value;
}

// Zachary's karate club (Zachary 1977, 34 members, 78 ties), nodes numbered from 0.
const std::vector<Graph::Edge> kKarate = {
    {0, 1},   {0, 2},   {0, 3},   {0, 4},   {0, 5},   {0, 6},   {0, 7},   {0, 8},   {0, 10},
    {0, 11},  {0, 12},  {0, 13},  {0, 17},  {0, 19},  {0, 21},  {0, 31},  {1, 2},   {1, 3},
    {1, 7},   {1, 13},  {1, 17},  {1, 19},  {1, 21},  {1, 30},  {2, 3},   {2, 7},   {2, 8},
    {2, 9},   {2, 13},  {2, 27},  {2, 28},  {2, 32},  {3, 7},   {3, 12},  {3, 13},  {4, 6},
    {4, 10},  {5, 6},   {5, 10},  {5, 16},  {6, 16},  {8, 30},  {8, 32},  {8, 33},  {9, 33},
    {13, 33}, {14, 32}, {14, 33}, {15, 32}, {15, 33}, {18, 32}, {18, 33}, {19, 33}, {20, 32},
    {20, 33}, {22, 32}, {22, 33}, {23, 25}, {23, 27}, {23, 29}, {23, 32}, {23, 33}, {24, 25},
    {24, 27}, {24, 31}, {25, 31}, {26, 29}, {26, 33}, {27, 33}, {28, 31}, {28, 33}, {29, 32},
    {29, 33}, {30, 32}, {30, 33}, {31, 32}, {31, 33}, {32, 33}};

TEST(NetworkMeasures, LeidenFindsTheKarateClubsBestPartition) {
  ASSERT_EQ(kKarate.size(), 78u);
  const Graph g(34, kKarate, std::vector<double>(kKarate.size(), 1.0), false);
  const Communities c = leiden_communities(g, 1.0, 1, 10);
  // The maximum modularity of the club is 0.4198 (Brandes et al. 2008), in four communities.
  EXPECT_NEAR(c.modularity, 0.4198, 5e-5);
  EXPECT_EQ(c.count, 4);
  EXPECT_NEAR(modularity(g, c.membership, 1.0), c.modularity, 1e-12);
  // The instructor (0) and the president (33) end up apart; communities numbered by size.
  EXPECT_NE(c.membership[0], c.membership[33]);
  std::map<int, int> sizes;
  for (const int k : c.membership) ++sizes[k];
  for (int k = 1; k < c.count; ++k) EXPECT_GE(sizes[k - 1], sizes[k]);
  // One community: modularity 0; a higher resolution gives more communities.
  EXPECT_NEAR(modularity(g, std::vector<int>(34, 0), 1.0), 0.0, 1e-12);
  EXPECT_GT(leiden_communities(g, 3.0, 1, 10).count, 4);
  // The same seed, the same partition.
  EXPECT_EQ(leiden_communities(g, 1.0, 1, 10).membership, c.membership);
}

// A graph's measures do not depend on what the process computed before (igraph's one random
// generator is seeded for the eigenvector solvers as for the communities): alliances 2018
// measured alone, and after 2017.
TEST(NetworkMeasures, MeasuresDoNotDependOnEarlierWork) {
  SOFTPOWER_REQUIRE_DATA(data);
  std::vector<sources::UnmappedRow> unmapped;
  const DyadSet atop = sources::read_atop_alliances(data, 2017, 2018, unmapped);
  const YearGraph y2018 = year_graph(atop, 2018);
  const NodeMeasures alone = measure(y2018.graph);
  (void)measure(year_graph(atop, 2017).graph);
  const NodeMeasures after = measure(y2018.graph);
  EXPECT_EQ(alone.eigenvector, after.eigenvector);
  EXPECT_EQ(alone.hub, after.hub);
  EXPECT_EQ(alone.authority, after.authority);
  EXPECT_EQ(alone.community, after.community);
}

TEST(NetworkMeasures, TiesAreSharedOutAndBadGraphsRefused) {
  // A gives 3 to B and 1 to C; B gives 2 back to A.
  DyadSet ties{
      "t",
      true,
      "w",
      {{"A", "B", 2000, 3}, {"A", "C", 2000, 1}, {"B", "A", 2000, 2}, {"A", "B", 2001, 5}}};
  const YearGraph g = year_graph(ties, 2000);
  EXPECT_EQ(g.labels, (std::vector<std::string>{"A", "B", "C"}));
  std::string text;
  report::append_network_edges(text, g);
  EXPECT_EQ(text,
            "year,source,target,weight,share_of_source,reciprocal\n"
            "2000,A,B,3,0.75,1\n"
            "2000,A,C,1,0.25,0\n"
            "2000,B,A,2,1,1\n");
  const NodeMeasures m = measure(g.graph);
  EXPECT_EQ(m.out_strength, (std::vector<double>{4, 2, 0}));
  EXPECT_EQ(m.in_strength, (std::vector<double>{2, 3, 1}));
  double total = 0;
  for (double p : m.pagerank) total += p;
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_THROW(Graph(2, {{0, 2}}, {1.0}, true), Error);
  EXPECT_THROW(Graph(2, {{0, 1}}, {0.0}, true), Error);
  EXPECT_THROW(Graph(2, {{0, 1}}, {}, true), Error);
  EXPECT_EQ(year_graph(ties, 1999).graph.nodes(), 0u);
  EXPECT_TRUE(measure(year_graph(ties, 1999).graph).pagerank.empty());
}

}  // namespace
}  // namespace softpower::networks
