// Runs left "running" by a process that was killed: the workspace marks them interrupted when
// it is next opened (and shows them so when only read), but never touches the run of a process
// still at work on it. And a workspace another process holds busy says so in one line, without
// SQL.

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "softpower/core/error.hpp"
#include "softpower/store/workspace.hpp"
#include "store/schema_v1.hpp"
#include "store/support.hpp"
#include "support/cli.hpp"

namespace softpower::store {
namespace {

using testing::query_file;
using testing::ScratchDir;
using testing::sql_on_file;

// A child process that begins a run in the workspace and then waits to be killed. Returns its
// pid once the run is recorded (the child writes its run id into the pipe).
pid_t child_with_a_run(const std::filesystem::path& file, RunId& run) {
  int fds[2];
  if (::pipe(fds) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    try {
      Workspace ws = Workspace::open(file);
      const RunId id = ws.begin_run("index build", {{"spec", "x.toml"}});
      if (::write(fds[1], &id, sizeof id) != sizeof id) ::_exit(2);
    } catch (...) {
      ::_exit(3);
    }
    for (;;) ::pause();
  }
  ::close(fds[1]);
  if (::read(fds[0], &run, sizeof run) != sizeof run) run = 0;
  ::close(fds[0]);
  return pid;
}

TEST(WorkspaceRuns, ARunOfAKilledProcessIsMarkedInterruptedAndALiveOneIsNot) {
  ScratchDir dir;
  const auto file = dir / "w.workspace";
  { Workspace::open(file); }
  RunId killed = 0, alive = 0;
  const pid_t victim = child_with_a_run(file, killed);
  const pid_t worker = child_with_a_run(file, alive);
  ASSERT_GT(killed, 0);
  ASSERT_GT(alive, 0);
  ASSERT_EQ(::kill(victim, SIGKILL), 0);
  ASSERT_EQ(::waitpid(victim, nullptr, 0), victim);

  // Read only: shown as interrupted, not yet changed in the file.
  {
    const Workspace ws = Workspace::open_read_only(file);
    EXPECT_EQ(ws.run(killed).status, RunStatus::interrupted);
    EXPECT_EQ(ws.run(alive).status, RunStatus::running);
  }
  EXPECT_EQ(query_file(file, "SELECT status FROM runs WHERE id = " + std::to_string(killed)),
            "running\n");
  // Opened for writing: marked in the file, with the process named; the live one untouched.
  {
    Workspace ws = Workspace::open(file);
    const RunRecord r = ws.run(killed);
    EXPECT_EQ(r.status, RunStatus::interrupted);
    EXPECT_EQ(r.message, "interrupted: the process that ran it (pid " + std::to_string(victim) +
                             " on " + this_process().host + ") ended without finishing it");
    EXPECT_FALSE(r.finished_at.empty());
    ASSERT_TRUE(r.process);
    EXPECT_EQ(r.process->pid, victim);
    EXPECT_EQ(ws.run(alive).status, RunStatus::running);
  }
  EXPECT_EQ(query_file(file, "SELECT status || ' ' || pid || ' ' || host FROM runs ORDER BY id"),
            "interrupted " + std::to_string(victim) + " " + this_process().host + "\nrunning " +
                std::to_string(worker) + " " + this_process().host + "\n");
  ::kill(worker, SIGKILL);
  ::waitpid(worker, nullptr, 0);
  {
    Workspace ws = Workspace::open(file);
    EXPECT_EQ(ws.run(alive).status, RunStatus::interrupted);
    // A run of another host cannot be checked here and is left as it is.
    const RunId other = ws.begin_run("simulate", nlohmann::json::object());
    sql_on_file(file,
                "UPDATE runs SET process = 'elsewhere - 1 -' WHERE id = " + std::to_string(other));
  }
  Workspace ws = Workspace::open(file);
  EXPECT_EQ(ws.runs().front().status, RunStatus::running);
  EXPECT_EQ(query_file(file, "PRAGMA integrity_check"), "ok\n");
}

TEST(WorkspaceRuns, RunsLeftRunningBeforeVersion3AreInterruptedByTheUpgrade) {
  ScratchDir dir;
  const auto file = dir / "old.workspace";
  sql_on_file(file, std::string(testing::kSchemaVersion1) + "PRAGMA application_id = " +
                        std::to_string(testing::kVersion1ApplicationId) +
                        "; PRAGMA user_version = 1; PRAGMA journal_mode = WAL;");
  sql_on_file(file, R"sql(
    INSERT INTO runs VALUES (1, 'index build', '{}', '2026-11-28T11:00:00.000Z',
      '2026-11-28T11:00:01.000Z', 'ok', 'Built', '{"units":51}', '0.1.0');
    INSERT INTO runs VALUES (7, 'index build', '{}', '2026-11-28T12:00:00.000Z', NULL,
      'running', '', NULL, '0.1.0');
    INSERT INTO run_results VALUES (1, 1, 'scores.csv', 'text/csv', 'unit,score');
    DELETE FROM runs WHERE id = 7;
    INSERT INTO runs VALUES (5, 'index build', '{}', '2026-11-28T12:00:00.000Z', NULL,
      'running', '', NULL, '0.1.0');
  )sql");
  Workspace ws = Workspace::open(file);
  EXPECT_EQ(query_file(file, "PRAGMA user_version"), std::to_string(kSchemaVersion) + "\n");
  EXPECT_EQ(ws.run(1).status, RunStatus::ok);
  EXPECT_EQ(ws.results(1).size(), 1U) << "results stay with their run";
  EXPECT_EQ(ws.run(5).status, RunStatus::interrupted);
  EXPECT_NE(ws.run(5).message.find("earlier softpower"), std::string::npos);
  // The counter of run ids carries on past the run removed before the upgrade.
  EXPECT_EQ(ws.begin_run("x", nlohmann::json::object()), 8);
  EXPECT_EQ(query_file(file, "PRAGMA foreign_key_check"), "");
  EXPECT_EQ(query_file(file, "PRAGMA integrity_check"), "ok\n");
}

// Holds the write lock of a workspace through a connection of its own, as another process
// writing a long import would.
class WriteLock {
 public:
  explicit WriteLock(const std::filesystem::path& file) {
    sqlite3_open(file.c_str(), &db_);
    sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  }
  ~WriteLock() {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
  }
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

