// The store's operations as the CLI and the HTTP API call them, the `softpower` command end
// to end, and an import of the real public data.

#include "softpower/store/operations.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "softpower/core/error.hpp"
#include "softpower/core/sha256.hpp"
#include "softpower/core/table.hpp"
#include "softpower/sources/reader.hpp"
#include "softpower/store/workspace.hpp"
#include "store/support.hpp"
#include "support/cli.hpp"
#include "support/data.hpp"

namespace softpower::store {
namespace {

using testing::ScratchDir;

class StoreOperations : public ::testing::Test {
 protected:
  StoreOperations() { register_store_operations(registry_); }

  nlohmann::json run(const std::string& name, Args args) {
    const Operation* op = registry_.find(name);
    if (op == nullptr) throw std::runtime_error("no operation " + name);
    Context context{progress_, log_};
    return op->run(op->validate(std::move(args)), context);
  }
  Args with_workspace() const {
    Args args;
    args.set("workspace", workspace().string());
    return args;
  }
  std::filesystem::path workspace() const { return dir_ / "w.workspace"; }
  std::filesystem::path write_csv() const {
    const auto file = dir_ / "museums.csv";
    write_file_atomic(file,
                      "country,year,visits,staff\n"
                      "Austria,2019,12.5,300\n"
                      "Atlantis,2019,1,1\n"
                      "Japan,2019,30,NA\n"
                      "Japan,2020,8,280\n");
    return file;
  }
  Args import_file_args() const {
    Args args = with_workspace();
    args.set("file", write_csv().string());
    args.set("unit-column", "country");
    args.set("code-system", "name");
    args.set("year-column", "year");
    args.add("value-columns", "visits,staff");
    args.set("licence", "CC-BY-4.0");
    return args;
  }

