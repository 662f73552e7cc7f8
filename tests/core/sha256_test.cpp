// SHA-256 (computed by OpenSSL's EVP interface, core/digest.hpp) against the FIPS 180-2
// appendix examples and RFC 6234's test 4, whole and in pieces, and against `sha256sum` of the
// shared data (its digests are listed in ../shared/data/SHA256SUMS).

#include "softpower/core/sha256.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "softpower/core/error.hpp"
#include "support/data.hpp"

namespace softpower {
namespace {

TEST(Sha256, FipsOneBlockMessage) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, FipsTwoBlockMessage) {
  // 448 bits: the padding no longer fits, so the length goes in a second block.
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, FipsOneMillionA) {
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, FipsOneMillionAInPieces) {
  // A thousand pieces of a thousand 'a', and the same million in pieces of 1 to 97 bytes.
  const std::string thousand(1000, 'a');
  Sha256 hash;
  for (int i = 0; i < 1000; ++i) hash.update(thousand);
  EXPECT_EQ(to_hex(hash.finish()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  const std::string million(1000000, 'a');
  Sha256 uneven;
  std::size_t at = 0;
  for (std::size_t piece = 1; at < million.size(); piece = piece % 97 + 1) {
    const std::size_t take = std::min(piece, million.size() - at);
    uneven.update(million.data() + at, take);
    at += take;
  }
  EXPECT_EQ(to_hex(uneven.finish()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, Rfc6234TestFourTenTimesSixtyFourBytes) {
  // RFC 6234 section 8.5, TEST4 with its repeat count of 10.
  std::string message;
  for (int i = 0; i < 10; ++i)
    message += "0123456701234567012345670123456701234567012345670123456701234567";
  EXPECT_EQ(sha256_hex(message),
            "594847328451bdfa85056225462cc1d867d877fb388df0ce35f25ab5562bfbb5");
}

TEST(Sha256, ACopyContinuesAndUseAfterFinishIsAnError) {
  Sha256 first;
  first.update("ab");
  Sha256 second = first;
  first.update("c");
  second.update(std::string_view("c"));
  const std::string abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  EXPECT_EQ(to_hex(first.finish()), abc);
  EXPECT_EQ(to_hex(second.finish()), abc);
  try {
    first.update("d");
    FAIL() << "update after finish was accepted";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "SHA-256: update after the digest was finished");
  }
  EXPECT_THROW((void)second.finish(), Error);
}

TEST(Sha256, EmptyMessage) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, StreamingInUnevenPiecesEqualsOneShot) {
  // Pieces that straddle block boundaries in every way exercise the buffering in update().
  std::string message;
  for (int i = 0; i < 1000; ++i) message += static_cast<char>((i * 37 + 11) % 256);
  Sha256 hash;
  std::size_t at = 0;
  for (std::size_t piece = 1; at < message.size(); piece = piece * 3 % 97 + 1) {
    const std::size_t take = std::min(piece, message.size() - at);
    hash.update(message.substr(at, take));
    at += take;
  }
  EXPECT_EQ(to_hex(hash.finish()), sha256_hex(message));
}

TEST(Sha256, LengthsWherePaddingChangesShape) {
  // 55 bytes leave room for the 0x80 byte and the length; 56 and 63 push the length into a
  // second block; 64 is a whole block followed by a block of padding alone.
  EXPECT_EQ(sha256_hex(std::string(55, 'x')),
            "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
  EXPECT_EQ(sha256_hex(std::string(56, 'x')),
            "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
  EXPECT_EQ(sha256_hex(std::string(63, 'x')),
            "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2");
  EXPECT_EQ(sha256_hex(std::string(64, 'a')),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST(Sha256, EveryFileOfTheSharedDataMatchesSha256sum) {
  SOFTPOWER_REQUIRE_DATA(data);
  std::ifstream sums(data / "SHA256SUMS");
  ASSERT_TRUE(sums) << "no SHA256SUMS in " << data;
  std::string line;
  std::size_t checked = 0, compressed = 0;
  while (std::getline(sums, line)) {
    std::istringstream fields(line);
    std::string expected, relative;
    fields >> expected >> relative;
    if (relative.empty()) continue;
    // The digest of a .gz file is of its compressed bytes, as stored.
    EXPECT_EQ(sha256_file(data / relative), expected) << relative;
    compressed += relative.ends_with(".gz") ? 1 : 0;
    ++checked;
  }
  EXPECT_GT(checked, 50u);
  EXPECT_GT(compressed, 0u);
}

TEST(Sha256, MissingFileIsAnErrorNamingIt) {
  try {
    sha256_file("/nonexistent/softpower/file.csv");
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, "/nonexistent/softpower/file.csv");
  }
}

}  // namespace
}  // namespace softpower
