// Community changes between years (docs/networks.md, "Community changes"): igraph's comparison
// measures against values worked out by hand, the matching of communities, and a real change,
// the end of the Warsaw Pact in ATOP's alliances.

#include "softpower/networks/community_change.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "softpower/core/error.hpp"
#include "softpower/networks/graph.hpp"
#include "softpower/networks/measures.hpp"
#include "softpower/sources/network_dyads.hpp"
#include "support/data.hpp"

namespace softpower::networks {
namespace {

// Six countries, two communities of three, then three of two:
//   before {a b c} {d e f}, after {a b} {c d} {e f}.
// Contingency table (rows before, columns after): [2 1 0; 0 1 2]. Pairs together in both:
// C(2,2) + C(2,2) = 2; pairs together before: 2 C(3,2) = 6; after: 3 C(2,2) = 3; all pairs
// C(6,2) = 15. Adjusted Rand (Hubert and Arabie 1985): (2 - 6·3/15) / ((6 + 3)/2 - 6·3/15)
// = 0.8 / 3.3 = 8/33. Mutual information: two cells of probability 1/3 with marginals 1/2 and
// 1/3, each (1/3) ln 2, the cells of 1/6 contribute 0: I = (2/3) ln 2; H(before) = ln 2,
// H(after) = ln 3; NMI = 2 I / (H + H) = (4/3) ln 2 / ln 6.
TEST(CommunityChange, AdjustedRandAndNmiAsWorkedOutByHand) {
  const Partition before{{"a", "b", "c", "d", "e", "f"}, {0, 0, 0, 1, 1, 1}};
  const Partition after{{"a", "b", "c", "d", "e", "f"}, {0, 0, 1, 1, 2, 2}};
  const CommunityChange change = compare_partitions(before, after);
  EXPECT_EQ(change.common, 6u);
  EXPECT_NEAR(change.adjusted_rand, 8.0 / 33.0, 1e-12);
  EXPECT_NEAR(change.nmi, (4.0 / 3.0) * std::log(2.0) / std::log(6.0), 1e-12);
  // Overlaps: {a b c}∩{a b} = 2 and {d e f}∩{e f} = 2 are matched first; {c d} is left without
  // a match, so c and d moved.
  EXPECT_EQ(change.moved, (std::vector<std::string>{"c", "d"}));
}

TEST(CommunityChange, RenumberedPartitionsAreTheSameAndOnlyCommonCountriesCount) {
  // The same grouping under other numbers and another order, with a country gone (g) and one
  // new (h): nothing changed among the six both years have.
  const Partition before{{"a", "b", "c", "d", "e", "f", "g"}, {0, 0, 0, 1, 1, 1, 1}};
  const Partition after{{"f", "e", "h", "d", "c", "b", "a"}, {0, 0, 1, 0, 2, 2, 2}};
  const CommunityChange change = compare_partitions(before, after);
  EXPECT_EQ(change.common, 6u);
  EXPECT_DOUBLE_EQ(change.adjusted_rand, 1.0);
  EXPECT_DOUBLE_EQ(change.nmi, 1.0);
  EXPECT_TRUE(change.moved.empty());

  // A merge: {a b c} and {d e f} become one; the larger overlap is a tie, broken by the
  // previous community's number, so {a b c} keeps the match and d, e, f moved.
  const Partition merged{{"a", "b", "c", "d", "e", "f"}, {0, 0, 0, 0, 0, 0}};
  const CommunityChange merge = compare_partitions({before.labels, before.community}, merged);
  EXPECT_EQ(merge.moved, (std::vector<std::string>{"d", "e", "f"}));
  // One side a single community: no better than chance, and no information.
  EXPECT_NEAR(merge.adjusted_rand, 0.0, 1e-12);
  EXPECT_NEAR(merge.nmi, 0.0, 1e-12);

  // Fewer than two countries in common: nothing to compare.
  const CommunityChange none = compare_partitions(before, Partition{{"a", "x"}, {0, 1}});
  EXPECT_EQ(none.common, 1u);
  EXPECT_TRUE(std::isnan(none.adjusted_rand));
  EXPECT_TRUE(std::isnan(none.nmi));
  EXPECT_TRUE(none.moved.empty());

  EXPECT_THROW((void)compare_partitions(Partition{{"a", "b"}, {0}}, after), Error);
  EXPECT_THROW((void)compare_partitions(after, Partition{{"a", "b"}, {0, -1}}), Error);
}

// The end of the Warsaw Pact in ATOP's alliances, at resolution 3 (at 1 the 1989 partition puts
// both Cold War blocs in one European community, and there is no bloc to break up).
TEST(CommunityChange, TheWarsawPactsEndMovesItsMembers) {
  SOFTPOWER_REQUIRE_DATA(data);
  std::vector<sources::UnmappedRow> unmapped;
  const DyadSet ties = sources::read_atop_alliances(data, 1988, 1992, unmapped);
  MeasureOptions options;
  options.resolution = 3;
  const auto partition = [&](int year) {
    YearGraph g = year_graph(ties, year);
    return Partition{g.labels, measure(g.graph, options).community};
  };
  const Partition p1988 = partition(1988), p1989 = partition(1989), p1992 = partition(1992);
  const CommunityChange calm = compare_partitions(p1988, p1989);
  const CommunityChange end = compare_partitions(p1989, p1992);
  std::cout << "[ change   ] 1988-1989: NMI " << calm.nmi << ", adjusted Rand "
            << calm.adjusted_rand << ", " << calm.moved.size() << " moved; 1989-1992: NMI "
            << end.nmi << ", adjusted Rand " << end.adjusted_rand << ", " << end.moved.size()
            << " moved:";
  for (const std::string& c : end.moved) std::cout << " " << c;
  std::cout << "\n";
  EXPECT_GT(calm.adjusted_rand, 0.95);
  EXPECT_LT(end.adjusted_rand, 0.8);
  EXPECT_LT(end.nmi, calm.nmi);
  const auto moved = [&](const std::string& c) {
    return std::binary_search(end.moved.begin(), end.moved.end(), c);
  };
  // The Soviet Union's allies outside Europe leave its bloc's community, and Hungary leaves its
  // neighbours; Poland, Bulgaria, Romania and Czechoslovakia stay together, in the community
  // matched to the 1989 bloc. (The Soviet Union, SUN, and Russia, RUS, are different countries
  // for the registry, so neither is compared.)
  for (const char* c : {"MNG", "VNM", "ETH", "MOZ", "HUN"}) EXPECT_TRUE(moved(c)) << c;
  for (const char* c : {"POL", "BGR", "ROU", "CSK"}) EXPECT_FALSE(moved(c)) << c;
  EXPECT_FALSE(moved("SUN") || moved("RUS"));
}

}  // namespace
}  // namespace softpower::networks
