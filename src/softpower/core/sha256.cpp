#include "softpower/core/sha256.hpp"

namespace softpower {

Sha256::Sha256() : digest_(detail::EvpDigest::Algorithm::sha256) {}

Sha256& Sha256::update(std::string_view bytes) {
  return update(bytes.data(), bytes.size());
}

Sha256& Sha256::update(const void* data, std::size_t size) {
  digest_.update(data, size);
  return *this;
}

Sha256::Digest Sha256::finish() {
  Digest digest{};
  digest_.finish(digest);
  return digest;
}

std::string to_hex(const Sha256::Digest& digest) {
  return detail::hex(digest);
}

std::string sha256_hex(std::string_view bytes) {
  return to_hex(Sha256().update(bytes).finish());
}

std::string sha256_file(const std::filesystem::path& path) {
  detail::EvpDigest digest(detail::EvpDigest::Algorithm::sha256);
  detail::digest_file(digest, path);
  Sha256::Digest out{};
  digest.finish(out);
  return to_hex(out);
}

}  // namespace softpower
