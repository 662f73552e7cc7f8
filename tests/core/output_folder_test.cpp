// Output folders (core/output_folder.hpp): what softpower may replace, what it must refuse, and
// what a failed or killed run leaves behind. Every case checks that what the user put there is
// still there, byte for byte.

#include "softpower/core/output_folder.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "softpower/core/error.hpp"
#include "store/support.hpp"
#include "support/errors.hpp"
#include "support/processes.hpp"

namespace softpower {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDir;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void put(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// Every entry under `dir`, relative, with '/' between folders.
std::set<std::string> tree(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    names.insert(e.path().lexically_relative(dir).generic_string());
  }
  return names;
}

using testing::error_of;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

ino_t inode(const fs::path& p) {
  struct stat st {};
  ::lstat(p.c_str(), &st);
  return st.st_ino;
}

const std::map<std::string, std::string> kFiles = {
    {"a.csv", "a\n"}, {"b.html", "<p>b</p>\n"}, {"sub/c.csv", "c\n"}};

TEST(OutputFolder, ANewFolderAppearsWholeWithItsList) {
  ScratchDir dir;
  const fs::path out = dir / "made/for/it";
  write_output_folder(out, kFiles);
  EXPECT_EQ(tree(out),
            (std::set<std::string>{".softpower-outputs", "a.csv", "b.html", "sub", "sub/c.csv"}));
  EXPECT_EQ(slurp(out / "sub/c.csv"), "c\n");
  const OutputList list = OutputList::parse(slurp(out / ".softpower-outputs"), "list");
  ASSERT_EQ(list.files.size(), 3U);
  EXPECT_EQ(list.folders, std::vector<std::string>{"sub"});
  ASSERT_TRUE(list.by);
  EXPECT_EQ(list.by->pid, ::getpid());
  EXPECT_FALSE(list.staging);
  for (const auto& f : list.files) EXPECT_EQ(f.size, kFiles.at(f.name).size()) << f.name;
  // No staging folder is left beside it.
  EXPECT_EQ(tree(dir / "made/for"),
            (std::set<std::string>{"it", "it/.softpower-outputs", "it/a.csv", "it/b.html", "it/sub",
                                   "it/sub/c.csv"}));
}

TEST(OutputFolder, AFailedRunLeavesNothingNotEvenTheFoldersAboveIt) {
  ScratchDir dir;
  {
    OutputFolder out(dir / "x/y/out", {"a.csv"});
    out.write("a.csv", "half");
    // No commit: the work failed.
  }
  EXPECT_TRUE(tree(dir.path()).empty());
}

TEST(OutputFolder, SoftpowersOwnFolderIsReplacedWholeAndOldFilesGo) {
  ScratchDir dir;
  const fs::path out = dir / "out";
  write_output_folder(out, {{"a.csv", "1"}, {"old.csv", "old"}, {"gone/x.csv", "x"}});
  const ino_t before = inode(out);
  write_output_folder(out, {{"a.csv", "2"}, {"b.csv", "b"}});
  EXPECT_NE(inode(out), before) << "the folder was exchanged whole, not rewritten in place";
  EXPECT_EQ(tree(out), (std::set<std::string>{".softpower-outputs", "a.csv", "b.csv"}));
  EXPECT_EQ(slurp(out / "a.csv"), "2");
  EXPECT_EQ(tree(dir.path()).size(), 4U) << "nothing beside the folder";
}

TEST(OutputFolder, AUsersFolderGetsTheOutputsBesideTheUsersFiles) {
  ScratchDir dir;
  const fs::path out = dir / "mine";
  put(out / "notes.txt", "my notes");
  put(out / "sub/mine.csv", "my table");
  write_output_folder(out, {{"a.csv", "1"}, {"sub/c.csv", "c"}, {"stale.csv", "s"}});
  EXPECT_EQ(slurp(out / "notes.txt"), "my notes");
  EXPECT_EQ(slurp(out / "sub/mine.csv"), "my table");
  EXPECT_EQ(slurp(out / "sub/c.csv"), "c");
  const OutputList list = OutputList::parse(slurp(out / ".softpower-outputs"), "list");
  EXPECT_EQ(list.files.size(), 3U);
  EXPECT_TRUE(list.folders.empty()) << "sub/ is the user's folder, not softpower's";
  // Again, without stale.csv: it goes, the user's files stay, the folder is the same one.
  const ino_t before = inode(out);
  write_output_folder(out, {{"a.csv", "2"}, {"sub/c.csv", "c2"}});
  EXPECT_EQ(inode(out), before);
  EXPECT_EQ(tree(out), (std::set<std::string>{".softpower-outputs", "a.csv", "notes.txt", "sub",
                                              "sub/c.csv", "sub/mine.csv"}));
  EXPECT_EQ(slurp(out / "a.csv"), "2");
  EXPECT_EQ(slurp(out / "notes.txt"), "my notes");
}

TEST(OutputFolder, AFileSoftpowerDidNotWriteIsNeverReplaced) {
  ScratchDir dir;
  const fs::path out = dir / "mine";
  put(out / "b.html", "my page");
  const std::string error = error_of([&] { write_output_folder(out, kFiles); });
  EXPECT_TRUE(contains(error, (out / "b.html").string() + ": softpower did not write this file"))
      << error;
  EXPECT_TRUE(contains(error, "docs/outputs.md")) << error;
  EXPECT_EQ(tree(out), (std::set<std::string>{"b.html"}));
  EXPECT_EQ(slurp(out / "b.html"), "my page");
  // A file it wrote and the user changed since is not replaced either.
  const fs::path own = dir / "own";
  write_output_folder(own, kFiles);
  put(own / "a.csv", "edited by hand, one byte more");
  const std::string changed = error_of([&] { write_output_folder(own, kFiles); });
  EXPECT_TRUE(contains(changed, "a.csv: was changed since softpower wrote it")) << changed;
  EXPECT_EQ(slurp(own / "a.csv"), "edited by hand, one byte more");
  // A folder where an output file goes, or a file where an output folder goes.
  const fs::path shapes = dir / "shapes";
  fs::create_directories(shapes / "a.csv");
  EXPECT_TRUE(contains(error_of([&] { write_output_folder(shapes, kFiles); }),
                       "a.csv: is a folder where softpower writes an output file"));
  fs::remove(shapes / "a.csv");
  put(shapes / "sub", "a file");
  EXPECT_TRUE(contains(error_of([&] { write_output_folder(shapes, kFiles); }),
                       "sub: is a file where softpower writes a folder of outputs"));
  EXPECT_EQ(tree(shapes), (std::set<std::string>{"sub"}));
}

TEST(OutputFolder, FilesDevicesAndLinksToThemAreRefused) {
  ScratchDir dir;
  put(dir / "file.txt", "text");
  fs::create_symlink(dir / "file.txt", dir / "to-file");
  fs::create_symlink(dir / "nothing", dir / "dangling");
  ASSERT_EQ(::mkfifo((dir / "pipe").c_str(), 0600), 0);
  const std::map<std::string, std::string> cases = {
      {(dir / "file.txt").string(), "is a file, not a folder"},
      {"/dev/null", "/dev/null: is a device, not a folder"},
      {(dir / "to-file").string(), "is a symbolic link to a file"},
      {(dir / "dangling").string(), "is a symbolic link to nothing"},
      {(dir / "pipe").string(), "is a pipe, not a folder"},
      {(dir / "file.txt/sub").string(), "file.txt: is a file, not a folder"},
      {"/dev/null/sub", "/dev/null: is a device, not a folder"},
      {(dir / std::string(300, 'n')).string(), "the name is too long"},
  };
  for (const auto& [path, expected] : cases) {
    const std::string error = error_of([&] { write_output_folder(path, kFiles); });
    EXPECT_TRUE(contains(error, expected)) << path << ": " << error;
  }
  EXPECT_EQ(slurp(dir / "file.txt"), "text");
  EXPECT_TRUE(fs::is_symlink(dir / "to-file"));
  EXPECT_EQ(tree(dir.path()), (std::set<std::string>{"file.txt", "to-file", "dangling", "pipe"}));
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "/dev/null is still the device";
}

TEST(OutputFolder, ALinkToAFolderIsWrittenThroughAndKept) {
  ScratchDir dir;
  fs::create_directories(dir / "real");
  put(dir / "real/keep.txt", "keep");
  fs::create_symlink(dir / "real", dir / "link");
  write_output_folder(dir / "link", kFiles);
  write_output_folder(dir / "link", kFiles);
  EXPECT_TRUE(fs::is_symlink(dir / "link"));
  EXPECT_EQ(slurp(dir / "real/a.csv"), "a\n");
  EXPECT_EQ(slurp(dir / "real/keep.txt"), "keep");
}

TEST(OutputFolder, TrailingSeparatorsDotAndDotDotWork) {
  ScratchDir dir;
  const fs::path cwd = fs::current_path();
  fs::create_directories(dir / "work/inner");
  put(dir / "work/mine.txt", "mine");
  fs::current_path(dir / "work/inner");
  EXPECT_EQ(error_of([] { write_output_folder("slash/", kFiles); }), "");
  EXPECT_EQ(error_of([] { write_output_folder(".", kFiles); }), "");
  EXPECT_EQ(error_of([] { write_output_folder("./", kFiles); }), "") << "again into its own";
  EXPECT_EQ(error_of([] { write_output_folder("..", kFiles); }), "");
  EXPECT_EQ(error_of([] { write_output_folder("../x/../y", kFiles); }), "");
  fs::current_path(cwd);
  EXPECT_EQ(slurp(dir / "work/inner/slash/a.csv"), "a\n");
  EXPECT_EQ(slurp(dir / "work/inner/a.csv"), "a\n");
  EXPECT_EQ(slurp(dir / "work/a.csv"), "a\n");
  EXPECT_EQ(slurp(dir / "work/y/sub/c.csv"), "c\n");
  EXPECT_FALSE(fs::exists(dir / "work/x"));
  EXPECT_EQ(slurp(dir / "work/mine.txt"), "mine");
  for (const std::string& name : tree(dir.path())) {
    EXPECT_EQ(name.find(".partial"), std::string::npos) << name;
  }
  OutputFolder shown("slash/", {"a.csv"});
  EXPECT_EQ(shown.display(), "slash");
}

// A staging folder as a killed run leaves it: its list names the process that made it.
void plant_staging(const fs::path& folder, const ProcessIdentity& by,
                   const std::vector<std::string>& listed, bool staging = true) {
  fs::create_directories(folder);
  OutputList list;
  list.by = by;
  list.staging = staging;
  for (const std::string& name : listed) {
    // As a run lists them: the folders it makes in the staging folder, then the file.
    const std::string parent = fs::path(name).parent_path().generic_string();
    if (!parent.empty()) list.folders.push_back(parent);
    list.files.push_back({name, 0, 0});
    put(folder / name, "half");
  }
  put(folder / ".softpower-outputs", list.text());
}

TEST(OutputFolder, StagingOfKilledRunsIsRemovedAndNothingElse) {
  ScratchDir dir;
  const ProcessIdentity gone = testing::ended_process();
  plant_staging(dir / ".out.partial1", gone, {"a.csv"});
  // A dead run's staging with a file its list does not name: only the listed file goes.
  plant_staging(dir / ".out.partial2", gone, {"a.csv"});
  put(dir / ".out.partial2/users.txt", "not softpower's");
  // A staging folder of a live process (this one) stays.
  plant_staging(dir / ".out.partial3", this_process(), {"a.csv"});
  // A folder that looks like one but has no list is the user's.
  put(dir / ".out.partial4/x", "user");
  // Inside an existing output folder.
  write_output_folder(dir / "out", kFiles);
  plant_staging(dir / "out/.softpower.partial5", gone, {"sub/c.csv"});
  write_output_folder(dir / "out", kFiles);
  EXPECT_FALSE(fs::exists(dir / ".out.partial1"));
  EXPECT_EQ(tree(dir / ".out.partial2"), (std::set<std::string>{"users.txt"}));
  EXPECT_TRUE(fs::exists(dir / ".out.partial3/a.csv"));
  EXPECT_EQ(slurp(dir / ".out.partial4/x"), "user");
  EXPECT_FALSE(fs::exists(dir / "out/.softpower.partial5"));
  EXPECT_EQ(slurp(dir / "out/sub/c.csv"), "c\n");
}

TEST(OutputFolder, StagingKilledWhileWritingItsFirstListIsRemoved) {
  // A kill between making a staging folder and finishing its list's first line left the
  // folder for ever (found by the kill trials: 2 runs in 3 failed under load).
  ScratchDir dir;
  const std::string dead = std::to_string(testing::ended_process().pid);
  const std::string live = std::to_string(::getpid());
  put(dir / (".out.partial" + dead) / ".softpower-outputs", "");
  put(dir / (".out.partial" + dead + "-2") / ".softpower-outputs", "softpower-out");
  // Kept: a live process may still be writing it; more than a cut header is not ours to judge;
  // anything beside the list is someone's.
  put(dir / (".out.partial" + live) / ".softpower-outputs", "");
  put(dir / (".out.partial" + dead + "-3") / ".softpower-outputs", "softpower-outputs 1 x");
  put(dir / (".out.partial" + dead + "-4") / ".softpower-outputs", "");
  put(dir / (".out.partial" + dead + "-4") / "x", "user");
  write_output_folder(dir / "out", kFiles);
  EXPECT_FALSE(fs::exists(dir / (".out.partial" + dead)));
  EXPECT_FALSE(fs::exists(dir / (".out.partial" + dead + "-2")));
  EXPECT_TRUE(fs::exists(dir / (".out.partial" + live) / ".softpower-outputs"));
  EXPECT_TRUE(fs::exists(dir / (".out.partial" + dead + "-3") / ".softpower-outputs"));
  EXPECT_EQ(slurp(dir / (".out.partial" + dead + "-4") / "x"), "user");
  EXPECT_EQ(slurp(dir / "out/sub/c.csv"), "c\n");
}

TEST(OutputFolder, AHostileListCannotLeadOutOfItsFolder) {
  ScratchDir dir;
  put(dir / "victim/secret.txt", "secret");
  // A dead staging folder whose list reaches through a link inside it.
  fs::create_directories(dir / ".out.partial9");
  fs::create_symlink(dir / "victim", dir / ".out.partial9/link");
  OutputList list;
  list.by = testing::ended_process();
  list.staging = true;
  list.files.push_back({"link/secret.txt", 0, 0});
  put(dir / ".out.partial9/.softpower-outputs", list.text());
  write_output_folder(dir / "out", kFiles);
  EXPECT_EQ(slurp(dir / "victim/secret.txt"), "secret");
  // A list that names a path outside its folder is not a list softpower wrote.
  put(dir / "bad/.softpower-outputs", "softpower-outputs 1\nfile 6 0 ../victim/secret.txt\n");
  const std::string error = error_of([&] { write_output_folder(dir / "bad", kFiles); });
  EXPECT_TRUE(contains(error, "is not a list of outputs softpower wrote")) << error;
  EXPECT_EQ(slurp(dir / "victim/secret.txt"), "secret");
}

TEST(OutputFolder, SingleFilesAreAddedAndOnlyTheirOwnReplaced) {
  ScratchDir dir;
  const fs::path file = dir / "gen/x.csv";
  for (const char* text : {"one", "two"}) {
    OutputFolder out = OutputFolder::for_file(file);
    out.write("x.csv", text);
    out.commit();
  }
  EXPECT_EQ(slurp(file), "two");
  const OutputList list = OutputList::parse(slurp(dir / "gen/.softpower-outputs"), "list");
  ASSERT_EQ(list.files.size(), 1U) << "the list keeps the latest version only";
  EXPECT_EQ(list.files[0].size, 3U);
  put(dir / "gen/user.csv", "user");
  const std::string error = error_of([&] { OutputFolder::for_file(dir / "gen/user.csv"); });
  EXPECT_TRUE(contains(error, "user.csv: softpower did not write this file")) << error;
  EXPECT_TRUE(contains(error_of([&] { OutputFolder::for_file(dir / "gen"); }),
                       "gen: is a folder where softpower writes an output file"));
  EXPECT_TRUE(contains(error_of([&] { OutputFolder::for_file(dir / "gen/"); }),
                       "is a folder; give the output file's name"));
  EXPECT_EQ(slurp(dir / "gen/user.csv"), "user");
  EXPECT_EQ(tree(dir / "gen"), (std::set<std::string>{".softpower-outputs", "user.csv", "x.csv"}));
}

TEST(OutputFolder, ACacheReplacesItsOwnDamagedCopiesOnly) {
  ScratchDir dir;
  {
    OutputFolder cache(dir / "cache", {}, OutputFolder::Kind::cache);
    cache.make();
    cache.write("f1", "good");
    cache.commit("f1");
    cache.commit();
  }
  put(dir / "cache/f1", "damaged, and longer");
  put(dir / "cache/f2", "the user's");
  OutputFolder cache(dir / "cache", {}, OutputFolder::Kind::cache);
  EXPECT_TRUE(cache.may_replace("f1"));
  EXPECT_FALSE(cache.may_replace("f2"));
  EXPECT_FALSE(cache.remove("f2"));
  EXPECT_TRUE(cache.remove("f1"));
  cache.write("f1", "good");
  cache.commit("f1");
  EXPECT_THROW(cache.file("f2"), Error);
  cache.commit();
  EXPECT_EQ(slurp(dir / "cache/f1"), "good");
  EXPECT_EQ(slurp(dir / "cache/f2"), "the user's");
  // A cache folder made and left empty stays (it is wanted).
  { OutputFolder(dir / "empty", {}, OutputFolder::Kind::cache).make(); }
  EXPECT_TRUE(fs::is_directory(dir / "empty"));
}

TEST(OutputFolder, AFolderThatMayNotBeWrittenIsRefusedClearly) {
  ScratchDir dir;
  fs::create_directories(dir / "locked");
  // As root, permissions do not stop a write: the check runs in a child as nobody.
  ::chmod(dir.path().c_str(), 0755);
  ::chmod((dir / "locked").c_str(), 0555);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(fds[0]);
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
    std::string error = error_of([&] { write_output_folder(dir / "locked/out", kFiles); });
    if (::write(fds[1], error.data(), error.size()) < 0) ::_exit(4);
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string error;
  char buffer[512];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) error.append(buffer, n);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  ::chmod((dir / "locked").c_str(), 0755);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_TRUE(contains(error, "locked/out: cannot write here: Permission denied")) << error;
  EXPECT_TRUE(tree(dir / "locked").empty());
}