  ScratchDir dir_;
  OperationRegistry registry_;
  Progress progress_;
  std::ostringstream log_;
};

TEST_F(StoreOperations, ImportAFileThenListIt) {
  const nlohmann::json imported = run("import", import_file_args());
  ASSERT_EQ(imported["datasets"].size(), 1u);
  const nlohmann::json& d = imported["datasets"][0];
  EXPECT_EQ(d["name"], "museums");
  EXPECT_EQ(d["reader"], "csv");
  EXPECT_EQ(d["units"], 2);
  EXPECT_EQ(d["indicators"], 2);
  EXPECT_EQ(d["years"], 2);
  EXPECT_EQ(d["values"], 5);
  EXPECT_EQ(d["unmapped_rows"], 1);
  EXPECT_EQ(d["unmapped"][0]["line"], 3);
  EXPECT_EQ(d["unmapped"][0]["value"], "Atlantis");
  const std::string digest = sha256_file(dir_ / "museums.csv");
  EXPECT_EQ(d["files"][0]["sha256"], digest);
  const std::string message = imported["message"];
  EXPECT_NE(message.find("Imported 1 dataset into"), std::string::npos) << message;
  EXPECT_NE(message.find((dir_ / "museums.csv").string() + ":3: 'Atlantis' (unknown name)"),
            std::string::npos)
      << message;

  const nlohmann::json listed = run("datasets", with_workspace());
  ASSERT_EQ(listed["datasets"].size(), 1u);
  EXPECT_EQ(listed["datasets"][0]["licence"], "CC-BY-4.0");
  EXPECT_EQ(listed["datasets"][0]["indicator_codes"], nlohmann::json({"visits", "staff"}));
  EXPECT_EQ(listed["datasets"][0]["unit_codes"], nlohmann::json({"AUT", "JPN"}));
  const std::string table = listed["message"];
  EXPECT_NE(table.find("museums"), std::string::npos) << table;
  EXPECT_NE(table.find(digest.substr(0, 12)), std::string::npos) << table;
  EXPECT_EQ(table.find(digest), std::string::npos) << "the list shows a prefix only";
  EXPECT_NE(table.find("CC-BY-4.0"), std::string::npos) << table;

  Args one = with_workspace();
  one.set("name", "museums");
  const nlohmann::json detail = run("datasets", one);
  const std::string text = detail["message"];
  EXPECT_NE(text.find(digest), std::string::npos) << text;
  EXPECT_NE(text.find("1 rows not mapped to a unit: 1 unknown name"), std::string::npos) << text;
  EXPECT_EQ(detail["dataset"]["unmapped"][0]["value"], "Atlantis");

  Args absent = with_workspace();
  absent.set("name", "nothing");
  EXPECT_THROW(run("datasets", absent), Error);
}

TEST_F(StoreOperations, TheDatasetNameDefaultsToTheFileStemAndCanBeGiven) {
  Args args = import_file_args();
  args.set("name", "my-museums");
  run("import", args);
  const Workspace ws = Workspace::open_read_only(workspace());
  EXPECT_TRUE(ws.has_dataset("my-museums"));
  EXPECT_FALSE(ws.has_dataset("museums"));
  EXPECT_EQ(ws.load_dataset("my-museums").value("JPN", "staff", 2020), 280.0);
}

TEST_F(StoreOperations, ImportSaysWhatIsMissing) {
  auto expect_error = [&](const Args& args, const std::string& words) {
    try {
      run("import", args);
      ADD_FAILURE() << "no error; expected: " << words;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  expect_error(with_workspace(), "nothing to import");
  Args stray = with_workspace();
  stray.set("unit-column", "country");
  expect_error(stray, "--unit-column: used only with --file");
  Args incomplete = import_file_args();
  Args no_values = with_workspace();
  for (const auto& [name, values] : incomplete.values()) {
    if (name != "value-columns") no_values.set(name, values.front());
  }
  expect_error(no_values, "--value-columns: is required with --file");
  Args unknown = with_workspace();
  unknown.add("sources", "no-such-source");
  unknown.set("data", dir_.path().string());
  expect_error(unknown, "no-such-source");
  EXPECT_FALSE(std::filesystem::exists(workspace()));
}

TEST_F(StoreOperations, ListingAMissingOrEmptyWorkspace) {
  try {
    run("datasets", with_workspace());
    FAIL() << "listed a workspace that does not exist";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, workspace().string());
  }
  { Workspace::open(workspace()); }
  EXPECT_NE(
      run("datasets", with_workspace())["message"].get<std::string>().find("holds no datasets yet"),
      std::string::npos);
  EXPECT_NE(run("runs", with_workspace())["message"].get<std::string>().find("has no runs yet"),
            std::string::npos);
}

TEST_F(StoreOperations, RunsAreListedNewestFirstAndShownOneByOne) {
  RunId build = 0;
  {
    Workspace ws = Workspace::open(workspace());
    build = ws.begin_run("index build", {{"spec", "examples/asem.toml"}});
    ws.add_result(build, "scores.csv", "text/csv", std::string(2500, 'x'));
    ws.finish_run(build, RunStatus::ok, "Built 'ASEM' for 2018", {{"units", 51}});
    const RunId failed = ws.begin_run("index check", {{"spec", "bad.toml"}});
    ws.finish_run(failed, RunStatus::failed, "bad.toml:4: unknown parent", nullptr);
    ws.begin_run("index uncertainty", {{"runs", 1000}});
  }
  const nlohmann::json all = run("runs", with_workspace());
  ASSERT_EQ(all["runs"].size(), 3u);
  EXPECT_EQ(all["runs"][0]["operation"], "index uncertainty");
  EXPECT_EQ(all["runs"][0]["status"], "running");
  EXPECT_EQ(all["runs"][1]["status"], "failed");
  const std::string table = all["message"];
  EXPECT_NE(table.find("bad.toml:4: unknown parent"), std::string::npos) << table;
  EXPECT_NE(table.find("running"), std::string::npos) << table;

  Args limited = with_workspace();
  limited.set("limit", "1");
  EXPECT_EQ(run("runs", limited)["runs"].size(), 1u);

  Args one = with_workspace();
  one.set("id", std::to_string(build));
  const nlohmann::json shown = run("runs", one);
  EXPECT_EQ(shown["run"]["parameters"]["spec"], "examples/asem.toml");
  EXPECT_EQ(shown["run"]["results"][0]["name"], "scores.csv");
  EXPECT_EQ(shown["run"]["results"][0]["bytes"], 2500);
  const std::string text = shown["message"];
  EXPECT_NE(text.find("scores.csv  text/csv"), std::string::npos) << text;
  EXPECT_NE(text.find("2.5 kB"), std::string::npos) << text;
  EXPECT_NE(text.find("\"units\": 51"), std::string::npos) << text;

  Args missing = with_workspace();
  missing.set("id", "77");
  EXPECT_THROW(run("runs", missing), Error);
}

TEST_F(StoreOperations, TheWorkspaceComesFromTheEnvironmentWhenNotGiven) {
  const auto file = dir_ / "from-env.workspace";
  ::setenv("SOFTPOWER_WORKSPACE", file.c_str(), 1);
  Args args = import_file_args();
  Args without;
  for (const auto& [name, values] : args.values()) {
    for (const auto& v : values) {
      if (name != "workspace") without.add(name, v);
    }
  }
  run("import", without);
  ::unsetenv("SOFTPOWER_WORKSPACE");
  EXPECT_TRUE(Workspace::open_read_only(file).has_dataset("museums"));
  EXPECT_FALSE(std::filesystem::exists(workspace()));
}

// The `softpower` binary, as a user runs it; output goes to a file in the scratch folder.
struct CliResult {
  int status;
  std::string out;
};

CliResult run_softpower(const ScratchDir& dir, const std::string& arguments) {
  const auto out = dir / "cli.out";
  const int raw = std::system((std::string(softpower::testing::cli_path()) + " " + arguments +
                               " > " + out.string() + " 2>&1")
                                  .c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(out)};
}

TEST_F(StoreOperations, TheCommandLineImportsListsAndRefusesAForeignFile) {
  const std::string ws = " --workspace " + workspace().string();
  const auto imported =
      run_softpower(dir_, "import --file " + write_csv().string() +
                              " --unit-column country --code-system name --year-column year "
                              "--value-columns visits staff" +
                              ws);
  ASSERT_EQ(imported.status, 0) << imported.out;
  EXPECT_NE(imported.out.find("Imported 1 dataset"), std::string::npos) << imported.out;
  const auto listed = run_softpower(dir_, "datasets" + ws);
  ASSERT_EQ(listed.status, 0) << listed.out;
  EXPECT_NE(listed.out.find("museums"), std::string::npos) << listed.out;
  const auto json = run_softpower(dir_, "--json runs" + ws);
  ASSERT_EQ(json.status, 0) << json.out;
  EXPECT_EQ(nlohmann::json::parse(json.out)["runs"].size(), 0u);
  const auto foreign = run_softpower(dir_, "datasets --workspace " + write_csv().string());
  EXPECT_EQ(foreign.status, 1);
  EXPECT_NE(foreign.out.find("museums.csv: not a softpower workspace"), std::string::npos)
      << foreign.out;
}

// Every public source, imported as `softpower import --all` does it: each file's digest must
// be the one `sha256sum` gave for the shared data.
TEST(StoreRealData, ImportingEverySourceRecordsTheDigestsOfSha256Sums) {
  SOFTPOWER_REQUIRE_DATA(data);
  std::map<std::string, std::string> sums;
  std::ifstream in(data / "SHA256SUMS");
  for (std::string digest, path; in >> digest >> path;) sums[path.substr(2)] = digest;
  ASSERT_GT(sums.size(), 50u);

  ScratchDir dir;
  OperationRegistry registry;
  register_store_operations(registry);
  Args args;
  args.set("all", "true");
  args.set("data", data.string());
  args.set("workspace", (dir / "all.workspace").string());
  Progress progress;
  std::ostringstream log;
  Context context{progress, log};
  const Operation& import = *registry.find("import");
  const nlohmann::json result = import.run(import.validate(args), context);
  std::cout << "[ timing   ] imported " << result["datasets"].size() << " sources in "
            << result["seconds"] << " s\n";

  const Workspace ws = Workspace::open_read_only(dir / "all.workspace");
  const auto datasets = ws.datasets();
  ASSERT_EQ(datasets.size(), sources::readers().size() + sources::vote_readers().size());
  std::size_t files = 0;
  for (const DatasetRecord& d : datasets) {
    EXPECT_FALSE(d.files.empty()) << d.name;
    EXPECT_GT(d.values, 0u) << d.name;
    for (const SourceFileRecord& f : d.files) {
      ASSERT_TRUE(sums.count(f.path)) << d.name << ": " << f.path << " is not in SHA256SUMS";
      EXPECT_EQ(f.sha256, sums[f.path]) << f.path;
      ++files;
    }
  }
  EXPECT_GE(files, datasets.size());
  const Panel asem = ws.load_dataset("asem");
  EXPECT_EQ(asem.units().size(), 51u);
  EXPECT_EQ(ws.load_votes("un-votes").cast_count(), 870109u);
}

}  // namespace
}  // namespace softpower::store
