#pragma once
// MD5 (RFC 1321), only to check downloads against the sums their publishers list: GDELT's
// master file lists give an MD5 for every file. MD5 is broken for security (collisions can be
// made on purpose), so it says "the bytes arrived as published", never "the bytes are
// trustworthy"; provenance uses SHA-256 (core/sha256.hpp). Computed by OpenSSL's libcrypto
// (core/digest.hpp).

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "softpower/core/digest.hpp"

namespace softpower {

/// Streaming MD5: update() with the message in pieces of any size, then finish() once.
class Md5 {
 public:
  using Digest = std::array<std::uint8_t, 16>;

  Md5();
  Md5& update(std::string_view bytes);
  Md5& update(const void* data, std::size_t size);
  /// Returns the message's digest. Updating or finishing again afterwards throws Error.
  Digest finish();

 private:
  detail::EvpDigest digest_;
};

/// Lower-case hexadecimal, as `md5sum` prints it and GDELT lists it.
std::string to_hex(const Md5::Digest& digest);
/// The hexadecimal digest of bytes in memory.
std::string md5_hex(std::string_view bytes);
/// The hexadecimal digest of a file's bytes as stored on disk. Throws Error naming the file
/// when it cannot be read.
std::string md5_file(const std::filesystem::path& path);

}  // namespace softpower