 private:
  sqlite3* db_ = nullptr;
};

TEST(WorkspaceBusy, ABusyWorkspaceIsNamedWithWhatToDoAndNoSql) {
  ScratchDir dir;
  const auto file = dir / "busy.workspace";
  { Workspace::open(file); }
  WriteLock lock(file);
  // The run is recorded first, so the command waits 5 s for the lock, then says so in one line.
  const auto r = testing::run_cli("simulate axelrod --L 3 --runs 1 --out " +
                                  (dir / "out").string() + " --workspace " + file.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "softpower: error: " + file.string() +
                       ": the workspace is busy: another process is writing to it and did not "
                       "finish within 5 seconds; try again when it has finished, or give another "
                       "--workspace\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
}

TEST(WorkspacePaths, ADeviceOrAPipeIsNotAWorkspaceAndGetsNoJournal) {
  ScratchDir dir;
  ASSERT_EQ(::mkfifo((dir / "pipe").c_str(), 0600), 0);
  for (const std::filesystem::path& path : {std::filesystem::path("/dev/null"), dir / "pipe"}) {
    try {
      Workspace::open(path);
      FAIL() << path << " was opened as a workspace";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), path.string() + ": is " +
                                           (path == "/dev/null" ? "a device" : "a pipe") +
                                           "; a workspace is a file softpower makes");
    }
    EXPECT_THROW(Workspace::open_read_only(path), Error);
    for (const char* suffix : {"-journal", "-wal", "-shm"}) {
      EXPECT_FALSE(std::filesystem::exists(path.string() + suffix)) << path << suffix;
    }
  }
}

}  // namespace
}  // namespace softpower::store
