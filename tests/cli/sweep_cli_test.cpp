// `simulate sweep` (docs/diffusion.md, "Sweeps"): a grid point is the ensemble `simulate` runs
// with the same parameters, runs and seed, so its row holds final.csv's numbers bit for bit.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli.hpp"
#include "support/scratch.hpp"

namespace softpower::testing {
namespace {

std::vector<std::string> lines_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(SimulateSweep, APointIsTheEnsembleSimulateRunsWithTheSameSeed) {
  ScratchDir dir("softpower-sweep");
  const auto sweep = run_cli("simulate sweep axelrod --grid q=3:9:6,L=6 --runs 5 --seed 7 --out " +
                             (dir / "sweep").string());
  ASSERT_EQ(sweep.status, 0) << sweep.out;
  const auto plain =
      run_cli("simulate axelrod --q 9 --L 6 --runs 5 --seed 7 --out " + (dir / "plain").string());
  ASSERT_EQ(plain.status, 0) << plain.out;
  const auto rows = lines_of(dir / "sweep" / "sweep.csv");
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0],
            "point,q,L,runs,absorbed,regions_mean,regions_lo,regions_hi,smax_mean,smax_lo,smax_hi");
  // final.csv: measure,mean,sd,lo,hi,n; rows events, regions, smax.
  const auto final = lines_of(dir / "plain" / "final.csv");
  ASSERT_EQ(final.size(), 4U);
  auto cells = [](const std::string& line) {
    std::vector<std::string> out;
    std::stringstream in(line);
    for (std::string c; std::getline(in, c, ',');) out.push_back(c);
    return out;
  };
  const auto row = cells(rows[2]);
  const auto regions = cells(final[2]), smax = cells(final[3]);
  ASSERT_EQ(row.size(), 11U);
  EXPECT_EQ(row[1], "9");
  EXPECT_EQ(row[3], "5");
  EXPECT_EQ(row[5], regions[1]);
  EXPECT_EQ(row[6], regions[3]);
  EXPECT_EQ(row[7], regions[4]);
  EXPECT_EQ(row[8], smax[1]);
  EXPECT_EQ(row[9], smax[3]);
  EXPECT_EQ(row[10], smax[4]);
}

TEST(SimulateSweep, AGridPointOutOfBoundsIsRefusedBeforeAnyRun) {
  ScratchDir dir("softpower-sweep");
  const auto out = run_cli("simulate sweep axelrod --grid L=0:10:5 --out " + (dir / "x").string());
  EXPECT_EQ(out.status, 1);
  EXPECT_EQ(out.out, "softpower: error: --grid at L=0: --L: must be between 1 and 10000, not 0\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "x"));
}

}  // namespace
}  // namespace softpower::testing
