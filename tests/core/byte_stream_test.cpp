// The one layer softpower reads plain, gzip and zip bytes through (core/byte_stream.hpp): every
// member of a gzip file, checked to its end; zip members checked against their CRC and their
// declared size; and the limits, shares of SOFTPOWER_MAX_MEMORY, named in the messages.

#include "softpower/core/byte_stream.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/core/random.hpp"
#include "softpower/core/table.hpp"
#include "support/errors.hpp"
#include "support/memory_limit.hpp"
#include "support/scratch.hpp"

namespace softpower {
namespace {

namespace fs = std::filesystem;

// One gzip member holding `text` (zlib's deflate with a gzip wrapper).
std::string gzip_bytes(std::string_view text) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string all_of(ByteStream& stream, std::size_t chunk = 7) {
  std::string out;
  std::string buffer(chunk, '\0');
  while (const std::size_t got = stream.read(buffer.data(), buffer.size()))
    out.append(buffer, 0, got);
  return out;
}

std::string gunzip_all(std::string_view packed, SizeLimit limit = {}) {
  const auto stream = gunzip(memory_bytes(packed, "t.gz"), std::move(limit));
  return all_of(*stream, 5);
}

using testing::error_of;

using testing::MemoryLimit;

class ByteStreams : public ::testing::Test {
 protected:
  fs::path write(const std::string& name, const std::string& bytes) {
    fs::path path = dir_ / name;
    write_file_atomic(path, bytes);
    return path;
  }
  fs::path write_zip(const std::string& name,
                     const std::vector<std::pair<std::string, std::string>>& members) {
    fs::path path = dir_ / name;
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    for (const auto& [member, text] : members) {
      if (member.ends_with('/')) {
        zip_dir_add(archive, member.c_str(), 0);
      } else {
        zip_file_add(archive, member.c_str(),
                     zip_source_buffer(archive, text.data(), text.size(), 0), ZIP_FL_OVERWRITE);
      }
    }
    zip_close(archive);
    return path;
  }
  static std::string bytes_of(const fs::path& path) {
    const auto stream = open_file_bytes(path);
    return all_of(*stream, 4096);
  }

