// Every file source's tie count against the file itself: tests/reference/networks/ties/counts.csv
// was counted by a script with the standard library alone and without the registry (the command
// is in the script); the rows the engine must leave out are counted there too, with the reason.
// Alliances and IGOs are checked the same way with networkx (measures_test.cpp).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "softpower/core/table.hpp"
#include "softpower/networks/graph.hpp"
#include "softpower/ops/network_ties.hpp"
#include "softpower/sources/china_diplomacy.hpp"
#include "support/data.hpp"
#include "support/paths.hpp"

namespace softpower::networks {
namespace {

TEST(NetworkTieCounts, EachSourceHasTheTiesOfItsFile) {
  SOFTPOWER_REQUIRE_DATA(data);
  const Table counts =
      read_csv(testing::source_dir() / "tests" / "reference" / "networks" / "ties" / "counts.csv");
  ASSERT_EQ(counts.size(), 4u);
  for (std::size_t r = 0; r < counts.size(); ++r) {
    const std::string source = counts.cell(r, counts.column("source"));
    const int year = static_cast<int>(counts.number(r, counts.column("year")));
    std::vector<sources::UnmappedRow> unmapped;
    DyadSet ties;
    if (source == "china-diplomacy") {
      std::size_t unpriced = 0;
      ties =
          sources::read_china_diplomacy(data, "total_elite_visits", year, year, unmapped, unpriced);
    } else {
      ties = read_file_ties(source, data, year, year, unmapped);
    }
    const YearGraph g = year_graph(ties, year);
    EXPECT_EQ(g.graph.edges(), counts.number(r, counts.column("ties")))
        << source << " " << year << ": " << counts.number(r, counts.column("in_file"))
        << " in the file, " << counts.number(r, counts.column("left_out")) << " left out ("
        << counts.cell(r, counts.column("why")) << ")";
  }
}

}  // namespace
}  // namespace softpower::networks
