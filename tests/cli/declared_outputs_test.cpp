// Every operation writes exactly the files it declares (Operation::outputs), with the declared
// columns: each operation is run on small inputs and its output folder's listing is compared
// with the declaration, both ways. The declaration is what the output folder's list, the run
// record and the result's "files" are made from, so a writer that drifts from it fails here.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "softpower/core/output_folder.hpp"
#include "softpower/core/table.hpp"
#include "softpower/operations.hpp"
#include "support/data.hpp"
#include "support/paths.hpp"
#include "support/scratch.hpp"

namespace softpower {
namespace {

namespace fs = std::filesystem;

class DeclaredOutputs : public ::testing::Test {
 protected:
  void SetUp() override {
    SOFTPOWER_REQUIRE_DATA(data);
    data_ = data;
  }

  // Runs `name` with `given` (and --data) and returns its result.
  nlohmann::json run(const std::string& name, const std::map<std::string, std::string>& given) {
    const Operation* op = operations().find(name);
    EXPECT_NE(op, nullptr) << name;
    Args args;
    for (const auto& [k, v] : given) args.set(k, v);
    if (op->param("data") != nullptr) args.set("data", data_.string());
    Progress progress;
    std::ostringstream log;
    Context ctx{progress, log};
    const Args valid = op->validate(args);
    nlohmann::json result = op->run(valid, ctx);
    const Param* folder = op->param("out");
    if (folder != nullptr && folder->role == ParamRole::output_folder)
      check_folder(*op, valid, fs::path(valid.text("out")), result);
    return result;
  }

  // The folder holds exactly the declared files, each CSV with its declared header.
  static void check_folder(const Operation& op, const Args& args, const fs::path& out,
                           const nlohmann::json& result) {
    std::vector<const OutputFile*> expected;
    for (const OutputFile& f : op.outputs) {
      if (f.when.empty() || args.has(f.when)) expected.push_back(&f);
    }
    std::set<const OutputFile*> seen;
    for (const auto& entry : fs::recursive_directory_iterator(out)) {
      if (!entry.is_regular_file() || is_output_bookkeeping(entry.path())) continue;
      const std::string name = fs::relative(entry.path(), out).generic_string();
      const OutputFile* declared = nullptr;
      for (const OutputFile* f : expected) {
        if (f->matches(name) && (declared == nullptr || !f->is_pattern())) declared = f;
      }
      ASSERT_NE(declared, nullptr) << op.name << " wrote " << name << ", which it does not declare";
      seen.insert(declared);
      if (!name.ends_with(".csv")) continue;
      const std::vector<std::string> header = read_csv(entry.path()).header;
      check_columns(op.name + " " + name, declared->columns, header);
    }
    for (const OutputFile* f : expected) {
      EXPECT_TRUE(seen.count(f)) << op.name << " declares " << f->name << " but did not write it";
    }
    if (result.contains("files"))
      EXPECT_EQ(result["files"], top_level_output_names(op.outputs, args));
  }

  // A declared header: its columns exactly, or around a "..." the columns named at run time.
  static void check_columns(const std::string& what, const std::vector<std::string>& declared,
                            const std::vector<std::string>& header) {
    ASSERT_FALSE(declared.empty()) << what << ": a CSV without declared columns";
    const auto dots = std::find(declared.begin(), declared.end(), "...");
    if (dots == declared.end()) {
      EXPECT_EQ(header, declared) << what;
      return;
    }
    const std::vector<std::string> head(declared.begin(), dots), tail(dots + 1, declared.end());
    ASSERT_GE(header.size(), head.size() + tail.size()) << what;
    EXPECT_EQ(std::vector<std::string>(header.begin(), header.begin() + head.size()), head) << what;
    EXPECT_EQ(std::vector<std::string>(header.end() - tail.size(), header.end()), tail) << what;
  }

