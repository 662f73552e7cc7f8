// The index commands end to end, through the `softpower` binary.

#include <gtest/gtest.h>

#include <filesystem>

#include "softpower/core/table.hpp"
#include "support/cli.hpp"
#include "support/data.hpp"
#include "support/scratch.hpp"

namespace softpower {
namespace {

namespace fs = std::filesystem;

class IndexCli : public ::testing::Test {
 protected:
  void SetUp() override {
    SOFTPOWER_REQUIRE_DATA(data);
    data_ = data;
  }
  std::string common() const { return "--data " + data_.string() + " --out " + out_.string(); }
  std::string asem() const { return (testing::source_dir() / "examples/asem.toml").string(); }
  testing::ScratchDir scratch_{"softpower-cli"};
  fs::path data_;
  fs::path out_ = scratch_ / "out";
};

TEST_F(IndexCli, BuildWritesEveryOutput) {
  const auto r = testing::run_cli("index build " + asem() + " " + common());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("Switzerland"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("68.38"), std::string::npos) << r.out;
  for (const char* f :
       {"scores.csv", "results.json", "audit.json", "report.html", "datasets/Raw.csv",
        "datasets/Denominated.csv", "datasets/Imputed.csv", "datasets/Screened.csv",
        "datasets/Treated.csv", "datasets/Normalised.csv", "datasets/Aggregated.csv"}) {
    EXPECT_TRUE(fs::exists(out_ / f)) << f;
  }
}

TEST_F(IndexCli, BadSpecFailsWithFileAndLine) {
  const fs::path spec = scratch_ / "bad.toml";
  write_file_atomic(
      spec,
      "[index]\nname = \"x\"\nyear = 2018\n[data]\ndatasets = [\"asem\"]\n[[indicator]]\ncode = "
      "\"LPI\"\nparent = \"Nowhere\"\n[[aggregate]]\ncode = \"Index\"\n");
  const auto r = testing::run_cli("index build " + spec.string() + " " + common());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(
      r.out.find(spec.string() +
                 ":6: field 'indicator.parent': parent 'Nowhere' is not an [[aggregate]] code"),
      std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(out_));  // nothing half-written
}

TEST_F(IndexCli, UncertaintySensitivityReachAndReweight) {
  auto r = testing::run_cli("index uncertainty " + asem() + " --runs 40 --seed 3 " + common());
  ASSERT_EQ(r.status, 0) << r.out;
  const Table intervals = read_csv(out_ / "rank_intervals.csv");
  EXPECT_EQ(intervals.header,
            (std::vector<std::string>{"unit", "nominal", "mean", "median", "q05", "q95"}));
  EXPECT_EQ(intervals.size(), 51u);
  EXPECT_EQ(read_csv(out_ / "runs.csv").size(), 40u);
  EXPECT_TRUE(fs::exists(out_ / "uncertainty.html"));

  r = testing::run_cli("index sensitivity " + asem() + " --runs 16 --bootstrap 50 " + common());
  ASSERT_EQ(r.status, 0) << r.out;
  const Table sobol = read_csv(out_ / "sobol.csv");
  EXPECT_EQ(sobol.header,
            (std::vector<std::string>{"input", "S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi"}));
  EXPECT_EQ(sobol.size(), 4u);  // pillar weights, normalisation, aggregation, treatment

  r = testing::run_cli("index reach " + asem() + " --level 3 " + common());
  ASSERT_EQ(r.status, 0) << r.out;
  const Table reach = read_csv(out_ / "reach.csv");
  EXPECT_EQ(reach.size(), 51u);
  for (std::size_t i = 0; i < reach.size(); ++i) {
    EXPECT_LE(reach.number(i, 2), reach.number(i, 1));
    EXPECT_GE(reach.number(i, 3), reach.number(i, 1));
  }

  r = testing::run_cli("index reweight " + asem() + " --data " + data_.string() +
                       " --weight Sust=0 --top 3");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("reweighted"), std::string::npos) << r.out;
  r = testing::run_cli("index reweight " + asem() + " --data " + data_.string() +
                       " --weight Nope=1");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("no indicator or aggregate has this code"), std::string::npos) << r.out;
}

TEST_F(IndexCli, RunsAreRecordedInTheWorkspace) {
  const fs::path ws = out_.string() + ".workspace";
  auto r =
      testing::run_cli("index build " + asem() + " " + common() + " --workspace " + ws.string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("Recorded as run 1"), std::string::npos) << r.out;
  r = testing::run_cli("index build /no/such/spec.toml " + common() + " --workspace " +
                       ws.string());
  EXPECT_EQ(r.status, 1);
  r = testing::run_cli("runs --workspace " + ws.string());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("failed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/no/such/spec.toml: no such file"), std::string::npos) << r.out;
  r = testing::run_cli("runs --workspace " + ws.string() + " --id 1");
  EXPECT_NE(r.out.find("scores.csv"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("report.html"), std::string::npos) << r.out;
  fs::remove(ws);
  fs::remove(ws.string() + "-wal");
  fs::remove(ws.string() + "-shm");
}

TEST_F(IndexCli, MissingDataDirectorySaysHowToGetIt) {
  const auto r = testing::run_cli("index build " + asem() + " --data /nonexistent/data --out " +
                                  out_.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("--data /nonexistent/data: no such directory"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace softpower
