// An import killed half-way (power cut, OOM killer, Ctrl-C twice): a child process starts a
// large import and is SIGKILLed in the middle of its transaction, after SQLite has already
// written uncommitted pages to the write-ahead log. The parent then reopens the workspace
// and must find it exactly as it was before the import, and consistent.

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "softpower/core/sha256.hpp"
#include "softpower/store/workspace.hpp"
#include "store/support.hpp"

namespace softpower::store {
namespace {

using testing::dump_file;
using testing::make_panel;
using testing::query_file;
using testing::ScratchDir;

DatasetRecord meta_named(const std::string& name) {
  DatasetRecord meta;
  meta.name = name;
  meta.reader = "test";
  meta.title = "interrupted";
  meta.files = {{name + ".csv", sha256_hex(name), 1, "", ""}};
  return meta;
}

// In the child: tells the parent that half of the values are written, then waits to be
// killed, so that the kill lands inside the transaction every time, not by luck of timing.
class StopHalfWay : public Progress {
 public:
  StopHalfWay(int fd, std::size_t at) : fd_(fd), at_(at) {}
  void advance(std::size_t steps) override {
    Progress::advance(steps);
    if (done() != at_) return;
    const char signal = 'h';
    if (::write(fd_, &signal, 1) != 1) ::_exit(4);
    for (;;) ::pause();
  }

 private:
  int fd_;
  std::size_t at_;
};

// Kills the child whatever happens to the test, so that no process is left waiting.
struct ChildGuard {
  pid_t pid = -1;
  ~ChildGuard() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
};

TEST(WorkspaceInterrupted, AnImportKilledMidTransactionLeavesTheWorkspaceAsItWas) {
  ScratchDir dir;
  const auto file = dir / "w.workspace";
  const Panel kept = make_panel(20, 3, 10);
  {
    Workspace ws = Workspace::open(file);
    ws.import_dataset(meta_named("kept"), kept);
    ws.import_dataset(meta_named("other"), make_panel(5, 1, 2));
  }
  const std::string before = dump_file(file);
  // Built before the fork: the child only writes. It replaces "kept", so that the kill also
  // interrupts the deletion of the old version.
  const Panel big = make_panel(200, 50, 117);
  const std::size_t columns = big.indicators().size() * big.years().size();

  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  ChildGuard child;
  child.pid = ::fork();
  ASSERT_GE(child.pid, 0);
  if (child.pid == 0) {
    ::close(pipe_fds[0]);
    try {
      Workspace ws = Workspace::open(file);
      StopHalfWay progress(pipe_fds[1], columns / 2);
      ws.import_dataset(meta_named("kept"), big, &progress);
    } catch (...) {
      ::_exit(2);
    }
    ::_exit(3);  // the import finished: it was not interrupted
  }
  ::close(pipe_fds[1]);
  pollfd ready{pipe_fds[0], POLLIN, 0};
  ASSERT_EQ(::poll(&ready, 1, 120000), 1) << "the child never reached the middle of the import";
  char signal = 0;
  ASSERT_EQ(::read(pipe_fds[0], &signal, 1), 1) << "the child ended before the middle";
  ::close(pipe_fds[0]);

  // Half a million values do not fit SQLite's page cache: uncommitted pages are on disk.
  const auto wal = std::filesystem::path(file.string() + "-wal");
  const auto wal_bytes = std::filesystem::file_size(wal);
  EXPECT_GT(wal_bytes, 1000000u);
  ASSERT_EQ(::kill(child.pid, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child.pid, &status, 0), child.pid);
  child.pid = -1;
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;

  Workspace ws = Workspace::open(file);
  EXPECT_EQ(query_file(file, "PRAGMA integrity_check"), "ok\n");
  EXPECT_EQ(query_file(file, "PRAGMA foreign_key_check"), "");
  EXPECT_EQ(dump_file(file), before);
  const Panel loaded = ws.load_dataset("kept");
  EXPECT_EQ(loaded.units(), kept.units());
  EXPECT_EQ(loaded.count(), kept.count());
  EXPECT_EQ(loaded.value("U3", "ind2", 1905), kept.value("U3", "ind2", 1905));
  // The workspace takes the same import once nobody kills it.
  ws.import_dataset(meta_named("kept"), big);
  EXPECT_EQ(ws.dataset("kept")->values, big.count());
}

}  // namespace
}  // namespace softpower::store
