#include "softpower/core/md5.hpp"

namespace softpower {

Md5::Md5() : digest_(detail::EvpDigest::Algorithm::md5) {}

Md5& Md5::update(std::string_view bytes) {
  return update(bytes.data(), bytes.size());
}

Md5& Md5::update(const void* data, std::size_t size) {
  digest_.update(data, size);
  return *this;
}

Md5::Digest Md5::finish() {
  Digest digest{};
  digest_.finish(digest);
  return digest;
}

std::string to_hex(const Md5::Digest& digest) {
  return detail::hex(digest);
}

std::string md5_hex(std::string_view bytes) {
  return to_hex(Md5().update(bytes).finish());
}

std::string md5_file(const std::filesystem::path& path) {
  detail::EvpDigest digest(detail::EvpDigest::Algorithm::md5);
  detail::digest_file(digest, path);
  Md5::Digest out{};
  digest.finish(out);
  return to_hex(out);
}

}  // namespace softpower
