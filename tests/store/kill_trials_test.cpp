// Kill trials: `softpower import` and `softpower index build` (with and without --workspace)
// SIGKILLed at seeded random moments, and the output layer killed in the middle of replacing
// folders. After every kill: the workspace passes PRAGMA integrity_check and foreign_key_check,
// what it held before is still there unchanged (datasets, runs), a dataset being imported is
// there whole or not at all, no run stays "running" once the workspace is opened again, and
// every output folder holds a complete output (the earlier one or the new one, never neither
// and never half of one), with the user's files beside it untouched. Bounded: about 10 s.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "softpower/core/output_folder.hpp"
#include "softpower/store/workspace.hpp"
#include "store/support.hpp"
#include "support/cli.hpp"
#include "support/data.hpp"

extern char** environ;

namespace softpower::store {
namespace {

namespace fs = std::filesystem;
using testing::query_file;
using testing::ScratchDir;

// splitmix64: the trials' moments depend only on the seed.
struct Moments {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Starts `softpower <words>` in `dir`, its output thrown away.
pid_t start(const std::vector<std::string>& words, const fs::path& dir) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  std::vector<std::string> all = {testing::cli_path()};
  all.insert(all.end(), words.begin(), words.end());
  std::vector<char*> argv;
  for (auto& w : all) argv.push_back(w.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

int run(const std::vector<std::string>& words, const fs::path& dir) {
  const pid_t pid = start(words, dir);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The files of a folder (relative names) with their contents, softpower's list left out.
std::map<std::string, std::string> contents(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string rel = e.path().lexically_relative(dir).generic_string();
    if (e.is_regular_file() && rel != ".softpower-outputs") files[rel] = slurp(e.path());
  }
  return files;
}

// The index name an output of `index build` carries in each of its JSON and HTML files, or
// "" when a file is missing or not whole.
std::string version_of(const fs::path& out, const std::string& file) {
  const std::string text = slurp(out / file);
  if (file == "report.html") {
    if (!text.ends_with("</html>\n") && !text.ends_with("</html>")) return "";
    for (const char* name : {"Index A", "Index B"}) {
      if (text.find(name) != std::string::npos) return name;
    }
    return "";
  }
  try {
    const auto json = nlohmann::json::parse(text);
    if (json.contains("index") && json["index"].is_string()) return json["index"];
    return json.at("index").at("name");
  } catch (const std::exception&) {
    return "";
  }
}

// A spec that is asem.toml under another name: the two outputs differ in their JSON and HTML.
void write_spec(const fs::path& path, const std::string& name) {
  std::string text = slurp(testing::source_dir() / "examples" / "asem.toml");
  const std::string old = "name = \"ASEM Sustainable Connectivity (COINr example)\"";
  text.replace(text.find(old), old.size(), "name = \"" + name + "\"");
  std::ofstream(path) << text;
}

TEST(KillTrials, ImportsAndBuildsKilledAtRandomMomentsLoseNothing) {
  SOFTPOWER_REQUIRE_DATA(data);
  ScratchDir scratch;
  const fs::path dir = scratch.path();
  const fs::path ws = dir / "w.workspace";
  write_spec(dir / "a.toml", "Index A");
  write_spec(dir / "b.toml", "Index B");
  {
    std::ofstream csv(dir / "big.csv");
    csv << "country,year,a,b,c,d\n";
    const char* codes[] = {"USA", "FRA", "DEU", "GBR", "JPN", "CHN", "IND", "BRA", "ZAF", "KOR"};
    for (int y = 1000; y < 2000; ++y) {
      for (const char* c : codes) csv << c << "," << y << "," << y % 7 << ".5,1,2,3\n";
    }
  }
  const std::vector<std::string> import_base = {
      "import", "--file",          "big.csv", "--unit-column", "country",  "--year-column",
      "year",   "--value-columns", "a,b,c,d", "--workspace",   ws.string()};
  std::vector<std::string> base_import = import_base;
  base_import.insert(base_import.end(), {"--name", "base"});
  // Each kind of trial is killed at a random moment within most of its own measured length, so
  // that most are killed mid-way on a fast machine and on a loaded one alike.
  const auto ms_since = [](std::chrono::steady_clock::time_point t) {
    return static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t)
            .count());
  };
  auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(run(base_import, dir), 0);
  const int import_ms = ms_since(started);
  // Complete outputs to start from: one folder of softpower's alone, one beside a user's file.
  fs::create_directories(dir / "shared");
  std::ofstream(dir / "shared/notes.txt") << "the user's notes";
  int build_ms = 0;
  for (const char* out : {"own", "shared"}) {
    started = std::chrono::steady_clock::now();
    ASSERT_EQ(run({"index", "build", "a.toml", "--data", data.string(), "--out", out, "--workspace",
                   ws.string()},
                  dir),
              0);
    build_ms = std::max(build_ms, ms_since(started));
  }
  const auto window_of = [](int measured) { return std::max(20, measured * 9 / 10); };
  const std::string base_values =
      query_file(ws,
                 "SELECT count(*) || ' ' || total(value) FROM dataset_values_long WHERE "
                 "dataset = 'base'");
  const std::string base_count =
      query_file(ws, "SELECT value_count FROM datasets WHERE name = 'base'");
  ASSERT_EQ(base_count, "40000\n");
  const std::string last_run = query_file(ws, "SELECT max(id) FROM runs");
  const std::string earlier_runs =
      "SELECT id || status || message FROM runs WHERE id <= " + last_run;
  const std::string runs_before = query_file(ws, earlier_runs);
  ASSERT_NE(runs_before, "");
  const auto reference = contents(dir / "own");
  ASSERT_EQ(reference.count("scores.csv"), 1U);