TEST(OutputFolder, ThingsThatCameInTheWayMeanwhileStopTheCommit) {
  ScratchDir dir;
  OutputFolder out(dir / "out", {"a.csv"});
  out.write("a.csv", "new");
  put(dir / "out/a.csv", "the user's, made while the work ran");
  const std::string error = error_of([&] { out.commit(); });
  EXPECT_TRUE(contains(error, "a.csv: softpower did not write this file")) << error;
  EXPECT_EQ(slurp(dir / "out/a.csv"), "the user's, made while the work ran");
}

TEST(OutputList, ReadsWhatItWritesAndRefusesOtherText) {
  OutputList list;
  list.by = this_process();
  list.staging = true;
  list.folders = {"datasets"};
  list.files = {{"datasets/Raw.csv", 12, 1700000000123456789}, {"a b.csv", 0, -5}};
  const OutputList back = OutputList::parse(list.text(), "l");
  EXPECT_EQ(back.by, list.by);
  EXPECT_TRUE(back.staging);
  EXPECT_EQ(back.folders, list.folders);
  EXPECT_EQ(back.files, list.files);
  // A record cut short by a kill, and records of unknown kinds, are skipped.
  const OutputList cut =
      OutputList::parse("softpower-outputs 1\nlater x y\nfile 1 2 a.csv\nfile 3 4 b.c", "l");
  ASSERT_EQ(cut.files.size(), 1U);
  EXPECT_EQ(cut.files[0].name, "a.csv");
  for (const char* bad :
       {"", "hello\n", "softpower-outputs 2\n", "softpower-outputs 1\nfile x 1 a\n",
        "softpower-outputs 1\nfile 1 1 /etc/passwd\n", "softpower-outputs 1\nfolder a/../..\n",
        "softpower-outputs 1\nby me\n", "softpower-outputs 1\nfile 1 1 .softpower-outputs\n"}) {
    EXPECT_THROW(OutputList::parse(bad, "l"), Error) << bad;
  }
  EXPECT_THROW(check_output_name("a//b"), Error);
  EXPECT_THROW(check_output_name("a/./b"), Error);
  EXPECT_THROW(check_output_name(std::string("a\nb")), Error);
  EXPECT_THROW(check_output_name(std::string(256, 'x')), Error);
  EXPECT_NO_THROW(check_output_name("datasets/Raw.csv"));
}

TEST(Process, LivenessTellsEndedProcessesFromRunningOnes) {
  EXPECT_EQ(liveness(this_process()), Liveness::alive);
  EXPECT_EQ(liveness(testing::ended_process()), Liveness::gone);
  ProcessIdentity parent = this_process();
  parent.pid = ::getppid();
  parent.start.clear();
  EXPECT_EQ(liveness(parent), Liveness::alive);
  ProcessIdentity reused = this_process();
  reused.start = "1";  // this pid, but not this process's start
  EXPECT_EQ(liveness(reused), Liveness::gone);
  ProcessIdentity elsewhere = this_process();
  elsewhere.host = "another-host";
  EXPECT_EQ(liveness(elsewhere), Liveness::unknown);
  ProcessIdentity rebooted = this_process();
  rebooted.boot = "00000000-0000-0000-0000-000000000000";
  EXPECT_EQ(liveness(rebooted), Liveness::gone);
  EXPECT_EQ(ProcessIdentity::parse(this_process().str()), this_process());
  EXPECT_FALSE(ProcessIdentity::parse("a b 0 c"));
  EXPECT_FALSE(ProcessIdentity::parse("a b c"));
}

}  // namespace
}  // namespace softpower
