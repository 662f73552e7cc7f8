// In-memory inputs (core/input_memory.hpp): a table a host language holds reads as the file of
// its bytes reads, only on the thread of the run that gave it, and a memory path is refused
// where no embedding gave it (the command line, the HTTP API: Operation::validate).

#include "softpower/core/input_memory.hpp"

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include "softpower/core/error.hpp"
#include "softpower/core/operation.hpp"
#include "softpower/core/table.hpp"
#include "support/errors.hpp"
#include "support/scratch.hpp"

namespace softpower {
namespace {

namespace fs = std::filesystem;

const std::string kCsv = "unit,year,value\nFRA,2000,1.5\n\"D,EU\",2001,\nNA,2002,\"x\"\"y\"\n";

using testing::error_of;
using Inputs = std::map<std::string, std::string_view>;

TEST(MemoryInputs, ReadAsTheFileOfTheirBytesReads) {
  testing::ScratchDir dir;
  std::ofstream(dir / "t.csv", std::ios::binary) << kCsv;
  const std::string packed = gzip_member(kCsv);
  const MemoryInputs inputs({{"t.csv", kCsv}, {"packed.csv.gz", packed}});
  EXPECT_EQ(read_file("memory:t.csv"), kCsv);
  EXPECT_EQ(read_file("memory:packed.csv.gz"), kCsv);  // gzip inflated, as from a file
  const Table from_file = read_csv(dir / "t.csv");
  const Table from_memory = read_csv("memory:t.csv");
  EXPECT_EQ(from_memory.header, from_file.header);
  EXPECT_EQ(from_memory.rows, from_file.rows);
  EXPECT_EQ(from_memory.lines, from_file.lines);
  EXPECT_EQ(from_memory.source, "memory:t.csv");
  std::string text;
  const auto stream = open_input_text("memory:packed.csv.gz");
  std::array<char, 7> buffer{};
  while (const std::size_t n = stream->read(buffer.data(), buffer.size()))
    text.append(buffer.data(), n);
  EXPECT_EQ(text, kCsv);
}

TEST(MemoryInputs, ErrorsNameTheInputAndLineAsForAFile) {
  const MemoryInputs inputs({{"bad.csv", "a,b\n1,\"open\n"}, {"a.zip", "PK\x03\x04rest"}});
  EXPECT_TRUE(error_of([] { (void)read_csv("memory:bad.csv"); }).starts_with("memory:bad.csv:2"))
      << error_of([] { (void)read_csv("memory:bad.csv"); });
  EXPECT_NE(error_of([] { (void)read_file("memory:a.zip"); }).find("a zip archive"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              (void)read_file("memory:other.csv");
            }).find("no such in-memory input (this run has: a.zip, bad.csv)"),
            std::string::npos);
}

TEST(MemoryInputs, NamesWithSlashesMakeFolders) {
  const MemoryInputs inputs({{"votes/un_votes.csv", "x\n"}, {"votes/un_roll_calls.csv", "y\n"}});
  EXPECT_EQ(memory_entry("memory:votes"), MemoryEntry::folder);
  EXPECT_EQ(memory_entry("memory:votes/"), MemoryEntry::folder);
  EXPECT_EQ(memory_entry(fs::path("memory:votes") / "un_votes.csv"), MemoryEntry::file);
  EXPECT_EQ(memory_entry("memory:votes/./un_votes.csv"), MemoryEntry::file);
  EXPECT_EQ(memory_entry("memory:vote"), MemoryEntry::none);
  EXPECT_EQ(memory_entry("memory:votes/un-votes/un_votes.csv"), MemoryEntry::none);
  EXPECT_TRUE(is_input_folder("memory:votes"));
  EXPECT_FALSE(is_input_folder("memory:votes/un_votes.csv"));
  EXPECT_TRUE(input_exists("memory:votes/un_roll_calls.csv"));
  EXPECT_FALSE(input_exists("memory:votes/un_roll_call_issues.csv"));
  EXPECT_EQ(read_file(fs::path("memory:votes") / "un_roll_calls.csv"), "y\n");
  EXPECT_NE(error_of([] { (void)read_file("memory:votes"); }).find("is a folder, not a file"),
            std::string::npos);
}

TEST(MemoryInputs, AreReachableOnlyOnTheirThreadWhileTheyLive) {
  std::string elsewhere;
  {
    const MemoryInputs inputs({{"t.csv", kCsv}});
    EXPECT_EQ(MemoryInputs::current(), &inputs);
    std::thread other([&] {
      elsewhere = error_of([] { (void)read_file("memory:t.csv"); });
      EXPECT_FALSE(input_exists("memory:t.csv"));
    });
    other.join();
    {
      const MemoryInputs inner(Inputs{{"u.csv", "u\n"}});  // scopes nest: the innermost is in force
      EXPECT_FALSE(input_exists("memory:t.csv"));
      EXPECT_EQ(read_file("memory:u.csv"), "u\n");
    }
    EXPECT_EQ(read_file("memory:t.csv"), kCsv);
  }
  EXPECT_NE(elsewhere.find("no in-memory inputs here"), std::string::npos) << elsewhere;
  EXPECT_EQ(MemoryInputs::current(), nullptr);
  EXPECT_NE(error_of([] { (void)read_file("memory:t.csv"); }).find("no in-memory inputs here"),
            std::string::npos);
}

TEST(MemoryInputs, RefuseNamesThatAreNotPlainRelativeNames) {
  for (const char* bad : {"", "/etc/passwd", "a/../b", "a//b", "./a", "a/"}) {
    EXPECT_THROW(MemoryInputs(Inputs{{bad, "x"}}), Error) << bad;
  }
  EXPECT_THROW(MemoryInputs(Inputs{{"votes", "x"}, {"votes/un_votes.csv", "y"}}), Error);
  EXPECT_FALSE(is_memory_path(std::string_view("./memory:x")));  // a file of that name
  EXPECT_TRUE(is_memory_path(fs::path("memory:x")));
}

Operation reading_operation() {
  return Operation{"read",
                   "reads",
                   "",
                   {Param{"votes", ParamType::path, "a folder"}.as(ParamRole::input_folder),
                    Param{"file", ParamType::list, "files"}.as(ParamRole::input_file),
                    Param{"out", ParamType::path, "outputs"}.as(ParamRole::output_folder),
                    Param{"label", ParamType::text, "a plain value"}},
                   false,
                   [](const Args&, Context&) { return nlohmann::json::object(); }};
}

TEST(MemoryInputs, ValidationRefusesAMemoryPathThatNoEmbeddingGave) {
  const Operation op = reading_operation();
  Args args;
  args.set("votes", "memory:votes");
  // The command line and the HTTP API: refused, with the way to name a file of that name.
  EXPECT_EQ(error_of([&] { (void)op.validate(args); }),
            "--votes: 'memory:votes' names an in-memory input, which only the Python and R "
            "packages give (a file of that name: ./memory:votes)");
  // An embedding, but its run has no such input.
  EXPECT_NE(error_of([&] {
              (void)op.validate(args, PathSources::files_and_memory);
            }).find("--votes: no in-memory input 'memory:votes' (this run has: none)"),
            std::string::npos);
  const MemoryInputs inputs({{"votes/un_votes.csv", "x\n"}, {"file-0.csv", "y\n"}});
  EXPECT_EQ(op.validate(args, PathSources::files_and_memory).text("votes"), "memory:votes");
  Args files;
  files.add("file", "a.csv");
  files.add("file", "memory:file-0.csv");
  EXPECT_EQ(op.validate(files, PathSources::files_and_memory).list("file").size(), 2U);
  EXPECT_NE(error_of([&] { (void)op.validate(files); }).find("--file: 'memory:file-0.csv'"),
            std::string::npos);
  // Outputs are never in memory; a plain value may say anything.
  Args out;
  out.set("out", "memory:votes");
  EXPECT_NE(error_of([&] {
              (void)op.validate(out, PathSources::files_and_memory);
            }).find("only an input can be in memory"),
            std::string::npos);
  Args label;
  label.set("label", "memory:votes");
  EXPECT_NO_THROW((void)op.validate(label));
}

}  // namespace
}  // namespace softpower