  Moments moments{20261206};
  int killed = 0, finished = 0;
  for (int trial = 0; trial < 20; ++trial) {
    const int kind = trial % 4;
    const std::string spec = moments.below(2) == 0 ? "a.toml" : "b.toml";
    std::vector<std::string> words;
    int window_ms = 0;
    if (kind == 0) {
      words = import_base;
      words.insert(words.end(), {"--name", "big2"});
      window_ms = window_of(import_ms);
    } else {
      words = {
          "index", "build", spec, "--data", data.string(), "--out", kind == 3 ? "shared" : "own"};
      if (kind >= 2) words.insert(words.end(), {"--workspace", ws.string()});
      window_ms = window_of(build_ms);
    }
    const int delay = moments.below(window_ms);
    SCOPED_TRACE("trial " + std::to_string(trial) + ": " + words[0] + " " + words[1] + " " +
                 words[2] + " killed after " + std::to_string(delay) + " ms");
    const pid_t pid = start(words, dir);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    ::kill(pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    (WIFSIGNALED(status) ? killed : finished) += 1;

    // The workspace: sound, with what it held before.
    EXPECT_EQ(query_file(ws, "PRAGMA integrity_check"), "ok\n");
    EXPECT_EQ(query_file(ws, "PRAGMA foreign_key_check"), "");
    EXPECT_EQ(query_file(ws,
                         "SELECT count(*) || ' ' || total(value) FROM dataset_values_long "
                         "WHERE dataset = 'base'"),
              base_values);
    // The same file as `base`: all of it or nothing.
    const std::string big2 = query_file(ws, "SELECT value_count FROM datasets WHERE name = 'big2'");
    EXPECT_TRUE(big2.empty() || big2 == base_count) << big2;
    EXPECT_EQ(query_file(ws, earlier_runs), runs_before);
    {
      Workspace opened = Workspace::open(ws);
      for (const RunRecord& r : opened.runs(0)) {
        EXPECT_NE(r.status, RunStatus::running) << "run " << r.id << " of a killed process";
      }
    }
    // The outputs: complete, one version whole in softpower's own folder, each file whole
    // beside the user's.
    for (const char* out : {"own", "shared"}) {
      const auto now = contents(dir / out);
      for (const auto& [name, text] : reference) {
        if (name.ends_with(".csv")) {
          EXPECT_EQ(now.count(name) == 1 ? now.at(name) : "(missing)", text) << out << "/" << name;
        }
      }
      std::set<std::string> versions;
      for (const char* file : {"results.json", "audit.json", "report.html"}) {
        const std::string v = version_of(dir / out, file);
        EXPECT_FALSE(v.empty()) << out << "/" << file << " is missing or not whole";
        versions.insert(v);
      }
      if (std::string(out) == "own") {
        EXPECT_EQ(versions.size(), 1U) << "own/ holds a mix of two outputs";
      }
    }
    EXPECT_EQ(slurp(dir / "shared/notes.txt"), "the user's notes");
  }
  EXPECT_GE(killed, 10) << "most trials must be killed mid-way, not after they finished";
  RecordProperty("killed", killed);
  RecordProperty("finished", finished);

  // The next run clears what the killed ones left: no staging folder anywhere.
  ASSERT_EQ(run({"index", "build", "a.toml", "--data", data.string(), "--out", "own"}, dir), 0);
  ASSERT_EQ(run({"index", "build", "a.toml", "--data", data.string(), "--out", "shared"}, dir), 0);
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    EXPECT_EQ(e.path().filename().string().find(".partial"), std::string::npos) << e.path();
  }
}

// The output layer alone, killed while it replaces folders many times a second: a child writes
// versions 1, 2, 3, ... of three files into a folder of softpower's own, into a folder beside
// the user's files and into a new folder each time, and is killed after a random moment.
TEST(KillTrials, OutputFoldersKilledMidReplacementKeepAWholeOutput) {
  ScratchDir scratch;
  const fs::path dir = scratch.path();
  fs::create_directories(dir / "shared");
  std::ofstream(dir / "shared/mine.txt") << "mine";
  const auto files_of = [](int version) {
    const std::string v = std::to_string(version);
    return std::map<std::string, std::string>{{"a.csv", "a" + v + std::string(20000, 'x')},
                                              {"sub/b.csv", "b" + v},
                                              {"c.html", "c" + v + std::string(5000, 'y')}};
  };
  write_output_folder(dir / "own", files_of(0));
  write_output_folder(dir / "shared", files_of(0));
  const auto version_in = [](const std::string& text) {
    std::size_t end = 1;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    return text.substr(1, end - 1);
  };
  Moments moments{7};
  for (int trial = 0; trial < 20; ++trial) {
    const pid_t child = ::fork();
    if (child == 0) {
      try {
        for (int version = 1;; ++version) {
          write_output_folder(dir / "own", files_of(version));
          write_output_folder(dir / "shared", files_of(version));
          // A new folder each time: the last one is moved away whole, then removed.
          const fs::path fresh = dir / ("new" + std::to_string(trial));
          const fs::path away = dir / ("away" + std::to_string(trial));
          fs::remove_all(away);
          if (fs::exists(fresh)) fs::rename(fresh, away);
          write_output_folder(fresh, files_of(version));
        }
      } catch (...) {
        ::_exit(1);  // a failure to write is a failure of the trial
      }
    }
    const int delay_us = 1000 + moments.below(30000);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status)) << "the writer stopped on its own: " << status;
    SCOPED_TRACE("trial " + std::to_string(trial) + " killed after " + std::to_string(delay_us) +
                 " us");
    for (const char* out : {"own", "shared"}) {
      const auto now = contents(dir / out);
      std::set<std::string> versions;
      for (const char* name : {"a.csv", "sub/b.csv", "c.html"}) {
        ASSERT_EQ(now.count(name), 1U) << out << "/" << name << " is missing";
        const std::string v = version_in(now.at(name));
        EXPECT_EQ(now.at(name), files_of(std::stoi(v)).at(name)) << out << "/" << name;
        versions.insert(v);
      }
      if (std::string(out) == "own") EXPECT_EQ(versions.size(), 1U) << "a mix in own/";
    }
    EXPECT_EQ(slurp(dir / "shared/mine.txt"), "mine");
    // A new folder is there whole or not at all.
    const fs::path fresh = dir / ("new" + std::to_string(trial));
    if (fs::exists(fresh)) {
      EXPECT_EQ(contents(fresh).size(), 3U);
    }
  }
  // The next writes clear every staging folder the kills left.
  write_output_folder(dir / "own", files_of(0));
  write_output_folder(dir / "shared", files_of(0));
  for (int trial = 0; trial < 20; ++trial) {
    const fs::path fresh = dir / ("new" + std::to_string(trial));
    write_output_folder(fresh, files_of(0));
  }
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().filename().string().find(".partial") == std::string::npos) continue;
    std::string left;
    for (const auto& f : fs::recursive_directory_iterator(e.path())) {
      left += " " + fs::relative(f.path(), e.path()).string();
      if (f.path().filename() == ".softpower-outputs") left += "=[" + slurp(f.path()) + "]";
    }
    ADD_FAILURE() << e.path() << " left, holding:" << left;
  }
}

}  // namespace
}  // namespace softpower::store
