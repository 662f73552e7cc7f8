// MD5 (computed by OpenSSL's EVP interface, core/digest.hpp) against the RFC 1321 test suite,
// a million 'a' in one piece and in uneven pieces, lengths around the padding boundary
// (values from coreutils' md5sum), and the errors of misuse and of a missing file.

#include "softpower/core/md5.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "softpower/core/error.hpp"

namespace softpower {
namespace {

// RFC 1321 appendix A.5, the test suite of the reference implementation.
TEST(Md5, Rfc1321TestSuite) {
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5_hex("a"), "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(md5_hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
  EXPECT_EQ(md5_hex("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b");
  EXPECT_EQ(md5_hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
            "d174ab98d277d9f5a5611c2c9f419d9f");
  EXPECT_EQ(md5_hex("1234567890123456789012345678901234567890123456789012345678901234567890"
                    "1234567890"),
            "57edf4a22be3c955ac49da2e2107b67a");
}

TEST(Md5, PiecesOfAnySizeGiveTheSameDigest) {
  // A million 'a' (a common extra vector: 7707d6ae4e027c70eea2a935c2296f21), fed in uneven
  // pieces that cross the 64-byte blocks and the 56-byte padding boundary.
  const std::string million(1000000, 'a');
  EXPECT_EQ(md5_hex(million), "7707d6ae4e027c70eea2a935c2296f21");
  Md5 pieces;
  std::size_t pos = 0;
  for (std::size_t step = 1; pos < million.size(); step = step % 97 + 1) {
    const std::size_t n = std::min(step, million.size() - pos);
    pieces.update(std::string_view(million).substr(pos, n));
    pos += n;
  }
  EXPECT_EQ(to_hex(pieces.finish()), "7707d6ae4e027c70eea2a935c2296f21");
  // Lengths around the padding boundary (55, 56 and 64 bytes), values from md5sum.
  EXPECT_EQ(md5_hex(std::string(55, 'x')), "04364420e25c512fd958a70738aa8f72");
  EXPECT_EQ(md5_hex(std::string(56, 'x')), "668a72d5ba17f08e62dabcafad6db14b");
  EXPECT_EQ(md5_hex(std::string(64, 'x')), "c1bb4f81d892b2d57947682aeb252456");
}

TEST(Md5, ACopyContinuesFromWhereTheOriginalWas) {
  Md5 first;
  first.update("message ");
  Md5 second = first;  // both have seen "message "
  first.update("digest");
  second.update("digest");
  EXPECT_EQ(to_hex(first.finish()), "f96b697d7cb7938d525a2f31aaf161d0");
  EXPECT_EQ(to_hex(second.finish()), "f96b697d7cb7938d525a2f31aaf161d0");
  Md5 moved = std::move(second);
  EXPECT_THROW(moved.update("x"), Error);  // moved with its finished state
}

TEST(Md5, UseAfterFinishIsAnErrorNotAWrongDigest) {
  Md5 md5;
  md5.update("abc");
  EXPECT_EQ(to_hex(md5.finish()), "900150983cd24fb0d6963f7d28e17f72");
  try {
    md5.update("d");
    FAIL() << "update after finish was accepted";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "MD5: update after the digest was finished");
  }
  EXPECT_THROW((void)md5.finish(), Error);
}

TEST(Md5, MissingFileIsAnErrorNamingIt) {
  try {
    (void)md5_file("/nonexistent/softpower/file.zip");
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, "/nonexistent/softpower/file.zip");
    EXPECT_NE(std::string(e.what()).find("cannot open the file to compute its MD5"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace softpower
