#pragma once
// The one owner of an OpenSSL message-digest context (libcrypto's EVP interface), shared by
// Md5 (core/md5.hpp) and Sha256 (core/sha256.hpp): the algorithms themselves are OpenSSL's.
// Callers use those two classes; this header keeps OpenSSL's own headers out of theirs.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX (openssl/types.h)

namespace softpower::detail {

/// An EVP_MD_CTX set up for one algorithm, freed when the object goes. Every OpenSSL failure
/// (out of memory, an algorithm the library's configuration refuses, use after finish) is an
/// Error naming the algorithm.
class EvpDigest {
 public:
  enum class Algorithm { md5, sha256 };

  explicit EvpDigest(Algorithm algorithm);
  ~EvpDigest();
  /// A copy continues from the same point (EVP_MD_CTX_copy_ex), as the hand-written classes
  /// allowed.
  EvpDigest(const EvpDigest& other);
  EvpDigest& operator=(const EvpDigest& other);
  EvpDigest(EvpDigest&& other) noexcept;
  EvpDigest& operator=(EvpDigest&& other) noexcept;

  void update(const void* data, std::size_t size);
  /// Writes the digest into `out`, whose size must be the algorithm's (16 for MD5, 32 for
  /// SHA-256). The context cannot be updated or finished again afterwards.
  void finish(std::span<std::uint8_t> out);

  /// "MD5" or "SHA-256", for messages.
  std::string_view name() const;

 private:
  Algorithm algorithm_;
  evp_md_ctx_st* context_ = nullptr;
  bool finished_ = false;
};

/// Lower-case hexadecimal of a digest, as md5sum and sha256sum print it.
std::string hex(std::span<const std::uint8_t> bytes);

/// Feeds a file's bytes as stored on disk into `digest`. Throws Error naming the file when it
/// cannot be opened or read.
void digest_file(EvpDigest& digest, const std::filesystem::path& path);

}  // namespace softpower::detail
