#pragma once
// SHA-256 (FIPS 180-4, section 6.2), for the provenance of imported data: the workspace
// records the digest of every source file so that a result can be traced to the exact bytes
// it was computed from, and `sha256sum` can confirm them. Computed by OpenSSL's libcrypto
// (core/digest.hpp).

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "softpower/core/digest.hpp"

namespace softpower {

/// Streaming SHA-256: update() with the message in pieces of any size, then finish() once.
class Sha256 {
 public:
  using Digest = std::array<std::uint8_t, 32>;

  Sha256();
  Sha256& update(std::string_view bytes);
  Sha256& update(const void* data, std::size_t size);
  /// Returns the message's digest. Updating or finishing again afterwards throws Error.
  Digest finish();

 private:
  detail::EvpDigest digest_;
};

/// Lower-case hexadecimal, as `sha256sum` prints it.
std::string to_hex(const Sha256::Digest& digest);
/// The hexadecimal digest of bytes in memory.
std::string sha256_hex(std::string_view bytes);
/// The hexadecimal digest of a file's bytes as stored on disk (a .gz file is hashed
/// compressed, as `sha256sum` does). Throws Error naming the file when it cannot be read.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace softpower
