#pragma once
// SHA-256 (FIPS 180-4, section 6.2), for the provenance of imported data: the workspace
// records the digest of every source file so that a result can be traced to the exact bytes
// it was computed from, and `sha256sum` can confirm them.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace softpower {

/// Streaming SHA-256: update() with the message in pieces of any size, then finish() once.
class Sha256 {
 public:
  using Digest = std::array<std::uint8_t, 32>;

  Sha256();
  Sha256& update(std::string_view bytes);
  Sha256& update(const void* data, std::size_t size);
  /// Pads the message (FIPS 180-4 section 5.1.1) and returns its digest. The object must not
  /// be updated afterwards.
  Digest finish();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> block_{};
  std::size_t block_used_ = 0;
  std::uint64_t message_bytes_ = 0;
};

/// Lower-case hexadecimal, as `sha256sum` prints it.
std::string to_hex(const Sha256::Digest& digest);
/// The hexadecimal digest of bytes in memory.
std::string sha256_hex(std::string_view bytes);
/// The hexadecimal digest of a file's bytes as stored on disk (a .gz file is hashed
/// compressed, as `sha256sum` does). Throws Error naming the file when it cannot be read.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace softpower