  testing::ScratchDir scratch_{"softpower-bytes"};
  fs::path dir_ = scratch_.path();
};

TEST(Gunzip, EveryMemberOfAFileOfSeveralIsRead) {
  const std::string two = gzip_bytes("first\n") + gzip_bytes("") + gzip_bytes("second\n");
  EXPECT_EQ(gunzip_all(two), "first\nsecond\n");
  const std::string big(300000, 'x');
  EXPECT_EQ(gunzip_all(gzip_bytes(big)), big);
}

// gunzip() inflates small data whole with libdeflate and streams large data through zlib; both
// must give exactly the bytes of the streamed path, whatever the members and sizes.
TEST(Gunzip, WholeAndStreamedGiveTheSameBytes) {
  Rng rng(7);
  std::string noise(17 << 20, '\0');  // incompressible: more than 16 MiB packed, so streamed
  for (char& c : noise) c = static_cast<char>(rng.below(256));
  const std::vector<std::string> cases = {
      gzip_bytes("one line\n"),
      gzip_bytes("first\n") + gzip_bytes("") + gzip_bytes("second\n"),
      // The last member's length is all the trailer tells: the first member's 3 MB of text
      // must grow the buffer several times.
      gzip_bytes(std::string(3 << 20, 'a')) + gzip_bytes("end\n"),
      gzip_member(noise, 1),
  };
  for (const std::string& packed : cases) {
    const auto whole = gunzip(memory_bytes(packed, "t.gz"));
    const auto streamed = gunzip_streamed(memory_bytes(packed, "t.gz"));
    const std::string text = all_of(*whole, 1 << 16);
    EXPECT_EQ(text, all_of(*streamed, 1 << 16)) << packed.size();
    EXPECT_EQ(whole->position(), packed.size()) << "progress ends at the packed size";
  }
  EXPECT_EQ(gunzip_all(cases[2]), std::string(3 << 20, 'a') + "end\n");
}

// read_ahead (the GDELT reader's inflating on a thread of its own): the same bytes whatever the
// chunk and the reader's block, and an error of the inner stream thrown by read() in its place.
TEST(ReadAhead, SameBytesAndTheInnerStreamsErrors) {
  std::string text;
  for (int i = 0; i < 60000; ++i) text += std::to_string(i * 7919 % 10007) + (i % 9 ? "\t" : "\n");
  const std::string packed = gzip_bytes(text);
  for (const std::size_t chunk : {std::size_t{997}, std::size_t{1} << 20}) {
    for (const std::size_t block : {std::size_t{3}, std::size_t{4096}}) {
      const auto inflated = gunzip(memory_bytes(packed, "t.gz"));
      const auto ahead = read_ahead(*inflated, chunk);
      EXPECT_EQ(ahead->name(), "t.gz");
      EXPECT_EQ(all_of(*ahead, block), text) << chunk << " " << block;
      EXPECT_EQ(ahead->read(nullptr, 0), 0u);  // stays at the end
    }
  }
  const auto cut =
      gunzip(memory_bytes(std::string_view(packed).substr(0, packed.size() / 2), "t.gz"));
  const auto ahead = read_ahead(*cut, 4096);
  EXPECT_NE(error_of([&] { all_of(*ahead, 100); }).find("t.gz: truncated gzip data"),
            std::string::npos);
  // A stream dropped before its end stops its thread.
  const auto unread = gunzip(memory_bytes(packed, "t.gz"));
  { const auto dropped = read_ahead(*unread, 10); }
}

TEST(Gunzip, CutShortCorruptOrFollowedByGarbageIsAnError) {
  const std::string whole = gzip_bytes(std::string(5000, 'a') + "\n" + std::string(5000, 'b'));
  for (const std::size_t keep :
       {whole.size() - 1, whole.size() - 8, whole.size() / 2, std::size_t{10}, std::size_t{3}}) {
    const std::string message = error_of([&] { gunzip_all(whole.substr(0, keep)); });
    EXPECT_NE(message.find("t.gz: truncated gzip data"), std::string::npos)
        << keep << ": " << message;
  }
  std::string bad_crc = whole;
  bad_crc[bad_crc.size() - 6] = static_cast<char>(bad_crc[bad_crc.size() - 6] ^ 0x55);
  EXPECT_NE(error_of([&] { gunzip_all(bad_crc); }).find("corrupt gzip data at byte"),
            std::string::npos);
  EXPECT_NE(error_of([&] { gunzip_all(bad_crc); }).find("incorrect data check"), std::string::npos);
  std::string bad_length = whole;
  bad_length[bad_length.size() - 2] = static_cast<char>(bad_length[bad_length.size() - 2] ^ 1);
  EXPECT_NE(error_of([&] { gunzip_all(bad_length); }).find("incorrect length check"),
            std::string::npos);
  const std::string garbage = error_of([&] { gunzip_all(whole + "trailing"); });
  EXPECT_NE(garbage.find("t.gz: garbage after the gzip data: the bytes from byte " +
                         std::to_string(whole.size()) + " on"),
            std::string::npos)
      << garbage;
  EXPECT_NE(error_of([&] { gunzip_all(whole + "\x1f"); }).find("garbage after"), std::string::npos);
  EXPECT_NE(error_of([&] { gunzip_all("plain text"); }).find("not gzip data"), std::string::npos);
  EXPECT_NE(error_of([&] { gunzip_all(""); }).find("not gzip data: the file is empty"),
            std::string::npos);
}

TEST(Gunzip, InflatingPastTheLimitStops) {
  const std::string bomb = gzip_bytes(std::string(std::size_t{4} << 20, '0'));
  EXPECT_LT(bomb.size(), std::size_t{10000});
  const std::string message = error_of([&] {
    gunzip_all(bomb, SizeLimit{1000000, "the test's limit", 0});
  });
  EXPECT_NE(message.find("t.gz: inflates to more than 1.0 MB, the test's limit"), std::string::npos)
      << message;
  EXPECT_EQ(gunzip_all(bomb, SizeLimit{std::size_t{4} << 20, "exactly", 0}).size(),
            std::size_t{4} << 20);
}

TEST(Limits, AreSharesOfTheMemoryLimitAndSaySo) {
  const MemoryLimit limit("640MB");
  EXPECT_EQ(whole_text_limit().bytes, 20000000U);
  EXPECT_EQ(line_limit().bytes, 10000000U);
  EXPECT_EQ(describe(line_limit()),
            "10.0 MB, the longest line or record a reader keeps (1/64 of the memory limit of "
            "640.0 MB; set SOFTPOWER_MAX_MEMORY to change it)");
  const MemoryLimit tiny("10MB");
  EXPECT_EQ(line_limit().bytes, 1000000U);  // never below 1 MB
  EXPECT_NE(describe(line_limit()).find("but at least 1.0 MB"), std::string::npos);
}

TEST_F(ByteStreams, FilesAreToldApartByTheirFirstBytesAndNames) {
  const fs::path gz = write("a.csv.gz", gzip_bytes("x,y\n"));
  const fs::path hidden = write("a.csv", gzip_bytes("x,y\n"));  // gzip under a plain name
  const fs::path plain = write("b.csv", "x,y\n");
  EXPECT_EQ(file_packing(gz), Packing::gzip);
  EXPECT_EQ(file_packing(hidden), Packing::gzip);
  EXPECT_EQ(file_packing(plain), Packing::plain);
  EXPECT_EQ(all_of(*open_text(hidden)), "x,y\n");
  EXPECT_EQ(all_of(*open_text(plain)), "x,y\n");
  const fs::path zip = write_zip("c.zip", {{"c.csv", "x\n"}});
  EXPECT_EQ(file_packing(zip), Packing::zip);
  EXPECT_NE(error_of([&] { open_text(zip); }).find("a zip archive, not a text file"),
            std::string::npos);

  const fs::path fake = write("fake.csv.gz", "x,y\n");
  EXPECT_NE(error_of([&] {
              file_packing(fake);
            }).find("fake.csv.gz: not gzip data, although the name ends in .gz"),
            std::string::npos);
  EXPECT_NE(error_of([&] { file_packing(write("empty.gz", "")); }).find("the file is empty"),
            std::string::npos);
  fs::create_directories(dir_ / "folder.csv");
  EXPECT_NE(
      error_of([&] { open_text(dir_ / "folder.csv"); }).find("folder.csv: is a folder, not a file"),
      std::string::npos);
  EXPECT_NE(error_of([&] { open_text(dir_ / "absent.csv"); }).find("absent.csv: no such file"),
            std::string::npos);
  EXPECT_NE(error_of([] { open_text("/dev/null"); }).find("not a regular file"), std::string::npos);
}

TEST_F(ByteStreams, FileBytesAreReadInPartsWithTheirPosition) {
  const fs::path path = write("p.txt", "0123456789");
  const auto part = open_file_bytes(path, 3, 7);
  EXPECT_EQ(all_of(*part, 3), "3456");
  EXPECT_EQ(part->position(), 4U);
  EXPECT_EQ(part->name(), path.string());
}

TEST_F(ByteStreams, ZipMembersAreReadAndCheckedFolderMembersLeftOut) {
  const fs::path zip = write_zip(
      "m.zip", {{"dir/", ""}, {"dir/a.txt", "alpha\n"}, {"b.txt", std::string(70000, 'b')}});
  const ZipArchive archive(zip);
  ASSERT_EQ(archive.members().size(), 2U);
  EXPECT_EQ(archive.members()[0].name, "dir/a.txt");
  EXPECT_EQ(archive.members()[1].size, 70000U);
  const auto a = archive.open(archive.members()[0]);
  EXPECT_EQ(a->name(), zip.string() + ":dir/a.txt");
  EXPECT_EQ(all_of(*a), "alpha\n");
  EXPECT_EQ(all_of(*archive.open(archive.members()[1]), 4096), std::string(70000, 'b'));
  // libzip writes no file for an archive without members: its end record alone.
  EXPECT_TRUE(ZipArchive(write("empty.zip", std::string("PK\x05\x06", 4) + std::string(18, '\0')))
                  .members()
                  .empty());
  EXPECT_TRUE(ZipArchive(write_zip("folder.zip", {{"only/", ""}})).members().empty());
  // A member's name in messages has its control characters escaped (one line per message).
  const ZipArchive odd(write_zip("odd.zip", {{"a\nb.txt", "x"}}));
  EXPECT_EQ(odd.open(odd.members()[0])->name(), (dir_ / "odd.zip").string() + ":a\\nb.txt");
}

// The offsets below are those of zip's headers: in a local header the CRC-32 at 14 and the
// inflated size at 22; in a directory entry the CRC-32 at 16, the inflated size at 24 and the
// local header's offset at 42 (libzip writes no extra fields here).
TEST_F(ByteStreams, ZipMembersInflatedWholeEqualTheStreamedOnes) {
  const std::string lines = [] {
    std::string text;
    for (int i = 0; i < 40000; ++i) text += std::to_string(i * 7919 % 100003) + "\tline\n";
    return text;
  }();
  const fs::path path = write_zip("m.zip", {{"a.csv", lines}, {"empty", ""}, {"b.txt", "short"}});
  const ZipArchive archive(path);
  ASSERT_EQ(archive.members().size(), 3U);
  EXPECT_TRUE(archive.members()[0].deflated);
  for (const ZipArchive::Member& member : archive.members()) {
    const std::string whole = all_of(*archive.open(member), 4096);
    EXPECT_EQ(whole, all_of(*archive.open_streamed(member), 4096)) << member.name;
    EXPECT_EQ(whole.size(), member.size) << member.name;
  }
  EXPECT_EQ(all_of(*archive.open(archive.members()[0]), 4096), lines);
}

TEST_F(ByteStreams, BrokenZipArchivesAreErrorsNamingTheFile) {
  const std::string text = std::string(20000, 'z') + "\n";
  const std::string good = bytes_of(write_zip("good.zip", {{"a.txt", text}, {"b.txt", text}}));
  const std::size_t central = good.find("PK\x01\x02");
  ASSERT_NE(central, std::string::npos);

  // Cut short: the directory at its end is gone.
  const fs::path cut = write("cut.zip", good.substr(0, good.size() / 2));
  EXPECT_NE(error_of([&] {
              ZipArchive{cut};
            }).find("cut.zip: not a zip archive, or one cut short (no directory at its end)"),
            std::string::npos);

  // A bad CRC-32 in both headers of the first member.
  std::string crc = good;
  crc[14] = static_cast<char>(crc[14] ^ 0x5A);
  crc[central + 16] = static_cast<char>(crc[central + 16] ^ 0x5A);
  const fs::path bad_crc = write("crc.zip", crc);
  const ZipArchive crc_archive(bad_crc);
  EXPECT_NE(error_of([&] {
              all_of(*crc_archive.open(crc_archive.members()[0]), 4096);
            }).find("crc.zip:a.txt: corrupt zip member: its CRC-32 does not match its data"),
            std::string::npos);

  // A member the directory lists whose data is not in the file.
  std::string missing = good;
  const std::size_t second = good.find("PK\x01\x02", central + 4);
  ASSERT_NE(second, std::string::npos);
  const std::uint32_t far = static_cast<std::uint32_t>(good.size() + 1000);
  std::memcpy(missing.data() + second + 42, &far, 4);
  const fs::path gone = write("gone.zip", missing);
  const ZipArchive gone_archive(gone);
  EXPECT_EQ(all_of(*gone_archive.open(gone_archive.members()[0]), 4096), text);
  EXPECT_NE(error_of([&] {
              gone_archive.open(gone_archive.members()[1]);
            }).find("gone.zip:b.txt: cannot read the zip member: its data is missing"),
            std::string::npos);

  // A member that inflates past the size the directory declares for it.
  std::string lie = good;
  const std::uint32_t small = 100;
  std::memcpy(lie.data() + 22, &small, 4);
  std::memcpy(lie.data() + central + 24, &small, 4);
  const fs::path lying = write("lie.zip", lie);
  const ZipArchive lie_archive(lying);
  EXPECT_NE(error_of([&] {
              all_of(*lie_archive.open(lie_archive.members()[0]), 4096);
            }).find("inflates past the 100 bytes the archive declares"),
            std::string::npos);
}

TEST_F(ByteStreams, MembersDeclaringMoreThanDeflateCanPackAreAZipBomb) {
  // Thousands of directory entries pointing at one member's data (Fifield's overlapping zip
  // bomb): each reads the same megabyte again.
  const std::string text(1 << 20, '\n');
  const std::string one = bytes_of(write_zip("one.zip", {{"a", text}}));
  const std::size_t central = one.find("PK\x01\x02");
  const std::size_t end = one.find("PK\x05\x06");
  ASSERT_NE(end, std::string::npos);
  const std::string entry = one.substr(central, end - central);  // one entry, named "a"
  std::string bomb = one.substr(0, central);
  constexpr std::uint16_t kEntries = 3000;
  for (std::uint16_t k = 0; k < kEntries; ++k) bomb += entry;
  std::string eocd = one.substr(end);
  std::memcpy(eocd.data() + 8, &kEntries, 2);
  std::memcpy(eocd.data() + 10, &kEntries, 2);
  const auto size = static_cast<std::uint32_t>(entry.size() * kEntries);
  std::memcpy(eocd.data() + 12, &size, 4);
  bomb += eocd;
  const fs::path path = write("bomb.zip", bomb);
  const std::string message = error_of([&] { ZipArchive{path}; });
  EXPECT_NE(message.find("bomb.zip: the zip archive's members declare 3.1 GB of data, more than "
                         "deflate can pack into its"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("members overlap (a zip bomb)"), std::string::npos) << message;
}

}  // namespace
}  // namespace softpower