  std::string out(const std::string& name) const { return (root_ / name).string(); }
  std::string example(const std::string& name) const {
    return (testing::source_dir() / "examples" / name).string();
  }
  testing::ScratchDir scratch_{"softpower-declared"};
  fs::path data_;
  fs::path root_ = scratch_.path();
};

TEST_F(DeclaredOutputs, IndexOperationsWriteTheirDeclaredFiles) {
  const std::string asem = example("asem.toml");
  run("index build", {{"spec", asem}, {"out", out("build")}});
  run("index uncertainty", {{"spec", asem}, {"runs", "4"}, {"out", out("uncertainty")}});
  run("index sensitivity",
      {{"spec", asem}, {"runs", "4"}, {"bootstrap", "5"}, {"out", out("sensitivity")}});
  run("index reach", {{"spec", asem}, {"out", out("reach")}});
}

TEST_F(DeclaredOutputs, AlignmentOperationsWriteTheirDeclaredFiles) {
  run("alignment agreement", {{"issue", "nu"}, {"by", "year"}, {"out", out("agreement")}});
  run("alignment with", {{"country", "CUB"}, {"positions", "none"}, {"out", out("with")}});
  run("alignment ideal-points", {{"format", "voeten"}, {"out", out("ideal")}});
  run("alignment bridges", {{"out", out("bridges")}});
}

TEST_F(DeclaredOutputs, PerceptionOperationsWriteTheirDeclaredFiles) {
  const nlohmann::json generated =
      run("perception generate", {{"out", out("events.csv")}, {"rows", "3000"}});
  EXPECT_TRUE(fs::is_regular_file(root_ / "events.csv")) << generated.dump();
  run("perception aggregate", {{"input", out("events.csv")}, {"out", out("aggregate")}});
  run("perception shifts", {{"input", out("events.csv")}, {"out", out("shifts")}});
}

TEST_F(DeclaredOutputs, SimulateWritesItsDeclaredFilesWithAndWithoutCompare) {
  run("simulate", {{"scenario", "axelrod"}, {"L", "5"}, {"runs", "2"}, {"out", out("plain")}});
  const std::string small = example("scenarios/small.toml");
  run("simulate",
      {{"scenario", small}, {"compare", small}, {"runs", "2"}, {"out", out("compare")}});
  run("simulate sweep",
      {{"scenario", "axelrod"}, {"grid", "q=2:4:2,L=3:4:1"}, {"runs", "2"}, {"out", out("sweep")}});
}

TEST_F(DeclaredOutputs, EvaluationOperationsWriteTheirDeclaredFiles) {
  const fs::path evaluation = data_ / "evaluation";
  run("evaluate panel", {{"file", (evaluation / "california_prop99.csv").string()},
                         {"unit", "State"},
                         {"time", "Year"},
                         {"outcome", "PacksPerCapita"},
                         {"treatment", "treated"},
                         {"se", "none"},
                         {"out", out("panel")}});
  run("evaluate staggered", {{"file", (evaluation / "mpdta.csv").string()},
                             {"unit", "countyreal"},
                             {"time", "year"},
                             {"outcome", "lemp"},
                             {"cohort", "first.treat"},
                             {"reps", "0"},
                             {"out", out("staggered")}});
}

TEST_F(DeclaredOutputs, NetworkBuildWritesItsDeclaredFiles) {
  run("network build", {{"source", "alliances"}, {"year", "2000"}, {"out", out("network")}});
  run("network imbalance",
      {{"source", "alliances"}, {"country", "USA"}, {"year", "2000"}, {"out", out("imbalance")}});
}

TEST_F(DeclaredOutputs, OpinionOperationsWriteTheirDeclaredFiles) {
  run("opinion series", {{"out", out("opinion-series")}});
  run("opinion shifts", {{"public", "KOR"}, {"out", out("opinion-shifts")}});
  run("opinion validity", {{"replicates", "10"}, {"out", out("opinion-validity")}});
}

// Every operation with an output folder is among those run above.
TEST(DeclaredOutputsCoverage, EveryOperationWithAnOutputFolderIsChecked) {
  const std::set<std::string> checked = {
      "index build",         "index uncertainty", "index sensitivity",      "index reach",
      "alignment agreement", "alignment with",    "alignment ideal-points", "perception aggregate",
      "perception shifts",   "simulate",          "simulate sweep",         "evaluate panel",
      "evaluate staggered",  "network build",     "network imbalance",      "opinion series",
      "opinion shifts",      "opinion validity",  "alignment bridges"};
  for (const Operation& op : operations().all()) {
    const Param* out = op.param("out");
    if (out == nullptr || out->role != ParamRole::output_folder) continue;
    EXPECT_TRUE(checked.count(op.name)) << op.name << " is not run by DeclaredOutputs";
  }
}

}  // namespace
}  // namespace softpower
